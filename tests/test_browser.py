"""The app in a real browser: Debian chromium driven by playwright against `streamlit run`.

The main flows a reviewer follows (open, upload, filter, comment, export), a hostile draft shown as
text, and a first-time user finding the most serious gap. Every request the browser makes must stay
on 127.0.0.1 (drafts are confidential). Screenshots for the documentation are taken on the way:
they are written to docs/screenshots/ when UPDATE_SCREENSHOTS=1, otherwise to a temporary folder
(so that running the tests does not modify the repository).
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from tests.browser_support import (
    CHROMIUM_ARGS,
    VIEWPORT,
    NetworkLog,
    StreamlitServer,
    alert,
    answer_name_dialog,
    close_listbox,
    go_to,
    multiselect_values,
    name_dialog,
    open_app,
    open_listbox,
    rerun,
    scroll_to_top_of,
    selectbox_options,
    selectbox_value,
    set_expanded,
    set_multiselect,
    set_reviewer,
    track_runs,
    wait_until_still,
    widget,
)
from tests.conftest import IN_CI, ROOT, require_tool

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DEMO = ROOT / "corpora" / "demo_draft.docx"
REVIEWER = "Anna Berg"
HOSTILE = (
    "Section 1. Record keeping\n\n"
    "(1) An exporter shall keep records of every export for at least three years. "
    "Injected: <script>window.__pwned = 1</script> and <img src=x onerror=\"window.__pwned=2\"> "
    "with **bold** and [link](http://example.com) marks.\n\n"
    "Section 2. Penalties\n\n"
    "(1) A person who exports a controlled item without a licence commits an offence.\n"
)


try:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)  # a rerun of the app can take seconds on a busy machine
except ImportError:  # requirements-dev.txt installs it; the `playwright_api` fixture says what is missing
    expect = sync_playwright = None


@pytest.fixture(scope="module")
def playwright_api():
    if sync_playwright is None:
        if IN_CI:
            pytest.fail("playwright is not installed, but CI must run the browser tests (requirements-dev.txt)")
        pytest.skip("playwright is not installed")
    return sync_playwright


@pytest.fixture(scope="module")
def chromium_path() -> str:
    return require_tool("chromium")


@pytest.fixture(scope="module")
def server(tmp_path_factory, chromium_path):
    folder = tmp_path_factory.mktemp("browser_server")
    app = StreamlitServer(data_dir=folder / "data", log_path=folder / "streamlit.log")
    try:
        app.start()
        yield app
    finally:
        app.stop()


@pytest.fixture(scope="module")
def browser(playwright_api, chromium_path, server, tmp_path_factory):
    with playwright_api() as pw:
        launched = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True,
                                      downloads_path=str(tmp_path_factory.mktemp("downloads")))
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture()
def page(browser, server, tmp_path):
    """A fresh browser context (a new Streamlit session) whose requests are all checked."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale="en-GB", service_workers="block")
    context.set_default_timeout(30_000)
    network = NetworkLog(context)
    dialogs: list[str] = []
    tab = context.new_page()
    track_runs(tab)
    tab.on("dialog", lambda d: (dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
    tab.dialogs = dialogs
    yield tab
    try:
        try:  # the last state of the page, to look at when a test fails (the path is in the captured output)
            tab.screenshot(path=str(tmp_path / "last-page.png"))
            print(f"last page: {tmp_path / 'last-page.png'}\nserver log:\n{server.log_tail(15)}")
        except Exception as exc:  # noqa: BLE001 - a diagnostic only
            print(f"no screenshot of the last page: {exc}")
        assert not dialogs, f"the page opened dialogs: {dialogs}"
        assert network.urls, "no request was recorded: the network log is not working"
        assert not network.outside(), f"requests left 127.0.0.1: {network.outside()}"
    finally:
        context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        folder = ROOT / "docs" / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path_factory.mktemp("screenshots")


def screenshot(page, folder: Path, name: str) -> None:
    page.mouse.move(0, 0)  # no hover tooltip in the picture
    page.wait_for_timeout(300)  # let charts and fonts finish drawing
    page.screenshot(path=str(folder / name))
    assert (folder / name).stat().st_size > 10_000


def metrics(page) -> dict[str, str]:
    """The Overview's figures, by label (once all six are drawn)."""
    expect(page.get_by_test_id("stMetric")).to_have_count(6, timeout=120_000)
    out = {}
    for m in page.get_by_test_id("stMetric").all():
        out[m.get_by_test_id("stMetricLabel").inner_text().strip()] = m.get_by_test_id("stMetricValue").inner_text().strip()
    return out


def save_comment(page, label: str, text: str) -> None:
    """Write in the comment box with this label and press the Save button under it."""
    box = page.get_by_label(label, exact=True)
    with rerun(page, required=box.input_value() != text):
        box.fill(text)
        box.press("Control+Enter")  # commit the text area, as leaving it would
    # The Save button that follows this comment box (finding threads above have their own).
    area = widget(page, "stTextArea", label)
    with rerun(page):
        area.locator("xpath=following::button[normalize-space(.)='Save comment'][1]").click()


# --- 1. Open the app ------------------------------------------------------------------------------------------


def test_opens_on_the_overview_of_the_demo(page, server, shots):
    started = time.monotonic()
    open_app(page, server.url)
    page.get_by_test_id("stMetric").filter(has_text="✔ Covered").wait_for()
    shown = metrics(page)
    assert set(shown) == {"✔ Covered", "◎ Stricter", "▲ Divergent", "✖ Gaps", "◆ National only", "● High-severity findings"}
    assert int(shown["✖ Gaps"]) > 0 and int(shown["▲ Divergent"]) > 0 and int(shown["✔ Covered"]) > 0
    expect(page.get_by_role("heading", name="Most serious first")).to_be_visible()
    expect(page.get_by_text("demo_draft.docx (English) · compared with")).to_be_visible()
    expect(page.get_by_role("button", name="Open", exact=True).first).to_be_visible()
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(2)
    assert time.monotonic() - started < 90
    screenshot(page, shots, "overview.png")

    go_to(page, "Model law")
    expect(page.get_by_role("button", name="Download the model law (.docx)")).to_be_visible()
    first = page.get_by_test_id("stExpander").first
    first.locator("summary").first.click()
    expect(first.get_by_test_id("stHtml").first).to_be_visible()
    expect(first.get_by_text("Drafting note")).to_be_visible()
    wait_until_still(first)
    screenshot(page, shots, "model-law.png")


# --- 2. Upload through the file input -------------------------------------------------------------------------


def test_upload_the_demo_draft_through_the_file_input(page, server, shots):
    open_app(page, server.url)
    go_to(page, "Start")
    uploader = widget(page, "stFileUploader", "Upload a draft (.docx, .pdf, .txt or .html)")
    assert uploader.count() == 1
    screenshot(page, shots, "start.png")
    with rerun(page):
        uploader.locator('input[type="file"]').set_input_files(str(DEMO))
    page.get_by_test_id("stMain").get_by_role("heading", name="Overview", exact=True).wait_for(timeout=120_000)
    expect(alert(page, "demo_draft.docx is loaded.")).to_be_visible()
    expect(page.get_by_role("radio", name="Overview")).to_be_checked()
    expect(page.get_by_text("demo_draft.docx (English) · compared with")).to_be_visible()
    shown = metrics(page)
    assert int(shown["✖ Gaps"]) > 0 and int(shown["▲ Divergent"]) > 0


# --- 3 and 4. Filter to gaps, comment, export the commented Word file -----------------------------------------


def test_filter_gaps_comment_and_export_the_word_file(page, server, shots, tmp_path):
    gap_comment = "Please add this provision (browser test, gap)."
    comment = "Brokering must stay in the list of controlled activities (browser test)."
    toc_label = "Model provision (table of contents)"
    open_app(page, server.url)
    set_reviewer(page, REVIEWER)
    go_to(page, "Side by side")

    # Only the gaps.
    set_multiselect(page, "Status", "✖ Gap", inside="Filters and search")
    toc = selectbox_options(page, toc_label)
    assert toc and all(o.startswith("✖ Gap · ") for o in toc), toc
    assert selectbox_value(page, toc_label) == toc[0]
    expect(page.get_by_test_id("stHtml").get_by_text("✖ Gap", exact=True).first).to_be_visible()
    save_comment(page, "New comment", gap_comment)
    expect(alert(page, "Comment saved.")).to_be_visible()
    expect(page.get_by_test_id("stHtml").filter(has_text=gap_comment).filter(has_text=REVIEWER)).to_have_count(1)

    # Only the divergences: a pair with its redline and findings (the picture), and a comment on it.
    set_multiselect(page, "Status", "▲ Divergent", inside="Filters and search")
    toc = selectbox_options(page, toc_label)
    assert toc and all(o.startswith("▲ Divergent · ") for o in toc), toc
    section = selectbox_value(page, toc_label).split(" · ", 1)[1].split(" — ")[0]
    set_expanded(page, "Filters and search", False)
    main = page.get_by_test_id("stMain")
    expect(main.locator("h3").filter(has_text=section).first).to_be_visible()
    expect(main.get_by_test_id("stHtml").get_by_text("▲ Divergent", exact=True).first).to_be_visible()
    expect(main.get_by_role("heading", name="Findings")).to_be_visible()
    assert main.locator("ins.dr-ins, del.dr-del").count() > 0  # the redline
    scroll_to_top_of(main.locator("h3").filter(has_text=section).first)  # the pair, its redline and findings
    screenshot(page, shots, "side-by-side.png")
    save_comment(page, "New comment", comment)
    expect(alert(page, "Comment saved.")).to_be_visible()

    # The drafters' Word file carries the reviewer's comment, under the reviewer's name.
    go_to(page, "Export")
    expect(page.get_by_role("button", name="The draft with Word comments (.docx)")).to_be_visible()
    screenshot(page, shots, "export.png")
    comments = download_comments(page, "The draft with Word comments (.docx)", tmp_path)
    mine = [c for c in comments if comment in c.text]
    assert len(mine) == 1, [(c.author, c.text[:80]) for c in comments]
    assert mine[0].author == REVIEWER
    assert any(c.author == "Drafting assistant" for c in comments)  # and the findings


def download_comments(page, button: str, folder: Path) -> list:
    """Click a download button, save the file, and return the Word comments in it."""
    from docx import Document

    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name=button).click()
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    assert target.suffix == ".docx" and target.stat().st_size > 0, target
    return list(Document(str(target)).comments)


def search_side_by_side(page, words: str) -> None:
    """On Side by side, show only the provisions whose model or draft text has these words."""
    go_to(page, "Side by side")
    set_expanded(page, "Filters and search")
    search = page.get_by_label("Search the model and draft text")
    with rerun(page):
        search.fill(words)
        search.press("Enter")


# --- 5. A hostile draft is shown as text -------------------------------------------------------------------------


def test_a_draft_with_html_and_markdown_is_shown_as_text(page, server, tmp_path):
    draft = tmp_path / "hostile_bill.txt"
    draft.write_text(HOSTILE, encoding="utf-8")
    open_app(page, server.url)
    go_to(page, "Start")
    uploader = widget(page, "stFileUploader", "Upload a draft (.docx, .pdf, .txt or .html)")
    with rerun(page):
        uploader.locator('input[type="file"]').set_input_files(str(draft))
    page.get_by_test_id("stMain").get_by_role("heading", name="Overview", exact=True).wait_for(timeout=120_000)
    expect(alert(page, "hostile_bill.txt is loaded.")).to_be_visible()

    search_side_by_side(page, "onerror")
    main = page.get_by_test_id("stMain")
    # The draft box of the matching provision (collapsed precedent boxes hold the same words, hidden).
    main.locator("div.dr-box:visible", has_text="onerror").first.wait_for()
    text = main.inner_text()
    for literal in ["<script>window.__pwned = 1</script>", '<img src=x onerror="window.__pwned=2">', "**bold**",
                    "[link](http://example.com)"]:
        assert literal in text, f"{literal!r} is not shown as text"
    assert main.locator("script, img[src='x'], a[href='http://example.com']").count() == 0
    assert main.locator("strong, b").filter(has_text=re.compile(r"^bold$")).count() == 0
    page.wait_for_timeout(500)  # give an injected handler every chance to run
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert not page.dialogs


# --- 6. A first-time user finds the most serious gap and comments on it ---------------------------------------


def open_most_serious(page) -> str:
    """From the Overview, press the first Open under "Most serious first"; returns that row's text."""
    page.get_by_role("heading", name="Most serious first").wait_for()
    open_buttons = page.get_by_role("button", name="Open", exact=True)
    expect(open_buttons.first).to_be_visible()
    # The row of the first Open button (the innermost horizontal block holding it).
    first_row = page.get_by_test_id("stHorizontalBlock").filter(has=open_buttons.first).filter(
        has_not=page.get_by_test_id("stHorizontalBlock")).first
    row_text = first_row.inner_text()
    with rerun(page):
        open_buttons.first.click()
    page.get_by_test_id("stMain").get_by_role("heading", name="Side by side", exact=True).wait_for()
    return row_text


def test_a_new_user_opens_the_most_serious_gap_and_comments(page, server):
    open_app(page, server.url)
    row_text = open_most_serious(page)
    assert row_text.startswith("● High · "), row_text  # the severity, as a symbol and a word
    label = re.search(r"(Section \S+)", row_text).group(1)

    main = page.get_by_test_id("stMain")
    assert page.get_by_role("radio", name="Side by side").is_checked()
    expect(main.locator("h3").filter(has_text=label).first).to_be_visible()
    value = selectbox_value(page, "Model provision (table of contents)")
    assert re.search(rf" · {re.escape(label)}[ (]", f"{value} "), value  # a missing section opens on its first subsection
    # The status is a symbol and a word (readable without colour), in the table of contents and the badge.
    assert value.startswith("✖ Gap · "), f"the most serious finding of the demo is no longer a gap: {value}"
    expect(main.get_by_test_id("stHtml").get_by_text("✖ Gap", exact=True).first).to_be_visible()
    expect(main.get_by_text("No provision of the draft corresponds to this one.")).to_be_visible()

    # The comment box is right there. The name is asked once, at the first comment, and the comment is kept under it.
    box = page.get_by_label("New comment", exact=True)
    expect(box).to_be_editable()
    save_comment(page, "New comment", "First look: this needs a provision.")
    answer_name_dialog(page, "Ben Novak")
    expect(alert(page, "Comment saved.")).to_be_visible()
    expect(page.get_by_test_id("stSidebar").get_by_label("Your name (shown on your comments)")).to_have_value("Ben Novak")
    save_comment(page, "New comment", "Second look: not asked again.")
    expect(alert(page, "Comment saved.")).to_be_visible()
    expect(name_dialog(page)).to_have_count(0)
    expect(main.locator("h3").filter(has_text=label).first).to_be_visible()  # still on the same provision
    expect(main.get_by_test_id("stHtml").filter(has_text="First look: this needs a provision.")
           .filter(has_text="Ben Novak")).to_have_count(1)


def test_a_comment_on_a_gap_reaches_the_drafters_word_file(page, server, tmp_path):
    comment = "Please add a definition of the Authority (browser test)."
    open_app(page, server.url)
    set_reviewer(page, "Cara Lind")
    open_most_serious(page)
    save_comment(page, "New comment", comment)
    expect(alert(page, "Comment saved.")).to_be_visible()
    go_to(page, "Export")
    comments = download_comments(page, "The draft with Word comments (.docx)", tmp_path)
    assert [c.author for c in comments if comment in c.text] == ["Cara Lind"]


# --- The network check itself -----------------------------------------------------------------------------------


def test_the_network_log_sees_and_blocks_requests_that_leave_the_machine(browser, server):
    context = browser.new_context(viewport=VIEWPORT)
    network = NetworkLog(context)
    try:
        tab = context.new_page()
        track_runs(tab)
        open_app(tab, server.url)
        assert any(u.startswith(f"ws://127.0.0.1:{server.port}/") for u in network.urls), network.urls  # the app's websocket
        assert not network.outside(), network.outside()
        tab.evaluate("() => fetch('http://example.com/leak', {mode: 'no-cors'}).catch(() => null)")
        assert network.outside() == ["http://example.com/leak"]
        assert network.blocked == ["http://example.com/leak"]  # and it never went out
    finally:
        context.close()


# --- 7. The reviewer's workflow: missing sections, element names, keys -----------------------------------------


def serious_rows(page):
    """The rows of "Most serious first" (each with its Open button)."""
    page.get_by_role("heading", name="Most serious first").wait_for()
    return page.get_by_test_id("stHorizontalBlock").filter(has=page.get_by_role("button", name="Open", exact=True)).filter(
        has_not=page.get_by_test_id("stHorizontalBlock"))


def test_a_missing_section_is_one_item_on_the_overview(page, server):
    open_app(page, server.url)
    rows = serious_rows(page)
    expect(rows.first).to_be_visible()
    texts = rows.all_inner_texts()
    planted = [t for t in texts if "Section 24 — Review of denials: missing, 3 subsections" in t]
    assert len(planted) == 1, texts
    assert planted[0].startswith("● High · Missing section"), planted[0]
    assert not any(re.search(r"Section 24\(\d\) — ", t) for t in texts), texts  # not one item per subsection
    expect(page.get_by_text(re.compile(r"The figures count model provisions one by one"))).to_be_visible()

    with rerun(page):
        rows.filter(has_text="Section 24 — Review of denials: missing").get_by_role("button", name="Open", exact=True).click()
    main = page.get_by_test_id("stMain")
    main.get_by_role("heading", name="Side by side", exact=True).wait_for()
    expect(main.locator("h3").filter(has_text="Section 24(1)").first).to_be_visible()
    expect(alert(page, "Section 24 — Review of denials: missing, 3 subsections.")).to_be_visible()
    assert selectbox_value(page, "Model provision (table of contents)").endswith("(whole section missing)")


def test_the_element_filter_shows_names_beside_codes(page, server):
    open_app(page, server.url)
    go_to(page, "Side by side")
    set_expanded(page, "Filters and search")
    box = widget(page, "stMultiSelect", "Element")
    open_listbox(page, box)
    listbox = page.get_by_role("listbox")
    options = [o.strip() for o in listbox.get_by_role("option").all_inner_texts() if o.strip() != "Select all"]
    assert options[:2] == ["E01 Purpose and scope", "E02 Dual-use items"], options
    assert all(re.fullmatch(r"E\d\d \S.*", o) for o in options), options  # no bare code
    search = box.get_by_role("combobox")
    search.press_sequentially("brokering control")  # an element is found by its name
    expect(listbox.get_by_role("option", name="E13 Brokering control", exact=True)).to_be_visible()
    search.fill("")
    search.press_sequentially("record keeping")
    with rerun(page):
        listbox.get_by_role("option", name="E24 Record keeping", exact=True).click()
    if listbox.count():
        close_listbox(page)
    assert multiselect_values(page, "Element") == ["E24 Record keeping"]
    toc = selectbox_options(page, "Model provision (table of contents)")
    assert toc and all("Section 32" in o or "Section 2(" in o for o in toc), toc  # record keeping (and its definitions)
    expect(page.get_by_test_id("stMain").get_by_text("E24 Record keeping · core").first).to_be_visible()


def test_keys_move_to_the_next_and_previous_provision_but_not_while_typing(page, server):
    toc_label = "Model provision (table of contents)"
    open_app(page, server.url)
    go_to(page, "Side by side")
    main = page.get_by_test_id("stMain")
    items = selectbox_options(page, toc_label)
    assert selectbox_value(page, toc_label) == items[0]
    next_button = main.get_by_role("button", name=re.compile(r"^Next ▶"))
    next_button.hover()  # the button's help names its key
    expect(page.get_by_test_id("stTooltipContent").filter(has_text="key J")).to_be_visible()

    main.get_by_role("heading", name="Side by side", exact=True).click()  # the focus on the page, not in a box
    with rerun(page):
        page.keyboard.press("j")
    expect(main.locator("h3").filter(has_text=items[1].split(" · ", 1)[1].split(" — ")[0]).first).to_be_visible()
    assert selectbox_value(page, toc_label) == items[1]
    with rerun(page):
        page.keyboard.press("k")
    assert selectbox_value(page, toc_label) == items[0]

    box = page.get_by_label("New comment", exact=True)
    box.click()
    with rerun(page, required=False):  # typing asks for no run at all
        box.press_sequentially("jjk ok", delay=30)
    assert box.input_value() == "jjk ok"
    assert selectbox_value(page, toc_label) == items[0]  # still on the same provision


# --- Drafts in the partner's own language ---------------------------------------------------------------------


def translated_docx(lang: str, folder: Path) -> Path:
    """The translated Northland act as the drafters' Word file (Arabic paragraphs right to left)."""
    import docx

    from drafting import ooxml

    text = (ROOT / "corpora" / "multilingual" / f"northland_stma.{lang}.txt").read_text(encoding="utf-8")
    word = docx.Document()
    for paragraph in text.split("\n\n"):
        paragraph = paragraph.strip()
        if paragraph and not paragraph.startswith("#"):
            p = word.add_paragraph(paragraph.replace("\n", " "))
            if lang == "ar":
                ooxml.set_right_to_left(p._p)
    path = folder / f"northland_{lang}.docx"
    word.save(str(path))
    return path


@pytest.mark.parametrize("lang, name, script", [("ru", "Russian", "\u0400-\u04ff"), ("ar", "Arabic", "\u0600-\u06ff")])
def test_a_draft_in_the_partner_s_language_through_the_app(page, server, shots, tmp_path, lang, name, script):
    """Upload a Russian or Arabic draft, see the overview and a pair side by side (the draft in its own
    script and direction), comment, and get the drafters' own Word file back with the comment in it."""
    draft = translated_docx(lang, tmp_path)
    comment = f"Reviewer's remark on the {name} draft (browser test)."
    open_app(page, server.url)
    go_to(page, "Start")
    uploader = widget(page, "stFileUploader", "Upload a draft (.docx, .pdf, .txt or .html)")
    with rerun(page):
        uploader.locator('input[type="file"]').set_input_files(str(draft))
    page.get_by_test_id("stMain").get_by_role("heading", name="Overview", exact=True).wait_for(timeout=180_000)
    expect(page.get_by_text(f"{draft.name} ({name}) · compared with")).to_be_visible()
    shown = metrics(page)
    assert int(shown["✔ Covered"]) + int(shown["▲ Divergent"]) + int(shown["◎ Stricter"]) > 10
    screenshot(page, shots, f"overview-{lang}.png")

    go_to(page, "Side by side")
    set_multiselect(page, "Status", "▲ Divergent", inside="Filters and search")
    set_expanded(page, "Filters and search", False)
    main = page.get_by_test_id("stMain")
    box = main.locator(f'div.dr-box[lang="{lang}"]').first
    expect(box).to_be_visible()
    assert box.get_attribute("dir") == ("rtl" if lang == "ar" else "auto")
    assert re.search(f"[{script}]", box.inner_text())  # the draft in its own script
    expect(main.get_by_role("heading", name="Findings")).to_be_visible()
    scroll_to_top_of(main.locator("h3").first)
    screenshot(page, shots, f"side-by-side-{lang}.png")
    set_reviewer(page, REVIEWER)
    save_comment(page, "New comment", comment)
    expect(alert(page, "Comment saved.")).to_be_visible()

    go_to(page, "Export")
    comments = download_comments(page, "The draft with Word comments (.docx)", tmp_path)
    mine = [c for c in comments if comment in c.text]
    assert len(mine) == 1 and mine[0].author == REVIEWER, [(c.author, c.text[:60]) for c in comments]


# --- The Word round trip: a suggestion as a tracked change, a threaded reply, the drafters' answer back ---------


def write_and_press(page, scope, label: str, text: str, button: str) -> None:
    """Write in the text box with this label inside `scope`, then press the button there."""
    box = scope.get_by_label(label, exact=True)
    with rerun(page, required=False):
        box.fill(text)
        box.press("Control+Enter")  # commit the text area, as leaving it would
    with rerun(page):
        scope.get_by_role("button", name=button).click()


def test_accept_edit_the_suggestion_export_and_read_the_drafters_answer(page, server, shots, tmp_path):
    """A reviewer accepts the retention-period finding and words its fix, a colleague replies to
    her note; the exported file, opened by LibreOffice, carries the change by her and the reply
    under her comment, Accept All gives her wording and Reject All the draft as it came. The
    drafters accept the change in LibreOffice and reply; uploaded back, the app says so."""
    from drafting.pipeline import compare_draft, read_draft_path
    from tests.office_support import libreoffice_answer, libreoffice_comments, libreoffice_text, require_uno

    require_uno()
    number = next(f for f in compare_draft(read_draft_path(DEMO)).pair_for("sec-32/sub-4").findings if f.kind == "number")
    wording, note, reply = "not less than five years", "Article 27 of Regulation 2021/821 keeps records five years.", "Agreed."
    open_app(page, server.url)
    set_reviewer(page, "Dana Reyes")
    search_side_by_side(page, "calendar year")
    main = page.get_by_test_id("stMain")
    block = main.locator(f".st-key-finding_{number.id}")
    block.wait_for()
    expect(block.get_by_text("Suggested change: “three years” → “at least five years”.", exact=False)).to_be_visible()

    with rerun(page):
        block.get_by_role("button", name="Accept", exact=True).click()
    expect(alert(page, "Finding accepted.")).to_be_visible()
    write_and_press(page, block, "Suggested wording", wording, "Save wording")
    expect(alert(page, "Suggested wording saved")).to_be_visible()
    expect(block.get_by_label("Suggested wording", exact=True)).to_have_value(wording)
    expect(block.get_by_text("Suggested wording by Dana Reyes", exact=False)).to_be_visible()
    write_and_press(page, block, "Note on this finding", note, "Save comment")
    expect(alert(page, "Comment saved.")).to_be_visible()
    expect(block.get_by_label("Note on this finding", exact=True)).to_have_value("")  # the box is empty again
    scroll_to_top_of(block)
    screenshot(page, shots, "suggestion.png")

    # A colleague replies under the note.
    set_reviewer(page, "Ben Okafor")
    under_note = block.get_by_test_id("stExpander").filter(has_text="Reply, see history").last  # the note is the last comment
    under_note.locator("summary").first.click()
    write_and_press(page, under_note, "Reply", reply, "Send reply")
    expect(alert(page, "Reply saved.")).to_be_visible()

    go_to(page, "Export")
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name="The draft with Word comments (.docx)").click()
    sent = tmp_path / "sent.docx"
    info.value.save_as(sent)
    data = sent.read_bytes()

    notes = libreoffice_comments(data, tmp_path / "comments")
    on_number = [i for i, n in enumerate(notes) if number.id in n["text"]]
    assert len(on_number) == 1, [n["text"][:60] for n in notes]
    parent = notes[on_number[0]]
    assert note in parent["text"] and f"“three years” → “{wording}”" in parent["text"]
    assert parent["anchor"] == f"three years{wording}"  # on the tracked change: the words deleted and inserted
    follower = notes[on_number[0] + 1]  # LibreOffice puts a reply right after its comment, on the same words
    assert (follower["author"], follower["anchor"]) == ("Ben Okafor", parent["anchor"]) and reply in follower["text"]
    original = libreoffice_text(DEMO.read_bytes(), "keep", tmp_path / "original")
    accepted = libreoffice_text(data, "accept", tmp_path / "accepted")
    assert libreoffice_text(data, "reject", tmp_path / "rejected") == original
    changed = [line for line in accepted if line not in original]
    assert changed == [line.replace("three years", wording) for line in original if "retained for three years" in line]

    # The drafters accept the change and answer in LibreOffice; the reviewer uploads their file back.
    answer = tmp_path / "demo_draft_answered.docx"
    answer.write_bytes(libreoffice_answer(data, tmp_path / "answer", accept=["three years", wording], reject=[], replies=[
        {"to": f"Ref. {number.id}", "author": "Drafting Office", "initials": "DO", "date": "2026-12-05T09:30:00Z",
         "text": "Done: five years."}]))
    go_to(page, "Start")
    uploader = widget(page, "stFileUploader", "Upload a new version of the draft for this review, or the Word file the drafters "
                                              "sent back with their replies (open comments are carried over)")
    with rerun(page):
        uploader.locator('input[type="file"]').set_input_files(str(answer))
    expect(alert(page, "Version 2 saved")).to_be_visible(timeout=120_000)
    report = main.get_by_text("The drafters' answer in demo_draft_answered.docx").locator("xpath=ancestor::*[@data-testid='stVerticalBlock'][1]")
    expect(report).to_contain_text("1 reply and 0 new comment(s) of theirs imported")
    expect(report).to_contain_text("1 suggested change(s) accepted")
    expect(report.get_by_text("Section 32(4):", exact=False)).to_be_visible()
