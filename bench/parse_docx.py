"""Reading speed for a long Word draft: a ~100,000-word bill, read and parsed into provisions.

    python bench/parse_docx.py [--words N]

Builds, in a temporary folder, a realistic .docx (Parts, sections with typed numbers and
headings, subsections, points, a definitions section, Word automatic numbering in some Parts,
a few tracked changes), then times `drafting.ingest.read_bytes` and
`drafting.structure.build_document` on it and prints the figures. The target is under 5 s on
the 2-core reference machine; nothing is asserted.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import docx  # noqa: E402
from docx.oxml import parse_xml  # noqa: E402

from drafting.ingest import read_bytes  # noqa: E402
from drafting.structure import build_document  # noqa: E402

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CHANGE = 'w:author="Drafter" w:date="2026-01-05T09:00:00Z"'
SUBJECTS = ["the Controller", "an exporter", "a broker", "the Minister", "an authorised officer", "a licence holder",
            "the competent authority", "a provider of technical assistance", "the Board", "a customs officer"]
VERBS = ["shall notify", "may require", "shall keep", "shall not export", "may suspend", "shall publish", "may grant",
         "shall refuse", "may inspect", "shall record"]
OBJECTS = ["strategic goods", "the register of licences", "an end-user certificate", "dual-use items", "technical data",
           "the details of each transaction", "a written notice", "the conditions of the licence", "military items",
           "software and technology"]
TAILS = ["within thirty days after the transaction", "in the form prescribed by regulations", "unless the Minister directs otherwise",
         "where there are reasonable grounds to suspect a prohibited end use", "for a period of not less than five years",
         "in accordance with the conditions of the licence", "before the goods leave Veradia", "at the request of the Controller"]
HEADINGS = ["Licences for listed goods", "Records and registers", "Notification of suspicious orders", "Transit controls",
            "Brokering services", "Technical assistance", "Inspection powers", "Suspension of licences", "Appeals",
            "Offences by bodies corporate", "Information sharing", "End-use assurances", "General licences", "Fees"]
ROMAN = "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX".split()


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}"


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(text: str | list[str], style: str | None = None, num: tuple[int, int] | None = None) -> str:
    ppr = (f'<w:pStyle w:val="{style}"/>' if style else "") + (
        f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>' if num else "")
    body = "".join(p if p.startswith("<") else run(p) for p in ([text] if isinstance(text, str) else text))
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{body}</w:p>"


def build_bill(words: int, seed: int = 7) -> tuple[bytes, dict]:
    """The .docx bytes of a bill of about `words` words, and what it holds."""
    rng = random.Random(seed)
    out: list[str] = [para("STRATEGIC GOODS (CONTROL) BILL", "Title"), para("An Act to control the export of strategic goods.")]
    nums: list[str] = []
    count = section = part = changes = auto = 0
    while count < words:
        part += 1
        out.append(para(f"PART {ROMAN[(part - 1) % len(ROMAN)]}", "Heading1"))
        out.append(para(rng.choice(["GENERAL", "CONTROLS", "LICENSING", "ENFORCEMENT", "ADMINISTRATION"]), "Heading1"))
        word_numbered = part % 3 == 0  # every third Part is numbered by Word
        for _ in range(rng.randint(18, 26)):
            section += 1
            out.append(para(f"{section}. {rng.choice(HEADINGS)}", "Heading2"))
            if section == 2:
                out.append(para("In this Act, unless the context otherwise requires—"))
                for term in OBJECTS:
                    text = f"“{term}” means {sentence(rng).lower()};"
                    out.append(para(text))
                    count += len(text.split())
                continue
            if word_numbered:  # a w:num of its own per section, restarting at (1)
                auto += 1
                nums.append(f'<w:num w:numId="{auto + 1}"><w:abstractNumId w:val="1"/>'
                            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>')
            for sub in range(1, rng.randint(2, 5) + 1):
                text = "; ".join(sentence(rng) for _ in range(rng.randint(2, 4))) + (" —" if sub == 2 else ".")
                changes += sub == 1 and section % 25 == 0
                if sub == 1 and section % 25 == 0:  # a few tracked changes
                    pieces = [f"{text[:40]}", f'<w:ins w:id="{section}" {CHANGE}>{run(" promptly")}</w:ins>',
                              f'<w:del w:id="{section + 100000}" {CHANGE}><w:r><w:delText> without delay</w:delText></w:r></w:del>',
                              text[40:]]
                else:
                    pieces = [text]
                if word_numbered:
                    out.append(para(pieces, num=(auto + 1, 0)))
                else:
                    out.append(para([f"({sub}) "] + pieces))
                count += len(text.split())
                if sub == 2:
                    for k in range(rng.randint(2, 4)):
                        point = f"{sentence(rng).lower()};"
                        out.append(para(point, num=(auto + 1, 1)) if word_numbered else para(f"({'abcd'[k]}) {point}"))
                        count += len(point.split())
    numbering = (f"<w:numbering {W}><w:abstractNum w:abstractNumId=\"1\"><w:multiLevelType w:val=\"multilevel\"/>"
                 '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="(%1)"/><w:lvlJc w:val="left"/></w:lvl>'
                 '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/><w:lvlJc w:val="left"/></w:lvl>'
                 f"</w:abstractNum>{''.join(nums)}</w:numbering>")
    document = docx.Document()
    body = document.element.body
    sect = body[-1]
    for child in list(body)[:-1]:
        body.remove(child)
    for child in parse_xml(f"<w:body {W}>{''.join(out)}</w:body>"):
        sect.addprevious(child)
    numbering_part = document.part.numbering_part.element
    for child in list(numbering_part):
        numbering_part.remove(child)
    for child in parse_xml(numbering):
        numbering_part.append(child)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), {"parts": part, "sections": section, "paragraphs": len(out), "tracked changes": changes,
                               "Word-numbered sections": auto}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100_000)
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    data, made = build_bill(args.words)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long_bill.docx"
        path.write_bytes(data)
        built = time.perf_counter() - t0
        t1 = time.perf_counter()
        source = read_bytes(path.read_bytes(), path.name)
        t2 = time.perf_counter()
        doc = build_document(source)
        t3 = time.perf_counter()
    provisions = sum(1 for _ in doc.walk())
    print(f"built     {len(data) / 1e6:.1f} MB .docx in {built:.1f} s: " + ", ".join(f"{v} {k}" for k, v in made.items()))
    print(f"read      {t2 - t1:6.2f} s  {source.word_count} words, {len(source.blocks)} blocks, "
          f"{sum(1 for b in source.blocks if b.label)} with Word numbers, tracked changes: {source.tracked_changes}")
    print(f"structure {t3 - t2:6.2f} s  {len(doc.articles())} sections, {len(doc.units())} units, {provisions} provisions")
    print(f"total     {t3 - t1:6.2f} s  (target: under 5 s on 2 cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
