"""The coverage matrix (drafting.coverage) and its files (drafting.export.coverage_files), on real laws:
the demo bill (a complete text) and national laws of the shared corpus (excerpts)."""

import csv
import json

import pytest
from openpyxl import load_workbook

from drafting.coverage import (
    COLOURS, STATUSES, build_coverage, compact_lines, country_of, element_names, element_status, law_record,
    model_elements, subset,
)
from drafting.errors import DraftingError
from drafting.export.coverage_files import heatmap_png, output_paths, parse_cell, read_coverage, write_outputs
from drafting.export.tables import write_xlsx as write_findings_xlsx
from drafting.modelset import load_model
from drafting.pipeline import compare_draft, read_draft_path
from tests.conftest import shared_file

NATIONAL = ("pakistan_export_control_act_2004.txt", "uk_export_control_order_2008.txt", "kazakhstan_law_export_control_2007.txt")


@pytest.fixture(scope="module")
def model():
    return load_model("eu-aligned-model")


@pytest.fixture(scope="module")
def demo(model, demo_docx):
    return compare_draft(read_draft_path(demo_docx), model)


@pytest.fixture(scope="module")
def national_records(model):
    records = []
    for name in NATIONAL:
        path = shared_file("national", name)
        records.append(law_record(compare_draft(read_draft_path(path), model), name))
    return records


@pytest.mark.parametrize("statuses, core, partial, expected", [
    (["covered", "covered"], [True, True], False, "covered"),
    (["covered", "gap"], [True, False], False, "covered"),  # an optional provision left out does not count
    (["covered", "divergent"], [True, False], False, "divergent"),  # one that is there and differs does
    (["covered", "gap"], [True, True], False, "divergent"),  # implemented, but a core provision is missing
    (["gap", "gap"], [True, False], False, "missing"),
    (["gap", "gap"], [True, False], True, "not assessable"),  # an excerpt: absence is no evidence
    (["covered", "gap"], [True, True], True, "not assessable"),
    (["divergent", "gap"], [True, True], True, "divergent"),  # a divergence seen in an excerpt is still one
    (["covered", "gap"], [False, False], False, "divergent"),  # no core provision: all of them count
    (["covered", "covered"], [False, False], True, "covered"),
    (["covered", "uncertain"], [True, True], False, "not assessable"),  # paired too uncertainly to compare
    (["covered", "uncertain"], [True, False], False, "covered"),  # ... a provision that is not core
    (["divergent", "uncertain"], [True, True], False, "divergent"),
])
def test_element_status_rule(statuses, core, partial, expected):
    assert element_status(statuses, core, partial) == expected


def test_the_model_law_gives_the_31_elements_with_their_names(model):
    elements = model_elements(model)
    assert [e.id for e in elements] == [f"E{n:02d}" for n in range(1, 32)]
    assert elements[8].name == "export authorisation" == element_names()["E09"]
    units = {u.id: u for u in model.units()}
    for e in elements:
        assert e.provisions and set(e.core) <= set(e.provisions)
        assert all(e.id in model.elements_of(units[p]) for p in e.provisions)
        assert all(model.priority_of(units[p]) == "core" for p in e.core)


def test_matrix_of_a_complete_text_follows_its_provisions(model, demo, demo_docx):
    record = law_record(demo, demo_docx.name)
    assert record["partial"] is False
    coverage = build_coverage(model, [record])
    (law,) = coverage.laws
    assert law.country == "demo_draft"  # no '# jurisdiction:' header: the file name
    statuses = {c.status for c in law.cells.values()}
    assert "not assessable" not in statuses and {"covered", "divergent"} <= statuses
    pairs = {p.model.id: p for p in demo.pairs}
    for element in coverage.elements:
        cell = law.cells[element.id]
        own = [pairs[pid] for pid in element.provisions]
        expected = element_status([p.status for p in own], [p.model.id in element.core for p in own], False)
        assert cell.status == expected
        cited = {u.label for p in own for u in p.drafts}
        assert set(cell.citations) == cited and len(cell.citations) == len(cited)
    # a law that implements nothing of an element: missing, and nothing cited
    nothing = {**record, "provisions": [{**p, "status": "gap", "citations": [], "findings": 1} for p in record["provisions"]]}
    empty = build_coverage(model, [nothing]).laws[0]
    assert {c.status for c in empty.cells.values()} == {"missing"} and not any(c.citations for c in empty.cells.values())
    # the same text said to be an excerpt: what was missing cannot be assessed; what is covered stays covered
    as_excerpt = build_coverage(model, [{**record, "partial": True}]).laws[0]
    for element_id, cell in law.cells.items():
        if cell.status == "covered":
            assert as_excerpt.cells[element_id].status == "covered"
    assert "missing" not in {c.status for c in as_excerpt.cells.values()}


def test_citations_are_listed_in_the_order_of_the_law(model, demo, demo_docx):
    coverage = build_coverage(model, [law_record(demo, demo_docx.name)])
    position = {u.label: i for i, u in enumerate(demo.draft.units())}
    for cell in coverage.laws[0].cells.values():
        assert [position[c] for c in cell.citations] == sorted(position[c] for c in cell.citations)


def test_national_excerpts_are_not_assessable_where_nothing_was_found(model, national_records):
    coverage = build_coverage(model, national_records)
    assert [law.country for law in coverage.laws] == ["Pakistan", "United Kingdom", "Kazakhstan"]
    for law, record in zip(coverage.laws, national_records):
        assert law.partial and record["partial"]
        assert "missing" not in {c.status for c in law.cells.values()}
        found = {p["id"] for p in record["provisions"] if p["status"] != "gap"}
        for element in coverage.elements:
            cell = law.cells[element.id]
            if not set(element.provisions) & found:
                assert cell.status == "not assessable" and not cell.citations
            else:
                assert cell.citations
    details = [d for d in coverage.details if d["file"] == NATIONAL[0]]
    assert len(details) == len(model.units())
    assert {d["status"] for d in details} <= {"covered", "divergent", "gap", "uncertain"}


def test_a_provision_paired_too_uncertainly_is_not_called_covered_or_missing(model):
    """Ireland's Act: provisions paired too uncertainly to compare are "uncertain" in the record (with the
    draft provisions they were paired with), never covered or missing."""
    from drafting.compare import COMPARE_BELOW

    name = "ireland_control_of_exports_act_2023.txt"
    comparison = compare_draft(read_draft_path(shared_file("national", name)), model)
    record = law_record(comparison, name)
    doubtful = {p.model.id for p in comparison.pairs if p.drafts and all(link.confidence < COMPARE_BELOW for link in p.links)}
    assert doubtful
    for provision in record["provisions"]:
        if provision["id"] in doubtful:
            assert provision["status"] == "uncertain" and provision["citations"]
        else:
            assert provision["status"] != "uncertain"


def test_country_from_the_jurisdiction_header():
    assert country_of("Ireland (EU Member State; Act gives further effect to Regulation (EU) 2021/821)", "x.txt") == "Ireland"
    assert country_of("Hong Kong SAR (China)", "x.txt") == "Hong Kong SAR"
    assert country_of("", "laws/Veradia bill.docx") == "Veradia bill"


def test_the_files_hold_the_matrix_and_read_back_the_same(tmp_path, model, national_records, demo, demo_docx):
    records = national_records + [law_record(demo, demo_docx.name), {"file": "bad.docx", "ok": False, "error": "bad.docx is damaged."}]
    coverage = build_coverage(model, records, folder="/laws")
    paths = write_outputs(coverage, tmp_path / "coverage.xlsx")
    assert [p.name for p in paths] == ["coverage.xlsx", "coverage.csv", "coverage.json", "coverage.png"]
    assert output_paths(tmp_path / "coverage.xlsx")["png"] == tmp_path / "coverage.png"

    book = load_workbook(paths[0])
    assert book.sheetnames == ["matrix", "details", "errors", "about"]
    sheet = book["matrix"]
    assert [c.value for c in sheet[1]][4:6] == ["E01 purpose and scope", "E02 dual-use items"]
    for row in sheet.iter_rows(min_row=2, min_col=5):
        for cell in row:
            status = parse_cell(cell.value).status
            assert cell.fill.fgColor.rgb[-6:] == COLOURS[status].lstrip("#")
    assert [r[0].value for r in book["errors"].iter_rows(min_row=2)] == ["bad.docx"]
    assert book["details"].max_row == 1 + len(coverage.details)

    with open(paths[1], encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == 1 + len(coverage.laws) and len(rows[0]) == 4 + 31

    for path in paths[:3:2]:  # the .xlsx and the .json
        back = read_coverage(path.read_bytes(), path.name)
        assert back.model_id == "eu-aligned-model" and back.folder == "/laws"
        assert [(e.id, e.name) for e in back.elements] == [(e.id, e.name) for e in coverage.elements]
        assert [(law.file, law.country, law.partial, law.cells) for law in back.laws] == \
               [(law.file, law.country, law.partial, law.cells) for law in coverage.laws]
        assert back.errors == coverage.errors
        assert [str(d["model_provision"]) for d in back.details] == [d["model_provision"] for d in coverage.details]
    assert json.loads(paths[2].read_text())["schema"] == "drafting-coverage/1"

    png = paths[3].read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width > 600 and height > 200


def test_a_subset_and_the_compact_text(model, national_records):
    coverage = build_coverage(model, national_records)
    small = subset(coverage, ["E09", "E26"], [NATIONAL[1]])
    assert [e.id for e in small.elements] == ["E09", "E26"]
    assert [law.file for law in small.laws] == [NATIONAL[1]] and set(small.laws[0].cells) == {"E09", "E26"}
    assert heatmap_png(small)[:4] == b"\x89PNG"
    lines = compact_lines(coverage)
    assert lines[0].split() == [f"{n:02d}" for n in range(1, 32)]
    assert len(lines) == 2 + len(coverage.laws) and lines[1].startswith("Pakistan")


@pytest.mark.parametrize("name, data, words", [
    ("coverage.json", b'{"schema": "something-else"}', "not a coverage file"),
    ("coverage.json", b"\xff\xfe not json", "not a coverage file"),
    ("coverage.xlsx", b"PK\x03\x04garbage", "not a readable .xlsx"),
    ("coverage.csv", b"a,b", "neither an .xlsx nor a .json"),
])
def test_other_files_are_refused_with_one_sentence(name, data, words):
    with pytest.raises(DraftingError) as exc:
        read_coverage(data, name)
    assert words in exc.value.message and "\n" not in exc.value.message


def test_a_findings_workbook_is_not_taken_for_a_coverage_file(tmp_path, demo):
    path = tmp_path / "findings.xlsx"
    write_findings_xlsx(demo, path)
    with pytest.raises(DraftingError) as exc:
        read_coverage(path.read_bytes(), path.name)
    assert "not a coverage file" in exc.value.message


def test_an_official_act_as_model_has_one_column_per_article(reg_2021_821, reg_428_2009):
    act = load_model(str(reg_2021_821))
    comparison = compare_draft(read_draft_path(reg_428_2009), act)
    coverage = build_coverage(act, [law_record(comparison, reg_428_2009.name)])
    columns = [e.id for e in coverage.elements]
    assert columns[:3] == ["Article 1", "Article 2", "Article 3"] and len(columns) == len(act.document.articles())
    cells = coverage.laws[0].cells
    assert cells["Article 3"].status in STATUSES and cells["Article 3"].citations  # the authorisation requirement is there
