"""The short list a reviewer reads first, on the demo bill: its planted missing sections are one
item each, and the gaps of a section the draft partly implements stay one per subsection."""

from collections import defaultdict

import pytest
import yaml

from drafting.align import Alignment, Match
from drafting.compare import compare
from drafting.modelset import build_model_set, load_model
from drafting.pipeline import compare_draft, read_draft_path
from drafting.summary import (
    gap_list,
    group_missing_sections,
    missing_section_of,
    missing_sections,
    most_serious,
    serious_findings,
)
from drafting.tree import Document


@pytest.fixture(scope="module")
def model():
    return load_model("eu-aligned-model")


@pytest.fixture(scope="module")
def demo(demo_docx, model):
    return compare_draft(read_draft_path(demo_docx), model)


def planted_missing_sections(demo_docx, model) -> list[str]:
    """The model sections all of whose units are gaps in the demo's reference answer."""
    gold = yaml.safe_load((demo_docx.parent / "demo_draft.gold.yaml").read_text(encoding="utf-8"))
    gaps = {g["model"] for g in gold["gaps"]}
    units = defaultdict(list)
    for unit in model.units():
        units[unit.article.id].append(unit.id)
    return [article for article, ids in units.items() if set(ids) <= gaps and ids != [article]]


def test_the_planted_missing_sections_are_found(demo, demo_docx, model):
    planted = planted_missing_sections(demo_docx, model)
    assert planted == ["sec-9", "sec-24", "sec-26", "sec-29", "sec-48"]  # the reference answer itself
    assert [s.article.id for s in missing_sections(demo)] == planted


def test_a_missing_section_is_titled_by_its_heading_and_size(demo):
    titles = [s.title for s in missing_sections(demo)]
    assert "Section 24 — Review of denials: missing, 3 subsections" in titles
    assert "Section 26 — Internal compliance programmes: missing, 4 subsections" in titles
    section = missing_section_of(demo, "sec-24/sub-2")
    assert section.model_ids == ["sec-24/sub-1", "sec-24/sub-2", "sec-24/sub-3"]
    assert section.severity == "high"  # section 24 is core
    assert "Section 24(1), Section 24(2), Section 24(3)" in section.message


def test_a_partly_implemented_section_is_not_missing(demo):
    assert demo.pair_for("sec-32/sub-3").status == "gap"  # brokers' records: one gap in Section 32
    assert missing_section_of(demo, "sec-32/sub-3") is None
    assert missing_section_of(demo, "sec-2/sub-8") is None  # one definition missing from Section 2


def test_the_most_serious_list_names_a_missing_section_once(demo):
    entries = most_serious(demo)
    titles = [e.title for e in entries]
    assert titles.count("Section 24 — Review of denials: missing, 3 subsections") == 1
    listed = {e.pair.model.id for e in entries}
    assert "sec-24/sub-1" in listed and not {"sec-24/sub-2", "sec-24/sub-3"} & listed
    # Every serious finding is in the list, on its own or through its section.
    covered = {(e.pair.model.id, e.finding.id) for e in entries if e.section is None}
    covered |= {(f.model_id, f.id) for e in entries if e.section for f in e.section.findings}
    assert covered == {(p.model.id, f.id) for p, f in serious_findings(demo)}
    grouped = sum(len(s.pairs) - 1 for s in missing_sections(demo))
    assert len(entries) == len(serious_findings(demo)) - grouped
    # The single gaps keep their own line, and the list stays most severe first.
    assert "Section 32(3) — Record keeping" in titles
    order = {"high": 0, "medium": 1, "low": 2}
    assert [order[e.severity] for e in entries] == sorted(order[e.severity] for e in entries)


def test_other_findings_are_left_as_they_are(demo):
    items = [(p, f) for p, f in serious_findings(demo) if f.kind != "gap"]
    entries = group_missing_sections(demo, items)
    assert [(e.pair, e.finding) for e in entries] == items and not any(e.section for e in entries)


def test_a_section_without_subsections_is_its_own_gap():
    model = build_model_set({"schema": "drafting-model-set/1", "id": "mine", "title": "My model", "provisions": [
        {"kind": "section", "number": "1", "heading": "Records", "text": "Every exporter shall keep records for at least five years."},
        {"kind": "section", "number": "2", "heading": "Inspection", "children": [
            {"kind": "subsection", "number": "1", "text": "An authorised officer may enter any premises."},
            {"kind": "subsection", "number": "2", "text": "An authorised officer may inspect any records."}]},
    ]}, "mine.yaml")
    empty = Document("empty", [])
    c = compare(model, empty, Alignment(model, empty, [Match(u) for u in model.units()], []))  # nothing implemented
    assert [s.title for s in missing_sections(c)] == ["Section 2 — Inspection: missing, 2 subsections"]
    assert [e.title for e in most_serious(c)] == ["Section 1 — Records", "Section 2 — Inspection: missing, 2 subsections"]


def test_the_list_of_gaps_names_a_missing_section_once(demo):
    assert gap_list(demo) == [
        "Section 2(8)",
        "Section 2(17)",
        "Section 9 — Unlisted cyber-surveillance items: missing, 3 subsections",
        "Section 24 — Review of denials: missing, 3 subsections",
        "Section 26 — Internal compliance programmes: missing, 4 subsections",
        "Section 29 — Designated customs offices: missing, 2 subsections",
        "Section 32(3)",
        "Section 48 — International cooperation: missing, 2 subsections",
    ]
