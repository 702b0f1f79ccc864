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
  whole runs (formatting kept), for anchoring a comment on exactly those words;
- tracked changes written by a `RevisionStamp` (author, date, fresh ids): `track_replacement`,
  `track_insertion`, `insert_tracked_paragraphs`; `paragraph_original_text` and
  `document_text(..., accepted=False)` read a text as it was before its changes;
  `reject_changes(doc, stamps)` takes one author's changes out again;
- comments: `mark_comment_range`, `set_comment_date`, `write_comment_threads` (Word's
  commentsExtended / commentsIds parts: replies under their comment, resolved ones done), and
  for reading a file back `read_comments`, `read_comment_threads`, `comment_positions`,
  `pending_changes`;
- `write_custom_xml` / `read_custom_xml`: a data part that travels with the file.

python-docx has no setter for the bytes of a part it does not parse (commentsExtended, custom
XML): those are replaced through `Part._blob`.

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
        if tag == W_T or tag == W_DELTEXT:  # w:delText only in runs read as they were before a deletion
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


def _original_runs(el):
    """Runs of a paragraph as it read before its tracked changes (insertions left out)."""
    for child in el:
        tag = child.tag
        if tag == W_R:
            yield child
        elif tag in (W_INS, W_MOVETO):
            continue
        elif tag in DELETED or tag in TRANSPARENT:
            yield from _original_runs(child)
        elif tag == W_SDT:
            content = child.find(W_SDTCONTENT)
            if content is not None:
                yield from _original_runs(content)


def paragraph_original_text(p) -> str:
    """The text of a paragraph as it reads with its tracked changes rejected."""
    field_state: list[str] = []
    return "".join(_run_text(run, field_state) for run in _original_runs(p))


def paragraph_mark_inserted(p) -> bool:
    """Whether the paragraph mark itself is a tracked insertion (rejecting it joins the next paragraph)."""
    ppr = p.find(W_PPR)
    rpr = ppr.find(W_RPR) if ppr is not None else None
    return rpr is not None and (rpr.find(W_INS) is not None or rpr.find(W_MOVETO) is not None)


def document_text(document_element, accepted: bool = True) -> str:
    """The body's text, one line per paragraph, with every tracked change accepted (or rejected):
    a paragraph whose mark goes in that view runs on into the next one."""
    out: list[str] = []
    for p in body_paragraphs(document_element):
        if accepted:
            out.append(paragraph_text(p) + ("" if paragraph_mark_deleted(p) else "\n"))
        else:
            out.append(paragraph_original_text(p) + ("" if paragraph_mark_inserted(p) else "\n"))
    return "".join(out)


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


# --- tracked changes (writing) ------------------------------------------------------------------------------

W_ID = qn("w:id")
W_AUTHOR = qn("w:author")
W_DATE = qn("w:date")
W_INITIALS = qn("w:initials")
W_COMMENT = qn("w:comment")
W_COMMENTRANGESTART = qn("w:commentRangeStart")
W_COMMENTRANGEEND = qn("w:commentRangeEnd")
W_COMMENTREFERENCE = qn("w:commentReference")
W_DELINSTRTEXT = qn("w:delInstrText")
W_SECTPR = qn("w:sectPr")
W_RSTYLE = qn("w:rStyle")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class RevisionStamp:
    """Who makes the tracked changes of one export, when, and the next free revision id."""

    def __init__(self, author: str, date: str, document_element=None):
        self.author = author
        self.date = date  # ISO 8601 in UTC, seconds precision: "2026-12-03T07:22:31Z"
        used = [_int(el.get(W_ID), -1) for el in document_element.iter() if el.get(W_ID) is not None] if document_element is not None else []
        self._next = max(used, default=0) + 1

    def mark(self, tag: str):
        """A new `w:ins` / `w:del` element (tag) with this stamp and a fresh id."""
        from docx.oxml import OxmlElement

        el = OxmlElement(tag)
        el.set(W_ID, str(self._next))
        el.set(W_AUTHOR, self.author)
        el.set(W_DATE, self.date)
        self._next += 1
        return el


def _outside_revisions(run, p):
    """The element to place a new insertion beside: the run, or the tracked change holding it
    (an insertion cannot sit inside another one)."""
    el = run
    while el.getparent() is not None and el.getparent() is not p and el.getparent().tag in (W_INS, W_MOVETO):
        el = el.getparent()
    return el


def _new_run(text: str, like=None):
    """A run with `text`, formatted like the run `like` (its `w:rPr` copied)."""
    from docx.oxml import OxmlElement

    run = OxmlElement("w:r")
    rpr = like.find(W_RPR) if like is not None else None
    if rpr is not None:
        copied = copy.deepcopy(rpr)
        for change in copied.findall(W_RPRCHANGE):
            copied.remove(change)
        run.append(copied)
    t = OxmlElement("w:t")
    t.text = text
    t.set(XML_SPACE, "preserve")
    run.append(t)
    return run


def _mark_deleted(run, stamp: RevisionStamp):
    """Wrap a run in a tracked deletion (its text becomes `w:delText`)."""
    wrapper = stamp.mark("w:del")
    run.addprevious(wrapper)
    wrapper.append(run)
    for t in run.findall(W_T):
        t.tag = W_DELTEXT
    for t in run.findall(W_INSTRTEXT):
        t.tag = W_DELINSTRTEXT
    return wrapper


def track_replacement(p, start: int, end: int, new_text: str, stamp: RevisionStamp):
    """Replace [start, end) of a paragraph's accepted text by `new_text` as tracked changes:
    each run of the old words in a `w:del`, then one `w:ins` run formatted like the last of
    them. Returns the first and last elements of the change, or None when the range holds no text."""
    runs = isolate_runs(p, start, end)
    if not runs:
        return None
    place_after = _outside_revisions(runs[-1], p)
    wrappers = [_mark_deleted(run, stamp) for run in runs]
    if place_after is runs[-1]:
        place_after = wrappers[-1]
    if not new_text:
        return wrappers[0], wrappers[-1]
    ins = stamp.mark("w:ins")
    ins.append(_new_run(new_text, like=runs[-1]))
    place_after.addnext(ins)
    return wrappers[0], ins


def track_insertion(p, offset: int, text: str, stamp: RevisionStamp):
    """Insert `text` at an offset of a paragraph's accepted text as a tracked insertion,
    formatted like the run before it (the run after it at the very start). Returns (ins, ins)."""
    isolate_runs(p, offset, offset)  # splits the run the offset falls in
    _, slices = paragraph_runs(p)
    if not slices:
        return None
    before = [s.run for s in slices if s.end <= offset]
    ins = stamp.mark("w:ins")
    if before:
        ins.append(_new_run(text, like=before[-1]))
        _outside_revisions(before[-1], p).addnext(ins)
    else:
        ins.append(_new_run(text, like=slices[0].run))
        _outside_revisions(slices[0].run, p).addprevious(ins)
    return ins, ins


NUMPR_PREDECESSORS = {qn(f"w:{tag}") for tag in ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl")}


def _clean_paragraph_properties(ppr, unnumber: bool):
    """A copy of paragraph properties for a new paragraph: no revision marks, no section break,
    and (with `unnumber`) no automatic number, since the new text types its own marker."""
    from docx.oxml import OxmlElement

    ppr = copy.deepcopy(ppr) if ppr is not None else OxmlElement("w:pPr")
    for tag in (W_PPRCHANGE, W_SECTPR):
        for el in ppr.findall(tag):
            ppr.remove(el)
    rpr = ppr.find(W_RPR)
    if rpr is not None:
        for tag in (W_INS, W_DEL, W_MOVEFROM, W_MOVETO, W_RPRCHANGE):
            for el in rpr.findall(tag):
                rpr.remove(el)
    if unnumber:
        for el in ppr.findall(W_NUMPR):
            ppr.remove(el)
        numpr = OxmlElement("w:numPr")
        num_id = OxmlElement("w:numId")
        num_id.set(W_VAL, "0")
        numpr.append(num_id)
        # w:numPr comes after these, in the order the schema sets for w:pPr
        before = [el for el in ppr if el.tag in NUMPR_PREDECESSORS]
        (before[-1].addnext if before else lambda el: ppr.insert(0, el))(numpr)
    return ppr


def _mark_paragraph_inserted(p, stamp: RevisionStamp) -> None:
    """Record the paragraph mark itself as inserted (rejecting it joins the paragraph to the next)."""
    from docx.oxml import OxmlElement

    ppr = p.find(W_PPR)
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        p.insert(0, ppr)
    rpr = ppr.find(W_RPR)
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        # w:rPr comes after the other paragraph properties, before w:sectPr and w:pPrChange
        following = [el for el in ppr if el.tag in (W_SECTPR, W_PPRCHANGE)]
        (following[0].addprevious if following else ppr.append)(rpr)
    rpr.insert(0, stamp.mark("w:ins"))


def insert_tracked_paragraphs(anchor, lines: list[tuple[str, object, bool]], stamp: RevisionStamp, before: bool = False,
                              after=None) -> list:
    """New paragraphs as tracked insertions, after paragraph `anchor` (or after `after`, a
    paragraph inserted earlier beside it; before `anchor` with `before`). `lines` are (text,
    paragraph to copy the formatting from, whether to drop its automatic number). Returns the
    new `w:p` elements.

    Rejecting them gives the original back: each new paragraph's own mark is an insertion, so
    it joins the (empty) rest to the next paragraph; when nothing follows in the container (the
    end of a cell or of the body) the marks are shifted one paragraph back instead.
    """
    from docx.oxml import OxmlElement

    new = []
    for text, like, unnumber in lines:
        p = OxmlElement("w:p")
        p.append(_clean_paragraph_properties(like.find(W_PPR), unnumber))
        ins = stamp.mark("w:ins")
        ins.append(_new_run(text, like=next((s.run for s in paragraph_runs(like)[1]), None)))
        p.append(ins)
        new.append(p)
    if before:
        for p in new:
            anchor.addprevious(p)
    else:
        point = after if after is not None else anchor
        for p in new:
            point.addnext(p)
            point = p
    following = new[-1].getnext()
    if following is not None and following.tag == W_P:
        for p in new:
            _mark_paragraph_inserted(p, stamp)
    else:
        previous = new[0].getprevious()
        chain = ([previous] if previous is not None and previous.tag == W_P else []) + new[:-1]
        for p in chain:
            _mark_paragraph_inserted(p, stamp)
    return new


def reject_changes(document_element, stamps: set[tuple[str, str]]) -> int:
    """Reject, in place, the tracked changes made under `stamps` ((author, date) pairs): their
    insertions go, their deletions come back as plain text, and paragraphs they inserted
    disappear. Other people's changes are left as they are. Returns the number of marks rejected.

    Used on a returned file, so that our suggestions the drafters have not yet accepted are not
    read as their text.
    """
    def ours(el) -> bool:
        return (el.get(W_AUTHOR, ""), el.get(W_DATE, "")) in stamps

    count = 0
    for p in body_paragraphs(document_element):
        inserted_text = False
        for el in [el for el in p.iter(W_INS, W_DEL) if ours(el)]:
            parent = el.getparent()
            if parent is None:
                continue
            count += 1
            if parent.tag == W_RPR:  # the paragraph mark: kept, as before the change
                parent.remove(el)
            elif el.tag == W_INS:
                parent.remove(el)
                inserted_text = True
            else:
                for t in el.iter(W_DELTEXT):
                    t.tag = W_T
                for t in el.iter(W_DELINSTRTEXT):
                    t.tag = W_INSTRTEXT
                for child in list(el):
                    el.addprevious(child)
                parent.remove(el)
        if inserted_text and not any(True for _ in p.iter(W_R)) and p.getparent() is not None:
            p.getparent().remove(p)  # a paragraph that was all our insertion
    return count


# --- comments: anchors, dates, threads ----------------------------------------------------------------------

W14_PARAID = "{http://schemas.microsoft.com/office/word/2010/wordml}paraId"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
W16CID = "http://schemas.microsoft.com/office/word/2016/wordml/cid"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
RT_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
RT_COMMENTS_EXTENDED = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
RT_COMMENTS_IDS = "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds"
CT_COMMENTS_EXTENDED = "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"
CT_COMMENTS_IDS = "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsIds+xml"


def _comment_reference_run(comment_id: int):
    from docx.oxml import OxmlElement

    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(W_VAL, "CommentReference")
    rpr.append(style)
    run.append(rpr)
    ref = OxmlElement("w:commentReference")
    ref.set(W_ID, str(comment_id))
    run.append(ref)
    return run


def mark_comment_range(first, last, comment_id: int) -> None:
    """Anchor a comment from element `first` to element `last` (runs or tracked changes in a
    paragraph, or whole paragraphs): range start before, range end and reference after."""
    from docx.oxml import OxmlElement

    start = OxmlElement("w:commentRangeStart")
    start.set(W_ID, str(comment_id))
    end = OxmlElement("w:commentRangeEnd")
    end.set(W_ID, str(comment_id))
    if first.tag == W_P:
        ppr = first.find(W_PPR)
        (ppr.addnext if ppr is not None else lambda el: first.insert(0, el))(start)
    else:
        first.addprevious(start)
    if last.tag == W_P:
        last.append(end)
    else:
        last.addnext(end)
    end.addnext(_comment_reference_run(comment_id))


def comments_part(word):
    """The comments part of a python-docx Document (None when it has no comments)."""
    for rel in word.part.rels.values():
        if rel.reltype == RT_COMMENTS and not rel.is_external:
            return rel.target_part
    return None


def comment_elements(word) -> dict[int, object]:
    """`w:comment` elements by id."""
    part = comments_part(word)
    if part is None:
        return {}
    return {_int(c.get(W_ID), -1): c for c in part.element.iter(W_COMMENT)}


def set_comment_date(word, comment_id: int, date: str) -> None:
    """Date a comment ("2026-12-03T07:22:31Z"); python-docx dates new ones with the present time."""
    part = comments_part(word)
    for comment in part.element.xpath(f"./w:comment[@w:id='{int(comment_id)}']"):
        comment.set(W_DATE, date)


def _para_ids_in(word) -> set[str]:
    ids = {p.get(W14_PARAID) for p in word.element.iter(W_P) if p.get(W14_PARAID)}
    for c in comment_elements(word).values():
        ids |= {p.get(W14_PARAID) for p in c.iter(W_P) if p.get(W14_PARAID)}
    return ids


def _fresh_hex(seed: str, taken: set[str]) -> str:
    """An 8-digit hex id below 0x80000000 (as Word requires), derived from `seed`, not in `taken`."""
    import hashlib

    n = 0
    while True:
        value = int(hashlib.sha1(f"{seed}|{n}".encode()).hexdigest()[:8], 16) & 0x7FFFFFFF
        candidate = f"{max(value, 1):08X}"
        if candidate not in taken:
            taken.add(candidate)
            return candidate
        n += 1


def comment_para_id(word, comment_id: int, taken: set[str] | None = None, comments: dict | None = None) -> str:
    """The `w14:paraId` of a comment's last paragraph (which threads refer to), given one if missing."""
    comment = (comments if comments is not None else comment_elements(word))[comment_id]
    last = comment.findall(W_P)[-1]
    if not last.get(W14_PARAID):
        taken = _para_ids_in(word) if taken is None else taken
        last.set(W14_PARAID, _fresh_hex(f"comment|{comment_id}", taken))
    return last.get(W14_PARAID)


def _xml_part(word, reltype: str, partname: str, content_type: str, root_xml: str):
    """The parsed root of a part related to the document (created when missing), and a
    function that writes it back."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from lxml import etree

    for rel in word.part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            part = rel.target_part
            break
    else:
        part = Part(PackURI(partname), content_type, root_xml.encode("utf-8"), word.part.package)
        word.part.relate_to(part, reltype)
    if hasattr(part, "element"):  # parsed by python-docx already
        return part.element, lambda: None
    root = etree.fromstring(part.blob, parser=etree.XMLParser(resolve_entities=False))

    def save() -> None:
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    return root, save


def write_comment_threads(word, threads: list[tuple[int, int | None, bool]]) -> None:
    """Thread replies under their comment and mark resolved ones, as Word 2013+ does:
    `word/commentsExtended.xml` (w15:commentEx paraId / paraIdParent / done) and
    `word/commentsIds.xml` (durable ids). `threads` are (comment id, parent comment id, done).
    Entries already in the file for other comments are kept."""
    taken = _para_ids_in(word)
    comments = comment_elements(word)
    para = {cid: comment_para_id(word, cid, taken, comments) for cid, _, _ in threads}
    for _, parent, _ in threads:
        if parent is not None and parent not in para:
            para[parent] = comment_para_id(word, parent, taken, comments)
    ext, save_ext = _xml_part(word, RT_COMMENTS_EXTENDED, "/word/commentsExtended.xml", CT_COMMENTS_EXTENDED,
                              f'<w15:commentsEx xmlns:w15="{W15}" xmlns:mc="{MC}" mc:Ignorable="w15"/>')
    existing = {el.get(f"{{{W15}}}paraId"): el for el in ext.iter(f"{{{W15}}}commentEx")}
    from lxml import etree

    for cid, parent, done in threads:
        el = existing.get(para[cid])
        if el is None:
            el = etree.SubElement(ext, f"{{{W15}}}commentEx")
            el.set(f"{{{W15}}}paraId", para[cid])
        if parent is not None:
            el.set(f"{{{W15}}}paraIdParent", para[parent])
        el.set(f"{{{W15}}}done", "1" if done else "0")
    save_ext()
    ids, save_ids = _xml_part(word, RT_COMMENTS_IDS, "/word/commentsIds.xml", CT_COMMENTS_IDS,
                              f'<w16cid:commentsIds xmlns:w16cid="{W16CID}" xmlns:mc="{MC}" mc:Ignorable="w16cid"/>')
    have = {el.get(f"{{{W16CID}}}paraId") for el in ids.iter(f"{{{W16CID}}}commentId")}
    durable = {el.get(f"{{{W16CID}}}durableId") for el in ids.iter(f"{{{W16CID}}}commentId")}
    for cid, _, _ in threads:
        if para[cid] in have:
            continue
        el = etree.SubElement(ids, f"{{{W16CID}}}commentId")
        el.set(f"{{{W16CID}}}paraId", para[cid])
        el.set(f"{{{W16CID}}}durableId", _fresh_hex(f"durable|{para[cid]}", durable))
    save_ids()


# --- custom XML: a record that travels with the file --------------------------------------------------------

RT_CUSTOM_XML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
RT_CUSTOM_XML_PROPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps"
CT_CUSTOM_XML_PROPS = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"


def _custom_xml_items(word):
    for rel in word.part.rels.values():
        if rel.reltype == RT_CUSTOM_XML and not rel.is_external:
            yield rel.target_part


def read_custom_xml(word, namespace: str):
    """The root element of the custom XML part whose root is in `namespace`, or None."""
    from lxml import etree

    for part in _custom_xml_items(word):
        try:
            root = etree.fromstring(part.blob, parser=etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError:
            continue
        if etree.QName(root).namespace == namespace:
            return root
    return None


def write_custom_xml(word, xml: bytes, namespace: str) -> None:
    """Store `xml` (root in `namespace`) as a custom XML data part of the document, replacing
    an earlier one of the same namespace. Word and LibreOffice keep such parts when they save."""
    import uuid

    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from lxml import etree

    for part in _custom_xml_items(word):
        try:
            if etree.QName(etree.fromstring(part.blob, parser=etree.XMLParser(resolve_entities=False))).namespace == namespace:
                part._blob = xml
                return
        except etree.XMLSyntaxError:
            continue
    names = {str(p.partname) for p in word.part.package.iter_parts()}
    n = 1
    while f"/customXml/item{n}.xml" in names:
        n += 1
    item = Part(PackURI(f"/customXml/item{n}.xml"), "application/xml", xml, word.part.package)
    item_id = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, namespace + str(n))).upper() + "}"
    props_xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="no"?><ds:datastoreItem ds:itemID="{item_id}" '
                 f'xmlns:ds="{DS}"><ds:schemaRefs><ds:schemaRef ds:uri="{namespace}"/></ds:schemaRefs></ds:datastoreItem>')
    props = Part(PackURI(f"/customXml/itemProps{n}.xml"), CT_CUSTOM_XML_PROPS, props_xml.encode("utf-8"), word.part.package)
    item.relate_to(props, RT_CUSTOM_XML_PROPS)
    word.part.relate_to(item, RT_CUSTOM_XML)


# --- reading a returned file: comments, threads, pending changes ---------------------------------------------


@dataclass
class CommentData:
    """A comment as stored: id, author, date, text, and the paraId threads refer to."""

    id: int
    author: str
    initials: str
    date: str
    text: str
    para_id: str


def read_comments(word) -> list[CommentData]:
    """Every comment of a python-docx Document, in the order of the comments part."""
    out = []
    for cid, c in comment_elements(word).items():
        paragraphs = c.findall(W_P)
        text = "\n".join(paragraph_text(p) for p in paragraphs)
        para_id = paragraphs[-1].get(W14_PARAID, "") if paragraphs else ""
        out.append(CommentData(cid, c.get(W_AUTHOR, ""), c.get(W_INITIALS, ""), c.get(W_DATE, ""), text, para_id))
    return out


def read_comment_threads(word) -> dict[str, tuple[str, bool]]:
    """paraId of a comment -> (paraId of its parent or "", resolved), from commentsExtended."""
    from lxml import etree

    for rel in word.part.rels.values():
        if rel.reltype == RT_COMMENTS_EXTENDED and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob, parser=etree.XMLParser(resolve_entities=False, no_network=True))
            return {el.get(f"{{{W15}}}paraId"): (el.get(f"{{{W15}}}paraIdParent", ""), el.get(f"{{{W15}}}done") == "1")
                    for el in root.iter(f"{{{W15}}}commentEx")}
    return {}


def comment_positions(document_element) -> dict[int, tuple[tuple[int, int], tuple[int, int]]]:
    """Comment id -> ((paragraph, offset), (paragraph, offset)) of its range start and end in the
    accepted text of the body paragraphs (a comment without a range: its reference, twice)."""
    starts: dict[int, tuple[int, int]] = {}
    ends: dict[int, tuple[int, int]] = {}
    refs: dict[int, tuple[int, int]] = {}
    for index, p in enumerate(body_paragraphs(document_element)):
        _, slices = paragraph_runs(p)
        run_end = {s.run: s.end for s in slices}
        pos = 0
        for el in p.iter():
            if el in run_end:
                pos = run_end[el]
            elif el.tag == W_COMMENTRANGESTART:
                starts.setdefault(_int(el.get(W_ID), -1), (index, pos))
            elif el.tag == W_COMMENTRANGEEND:
                ends[_int(el.get(W_ID), -1)] = (index, pos)
            elif el.tag == W_COMMENTREFERENCE:
                refs.setdefault(_int(el.get(W_ID), -1), (index, pos))
    out = {}
    for cid in set(starts) | set(refs):
        start = starts.get(cid, refs.get(cid))
        out[cid] = (start, ends.get(cid, refs.get(cid, start)))
    return out


@dataclass
class ChangeData:
    """A tracked change still pending in a file."""

    kind: str  # insertion | deletion | paragraph
    author: str
    date: str
    text: str
    paragraph: int


def pending_changes(document_element) -> list[ChangeData]:
    """Tracked insertions and deletions of text, and inserted or deleted paragraph marks, in the body."""
    out = []
    for index, p in enumerate(body_paragraphs(document_element)):
        for el in p.iter(W_INS, W_DEL):
            parent = el.getparent()
            if parent is not None and parent.tag == W_RPR:  # a paragraph mark
                if parent.getparent() is not None and parent.getparent().tag == W_PPR:
                    out.append(ChangeData("paragraph", el.get(W_AUTHOR, ""), el.get(W_DATE, ""), "", index))
                continue
            text_tag = W_T if el.tag == W_INS else W_DELTEXT
            text = "".join(t.text or "" for t in el.iter(text_tag))
            if text:
                out.append(ChangeData("insertion" if el.tag == W_INS else "deletion", el.get(W_AUTHOR, ""), el.get(W_DATE, ""), text, index))
    return out


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
