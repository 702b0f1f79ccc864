"""Word automatic numbering and tracked changes, read through `drafting.ooxml`.

The fixtures come from tests/fixtures/build_numbering_docx.py, which also states, by hand,
what Word shows for each of them. The unit tests check `drafting.ooxml` and the .docx reader
against those statements and against small inline WordprocessingML; the `office` test has
LibreOffice accept the tracked changes, print each fixture as text and checks, paragraph by
paragraph, that our numbers and accepted text are the ones it prints.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
from pathlib import Path

import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from drafting import ooxml
from drafting.ingest import read_bytes
from drafting.ingest.docx_reader import open_docx

from tests.conftest import ROOT, require_tool
from tests.fixtures import build_numbering_docx as fx

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
NAMES = [make().name for make in fx.FIXTURES]


@pytest.fixture(scope="module")
def fixture_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("numbering_fixtures")
    paths = fx.build_all(folder)
    assert [p.stem for p in paths] == NAMES
    return folder


def _read(folder: Path, name: str):
    return read_bytes((folder / f"{name}.docx").read_bytes(), f"{name}.docx")


def _paragraphs(folder: Path, name: str) -> list:
    return ooxml.body_paragraphs(open_docx((folder / f"{name}.docx").read_bytes(), name).element)


# --- number formats --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "n, fmt, shown",
    [
        (1, "decimal", "1"), (42, "decimal", "42"),
        (1, "lowerLetter", "a"), (26, "lowerLetter", "z"), (27, "lowerLetter", "aa"), (28, "lowerLetter", "bb"),
        (52, "lowerLetter", "zz"), (53, "lowerLetter", "aaa"), (3, "upperLetter", "C"), (29, "upperLetter", "CC"),
        (1, "lowerRoman", "i"), (4, "lowerRoman", "iv"), (9, "lowerRoman", "ix"), (14, "lowerRoman", "xiv"),
        (40, "lowerRoman", "xl"), (90, "lowerRoman", "xc"), (400, "lowerRoman", "cd"), (1994, "lowerRoman", "mcmxciv"),
        (3999, "upperRoman", "MMMCMXCIX"), (19, "upperRoman", "XIX"),
        (5, "decimalZero", "05"), (12, "decimalZero", "12"),
        (1, "ordinal", "1st"), (2, "ordinal", "2nd"), (3, "ordinal", "3rd"), (4, "ordinal", "4th"), (11, "ordinal", "11th"),
        (12, "ordinal", "12th"), (13, "ordinal", "13th"), (21, "ordinal", "21st"), (102, "ordinal", "102nd"), (111, "ordinal", "111th"),
        (3, "cardinalText", "Three"), (13, "cardinalText", "Thirteen"), (21, "cardinalText", "Twenty-one"),
        (100, "cardinalText", "One hundred"), (345, "cardinalText", "Three hundred forty-five"),
        (2, "ordinalText", "Second"), (12, "ordinalText", "Twelfth"), (20, "ordinalText", "Twentieth"),
        (23, "ordinalText", "Twenty-third"), (100, "ordinalText", "One hundredth"),
        (7, "decimalEnclosedParen", "(7)"),
    ],
)
def test_format_number(n, fmt, shown):
    assert ooxml.format_number(n, fmt) == shown


def test_roman_and_letters_helpers():
    assert [ooxml.to_roman(n) for n in (1, 2, 3, 5, 8, 10, 49, 50, 99, 500, 1000)] == [
        "i", "ii", "iii", "v", "viii", "x", "xlix", "l", "xcix", "d", "m"]
    assert [ooxml.to_letters(n) for n in (1, 2, 25, 26, 27, 51, 78, 79)] == ["a", "b", "y", "z", "aa", "yy", "zzz", "aaaa"]


# --- the fixtures as Word shows them ---------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_fixture_numbers_and_accepted_text(fixture_dir, name):
    source = _read(fixture_dir, name)
    got = [(b.label, b.text) for b in source.blocks]
    assert got == fx.expected(name)


def test_fixtures_are_byte_stable(fixture_dir, tmp_path):
    again = fx.build_all(tmp_path)
    for path in again:
        assert path.read_bytes() == (fixture_dir / path.name).read_bytes(), path.name


def test_tracked_changes_flagged_only_where_present(fixture_dir):
    tracked = _read(fixture_dir, "tracked")
    assert tracked.tracked_changes and any("tracked changes" in n for n in tracked.notes)
    plain = _read(fixture_dir, "legal_list")
    assert not plain.tracked_changes and not plain.notes


def test_paragraph_marks_in_tracked_fixture(fixture_dir):
    paras = _paragraphs(fixture_dir, "tracked")
    texts = [ooxml.paragraph_text(p) for p in paras]
    # 0 insertion/deletion, 1 mark deleted (merge), 4 deleted whole, 7 moved away, 9 moved here
    assert texts[0] == "The Minister shall promptly publish the list."
    assert ooxml.paragraph_mark_deleted(paras[1]) and not ooxml.paragraph_deleted_entirely(paras[1])
    assert texts[1] == "This sentence was split "
    assert ooxml.paragraph_deleted_entirely(paras[4]) and texts[4] == ""
    assert ooxml.paragraph_mark_deleted(paras[7]) and texts[7] == ""
    assert not ooxml.paragraph_mark_deleted(paras[9]) and texts[9] == "This paragraph was moved."
    assert not any(ooxml.paragraph_mark_deleted(p) for i, p in enumerate(paras) if i not in (1, 4, 7))


# --- numbering on inline XML -----------------------------------------------------------------------

STYLES = f"""<w:styles {W}>
  <w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="Clause"><w:name w:val="Clause"/>
    <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="SubClause"><w:name w:val="Sub Clause"/>
    <w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
</w:styles>"""


def _numbering(abstracts: str, nums: str) -> ooxml.Numbering:
    styles = ooxml.Styles(parse_xml(STYLES))
    return ooxml.Numbering(parse_xml(f"<w:numbering {W}>{abstracts}{nums}</w:numbering>"), styles)


def _p(num_id=None, ilvl=None, style=None, text="x") -> object:
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num_id is not None or ilvl is not None:
        ppr += "<w:numPr>" + (f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else "")
        ppr += (f'<w:numId w:val="{num_id}"/>' if num_id is not None else "") + "</w:numPr>"
    return parse_xml(f"<w:p {W}><w:pPr>{ppr}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")


def test_style_linked_level_decides_the_level():
    """A level naming the style (w:pStyle in w:lvl) is the style's level, even against the
    style's own w:ilvl (ECMA-376 17.9.23); a direct w:ilvl on the paragraph still wins."""
    numbering = _numbering(
        fx.abstract(1, [fx.level(0, "decimal", "%1."), fx.level(1, "lowerLetter", "(%2)", pstyle="SubClause"),
                        fx.level(2, "lowerRoman", "(%3)", pstyle="Clause")]),
        fx.num(1, 1),
    )
    labels = [numbering.label(p) for p in (_p(1, 0), _p(style="SubClause"), _p(style="Clause"), _p(style="Clause"),
                                           _p(style="SubClause"), _p(1, 0, style="Clause"))]
    assert labels == ["1.", "(a)", "(i)", "(ii)", "(b)", "2."]


def test_numid_zero_and_unknown_numbers_show_nothing():
    numbering = _numbering(fx.abstract(1, [fx.level(0, "decimal", "%1.")]), fx.num(1, 1))
    assert numbering.label(_p(0, 0, style="Clause")) == ""
    assert numbering.label(_p(99, 0)) == ""  # no such w:num
    assert numbering.label(_p(1, 5)) == ""  # no such level
    assert numbering.label(_p(style="Clause")) == "1."
    assert numbering.label(_p()) == ""


def test_two_nums_on_one_definition_continue_in_word():
    """Word counts per abstract definition: a second w:num without override continues. (LibreOffice
    restarts; the fixtures avoid this case, see build_numbering_docx.py.)"""
    numbering = _numbering(fx.abstract(1, [fx.level(0, "decimal", "%1.")]), fx.num(1, 1) + fx.num(2, 1) + fx.num(3, 1, fx.start_override(0, 7)))
    assert [numbering.label(p) for p in (_p(1, 0), _p(1, 0), _p(2, 0), _p(3, 0), _p(3, 0))] == ["1.", "2.", "3.", "7.", "8."]


def test_level_formats_none_bullet_and_literal_text():
    numbering = _numbering(
        fx.abstract(1, [fx.level(0, "none", ""), fx.level(1, "decimal", "Clause %1%2:"), fx.level(2, "bullet", "\uf0b7")])
        + fx.abstract(2, [fx.level(0, "upperLetter", "Schedule %1"), fx.level(1, "decimal", "%1-%2")]),
        fx.num(1, 1) + fx.num(2, 2),
    )
    assert numbering.label(_p(1, 0)) == ""
    assert numbering.label(_p(1, 1)) == "Clause 1:"  # a 'none' level shows nothing, even inside another label
    assert numbering.label(_p(1, 2)) == "•"
    assert [numbering.label(_p(2, lv)) for lv in (0, 1, 1, 0, 1)] == ["Schedule A", "A-1", "A-2", "Schedule B", "B-1"]


def test_legal_numbering_shows_every_level_as_decimal():
    numbering = _numbering(
        fx.abstract(1, [fx.level(0, "upperRoman", "Part %1"), fx.level(1, "lowerLetter", "%1.%2", legal=True)]), fx.num(1, 1))
    assert [numbering.label(_p(1, lv)) for lv in (0, 0, 1, 1)] == ["Part I", "Part II", "2.1", "2.2"]


def test_outline_level_and_style_names():
    styles = ooxml.Styles(parse_xml(STYLES))
    assert ooxml.paragraph_style_info(_p(style="Heading1"), styles).outline == 1
    assert ooxml.paragraph_style_info(_p(style="Clause"), styles).name == "Clause"
    assert ooxml.paragraph_style_info(_p(), styles) == ooxml.StyleInfo(name="Normal", outline=0)


# --- accepted text on inline XML -------------------------------------------------------------------


def _para(inner: str):
    return parse_xml(f'<w:p {W} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">{inner}</w:p>')


R = lambda text, rpr="": f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'  # noqa: E731


@pytest.mark.parametrize(
    "inner, text",
    [
        (R("a") + f'<w:ins w:id="1" w:author="x">{R("b")}</w:ins>' + f'<w:del w:id="2" w:author="x"><w:r><w:delText>c</w:delText></w:r></w:del>', "ab"),
        (f'<w:moveFrom w:id="1" w:author="x">{R("gone")}</w:moveFrom><w:moveTo w:id="2" w:author="x">{R("here")}</w:moveTo>', "here"),
        (f'<w:hyperlink><w:r><w:t>link</w:t></w:r></w:hyperlink><w:smartTag w:uri="u" w:element="e">{R(" tag")}</w:smartTag>', "link tag"),
        (f'<w:sdt><w:sdtPr/><w:sdtContent>{R("control")}</w:sdtContent></w:sdt>{R(" after")}', "control after"),
        (f'<w:fldSimple w:instr=" SEQ x ">{R("4")}</w:fldSimple>', "4"),
        # nested complex fields: only the outer result shows
        ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> IF </w:instrText></w:r>'
         '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
         '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + R("9") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
         '<w:r><w:instrText> = 1 "a" "b" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
         + R("result") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>', "result"),
        (R("shown") + R(" hidden", "<w:vanish/>") + R(" not hidden", '<w:vanish w:val="0"/>'), "shown not hidden"),
        ('<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:br w:type="page"/><w:t>d</w:t><w:cr/><w:t>e</w:t></w:r>', "a\tb cd e"),
        ('<w:r><w:t>non</w:t><w:noBreakHyphen/><w:t>listed hy</w:t><w:softHyphen/><w:t>phen</w:t>'
         '<w:sym w:font="Symbol" w:char="00A7"/></w:r>', "non-listed hyphen§"),
    ],
)
def test_paragraph_text_accepts_changes(inner, text):
    assert ooxml.paragraph_text(_para(inner)) == text


def test_text_box_paragraphs_counted_once():
    body = f"""<w:document {W} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>
      <w:p><w:r><w:t>Before</w:t></w:r></w:p>
      <w:p><w:r><mc:AlternateContent>
        <mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>Box</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>
        <mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Box</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback>
      </mc:AlternateContent></w:r><w:r><w:t>Anchor</w:t></w:r></w:p>
      <w:tbl><w:tr><w:tc><w:p><w:r><w:t>Cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
    </w:body></w:document>"""
    paras = ooxml.body_paragraphs(parse_xml(body))
    assert [ooxml.paragraph_text(p) for p in paras] == ["Before", "Anchor", "Box", "Cell"]
    assert ooxml.in_table(paras[3]) and not ooxml.in_table(paras[2])


# --- splitting runs for comment anchors ------------------------------------------------------------

FORMATTED = (
    R("The Minister ", "<w:b/>")
    + '<w:ins w:id="1" w:author="x">' + R("shall promptly ", '<w:i/><w:u w:val="single"/>') + "</w:ins>"
    + '<w:r><w:rPr><w:color w:val="FF0000"/></w:rPr><w:t>publish</w:t><w:tab/><w:t xml:space="preserve">the list</w:t></w:r>'
    + '<w:del w:id="2" w:author="x"><w:r><w:delText> at once</w:delText></w:r></w:del>'
    + R(".", "<w:b/>")
)


def _rpr_key(run) -> bytes:
    from lxml import etree

    rpr = run.find(qn("w:rPr"))
    return b"" if rpr is None else etree.tostring(rpr, method="c14n")


@pytest.mark.parametrize("start, end", [(4, 22), (0, 13), (13, 27), (14, 35), (30, 31), (0, 44), (27, 28), (5, 5)])
def test_isolate_runs_covers_exactly_and_keeps_formatting(start, end):
    p = _para(FORMATTED)
    text, slices = ooxml.paragraph_runs(p)
    assert text == "The Minister shall promptly publish\tthe list."
    formats_before = [_rpr_key(text_run.run) for text_run in slices for _ in range(text_run.end - text_run.start)]
    parents_before = [text_run.run.getparent().tag for text_run in slices for _ in range(text_run.end - text_run.start)]
    runs = ooxml.isolate_runs(p, start, end)
    text_after, slices_after = ooxml.paragraph_runs(p)
    assert text_after == text  # nothing gained, nothing lost
    assert "".join(ooxml._run_text(r, []) for r in runs) == text[start:end]
    formats_after = [_rpr_key(s.run) for s in slices_after for _ in range(s.end - s.start)]
    parents_after = [s.run.getparent().tag for s in slices_after for _ in range(s.end - s.start)]
    assert formats_after == formats_before  # every character keeps its formatting
    assert parents_after == parents_before  # and stays inside its tracked insertion
    assert p.find(qn("w:del")).findtext(f".//{qn('w:delText')}") == " at once"
    if start < end:
        first = next(s for s in slices_after if s.run is runs[0])
        last = next(s for s in slices_after if s.run is runs[-1])
        assert first.start == start and last.end == end


def test_split_run_keeps_breaks_and_leading_spaces():
    p = _para('<w:r><w:rPr><w:b/></w:rPr><w:t>Part one</w:t><w:br w:type="page"/><w:t xml:space="preserve"> and two</w:t></w:r>')
    run = p.find(qn("w:r"))
    right = ooxml.split_run(run, 8)
    assert ooxml.paragraph_text(p) == "Part one and two"
    assert run.find(qn("w:rPr")) is not None and right.find(qn("w:rPr")) is not None
    assert len(p.findall(f".//{qn('w:br')}")) == 1  # the page break survives the split
    again = ooxml.split_run(right, 1)
    t = again.find(qn("w:t"))
    assert t.text == "and two" and ooxml._run_text(right, []) == " "
    assert right.find(qn("w:t")).get(qn("xml:space")) == "preserve"


def test_isolate_runs_on_fixture_paragraph(fixture_dir):
    paras = _paragraphs(fixture_dir, "tracked")
    p = paras[0]
    text = ooxml.paragraph_text(p)
    start, end = text.index("shall"), text.index(" the list")
    runs = ooxml.isolate_runs(p, start, end)
    assert [ooxml._run_text(r, []) for r in runs] == ["shall ", "promptly ", "publish"]
    assert [r.getparent().tag for r in runs] == [qn("w:p"), qn("w:ins"), qn("w:p")]
    assert ooxml.paragraph_text(p) == text


# --- LibreOffice -----------------------------------------------------------------------------------

ACCEPT_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub AcceptAll(inDir As String, outDir As String)
  On Error GoTo Failed
  Dim names(500) As String
  Dim n As Integer
  Dim f As String
  n = 0
  f = Dir(inDir &amp; "/*.docx")
  Do While f &lt;&gt; ""
    names(n) = f
    n = n + 1
    f = Dir()
  Loop
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = "Hidden"
  args(0).Value = True
  Dim outArgs(1) As New com.sun.star.beans.PropertyValue
  outArgs(0).Name = "FilterName"
  outArgs(0).Value = "Text (encoded)"
  outArgs(1).Name = "FilterOptions"
  outArgs(1).Value = "UTF8"
  dispatcher = createUnoService("com.sun.star.frame.DispatchHelper")
  Dim i As Integer
  For i = 0 To n - 1
    f = names(i)
    doc = StarDesktop.loadComponentFromURL(ConvertToURL(inDir &amp; "/" &amp; f), "_blank", 0, args())
    dispatcher.executeDispatch(doc.getCurrentController().getFrame(), ".uno:AcceptAllTrackedChanges", "", 0, Array())
    doc.storeToURL(ConvertToURL(outDir &amp; "/" &amp; Left(f, Len(f) - 5) &amp; ".txt"), outArgs())
    doc.close(True)
  Next i
Failed:
  StarDesktop.terminate()
End Sub
</script:module>
"""


def _run_office(cmd: list[str], timeout: float) -> subprocess.CompletedProcess:
    """Run soffice in its own process group, so that a hung instance is ended whole."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"LibreOffice did not finish within {timeout:.0f} s: {' '.join(cmd)}")
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def libreoffice_accepted_text(soffice: str, in_dir: Path, out_dir: Path, profile: Path) -> dict[str, list[str]]:
    """Every .docx of `in_dir` as LibreOffice prints it once all tracked changes are accepted.

    `soffice --convert-to txt` prints deletions as if they were text, so a one-off Basic macro
    in a private profile (parallel runs do not share it) accepts the changes, then exports.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    env = ["-env:UserInstallation=" + profile.as_uri(), "--headless", "--norestore", "--nologo"]
    _run_office([soffice, *env, "--terminate_after_init"], timeout=120)
    basic = profile / "user" / "basic" / "Standard"
    assert (basic / "Module1.xba").exists(), "LibreOffice did not create its profile"
    (basic / "Module1.xba").write_text(ACCEPT_MACRO, encoding="utf-8")
    done = _run_office([soffice, *env, f'macro:///Standard.Module1.AcceptAll("{in_dir}","{out_dir}")'], timeout=180)
    printed = {}
    for docx_path in sorted(in_dir.glob("*.docx")):
        txt = out_dir / f"{docx_path.stem}.txt"
        assert txt.exists(), f"LibreOffice printed nothing for {docx_path.name}: {done.stderr.decode(errors='replace')}"
        lines = txt.read_text(encoding="utf-8-sig").splitlines()
        printed[docx_path.stem] = [ln.strip() for ln in lines if ln.strip()]
    return printed


def _norm(s: str) -> str:
    """Characters LibreOffice's text export spells its own way: U+2011 for Word's non-breaking
    hyphen, U+00AD for an optional hyphen; tabs and runs of spaces."""
    s = s.replace("\u2011", "-").replace("\u00ad", "").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", s).strip()


def _lines_we_expect(blocks) -> list[tuple[str, str, int]]:
    """(label, text, index of the block) for each line LibreOffice prints: a table row prints one
    line per non-empty cell."""
    out = []
    for i, b in enumerate(blocks):
        if b.table:
            out += [("", cell, i) for cell in b.text.split("\t") if cell.strip()]
        else:
            out.append((b.label, b.text, i))
    return out


@pytest.mark.office
def test_libreoffice_prints_our_numbers_and_accepted_text(fixture_dir, tmp_path):
    soffice = require_tool("soffice", "libreoffice")
    in_dir = tmp_path / "in"
    in_dir.mkdir()
    for name in NAMES:
        (in_dir / f"{name}.docx").write_bytes((fixture_dir / f"{name}.docx").read_bytes())
    demo = ROOT / "corpora" / "demo_draft.docx"
    if demo.exists():
        (in_dir / "demo_draft.docx").write_bytes(demo.read_bytes())
    printed = libreoffice_accepted_text(soffice, in_dir, tmp_path / "out", tmp_path / "profile")

    problems = []
    compared = numbered = 0
    for stem, lines in printed.items():
        source = read_bytes((in_dir / f"{stem}.docx").read_bytes(), f"{stem}.docx")
        expected = _lines_we_expect(source.blocks)
        excluded = fx.OFFICE_EXCLUDED.get(stem, {})
        if len(lines) != len(expected):
            problems.append(f"{stem}: LibreOffice printed {len(lines)} lines, we read {len(expected)}")
            continue
        for line, (label, text, index) in zip(lines, expected):
            compared += 1
            numbered += bool(label)
            if index in excluded:  # a known LibreOffice divergence: compare the words only
                if not _norm(line).endswith(_norm(text)):
                    problems.append(f"{stem} #{index}: text {line!r} != {text!r}")
                continue
            want = _norm(f"{label} {text}" if label else text)
            if _norm(line) != want:
                problems.append(f"{stem} #{index}: LibreOffice {line!r}, we read {want!r}")
    assert not problems, "\n".join(problems)
    assert compared > 150 and numbered > 100, (compared, numbered)
