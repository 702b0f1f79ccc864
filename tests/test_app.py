"""The Streamlit app with Streamlit's AppTest: every page, the main flow, the errors a user can cause."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from drafting.auth_hash import hash_password
from drafting.review import ReviewStore

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")


@pytest.fixture()
def app(data_dir, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("DRAFTING_PASSWORD_SHA256", raising=False)
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    assert not at.exception, at.exception
    return at


def button(at, label, index=0):
    return [b for b in at.button if b.label == label][index]


def give_name(at, name: str) -> None:
    """Give the reviewer's name from the sidebar, through the name dialog."""
    button(at, "Give your name").click().run()
    at.text_input(key="reviewer_name_box").set_value(name)
    button(at, "Continue").click().run()
    assert at.session_state["reviewer"] == name


def html_text(at) -> str:
    return "\n".join(h.value for h in at.html)


def test_starts_on_the_demo_with_the_overview(app):
    metrics = {m.label: m.value for m in app.metric}
    assert set(metrics) == {"✔ Covered", "◎ Stricter", "▲ Divergent", "✖ Gaps", "◆ National only", "● High-severity findings"}
    assert int(metrics["✖ Gaps"]) > 0 and int(metrics["▲ Divergent"]) > 0
    assert "Most serious first" in [s.value for s in app.subheader]


def test_every_page_renders(app):
    for page in ["Start", "Overview", "Side by side", "Model law", "Export"]:
        app.sidebar.radio[0].set_value(page).run()
        assert not app.exception, (page, app.exception)
    assert {b.label for b in app.get("download_button")} >= {"The draft with Word comments (.docx)", "Comparison report (.docx)"}


def test_open_the_most_serious_finding_and_comment_on_it(app, data_dir):
    button(app, "Open").click().run()
    assert app.session_state["page"] == "Side by side"
    selected = app.session_state["selected"]
    new_comment = next(t for t in app.text_area if t.label == "New comment")
    new_comment.set_value("Please add this provision.")
    button(app, "Save comment", -1).click().run()
    assert not app.success and app.session_state["review_id"] is None  # no name yet: asked for, nothing saved yet
    app.text_input(key="reviewer_name_box").set_value("Anna Berg")
    button(app, "Continue").click().run()
    assert not app.exception
    assert "Comment saved." in [s.value for s in app.success]
    rows = ReviewStore(data_dir / "reviews.sqlite3").annotations(app.session_state["review_id"])
    assert [(r["author"], r["text"], r["model_id"]) for r in rows] == [("Anna Berg", "Please add this provision.", selected)]


def test_accept_and_reject_findings(app, data_dir):
    give_name(app, "Anna Berg")
    app.sidebar.radio[0].set_value("Side by side").run()
    app.multiselect(key="f_status").set_value(["divergent"]).run()
    button(app, "Reject").click().run()
    assert not app.exception
    rows = ReviewStore(data_dir / "reviews.sqlite3").annotations(app.session_state["review_id"])
    assert [(r["target"], r["status"]) for r in rows] == [("finding", "rejected")]
    button(app, "Reject").click().run()  # deciding twice changes the same annotation, it does not pile up
    rows = ReviewStore(data_dir / "reviews.sqlite3").annotations(app.session_state["review_id"])
    assert len(rows) == 1 and rows[0]["revision"] == 2


def test_filter_to_gaps(app):
    app.sidebar.radio[0].set_value("Side by side").run()
    app.multiselect(key="f_status").set_value(["gap"]).run()
    toc = next(s for s in app.selectbox if s.label == "Model provision (table of contents)")
    assert toc.options and all(option.startswith("✖ Gap") for option in toc.options)


@pytest.mark.parametrize("name, content, message", [
    ("empty.txt", b"", "empty"),
    ("bill.docx", b"%PDF-1.4 not a word file", "PDF"),
    ("bill.docx", b"PK\x03\x04garbage", "damaged"),
])
def test_bad_uploads_are_refused_and_the_app_keeps_running(app, name, content, message):
    app.sidebar.radio[0].set_value("Start").run()
    app.file_uploader(key="upload_draft").set_value((name, content, "application/octet-stream")).run()
    assert not app.exception
    assert any(message in e.value for e in app.error)
    app.sidebar.radio[0].set_value("Overview").run()
    assert not app.exception and app.metric  # the demo is still open


def test_upload_a_text_draft_and_its_text_is_shown_as_text(app):
    draft = ("Section 1. Records <script>alert('x')</script>\n\n"
             "(1) Every exporter shall keep **records** for at least three years. <img src=x onerror=alert(1)>\n").encode()
    app.sidebar.radio[0].set_value("Start").run()
    app.file_uploader(key="upload_draft").set_value(("bill.txt", draft, "text/plain")).run()
    assert not app.exception
    assert app.session_state["page"] == "Overview"
    app.sidebar.radio[0].set_value("Side by side").run()
    app.text_input(key="f_search").set_value("onerror").run()
    shown = html_text(app)
    assert "three years" in shown
    assert "<script>" not in shown and "<img" not in shown
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown or "&lt;script&gt;" in shown


def test_a_draft_in_a_language_not_read_yet_says_so_on_the_overview(app):
    """Vietnam's foreign-trade law opens with "Điều 1. Phạm vi điều chỉnh": read for its articles,
    not compared, and the Overview says why instead of reporting every model provision missing."""
    draft = "Điều 1. Phạm vi điều chỉnh\n\nLuật này quy định về hoạt động ngoại thương và kiểm soát xuất khẩu.\n".encode()
    app.sidebar.radio[0].set_value("Start").run()
    app.file_uploader(key="upload_draft").set_value(("luat.txt", draft, "text/plain")).run()
    assert not app.exception and app.session_state["page"] == "Overview"
    assert any("is in Vietnamese, which the comparison cannot read yet" in w.value for w in app.warning)


def test_sign_in_protects_a_shared_server(data_dir, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("DRAFTING_PASSWORD_SHA256", hash_password("correct horse"))
    at = AppTest.from_file(APP, default_timeout=180).run()
    assert not at.metric and not at.sidebar.radio  # an anonymous visitor sees no review
    at.text_input[0].set_value("wrong")
    at.button[0].click().run()
    assert any("not right" in e.value for e in at.error) and not at.metric
    at.text_input[0].set_value("correct horse")
    at.button[0].click().run()
    assert at.metric


def test_resume_a_saved_review(app, data_dir):
    give_name(app, "Anna Berg")
    button(app, "Open").click().run()
    next(t for t in app.text_area if t.label == "New comment").set_value("Kept for tomorrow.")
    button(app, "Save comment", -1).click().run()
    review_id = app.session_state["review_id"]
    fresh = AppTest.from_file(APP, default_timeout=180).run()
    fresh.sidebar.radio[0].set_value("Start").run()
    fresh.selectbox(key="resume_select").set_value(review_id).run()
    button(fresh, "Open this review").click().run()
    assert not fresh.exception
    assert fresh.session_state["review_id"] == review_id
    assert any("Review #" in s.value for s in fresh.success)


def test_overview_shows_what_a_new_version_resolved(app, data_dir, demo_docx):
    import io

    import docx as python_docx

    from drafting.modelset import load_model
    from drafting.pipeline import read_draft, read_draft_path
    from drafting.review_session import add_draft_version, start_review

    store = ReviewStore(data_dir / "reviews.sqlite3")
    session = start_review(store, read_draft_path(demo_docx), load_model("eu-aligned-model"), "Anna Berg")
    word = python_docx.Document(io.BytesIO(session.draft.data))
    for p in word.paragraphs:
        for run in p.runs:
            run.text = run.text.replace("three years", "five years")
    out = io.BytesIO()
    word.save(out)
    add_draft_version(session, read_draft(out.getvalue(), "demo_v2.docx"), "Anna Berg")
    app.sidebar.radio[0].set_value("Start").run()
    app.selectbox(key="resume_select").set_value(session.review_id).run()
    button(app, "Open this review").click().run()
    assert not app.exception
    labels = [e.label for e in app.expander]
    assert any(label.startswith("Version 2 resolved") and "of version 1" in label for label in labels)


def chart_data(chart):
    """The rows a Vega-Lite chart of the app draws."""
    import pyarrow as pa

    return pa.ipc.open_stream(chart.proto.data.data).read_all().to_pandas()


def test_a_missing_section_is_one_item_of_most_serious_first(app):
    shown = html_text(app)
    assert shown.count("Section 24 — Review of denials: missing, 3 subsections") == 1
    assert "Section 24(2)" not in shown.replace("Section 24(1), Section 24(2), Section 24(3)", "")  # only in the list of its subsections
    assert any("gaps make up 5 whole missing section(s)" in c.value and "Section 24" in c.value for c in app.caption)
    next(b for b in app.button if b.label == "Open" and b.help == "Open Section 24(1) side by side").click().run()
    assert app.session_state["selected"] == "sec-24/sub-1"
    assert any(i.value.startswith("Section 24 — Review of denials: missing, 3 subsections.") for i in app.info)


def test_element_names_beside_codes_on_charts_and_filters(app):
    import json

    element_chart = app.get("vega_lite_chart")[-1]
    labels = set(chart_data(element_chart)["Element"])
    assert "E13 Brokering control" in labels and "E24 Record keeping" in labels
    assert json.loads(element_chart.proto.spec)["encoding"]["y"]["axis"]["labelLimit"] == 0  # never cut short
    app.sidebar.radio[0].set_value("Side by side").run()
    element_filter = app.multiselect(key="f_element")
    assert "E13 Brokering control" in element_filter.options
    element_filter.set_value(["E24"]).run()
    toc = next(s for s in app.selectbox if s.label == "Model provision (table of contents)")
    assert toc.options and all("Section 32" in o or "Section 2(" in o for o in toc.options), toc.options
    assert "E24 Record keeping · core" in html_text(app)
    app.sidebar.radio[0].set_value("Model law").run()
    assert "E13 Brokering control" in app.multiselect(key="ml_elements").options


def test_prev_and_next_have_keys_named_in_their_help(app):
    app.sidebar.radio[0].set_value("Side by side").run()
    nxt, prev = app.button(key="next"), app.button(key="prev")
    assert (nxt.proto.shortcut, prev.proto.shortcut) == ("j", "k")
    assert "key J" in nxt.help and "key K" in prev.help
    first = app.session_state["selected"]
    app.button(key="next").click().run()
    assert app.session_state["selected"] != first
    app.button(key="prev").click().run()
    assert app.session_state["selected"] == first


def test_how_others_wrote_it_beside_the_model_text(data_dir, monkeypatch):
    from tests.conftest import shared_file

    monkeypatch.setenv("DRAFTING_PRECEDENTS_DIR", str(shared_file("national")))
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.session_state["selected"] = "sec-2/sub-5"  # “brokering services” means ...
    at.sidebar.radio[0].set_value("Side by side").run()
    assert not at.exception
    assert "How others wrote it" in [e.label for e in at.expander]
    shown = html_text(at)
    assert "<b>Ireland</b> · Section 22 &quot;brokering services&quot;" in shown and "<b>Malaysia</b> · Section 2 &quot;brokering&quot;" in shown
    assert '<mark class="dr-ev">brokering</mark>' in shown
    assert any((data_dir / "precedents").glob("*/matrix.npz"))  # the index is kept on disk
    button(at, "Next ▶").click().run()
    assert not at.exception and at.session_state["selected"] == "sec-2/sub-6"


def test_the_folder_of_laws_is_chosen_on_the_start_page(data_dir, monkeypatch, tmp_path):
    import os

    laws = tmp_path / "laws"
    laws.mkdir()
    (laws / "ruritania.txt").write_text(
        "# jurisdiction: Ruritania\n\nSTRATEGIC GOODS ACT\n\nSection 4. Brokering\n"
        "(1) No person shall act as a broker of controlled goods unless he holds a brokering permit.\n", encoding="utf-8")
    missing = tmp_path / "nowhere"
    monkeypatch.setenv("DRAFTING_PRECEDENTS_DIR", os.pathsep.join([str(missing), str(laws)]))
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.sidebar.radio[0].set_value("Start").run()
    choice = at.selectbox(key="precedents_dir_select")
    assert choice.options[:2] == [str(missing), str(laws)] and choice.options[-1] == "(none)"  # only configured folders
    assert choice.value == str(missing) and any("no folder of laws" in w.value for w in at.warning)
    choice.set_value(str(laws)).run()
    assert "1 law in" in " ".join(c.value for c in at.caption)
    at.session_state["selected"] = "sec-10/sub-1"  # the brokering licence
    at.sidebar.radio[0].set_value("Side by side").run()
    assert not at.exception
    shown = html_text(at)
    assert "<b>Ruritania</b> · Section 4(1)" in shown and '<mark class="dr-ev">brokering</mark>' in shown
    at.sidebar.radio[0].set_value("Start").run()
    at.selectbox(key="precedents_dir_select").set_value("(none)").run()
    at.sidebar.radio[0].set_value("Side by side").run()
    assert not at.exception and "Ruritania" not in html_text(at)
    assert "How others wrote it" in [e.label for e in at.expander]
