"""The README's field reference and docs/OUTPUTS.md stay in step with the code."""

import re

import pytest

import simulator
from simulator.scenario import load_scenario
from simulator.scenario.reference import BEGIN, END, reference_markdown
from tests.conftest import ROOT, make


def test_readme_reference_matches_schema():
    text = (ROOT / "README.md").read_text()
    section = text.split(BEGIN, 1)[1].split(END, 1)[0]
    assert section.strip() == reference_markdown().strip(), (
        "README out of date: run python -m simulator.scenario.reference --write README.md")


def test_readme_keeps_the_two_commands_at_the_top():
    head = "\n".join((ROOT / "README.md").read_text().splitlines()[:20])
    assert "libya-sim run scenarios/baseline.toml" in head
    assert "python -m pytest" in head
    ci = (ROOT / ".ci/run").read_text()
    test_cmd = re.search(r"```bash\n(bash scripts/setup.sh[^\n]*)\n```", head).group(1)
    assert test_cmd in ci


def generic_name(col: str, r) -> str:  # noqa: ANN001
    """Return ``col`` with the run's ids replaced by the placeholders docs/OUTPUTS.md uses."""
    s = r.scenario
    by_prefix = {"support_": ("<sponsor>", s.sponsors), "cost_": ("<sponsor>", s.sponsors),
                 "border_": ("<neighbour>", s.neighbours),
                 "intervened_": ("<neighbour>", s.neighbours),
                 "refugees_": ("<country>", r.map.countries)}
    for prefix, (placeholder, ids) in by_prefix.items():
        if col.startswith(prefix) and col[len(prefix):] in ids:
            return prefix + placeholder
    generic = col
    for p in s.key_places:
        generic = generic.replace(f"holder_{p}", "holder_<place>")
    for f in r.faction_ids:
        generic = re.sub(rf"(^|_){f}(_|$)", r"\1<faction>\2", generic)
    return generic


@pytest.mark.parametrize("which", ["duel", "baseline"])
def test_outputs_doc_names_every_column(which: str):
    """Every column of a run (the duel, and the baseline with sponsors, neighbours and the
    countries of the Libya map) is named in docs/OUTPUTS.md, ids replaced by placeholders."""
    doc = (ROOT / "docs/OUTPUTS.md").read_text()
    s = make() if which == "duel" else load_scenario(ROOT / "scenarios/baseline.toml")
    r = simulator.run(s, days=3, replicates=1)
    seen = set()
    for df in (r.timeseries, r.outcomes, r.events):
        for col in df.columns:
            generic = generic_name(col, r)
            seen.add(generic)
            assert f"`{generic}`" in doc, f"{col} ({generic}) missing from docs/OUTPUTS.md"
    if which == "baseline":  # the columns this scenario exists to check
        assert {"support_<sponsor>", "cost_<sponsor>", "border_<neighbour>",
                "refugees_<country>", "intervened_<neighbour>"} <= seen
