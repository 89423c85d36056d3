"""The README's field reference and docs/OUTPUTS.md stay in step with the code."""

import re

import simulator
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


def test_outputs_doc_names_every_column():
    doc = (ROOT / "docs/OUTPUTS.md").read_text()
    r = simulator.run(make(), days=3)
    fids = r.faction_ids
    kps = r.scenario.key_places
    for df in (r.timeseries, r.outcomes, r.events):
        for col in df.columns:
            generic = col
            for p in kps:
                generic = generic.replace(f"holder_{p}", "holder_<place>")
            for f in fids:
                generic = re.sub(rf"(^|_){f}(_|$)", r"\1<faction>\2", generic)
            assert f"`{generic}`" in doc, f"{col} ({generic}) missing from docs/OUTPUTS.md"
