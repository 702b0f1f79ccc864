"""The app's Corpus page with Streamlit's AppTest: open a coverage file made by the batch, see and filter
the matrix and the heatmap, one law in detail, a batch run on a folder typed in, bad files refused."""

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from drafting.coverage import SYMBOLS, build_coverage, law_record
from drafting.export.coverage_files import write_outputs
from drafting.modelset import load_model
from drafting.pipeline import compare_draft, read_draft_path
from tests.conftest import SHARED, shared_file

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")
NATIONAL = ("pakistan_export_control_act_2004.txt", "uk_export_control_order_2008.txt", "hong_kong_strategic_commodities_regulations_cap60g.txt")


@pytest.fixture(scope="module")
def coverage_files(tmp_path_factory, demo_docx):
    """A coverage made from three national laws and the demo bill, written as the batch writes it."""
    model = load_model("eu-aligned-model")
    folder = tmp_path_factory.mktemp("laws")
    records = []
    for name in NATIONAL:
        shutil.copy(shared_file("national", name), folder / name)
        records.append(law_record(compare_draft(read_draft_path(folder / name), model), name))
    shutil.copy(demo_docx, folder / demo_docx.name)
    records.append(law_record(compare_draft(read_draft_path(folder / demo_docx.name), model), demo_docx.name))
    records.append({"file": "broken.docx", "ok": False, "error": "broken.docx is damaged or incomplete."})
    coverage = build_coverage(model, records, folder=str(folder))
    out = tmp_path_factory.mktemp("out") / "coverage.xlsx"
    write_outputs(coverage, out)
    return coverage, out


@pytest.fixture()
def corpus_page(data_dir, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("DRAFTING_PASSWORD_SHA256", raising=False)
    at = AppTest.from_file(APP, default_timeout=240).run()
    at.sidebar.radio[0].set_value("Corpus").run()
    assert not at.exception, at.exception
    return at


def upload(at, path: Path):
    at.file_uploader(key="corpus_upload").set_value((path.name, path.read_bytes(), "application/octet-stream")).run()
    assert not at.exception, at.exception
    return at


def test_the_page_is_in_the_navigation_and_starts_empty(corpus_page):
    assert "Corpus" in corpus_page.sidebar.radio[0].options
    assert any("Nothing is open yet" in i.value for i in corpus_page.info)
    assert not corpus_page.dataframe


def test_an_uploaded_xlsx_shows_the_matrix_the_heatmap_and_the_bad_file(corpus_page, coverage_files):
    coverage, out = coverage_files
    at = upload(corpus_page, out)
    matrix = at.dataframe[0].value
    assert list(matrix.columns) == [f"E{n:02d}" for n in range(1, 32)]
    assert list(matrix.index) == ["Pakistan · pakistan_export_control_act_2004", "United Kingdom · uk_export_control_order_2008",
                                  "Hong Kong SAR · hong_kong_strategic_commodities_regulations_cap60g", "demo_draft"]
    for law, (_, row) in zip(coverage.laws, matrix.iterrows()):
        assert list(row) == [SYMBOLS[law.cells[e].status] for e in matrix.columns]
    assert SYMBOLS["missing"] in set(matrix.loc["demo_draft"])  # the complete bill: gaps are missing
    assert SYMBOLS["missing"] not in set(matrix.iloc[0])  # an excerpt: not assessable instead
    assert len(at.image) == 1 and at.image[0].value[0]  # the heatmap
    assert [b.label for b in at.get("download_button")] == ["The heatmap (.png)"]
    assert [s.value for s in at.subheader] == ["Coverage matrix", "By element", "Heatmap", "One law in detail"]
    assert any("broken.docx is damaged" in m.value for m in at.markdown)
    counts = at.dataframe[1].value
    assert counts.loc["E09 export authorisation"].sum() == 4  # every law counted once per element


def test_filters_by_element_and_country(corpus_page, coverage_files):
    _, out = coverage_files
    at = upload(corpus_page, out)
    at.multiselect(key="corpus_elements").set_value(["E09", "E26"]).run()
    assert list(at.dataframe[0].value.columns) == ["E09", "E26"]
    at.multiselect(key="corpus_countries").set_value(["demo_draft.docx"]).run()
    assert list(at.dataframe[0].value.index) == ["demo_draft"]
    assert list(at.dataframe[1].value.index) == ["E09 export authorisation", "E26 penalties"]
    assert not at.exception


def test_one_law_in_detail_and_opened_in_the_app(corpus_page, coverage_files):
    coverage, out = coverage_files
    at = upload(corpus_page, out)
    at.selectbox(key="corpus_law").set_value("uk_export_control_order_2008.txt").run()
    law = coverage.law("uk_export_control_order_2008.txt")
    elements, provisions = at.dataframe[2].value, at.dataframe[3].value
    assert len(elements) == 31
    e09 = elements[elements["element"] == "E09 export authorisation"].iloc[0]
    assert e09["status"].endswith(law.cells["E09"].status) and e09["citations"] == "; ".join(law.cells["E09"].citations)
    assert len(provisions) == len([d for d in coverage.details if d["file"] == law.file])
    assert any("excerpt" in w.value for w in at.warning)
    at.button(key="corpus_open_law").click().run()
    assert not at.exception
    assert at.session_state["page"] == "Overview" and at.session_state["draft"].name == "uk_export_control_order_2008.txt"


def test_a_json_file_by_its_path(corpus_page, coverage_files):
    coverage, out = coverage_files
    corpus_page.text_input(key="corpus_path").set_value(str(out.with_suffix(".json")))
    corpus_page.button(key="corpus_open_path").click().run()
    assert not corpus_page.exception
    assert len(corpus_page.dataframe[0].value) == len(coverage.laws)
    corpus_page.text_input(key="corpus_path").set_value(str(out.parent / "nothing.xlsx"))
    corpus_page.button(key="corpus_open_path").click().run()
    assert any("There is no file" in e.value for e in corpus_page.error)


@pytest.mark.parametrize("name, data, words", [
    ("coverage.xlsx", b"PK\x03\x04garbage", "not a readable .xlsx"),
    ("coverage.json", b'{"laws": []}', "not a coverage file"),
])
def test_a_file_that_is_not_a_coverage_is_refused(corpus_page, tmp_path, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    at = upload(corpus_page, path)
    assert any(words in e.value for e in at.error)
    assert not at.dataframe


@pytest.mark.slow
def test_a_batch_on_a_folder_typed_in(corpus_page, tmp_path, data_dir):
    national = SHARED / "national"
    if not national.is_dir():
        pytest.skip("the national corpus is not available")
    folder = tmp_path / "my laws"
    folder.mkdir()
    for name in NATIONAL[:2]:
        shutil.copy(national / name, folder / name)
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not a whole Word file")
    at = corpus_page
    at.text_input(key="corpus_folder").set_value(str(folder))
    at.button(key="corpus_run").click().run()
    assert not at.exception, at.exception
    assert any("2 laws in the matrix, 1 could not be compared (3 files compared now, 0 taken from the cache)" in s.value for s in at.success)
    assert len(at.dataframe[0].value) == 2
    assert (data_dir / "batch" / "my-laws-eu-aligned-model.xlsx").is_file()
    at.button(key="corpus_run").click().run()
    assert any("(0 files compared now, 3 taken from the cache)" in s.value for s in at.success)
    # the saved result can be opened again later
    assert at.selectbox(key="corpus_earlier").options == ["my-laws-eu-aligned-model.xlsx"]
    at.text_input(key="corpus_folder").set_value(str(tmp_path / "nowhere")).run()
    at.button(key="corpus_run").click().run()
    assert any("There is no folder" in e.value for e in at.error)
