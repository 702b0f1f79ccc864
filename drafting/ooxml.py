"""All raw WordprocessingML (OOXML) handling, in one place.

python-docx gives us the package, the parts and their parsed XML; what it does not do is
here, behind a small API:

- `body_paragraphs(doc)`: the paragraphs of the body in document order (tables included); the
  index of a paragraph in this list is how the rest of the program refers to it;
- `paragraph_text(p)` / `paragraph_runs(p)`: the text of a paragraph as it reads with tracked
  changes accepted (insertions kept, deletions dropped, field results shown, field codes
  hidden), and the runs that carry each stretch of it;
- `Numbering`: Word's automatic numbering resolved into the labels Word displays;
- `paragraph_style_info(p, ...)`: style name and heading level;
- `has_tracked_changes(doc)`, `paragraph_mark_deleted(p)`;
- `isolate_runs(p, start, end)`: split runs so that a range of the accepted text is covered by
  whole runs (formatting kept), for anchoring a comment on exactly those words.

Namespaces and tags are spelled out once below. Nothing here knows about law.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from docx.oxml.ns import qn

W_P = qn("w:p")
W_R = qn("w:r")
W_T = qn("w:t")
W_TAB = qn("w:tab")
W_BR = qn("w:br")
W_CR = qn("w:cr")
W_SYM = qn("w:sym")
W_NOBREAKHYPHEN = qn("w:noBreakHyphen")
W_SOFTHYPHEN = qn("w:softHyphen")
W_FLDCHAR = qn("w:fldChar")
W_INSTRTEXT = qn("w:instrText")
W_DELTEXT = qn("w:delText")
W_INS = qn("w:ins")
W_DEL = qn("w:del")
W_MOVEFROM = qn("w:moveFrom")
W_MOVETO = qn("w:moveTo")
W_PPR = qn("w:pPr")
W_RPR = qn("w:rPr")
W_PSTYLE = qn("w:pStyle")
W_NUMPR = qn("w:numPr")
W_NUMID = qn("w:numId")
W_ILVL = qn("w:ilvl")
W_OUTLINELVL = qn("w:outlineLvl")
W_VANISH = qn("w:vanish")
W_VAL = qn("w:val")
W_CHAR = qn("w:char")
W_FLDCHARTYPE = qn("w:fldCharType")
W_HYPERLINK = qn("w:hyperlink")
W_SMARTTAG = qn("w:smartTag")
W_SDT = qn("w:sdt")
W_SDTCONTENT = qn("w:sdtContent")
W_FLDSIMPLE = qn("w:fldSimple")
W_CUSTOMXML = qn("w:customXml")
W_BDO = qn("w:bdo")
W_DIR = qn("w:dir")
W_TBL = qn("w:tbl")
W_TR = qn("w:tr")
W_TC = qn("w:tc")
W_BODY = qn("w:body")
W_ABSTRACTNUM = qn("w:abstractNum")
W_ABSTRACTNUMID = qn("w:abstractNumId")
W_NUM = qn("w:num")
W_LVL = qn("w:lvl")
W_START = qn("w:start")
W_NUMFMT = qn("w:numFmt")
W_LVLTEXT = qn("w:lvlText")
W_LVLRESTART = qn("w:lvlRestart")
W_ISLGL = qn("w:isLgl")
W_LVLOVERRIDE = qn("w:lvlOverride")
W_STARTOVERRIDE = qn("w:startOverride")
W_NUMSTYLELINK = qn("w:numStyleLink")
W_STYLELINK = qn("w:styleLink")
W_STYLE = qn("w:style")
W_STYLEID = qn("w:styleId")
W_TYPE = qn("w:type")
W_NAME = qn("w:name")
W_BASEDON = qn("w:basedOn")
W_PPRCHANGE = qn("w:pPrChange")
W_RPRCHANGE = qn("w:rPrChange")
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"

# Containers whose content is part of the paragraph's text.
TRANSPARENT = {W_INS, W_MOVETO, W_HYPERLINK, W_SMARTTAG, W_SDTCONTENT, W_FLDSIMPLE, W_CUSTOMXML, W_BDO, W_DIR}
# Containers whose content is gone once changes are accepted.
DELETED = {W_DEL, W_MOVEFROM}
TRACKED = (W_INS, W_DEL, W_MOVEFROM, W_MOVETO, W_PPRCHANGE, W_RPRCHANGE)


# --- paragraphs and their accepted text ---------------------------------------------------------


def body_paragraphs(document_element) -> list:
    """Every `w:p` of the body in document order, table cells and text boxes included.

    A text box is stored twice, as a drawing (`mc:Choice`) and as its VML fallback
    (`mc:Fallback`); only the first copy counts.
    """
    body = document_element.find(W_BODY)
    if body is None:
        return []
    fallback = {p for fb in body.iter(MC_FALLBACK) for p in fb.iter(W_P)}  # the set keeps the proxies alive
    return [p for p in body.iter(W_P) if p not in fallback] if fallback else list(body.iter(W_P))


@dataclass
class RunSlice:
    """A run and the stretch [start, end) of the paragraph's accepted text it carries."""

    run: object
    start: int
    end: int


def paragraph_runs(p) -> tuple[str, list[RunSlice]]:
    """The accepted text of a paragraph and the runs that carry it, in order."""
    pieces: list[str] = []
    slices: list[RunSlice] = []
    field_state: list[str] = []  # a stack: "code" until the separator, then "result"
    pos = 0
    for run in _visible_runs(p):
        text = _run_text(run, field_state)
        if text:
            slices.append(RunSlice(run, pos, pos + len(text)))
            pieces.append(text)
            pos += len(text)
    return "".join(pieces), slices


def paragraph_text(p) -> str:
    """The text of a paragraph as it reads with tracked changes accepted."""
    return paragraph_runs(p)[0]


def _visible_runs(el):
    """Runs of a paragraph that survive acceptance of tracked changes, in order."""
    for child in el:
        tag = child.tag
        if tag == W_R:
            yield child
        elif tag in DELETED:
            continue
        elif tag in TRANSPARENT:
            yield from _visible_runs(child)
        elif tag == W_SDT:
            content = child.find(W_SDTCONTENT)
            if content is not None:
                yield from _visible_runs(content)


def _run_text(run, field_state: list[str]) -> str:
    """The displayed text of one run; field codes hidden, field results shown."""
    rpr = run.find(W_RPR)
    hidden = rpr is not None and rpr.find(W_VANISH) is not None and _on(rpr.find(W_VANISH))
    out: list[str] = []
    for child in run:
        tag = child.tag
        if tag == W_FLDCHAR:
            kind = child.get(W_FLDCHARTYPE)
            if kind == "begin":
                field_state.append("code")
            elif kind == "separate" and field_state:
                field_state[-1] = "result"
            elif kind == "end" and field_state:
                field_state.pop()
            continue
        if "code" in field_state:  # inside a field's code, nested fields' results included
            continue
        if tag == W_T:
            out.append(child.text or "")
        elif tag == W_TAB:
            out.append("\t")
        elif tag in (W_BR, W_CR):
            out.append(" " if child.get(W_TYPE) in (None, "textWrapping") else "")
        elif tag == W_NOBREAKHYPHEN:
            out.append("-")
        elif tag == W_SYM:
            try:
                out.append(chr(int(child.get(W_CHAR, "0"), 16)))
            except (ValueError, OverflowError):
                pass
    return "" if hidden else "".join(out)


def _int(value, default: int = 0) -> int:
    """An integer attribute, or `default` when it is missing or not a number (damaged files)."""
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def _on(el) -> bool:
    """A WordprocessingML on/off property: present means on unless w:val says otherwise."""
    return el.get(W_VAL, "true").lower() not in ("0", "false", "off")


def paragraph_mark_deleted(p) -> bool:
    """Whether the paragraph mark itself is a tracked deletion (the paragraph joins the next)."""
    ppr = p.find(W_PPR)
    rpr = ppr.find(W_RPR) if ppr is not None else None
    return rpr is not None and (rpr.find(W_DEL) is not None or rpr.find(W_MOVEFROM) is not None)


def paragraph_deleted_entirely(p) -> bool:
    """A paragraph whose mark and all text are tracked deletions vanishes when accepted."""
    return paragraph_mark_deleted(p) and not paragraph_text(p).strip()


def has_tracked_changes(document_element) -> bool:
    body = document_element.find(W_BODY)
    if body is None:
        return False
    return any(True for tag in TRACKED for _ in body.iter(tag))


def in_table(p) -> bool:
    parent = p.getparent()
    while parent is not None:
        if parent.tag == W_TC:
            return True
        if parent.tag == W_BODY:
            return False
        parent = parent.getparent()
    return False


def table_cell_of(p):
    """The `w:tc` holding a paragraph, or None."""
    parent = p.getparent()
    while parent is not None and parent.tag not in (W_TC, W_BODY):
        parent = parent.getparent()
    return parent if parent is not None and parent.tag == W_TC else None


# --- styles ------------------------------------------------------------------------------------------

HEADING_NAME = re.compile(r"^heading\s*(\d)$", re.I)


@dataclass
class StyleInfo:
    name: str = ""
    outline: int = 0  # 1-9 for headings, 0 for body text


class Styles:
    """Paragraph styles of a document: names, outline levels and numbering, with inheritance."""

    def __init__(self, styles_element):
        self._by_id: dict[str, object] = {}
        if styles_element is not None:
            for st in styles_element.iter(W_STYLE):
                if st.get(W_TYPE, "paragraph") in ("paragraph", "numbering"):
                    self._by_id[st.get(W_STYLEID)] = st

    def _chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id in self._by_id and style_id not in seen:
            seen.add(style_id)
            st = self._by_id[style_id]
            yield st
            based = st.find(W_BASEDON)
            style_id = based.get(W_VAL) if based is not None else None

    def name(self, style_id: str | None) -> str:
        st = self._by_id.get(style_id or "")
        if st is None:
            return style_id or ""
        name_el = st.find(W_NAME)
        return name_el.get(W_VAL) if name_el is not None else style_id

    def outline(self, style_id: str | None) -> int:
        for st in self._chain(style_id):
            name_el = st.find(W_NAME)
            m = HEADING_NAME.match(name_el.get(W_VAL, "")) if name_el is not None else None
            if m:
                return int(m.group(1))
            ppr = st.find(W_PPR)
            lvl = ppr.find(W_OUTLINELVL) if ppr is not None else None
            if lvl is not None:
                value = _int(lvl.get(W_VAL), 9)
                return value + 1 if value < 9 else 0
        return 0

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) a style attaches to its paragraphs, following `basedOn`."""
        num_id = ilvl = None
        for st in self._chain(style_id):
            ppr = st.find(W_PPR)
            numpr = ppr.find(W_NUMPR) if ppr is not None else None
            if numpr is None:
                continue
            if num_id is None and numpr.find(W_NUMID) is not None:
                num_id = numpr.find(W_NUMID).get(W_VAL)
            if ilvl is None and numpr.find(W_ILVL) is not None:
                ilvl = _int(numpr.find(W_ILVL).get(W_VAL), 0)
        return num_id, ilvl

    def style_with_num_id(self, style_id: str) -> str | None:
        """numId of a numbering style (used by `w:numStyleLink`)."""
        st = self._by_id.get(style_id)
        if st is None:
            return None
        ppr = st.find(W_PPR)
        numpr = ppr.find(W_NUMPR) if ppr is not None else None
        el = numpr.find(W_NUMID) if numpr is not None else None
        return el.get(W_VAL) if el is not None else None


def paragraph_style_id(p) -> str | None:
    ppr = p.find(W_PPR)
    ps = ppr.find(W_PSTYLE) if ppr is not None else None
    return ps.get(W_VAL) if ps is not None else None


def paragraph_style_info(p, styles: Styles) -> StyleInfo:
    style_id = paragraph_style_id(p)
    outline = styles.outline(style_id)
    ppr = p.find(W_PPR)
    lvl = ppr.find(W_OUTLINELVL) if ppr is not None else None
    if lvl is not None:
        value = _int(lvl.get(W_VAL), 9)
        outline = value + 1 if value < 9 else 0
    return StyleInfo(name=styles.name(style_id) if style_id else "Normal", outline=outline)


# --- numbering ------------------------------------------------------------------------------------


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # w:lvlRestart: restart after this (1-based) level; 0 = never
    legal: bool = False  # w:isLgl: show every level as decimal
    style_id: str | None = None  # w:pStyle: the paragraph style bound to this level


@dataclass
class _NumDef:
    abstract_id: str
    overrides: dict[int, Level] = field(default_factory=dict)  # whole-level overrides
    start_overrides: dict[int, int] = field(default_factory=dict)


class Numbering:
    """Word's automatic numbering, resolved into the labels Word displays.

    Call `label(p)` for every paragraph in document order: numbering is a running count.
    Counters belong to the abstract list definition, so two `w:num` sharing one definition
    continue each other, as in Word; a `w:startOverride` restarts the count the first time
    its `w:num` is used.
    """

    def __init__(self, numbering_element, styles: Styles):
        self.styles = styles
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.style_links: dict[str, str] = {}  # abstractNumId -> numbering style it links to
        self.nums: dict[str, _NumDef] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.used_nums: set[str] = set()
        if numbering_element is None:
            return
        for an in numbering_element.iter(W_ABSTRACTNUM):
            aid = an.get(W_ABSTRACTNUMID)
            self.abstracts[aid] = {_int(lvl.get(W_ILVL), 0): _parse_level(lvl) for lvl in an.findall(W_LVL)}
            link = an.find(W_NUMSTYLELINK)
            if link is not None:
                self.style_links[aid] = link.get(W_VAL)
        for num in numbering_element.iter(W_NUM):
            ref = num.find(W_ABSTRACTNUMID)
            if ref is None:
                continue
            d = _NumDef(abstract_id=ref.get(W_VAL))
            for ov in num.findall(W_LVLOVERRIDE):
                ilvl = _int(ov.get(W_ILVL), 0)
                so = ov.find(W_STARTOVERRIDE)
                if so is not None:
                    d.start_overrides[ilvl] = _int(so.get(W_VAL), 0)
                lvl = ov.find(W_LVL)
                if lvl is not None:
                    d.overrides[ilvl] = _parse_level(lvl)
            self.nums[num.get(qn("w:numId"))] = d

    def _resolve(self, num_id: str) -> tuple[str, _NumDef] | None:
        """The abstract definition id behind a numId, following numbering-style links."""
        d = self.nums.get(num_id)
        seen = set()
        while d is not None and d.abstract_id in self.style_links and d.abstract_id not in seen:
            seen.add(d.abstract_id)
            linked_num = self.styles.style_with_num_id(self.style_links[d.abstract_id])
            linked = self.nums.get(linked_num or "")
            if linked is None:
                break
            d = _NumDef(linked.abstract_id, {**linked.overrides, **d.overrides}, {**linked.start_overrides, **d.start_overrides})
        if d is None or d.abstract_id not in self.abstracts:
            return None
        return d.abstract_id, d

    def _level(self, d: _NumDef, ilvl: int) -> Level | None:
        return d.overrides.get(ilvl) or self.abstracts[d.abstract_id].get(ilvl)

    def _levels(self, d: _NumDef) -> dict[int, Level]:
        return {**self.abstracts[d.abstract_id], **d.overrides}

    def numbering_of(self, p) -> tuple[str, int] | None:
        """(numId, ilvl) of a paragraph, from its own properties or its style; None if unnumbered."""
        ppr = p.find(W_PPR)
        numpr = ppr.find(W_NUMPR) if ppr is not None else None
        num_id = ilvl = None
        if numpr is not None:
            if numpr.find(W_NUMID) is not None:
                num_id = numpr.find(W_NUMID).get(W_VAL)
            if numpr.find(W_ILVL) is not None:
                ilvl = _int(numpr.find(W_ILVL).get(W_VAL), 0)
        style_id = paragraph_style_id(p)
        direct_ilvl = ilvl is not None
        if num_id is None or ilvl is None:
            s_num, s_ilvl = self.styles.numbering(style_id)
            num_id = num_id if num_id is not None else s_num
            ilvl = ilvl if ilvl is not None else s_ilvl
        if num_id is None or num_id == "0":
            return None
        if not direct_ilvl and style_id:
            # A level that names the paragraph's style (w:pStyle in the w:lvl) is the level of
            # that style's paragraphs, whatever w:ilvl the style carries (ECMA-376 17.9.23).
            resolved = self._resolve(num_id)
            if resolved:
                for i, lvl in sorted(self._levels(resolved[1]).items()):
                    if lvl.style_id == style_id:
                        ilvl = i
                        break
        return num_id, ilvl if ilvl is not None else 0

    def label(self, p) -> str:
        """The number Word shows before this paragraph ('' if none); advances the count."""
        found = self.numbering_of(p)
        if found is None:
            return ""
        num_id, ilvl = found
        resolved = self._resolve(num_id)
        if resolved is None:
            return ""
        aid, d = resolved
        level = self._level(d, ilvl)
        if level is None:
            return ""
        counters = self.counters.setdefault(aid, {})
        if num_id not in self.used_nums:
            self.used_nums.add(num_id)
            for lv, start in d.start_overrides.items():
                counters[lv] = start - 1
                for deeper in [k for k in counters if k > lv]:
                    del counters[deeper]
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            deeper_level = self._level(d, deeper)
            restart = deeper_level.restart if deeper_level else None
            if restart is None or (restart != 0 and ilvl < restart):
                del counters[deeper]
        if level.fmt == "bullet":
            return "•"

        def value(n: int) -> str:
            lv = self._level(d, n - 1)
            count = counters.get(n - 1, (lv.start if lv else 1))
            fmt = lv.fmt if lv else "decimal"
            if fmt == "none":
                return ""
            # w:isLgl shows every level of the label as a decimal (ECMA-376 17.9.4).
            return format_number(count, "decimal" if level.legal else fmt)

        return _substitute(level.text, value).strip()


def _parse_level(lvl) -> Level:
    def val(tag, default=None):
        el = lvl.find(tag)
        return el.get(W_VAL, default) if el is not None else default

    restart = val(W_LVLRESTART)
    is_lgl = lvl.find(W_ISLGL)
    return Level(
        start=_int(val(W_START, "0")),
        fmt=val(W_NUMFMT, "decimal") or "decimal",
        text=val(W_LVLTEXT, "") or "",
        restart=_int(restart) if restart is not None else None,
        legal=is_lgl is not None and _on(is_lgl),
        style_id=val(W_PSTYLE),
    )


def _substitute(template: str, value) -> str:
    return re.sub(r"%([1-9])", lambda m: value(int(m.group(1))), template)


ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
CARDINAL_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
                  "seventeen eighteen nineteen").split()
TENS_WORDS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
ORDINAL_ENDINGS = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth", "nine": "ninth",
                   "twelve": "twelfth"}


def cardinal_words(n: int) -> str:
    """English number words as Word spells them for w:numFmt cardinalText: 'twenty-one'."""
    if n < 20:
        return CARDINAL_WORDS[n]
    if n < 100:
        return TENS_WORDS[n // 10] + (f"-{CARDINAL_WORDS[n % 10]}" if n % 10 else "")
    if n < 1000:
        return f"{CARDINAL_WORDS[n // 100]} hundred" + (f" {cardinal_words(n % 100)}" if n % 100 else "")
    return f"{cardinal_words(n // 1000)} thousand" + (f" {cardinal_words(n % 1000)}" if n % 1000 else "")


def ordinal_words(n: int) -> str:
    """'first', 'twenty-second', 'one hundredth' (w:numFmt ordinalText)."""
    words = cardinal_words(n)
    head, sep, last = max((words.rpartition(c) for c in " -"), key=lambda t: len(t[0]))
    if last in ORDINAL_ENDINGS:
        last = ORDINAL_ENDINGS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + sep + last


def to_roman(n: int) -> str:
    if n <= 0:
        return str(n)
    out = []
    for value, numeral in ROMAN:
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def to_letters(n: int) -> str:
    """Word's letter numbering: a..z, then aa..zz, aaa.. (the letter repeated)."""
    if n <= 0:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _capitalise(words: str) -> str:
    return words[:1].upper() + words[1:]


def format_number(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return to_letters(n)
    if fmt == "upperLetter":
        return to_letters(n).upper()
    if fmt == "lowerRoman":
        return to_roman(n)
    if fmt == "upperRoman":
        return to_roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "ordinal":
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    if fmt == "cardinalText" and 0 <= n < 1_000_000:
        return _capitalise(cardinal_words(n))
    if fmt == "ordinalText" and 0 <= n < 1_000_000:
        return _capitalise(ordinal_words(n))
    if fmt in ("decimalEnclosedParen",):
        return f"({n})"
    return str(n)


# --- writing ----------------------------------------------------------------------------------------------


def shade_cell(tc, fill: str) -> None:
    """Give a table cell (`w:tc`) a background colour (hex RGB, e.g. "EDF2F8")."""
    from docx.oxml import OxmlElement

    tc_pr = tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


# --- run splitting for comment anchors --------------------------------------------------------------


def split_run(run, offset: int):
    """Split a run at a character offset of its text; returns the new right-hand run.

    Both halves keep the run's properties (`w:rPr`). Offsets count characters as
    `_run_text` produces them (a tab is one character).
    """
    right = copy.deepcopy(run)
    # Keep in `run` what lies before the offset, in `right` what lies after.
    _trim_run(run, 0, offset)
    _trim_run(right, offset, None)
    run.addnext(right)
    return right


def _trim_run(run, start: int, end: int | None) -> None:
    pos = 0
    for child in list(run):
        tag = child.tag
        if tag == W_RPR:
            continue
        length = _content_length(child)
        if not length:  # page breaks, field characters, drawings...: go with the side their position falls on
            if pos < start or (end is not None and pos >= end):
                run.remove(child)
            continue
        child_start, child_end = pos, pos + length
        keep_from = max(start, child_start)
        keep_to = min(end if end is not None else child_end, child_end)
        if keep_to <= keep_from:
            run.remove(child)
        elif tag == W_T and (keep_from > child_start or keep_to < child_end):
            text = child.text or ""
            child.text = text[keep_from - child_start : keep_to - child_start]
            child.set(qn("xml:space"), "preserve")
        pos = child_end


def _content_length(child) -> int | None:
    tag = child.tag
    if tag == W_T:
        return len(child.text or "")
    if tag in (W_TAB, W_NOBREAKHYPHEN, W_SYM):
        return 1
    if tag in (W_BR, W_CR):
        return 1 if child.get(W_TYPE) in (None, "textWrapping") else 0
    return None


def isolate_runs(p, start: int, end: int) -> list:
    """Runs that exactly cover [start, end) of the paragraph's accepted text, splitting as needed.

    Returns the run elements in order (possibly empty when the range holds no text).
    """
    _, slices = paragraph_runs(p)
    for s in slices:
        if s.start < start < s.end:
            split_run(s.run, start - s.start)
            break
    _, slices = paragraph_runs(p)
    for s in slices:
        if s.start < end < s.end:
            split_run(s.run, end - s.start)
            break
    _, slices = paragraph_runs(p)
    return [s.run for s in slices if s.start >= start and s.end <= end and s.end > s.start]


# --- right-to-left paragraphs -------------------------------------------------------------------------------


def set_right_to_left(p) -> None:
    """Mark a paragraph (a w:p element) and its runs as right to left (w:bidi, w:rtl), as Word does
    for Arabic text, so that it is laid out and aligned from the right."""
    from docx.oxml import OxmlElement

    ppr = p.find(W_PPR)
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        p.insert(0, ppr)
    if ppr.find(qn("w:bidi")) is None:
        ppr.insert(0, OxmlElement("w:bidi"))
    for r in p.iter(W_R):
        rpr = r.find(W_RPR)
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            r.insert(0, rpr)
        if rpr.find(qn("w:rtl")) is None:
            rpr.append(OxmlElement("w:rtl"))


def is_right_to_left(p) -> bool:
    """Whether a paragraph is marked right to left (w:bidi)."""
    ppr = p.find(W_PPR)
    return ppr is not None and ppr.find(qn("w:bidi")) is not None
