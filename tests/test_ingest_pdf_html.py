"""PDF and HTML (and plain-text) ingest: blocks, reading order, page furniture, provisions.

The PDFs are drawn here with reportlab, line by line, so that every line break, hyphen, column
and running header sits exactly where the test says; body lines are justified to the column
width as in a printed law.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from drafting.errors import DraftingError
from drafting.ingest import read_bytes
from drafting.structure import build_document

FIXTURES = Path(__file__).parent / "fixtures"
FONT, SIZE, LEADING = "Helvetica", 10, 13


# --- drawing PDFs -----------------------------------------------------------------------------------


class Sheet:
    """A page being drawn: paragraphs go down from `y`; each is a list of lines."""

    def __init__(self, c: canvas.Canvas, left: float, width: float, top: float = 760):
        self.c, self.left, self.width, self.y = c, left, width, top

    def line(self, text: str, x: float, width: float | None, size: float = SIZE, font: str = FONT) -> None:
        """One line at x; justified to `width` when given (by widening the spaces)."""
        t = self.c.beginText(x, self.y)
        t.setFont(font, size)
        spaces = text.count(" ")
        if width is not None and spaces:
            t.setWordSpace((width - stringWidth(text, font, size)) / spaces)
        t.textLine(text)
        self.c.drawText(t)
        self.y -= LEADING

    def para(self, lines: list[str], marker: str = "", hang: float = 22, indent: float = 0, last_full: bool = False,
             gap: float = 6) -> None:
        """A justified paragraph; with a marker, "(a)" hangs in the margin and the text is indented."""
        x = self.left + (hang if marker else 0)
        width = self.width - (hang if marker else 0)
        for i, text in enumerate(lines):
            if i == 0 and marker:
                self.c.setFont(FONT, SIZE)
                self.c.drawString(self.left, self.y, marker)
            last = i == len(lines) - 1 and not last_full
            self.line(text, x + (indent if i == 0 else 0), None if last else width - (indent if i == 0 else 0))
        self.y -= gap

    def centred(self, text: str, size: float = SIZE, font: str = "Helvetica-Bold", gap: float = 4) -> None:
        self.c.setFont(font, size)
        self.c.drawCentredString(self.left + self.width / 2, self.y, text)
        self.y -= LEADING + gap


def furniture(c: canvas.Canvas, page: int, pages: int, header: str) -> None:
    c.setFont("Helvetica-Oblique", 8)
    c.drawString(72, 805, header)
    c.drawRightString(523, 805, "DRAFT")
    c.setFont(FONT, 9)
    c.drawCentredString(297, 40, f"Page {page} of {pages}")


HEADER = "Strategic Goods (Control) Bill 2025 - consultation draft"


def one_column_law() -> bytes:
    """Two pages: a title, Articles 1-3 with points, a hyphenated word, a compound split at a
    line end, a paragraph running over the page break, a running header and a page footer."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    s = Sheet(c, 72, 451)
    furniture(c, 1, 2, HEADER)
    s.centred("STRATEGIC GOODS (CONTROL) BILL", size=13)
    s.para(["The Parliament of the Republic enacts as follows:"], gap=10)
    s.centred("Article 1", gap=0)
    s.centred("Definitions", font="Helvetica-Oblique")
    s.para(["For the purposes of this Act, the following definitions apply:"])
    s.para([
        "'dual-use items' means items, including software and technology, which can be used for",
        "both civil and military purposes;",
    ], marker="(a)")
    s.para([
        "'export' means the movement of items out of the territory of the Republic, including the",
        "transmission of software or technology by electronic media;",
    ], marker="(b)")
    s.para(["'exporter' means any person who makes or arranges an export."], marker="(c)")
    s.centred("Article 2", gap=0)
    s.centred("Authorisation requirement", font="Helvetica-Oblique")
    s.para([
        "1. An authorisation shall be required for the export of the items listed in the Schedule.",
        "Applications shall be made in writing to the Licensing Office, and the competent authori-",
        "sation shall be issued within sixty days of the date on which the application is complete.",
    ])
    s.para([
        "2. The Minister may by order require an authorisation for the export of other dual-",
        "use items where the exporter has been informed that the items are or may be intended for",
        "use in connection with weapons of mass destruction. The authorisation shall remain valid for",
        "a period of two years and may be renewed by the Licensing Office upon application by the",
    ], last_full=True)
    c.line(72, 96, 200, 96)  # a footnote, in small type under a rule, between the two halves of paragraph 2
    c.setFont(FONT, 8)
    c.drawString(72, 86, "(1) Placeholder reference: Official Gazette No 12 of 2024, p. 3, as corrected by the")
    c.drawString(72, 76, "corrigendum published in Official Gazette No 14 of 2024.")
    c.showPage()
    s = Sheet(c, 72, 451)
    furniture(c, 2, 2, HEADER)
    s.para([
        "exporter, subject to the same conditions as the original authorisation.",
    ])
    s.centred("Article 3", gap=0)
    s.centred("Penalties", font="Helvetica-Oblique")
    s.para([
        "A person who exports items without the authorisation required by Article 2 commits an",
        "offence and is liable on conviction to a fine.",
    ])
    c.showPage()
    c.save()
    return buf.getvalue()


def two_column_page() -> bytes:
    """A title across the page, then two justified columns: Article 10 starts on the left, its
    paragraph 2 runs over into the right column, and Article 11 follows on the right."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica-Oblique", 8)
    c.drawString(72, 805, "Official Gazette of the Republic")
    c.drawRightString(523, 805, "No 12/3")
    title = Sheet(c, 72, 451)
    title.centred("CHAPTER IV", size=12)
    title.centred("CONTROL MEASURES", size=12, gap=8)
    top = title.y
    left = Sheet(c, 72, 212, top=top)
    right = Sheet(c, 311, 212, top=top)
    left.centred("Article 10", gap=0)
    left.centred("Brokering", font="Helvetica-Oblique")
    left.para([
        "1. An authorisation shall be",
        "required for brokering services",
        "where the broker has been told",
        "that the items are intended for",
        "a prohibited end-use.",
    ])
    left.para([
        "2. The authorisation shall be",
        "granted by the authority of the",
        "place where the broker resides",
        "or is established, and it shall",
        "state the name of the buyer, the",
    ], last_full=True)
    right.para([
        "items concerned and their final",
        "destination.",
    ])
    right.centred("Article 11", gap=0)
    right.centred("Transit", font="Helvetica-Oblique")
    right.para([
        "The transit of listed items may",
        "be prohibited where the items",
        "are or may be intended for a",
        "military end-use in an embargoed",
        "destination.",
    ])
    c.setFont(FONT, 9)
    c.drawCentredString(297, 40, "3")
    c.showPage()
    c.save()
    return buf.getvalue()


def draw_scan(c: canvas.Canvas) -> None:
    """A page holding a picture of text and no text layer, as a scanner makes it."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    image = Image.new("RGB", (400, 200), "white")
    ImageDraw.Draw(image).text((20, 80), "Article 1 - Definitions", fill="black")
    c.drawImage(ImageReader(image), 72, 500, width=400, height=200)


def image_only_pdf(pages: int = 1) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for _ in range(pages):
        draw_scan(c)
        c.showPage()
    c.save()
    return buf.getvalue()


def simple_pdf(pages: list[list[str]], **canvas_options) -> bytes:
    """Pages of left-aligned lines (one paragraph per line, a blank line's gap between)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, **canvas_options)
    for lines in pages:
        s = Sheet(c, 72, 451)
        for line in lines:
            s.para([line], gap=8)
        c.showPage()
    c.save()
    return buf.getvalue()


def texts(source) -> list[str]:
    return [b.text for b in source.blocks]


def labels(document) -> list[str]:
    return [p.label for p in document.walk() if p.kind != "preamble"]


def find(document, label: str):
    return next(p for p in document.walk() if p.label == label)


# --- PDF --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def law_pdf():
    return read_bytes(one_column_law(), "bill.pdf")


def test_pdf_one_column_blocks_in_reading_order(law_pdf):
    assert law_pdf.format == "pdf"
    assert [t[:40] for t in texts(law_pdf)] == [
        "STRATEGIC GOODS (CONTROL) BILL",
        "The Parliament of the Republic enacts as",
        "Article 1",
        "Definitions",
        "For the purposes of this Act, the follow",
        "(a) 'dual-use items' means items, includ",
        "(b) 'export' means the movement of items",
        "(c) 'exporter' means any person who make",
        "Article 2",
        "Authorisation requirement",
        "1. An authorisation shall be required fo",
        "2. The Minister may by order require an ",
        "Article 3",
        "Penalties",
        "A person who exports items without the a",
    ]
    # a hanging "(a)" point is one block, its second line joined to the first
    assert texts(law_pdf)[5] == ("(a) 'dual-use items' means items, including software and technology, which can be used for "
                                 "both civil and military purposes;")


def test_pdf_running_header_footer_and_page_numbers_are_left_out(law_pdf):
    everything = " ".join(texts(law_pdf))
    assert "consultation draft" not in everything and "DRAFT" not in everything
    assert "Page 1" not in everything and "of 2" not in everything
    assert any("running header, footer or page-number" in n for n in law_pdf.notes)


def test_pdf_hyphenation_at_line_ends(law_pdf):
    para1, para2 = texts(law_pdf)[10], texts(law_pdf)[11]
    assert "the competent authorisation shall be issued" in para1  # "authori-" + "sation"
    assert "authori-" not in para1 and "authori sation" not in para1
    assert "of other dual-use items where" in para2  # "dual-" + "use": a compound keeps its hyphen


def test_pdf_footnotes_at_the_foot_of_a_page_are_left_out(law_pdf):
    everything = " ".join(texts(law_pdf))
    assert "Placeholder reference" not in everything and "corrigendum" not in everything
    assert any("2 footnote line(s)" in n for n in law_pdf.notes)


def test_pdf_paragraph_continues_over_the_page_break(law_pdf):
    para2 = law_pdf.blocks[11]
    assert para2.text.endswith("upon application by the exporter, subject to the same conditions as the original authorisation.")
    assert para2.page == 1  # the page the paragraph starts on
    assert [b.page for b in law_pdf.blocks if b.text in ("Article 3", "Penalties")] == [2, 2]


def test_pdf_one_column_provisions(law_pdf):
    document = build_document(law_pdf)
    assert labels(document) == [
        "Article 1", "Article 1(a)", "Article 1(b)", "Article 1(c)",
        "Article 2", "Article 2(1)", "Article 2(2)",
        "Article 3",
    ]
    assert find(document, "Article 1").heading == "Definitions"
    assert find(document, "Article 2").heading == "Authorisation requirement"
    assert find(document, "Article 3").heading == "Penalties"
    assert find(document, "Article 1(b)").text.startswith("'export' means the movement of items")
    assert "competent authorisation" in find(document, "Article 2(1)").text


def test_pdf_two_columns_are_read_left_then_right():
    source = read_bytes(two_column_page(), "gazette.pdf")
    body = texts(source)[texts(source).index("CHAPTER IV"):]
    assert body == [
        "CHAPTER IV",
        "CONTROL MEASURES",
        "Article 10",
        "Brokering",
        "1. An authorisation shall be required for brokering services where the broker has been told that the "
        "items are intended for a prohibited end-use.",
        # paragraph 2 runs from the foot of the left column to the top of the right one
        "2. The authorisation shall be granted by the authority of the place where the broker resides or is "
        "established, and it shall state the name of the buyer, the items concerned and their final destination.",
        "Article 11",
        "Transit",
        "The transit of listed items may be prohibited where the items are or may be intended for a military "
        "end-use in an embargoed destination.",
    ]
    assert "3" not in texts(source)  # the page number
    assert any("two columns" in n for n in source.notes)
    document = build_document(source)
    chapter = find(document, "Chapter IV")
    assert chapter.heading == "CONTROL MEASURES"
    assert [p.label for p in chapter.walk()][1:] == ["Article 10", "Article 10(1)", "Article 10(2)", "Article 11"]
    assert find(document, "Article 11").heading == "Transit"


def test_pdf_one_column_page_is_not_taken_for_two_columns(law_pdf):
    assert not any("columns" in n for n in law_pdf.notes)


def test_scanned_pdf_is_refused_with_advice():
    with pytest.raises(DraftingError) as caught:
        read_bytes(image_only_pdf(2), "scan.pdf")
    message = caught.value.message
    assert message.startswith("scan.pdf is a scanned PDF")
    assert "OCR" in message and "Word or text version" in message


def test_pdf_with_some_scanned_pages_is_read_with_a_note():
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    Sheet(c, 72, 451).para(["Article 1 This Act applies to strategic goods."])
    c.showPage()
    draw_scan(c)
    c.showPage()
    c.save()
    source = read_bytes(buf.getvalue(), "mixed.pdf")
    assert texts(source) == ["Article 1 This Act applies to strategic goods."]
    assert any("Page(s) 2 have no text layer" in n and "OCR" in n for n in source.notes)


def test_password_protected_pdf_is_refused():
    data = simple_pdf([["Article 1 Secret text."]], encrypt="secret")
    with pytest.raises(DraftingError) as caught:
        read_bytes(data, "locked.pdf")
    assert caught.value.message.startswith("locked.pdf is protected by a password")


def test_pdf_with_only_an_owner_password_is_read():
    from reportlab.lib.pdfencrypt import StandardEncryption

    data = simple_pdf([["Article 1 Printing is restricted, reading is not."]],
                      encrypt=StandardEncryption("", ownerPassword="owner", canPrint=0))
    assert texts(read_bytes(data, "restricted.pdf")) == ["Article 1 Printing is restricted, reading is not."]


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_truncated_pdf_is_refused(cut):
    data = one_column_law()
    with pytest.raises(DraftingError) as caught:
        read_bytes(data[: int(len(data) * cut)], "cut.pdf")
    assert caught.value.message.startswith("cut.pdf is a damaged or incomplete PDF")


def test_garbled_pdf_is_refused():
    with pytest.raises(DraftingError) as caught:
        read_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n", "garbled.pdf")
    assert caught.value.message.startswith("garbled.pdf is a damaged or incomplete PDF")


def test_too_many_pages_are_refused(monkeypatch):
    from drafting.ingest import pdf_reader

    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 2)
    data = simple_pdf([["Article 1 One."], ["Article 2 Two."], ["Article 3 Three."]])
    with pytest.raises(DraftingError) as caught:
        read_bytes(data, "long.pdf")
    assert caught.value.message.startswith("long.pdf has 3 pages, more than the 2 pages that can be read at once")


def test_pdf_whose_content_would_expand_absurdly_is_refused(monkeypatch):
    import zlib

    from drafting.ingest import guard

    monkeypatch.setattr(guard, "MAX_PDF_STREAM_BYTES", 1_000_000)
    bomb = zlib.compress(b" " * 3_000_000, 9)  # 3 MB of spaces in a few kilobytes
    data = (b"%PDF-1.4\n1 0 obj\n<< /Length " + str(len(bomb)).encode() + b" /Filter /FlateDecode >>\nstream\n"
            + bomb + b"\nendstream\nendobj\ntrailer\n<< >>\n%%EOF\n")
    with pytest.raises(DraftingError) as caught:
        read_bytes(data, "bomb.pdf")
    assert caught.value.message.startswith("bomb.pdf contains compressed content that would expand")


def test_pdf_page_limit_default_is_generous():
    from drafting.ingest import pdf_reader

    assert pdf_reader.MAX_PAGES == 2000


@pytest.mark.office
def test_pdf_printed_from_word_has_the_same_provisions_as_the_word_file(tmp_path, demo_docx):
    """The demo bill as LibreOffice prints it to PDF: the same provisions and texts as the .docx."""
    import re
    import shutil
    import subprocess

    from tests.conftest import require_tool

    soffice = require_tool("soffice", "libreoffice")
    if not demo_docx.exists():
        pytest.skip("the demo draft is not built")
    shutil.copy(demo_docx, tmp_path / "bill.docx")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "bill.docx")], check=True, capture_output=True, timeout=180)
    word = read_bytes(demo_docx.read_bytes(), "bill.docx")
    pdf = read_bytes((tmp_path / "bill.pdf").read_bytes(), "bill.pdf")
    norm = lambda blocks: [re.sub(r"\s+", " ", b.display).strip() for b in blocks if b.display.strip()]  # noqa: E731
    assert norm(pdf.blocks) == norm(word.blocks)
    assert labels(build_document(pdf)) == labels(build_document(word))


# --- the hyphenation rule ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "previous, line, joined",
    [
        ("the competent authori-", "sation shall", "the competent authorisation shall"),
        ("exports of dual-", "use items", "exports of dual-use items"),
        ("a military end-", "use, or", "a military end-use, or"),
        ("applied in a non-", "discriminatory way", "applied in a non-discriminatory way"),
        ("trade with non-", "EU countries", "trade with non-EU countries"),
        ("from 2020 to 2021 -", "both included", "from 2020 to 2021 - both included"),
        ("the soft hyphen in authori\u00ad", "sation", "the soft hyphen in authorisation"),
        ("kept under section 4(2)", "(e), and", "kept under section 4(2)(e), and"),
        ("an ordinary line", "and the next", "an ordinary line and the next"),
    ],
)
def test_line_join_rule(previous, line, joined):
    from drafting.ingest.layout import join_lines

    assert join_lines(previous, line) == joined


def test_hyphenated_words_of_the_document_keep_their_hyphen():
    from drafting.ingest.layout import HYPHENATED_COMPOUNDS, hyphenated_words, join_lines

    lines = ["an entity that is state-controlled is listed", "where a state-", "controlled entity exports"]
    compounds = set(HYPHENATED_COMPOUNDS) | hyphenated_words(lines)
    assert "state-controlled" in compounds
    assert join_lines(lines[1], lines[2], compounds) == "where a state-controlled entity exports"
    assert join_lines("where a state-", "ment is made") == "where a statement is made"


# --- HTML -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def eurlex():
    path = FIXTURES / "eurlex_2021_821_excerpt.html"
    return read_bytes(path.read_bytes(), path.name)


def test_eurlex_page_keeps_the_act_and_drops_the_site(eurlex):
    assert eurlex.format == "html"
    everything = "\n".join(texts(eurlex))
    for chrome in ("Quick search", "cookies", "JavaScript", "Article 99", "_paq", "gtag", "Legal notice", "Site map",
                   "Home", "Official Journal of the European Union", "L 206/1", "Placeholder footnote"):
        assert chrome not in everything, chrome
    assert eurlex.metadata["title"] == (
        "REGULATION (EU) 2021/821 OF THE EUROPEAN PARLIAMENT AND OF THE COUNCIL of 20 May 2021 setting up a Union "
        "regime for the control of exports, brokering, technical assistance, transit and transfer of dual-use items (recast)"
    )
    # the footnote mark "(1)" goes with the space before it
    assert "Acting in accordance with the ordinary legislative procedure," in texts(eurlex)
    assert any("footnote" in n for n in eurlex.notes)
    assert any("page-header" in n for n in eurlex.notes)


def test_eurlex_classes_and_point_tables_become_blocks(eurlex):
    t = texts(eurlex)
    start = t.index("Article 4")
    assert t[start:start + 7] == [
        "Article 4",
        "1. An authorisation is required for exports of unlisted dual-use items if the exporter has been told by the "
        "competent authority that the items are or may be intended, wholly or partly:",
        "(a) for use connected with weapons of mass destruction (placeholder wording);",
        "(b) for a military end-use where the country of destination is under an arms embargo; in this point, "
        "military end-use means:",
        "(i) incorporation into listed military items (placeholder);",
        "(ii) use of production or test equipment for such items (placeholder);",
        "(c) for use as parts of military items exported without authorisation (placeholder).",
    ]
    assert t[t.index("Article 2"):t.index("Article 2") + 2] == ["Article 2", "Definitions"]
    by_text = {b.text: b for b in eurlex.blocks}
    assert by_text["Article 2"].style == "ti-art" and by_text["Definitions"].style == "sti-art"
    assert not any(b.table or "\t" in b.text for b in eurlex.blocks)  # point tables are points, not tables
    assert "1. An authorisation is required for exports of the dual-use items listed in Annex I." in t  # &nbsp; collapsed


def test_eurlex_page_gives_articles_paragraphs_and_points(eurlex):
    document = build_document(eurlex)
    assert document.title.startswith("REGULATION (EU) 2021/821")
    assert [p.label for p in document.articles()] == ["Article 1", "Article 2", "Article 3", "Article 4", "Article 5"]
    assert labels(document) == [
        "Recital (1)", "Recital (2)",
        "Chapter I", "Article 1", "Article 2", "Article 2(1)", "Article 2(2)", "Article 2(2)(a)", "Article 2(2)(b)",
        "Article 2(3)",
        "Chapter II", "Article 3", "Article 3(1)", "Article 3(2)",
        "Article 4", "Article 4(1)", "Article 4(1)(a)", "Article 4(1)(b)", "Article 4(1)(b)(i)", "Article 4(1)(b)(ii)",
        "Article 4(1)(c)", "Article 4(2)",
        "Article 5",
    ]
    assert find(document, "Chapter I").heading == "SUBJECT AND DEFINITIONS"
    assert find(document, "Article 2").heading == "Definitions"
    assert find(document, "Article 5").heading == "Cyber-surveillance items"
    assert find(document, "Article 2(2)").text == "‘export’ means:"
    assert find(document, "Article 4(1)(b)(ii)").text == "use of production or test equipment for such items (placeholder);"
    assert not find(document, "Recital (1)").operative


def html(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def test_html_headings_lists_tables_and_line_breaks():
    page = html(
        "<h1>Strategic Trade Act</h1>"
        "<h2>Part 1 Preliminary</h2>"
        "<div>A division with text of its own</div>"
        "<div><p>First paragraph.</p><p>Second paragraph.</p></div>"
        "<ol type='a'><li>the first item;</li><li>the second item;</li></ol>"
        "<ol start='4'><li>Fourth.</li><li value='9'>Ninth.</li></ol>"
        "<ul><li>(x) an item that brings its own marker</li></ul>"
        "<table><tr><th>Term</th><th>Meaning</th></tr><tr><td>broker</td><td>a person who <b>arranges</b> deals</td></tr></table>"
        "<p>1. The first subsection.<br>2. The second subsection,<br>which wraps here.</p>"
        "<p>Line one<br><br>Line two</p>"
        "<pre>Article 9\nPreformatted text\n\nkept in lines</pre>"
        "<p hidden>hidden text</p><p style='display: none'>invisible text</p>"
        "<div role='navigation'>Menu</div><aside>Related acts</aside>"
    )
    source = read_bytes(page.encode(), "act.html")
    rows = [(b.label, b.text, b.outline, b.table) for b in source.blocks]
    assert rows == [
        ("", "Strategic Trade Act", 1, False),
        ("", "Part 1 Preliminary", 2, False),
        ("", "A division with text of its own", 0, False),
        ("", "First paragraph.", 0, False),
        ("", "Second paragraph.", 0, False),
        ("a.", "the first item;", 0, False),
        ("b.", "the second item;", 0, False),
        ("4.", "Fourth.", 0, False),
        ("9.", "Ninth.", 0, False),
        ("", "(x) an item that brings its own marker", 0, False),
        ("", "Term\tMeaning", 0, True),
        ("", "broker\ta person who arranges deals", 0, True),
        ("", "1. The first subsection.", 0, False),
        ("", "2. The second subsection, which wraps here.", 0, False),
        ("", "Line one", 0, False),
        ("", "Line two", 0, False),
        ("", "Article 9 Preformatted text", 0, False),
        ("", "kept in lines", 0, False),
    ]
    assert source.metadata["title"] == "Strategic Trade Act"


def test_html_layout_table_is_read_as_content():
    """A whole page laid out in a table: the cells' paragraphs are blocks, not one long row."""
    page = html(
        "<table><tr><td class='menu'><p>Contents</p></td><td>"
        "<p>Section 1 Short title</p><p>This Act is the Strategic Trade Act.</p>"
        "<table><tr><td>(a)</td><td>point a;</td></tr><tr><td>(b)</td><td>point b.</td></tr></table>"
        "</td></tr></table>"
    )
    assert texts(read_bytes(page.encode(), "layout.html")) == [
        "Contents", "Section 1 Short title", "This Act is the Strategic Trade Act.", "(a) point a;", "(b) point b."]


def test_eurlex_consolidated_grid_lists_are_points():
    page = html(
        '<p class="title-article-norm">Article 4</p>'
        '<div class="norm">1. An authorisation is required:'
        '<div class="grid-container grid-list"><div class="list grid-list-column-1"><span>(a)</span></div>'
        '<div class="grid-list-column-2"><p class="norm">for the first case;</p></div></div>'
        '<div class="grid-container grid-list"><div class="list grid-list-column-1"><span>(b)</span></div>'
        '<div class="grid-list-column-2"><p class="norm">for the second case.</p></div></div></div>'
    )
    source = read_bytes(page.encode(), "consolidated.html")
    assert texts(source) == ["Article 4", "1. An authorisation is required:", "(a) for the first case;", "(b) for the second case."]
    assert labels(build_document(source)) == ["Article 4", "Article 4(1)", "Article 4(1)(a)", "Article 4(1)(b)"]


def test_eurlex_current_oj_classes():
    """The Official Journal's current markup: the same layout with 'oj-' class names."""
    page = html(
        '<table class="oj-table"><tr><td><p class="oj-hd-date">6.2.2024</p></td><td><p class="oj-hd-lg">EN</p></td>'
        '<td><p class="oj-hd-ti">Official Journal of the European Union</p></td><td><p class="oj-hd-oj">L series</p></td></tr></table>'
        '<p class="oj-doc-ti">COMMISSION DELEGATED REGULATION (EU) 2024/1</p><p class="oj-doc-ti">of 1 January 2024</p>'
        '<p class="oj-normal">THE EUROPEAN COMMISSION,</p>'
        '<div class="eli-subdivision" id="art_1"><p class="oj-ti-art">Article 1</p><div class="eli-title"><p class="oj-sti-art">Amendment</p></div>'
        '<p class="oj-normal">The control list is amended as follows:</p>'
        '<table width="100%" border="0" cellspacing="0" cellpadding="0"><col width="4%"/><col width="96%"/><tbody><tr>'
        '<td valign="top"><p class="oj-normal">(1)</p></td><td valign="top"><p class="oj-normal">entry 1A001 is replaced;</p></td>'
        '</tr></tbody></table></div>'
        '<p class="oj-note">(<a href="#ntc1">1</a>) OJ L 206, 11.6.2021, p. 1.</p>'
    )
    source = read_bytes(page.encode(), "oj.html")
    assert texts(source) == ["COMMISSION DELEGATED REGULATION (EU) 2024/1", "of 1 January 2024", "THE EUROPEAN COMMISSION,",
                             "Article 1", "Amendment", "The control list is amended as follows:", "(1) entry 1A001 is replaced;"]
    assert source.metadata["title"] == "COMMISSION DELEGATED REGULATION (EU) 2024/1 of 1 January 2024"
    assert labels(build_document(source)) == ["Article 1", "Article 1(1)"]


def test_xhtml_with_xml_declaration_and_namespace():
    page = ('<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>T</title></head>'
            '<body><p>Article 1</p><p>Scope</p><p>This Act applies to exports.</p><p>Article 2</p><p>It applies now.</p></body></html>')
    source = read_bytes(page.encode("utf-8"), "act.xhtml")
    assert texts(source) == ["Article 1", "Scope", "This Act applies to exports.", "Article 2", "It applies now."]
    assert labels(build_document(source)) == ["Article 1", "Article 2"]


def test_html_in_windows_1252_is_decoded():
    page = html("<p>Article 1</p><p>The exporter’s licence – “dual-use” items cost 10 €.</p>")
    source = read_bytes(page.encode("cp1252"), "old.htm")
    assert texts(source)[1] == "The exporter’s licence – “dual-use” items cost 10 €."


def test_html_with_only_chrome_has_no_text():
    page = html("<nav>Home</nav><script>var x = 1;</script><footer>© 2024</footer>")
    with pytest.raises(DraftingError) as caught:
        read_bytes(page.encode(), "chrome.html")
    assert caught.value.message == "chrome.html contains no readable text: there is nothing to compare."


# --- plain text -------------------------------------------------------------------------------------


def test_official_act_text_from_the_shared_corpus(reg_2021_821):
    source = read_bytes(reg_2021_821.read_bytes(), reg_2021_821.name)
    assert source.format == "txt"
    assert source.metadata["celex"] == "32021R0821"
    assert source.metadata["title"].startswith("Regulation (EU) 2021/821")
    everything = "\n".join(texts(source))
    assert "[^" not in everything and "# MISSING" not in everything and "# title:" not in everything
    assert any("missing" in n for n in source.notes) and any("footnote" in n for n in source.notes)
    document = build_document(source)
    assert [p.label for p in document.articles()] == [f"Article {n}" for n in range(1, 33)]
    assert find(document, "Article 2(1)").text.startswith("‘dual-use items’ means items, including software and technology")
    assert "Article 4(1)(b)(iii)" in labels(document)
    assert find(document, "Article 4(1)").text.startswith("An authorisation shall be required for the export of dual-use items")


def test_each_official_act_in_the_shared_corpus_is_read_into_articles():
    from tests.conftest import SHARED

    files = sorted((SHARED / "eu").glob("*.txt")) if (SHARED / "eu").exists() else []
    acts = [f for f in files if f.name != "README.txt"]
    if not acts:
        pytest.skip("the shared EU corpus is not available")
    import re

    for path in acts:
        printed = re.findall(r"^Article (\d+[a-z]?)$", path.read_text(encoding="utf-8"), re.M)
        document = build_document(read_bytes(path.read_bytes(), path.name))
        assert document.structured, path.name
        assert [p.number for p in document.articles()] == printed, path.name


WRAPPED = """\
STRATEGIC TRADE BILL 2025
The Parliament enacts as follows:

Article 1
Definitions
For the purposes of this Act, the terms defined in this Article have the
meanings given to them, and any mention of a Regulation refers to
Regulation (EU) 2021/821 as amended from time to time:
(a) 'dual-use items' means items, including software and technology,
which can be used for both civil and military purposes, and includes
goods which can be used for the manufacture of nuclear weapons;
(b) 'export' means an export procedure within the meaning of the Customs
Code, including the re-export of goods and the transmission of dual-
use software or technology by electronic media.

Article 2
Authorisation
1. An authorisation shall be required for the export of the items listed
in the Schedule, and the Licensing Office shall decide on the authori-
sation within the period laid down in Article 4 or, where it applies,
Article 5.
2. The Minister may by order extend the requirement in paragraph 1 to
items that are not listed.

Article 3
Penalties
A person who exports items without the authorisation required by
Article 2 commits an offence.
"""


def test_hard_wrapped_text_is_joined_into_paragraphs():
    assert max(len(line) for line in WRAPPED.splitlines()) <= 72
    source = read_bytes(WRAPPED.encode(), "wrapped.txt")
    assert texts(source) == [
        "STRATEGIC TRADE BILL 2025",
        "The Parliament enacts as follows:",
        "Article 1",
        "Definitions",
        "For the purposes of this Act, the terms defined in this Article have the meanings given to them, and any "
        "mention of a Regulation refers to Regulation (EU) 2021/821 as amended from time to time:",
        "(a) 'dual-use items' means items, including software and technology, which can be used for both civil and "
        "military purposes, and includes goods which can be used for the manufacture of nuclear weapons;",
        "(b) 'export' means an export procedure within the meaning of the Customs Code, including the re-export of "
        "goods and the transmission of dual-use software or technology by electronic media.",
        "Article 2",
        "Authorisation",
        "1. An authorisation shall be required for the export of the items listed in the Schedule, and the Licensing "
        "Office shall decide on the authorisation within the period laid down in Article 4 or, where it applies, "
        "Article 5.",
        "2. The Minister may by order extend the requirement in paragraph 1 to items that are not listed.",
        "Article 3",
        "Penalties",
        "A person who exports items without the authorisation required by Article 2 commits an offence.",
    ]
    document = build_document(source)
    assert labels(document) == ["Article 1", "Article 1(a)", "Article 1(b)", "Article 2", "Article 2(1)", "Article 2(2)",
                                "Article 3"]
    assert find(document, "Article 2").heading == "Authorisation"
    assert find(document, "Article 3").text == "A person who exports items without the authorisation required by Article 2 commits an offence."


def test_text_in_utf16_and_windows_1252_is_read():
    text = "Article 1\n\nThe exporter’s licence covers “dual-use” items worth 10 000 €.\n"
    for encoding, data in (("utf-16", text.encode("utf-16")), ("utf-16-le without a mark", text.encode("utf-16-le")),
                           ("cp1252", text.encode("cp1252"))):
        source = read_bytes(data, "draft.txt")
        assert texts(source) == ["Article 1", "The exporter’s licence covers “dual-use” items worth 10 000 €."], encoding


def test_paginated_text_loses_its_running_header_and_page_numbers():
    pages = [
        "Article 1\n\nThis Act applies to the export of strategic goods.",
        "Article 2\n\nAn exporter shall hold a licence.",
        "Article 3\n\nThe Minister may exempt goods of low value.",
    ]
    text = "\f".join(f"Strategic Trade Bill - draft of 3 May\n\n{body}\n\n- {n} -\n" for n, body in enumerate(pages, 1))
    source = read_bytes(text.encode(), "printed.txt")
    assert texts(source) == ["Article 1", "This Act applies to the export of strategic goods.", "Article 2",
                             "An exporter shall hold a licence.", "Article 3", "The Minister may exempt goods of low value."]
    assert any("6 running header, footer or page-number" in n for n in source.notes)


def test_text_with_repeated_figures_is_not_taken_for_pages():
    text = "Section 1\n\nThe fee is set out below.\n\n0\n\n0\n\n0\n"
    assert texts(read_bytes(text.encode(), "fees.txt")) == ["Section 1", "The fee is set out below.", "0", "0", "0"]


def test_a_text_draft_that_quotes_a_tag_stays_text():
    """Found by the fuzz test: 'Section 3. <!DOCTYPE HTML' in a .txt was read as a web page and lost its words."""
    source = read_bytes(b"Section 3. <!DOCTYPE HTML\n\nSection 4. Licences shall be refused.", "bill.txt")
    assert source.format == "txt"
    assert "<!DOCTYPE HTML" in "\n".join(texts(source))


def test_a_page_named_html_is_markup_even_without_a_doctype():
    source = read_bytes(b"<p>Section 1. Export licences shall be required.</p>", "bill.html")
    assert source.format == "html"
    assert "<p>" not in "\n".join(texts(source))
