"""Hostile and broken files: mutations of real .docx, .pdf and .txt drafts, and generated texts.

Every case must either be read or be refused with a `DraftingError`; nothing may raise
anything else, and nothing may run longer than the per-file limit. The mutations are
deterministic (seeded), so a failure can be replayed.
"""

from __future__ import annotations

import io
import os
import random
import re
import signal
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafting.errors import DraftingError
from drafting.ingest import read_bytes
from drafting.structure import build_document

ROOT = Path(__file__).resolve().parent.parent
CASES = int(os.environ.get("FUZZ_CASES", "1200"))
PER_FILE_SECONDS = 20


class Hang(Exception):
    pass


@contextmanager
def time_limit(seconds: int):
    def on_alarm(signum, frame):
        raise Hang(f"more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def read_or_refuse(data: bytes, name: str) -> str:
    """'read' or 'refused'; anything else (another exception, a hang) fails the test."""
    with time_limit(PER_FILE_SECONDS):
        try:
            source = read_bytes(data, name)
            build_document(source)
            return "read"
        except DraftingError as exc:
            assert exc.message and "\n" not in exc.message.strip() and "Traceback" not in exc.message
            return "refused"


def seeds() -> list[tuple[str, bytes]]:
    out = [("demo_draft.docx", (ROOT / "corpora" / "demo_draft.docx").read_bytes())]
    text = "\n\n".join([
        "STRATEGIC GOODS BILL", "PART 1 PRELIMINARY", "Section 1. Short title", "(1) This Act is the Strategic Goods Act.",
        "Section 2. Records", "(1) Every exporter shall keep records for at least five years.", "(a) the quantity;", "(b) the consignee.",
    ])
    out.append(("bill.txt", text.encode("utf-8")))
    out.append(("bill.html", f"<html><body><h1>Bill</h1>{''.join(f'<p>{line}</p>' for line in text.split(chr(10) * 2))}</body></html>".encode()))
    try:
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfgen import canvas

        buffer = io.BytesIO()
        pdf = canvas.Canvas(buffer, pagesize=A4)
        y = 800
        for line in text.split("\n\n"):
            pdf.drawString(72, y, line)
            y -= 20
        pdf.save()
        out.append(("bill.pdf", buffer.getvalue()))
    except ImportError:  # reportlab is a test dependency; without it, PDFs are not fuzzed
        pass
    return out


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    data = bytearray(data)
    choice = rng.randrange(5)
    if choice == 0:  # flip bytes
        for _ in range(rng.randint(1, 20)):
            i = rng.randrange(len(data))
            data[i] = rng.randrange(256)
    elif choice == 1:  # truncate
        data = data[: rng.randrange(1, len(data))]
    elif choice == 2:  # insert garbage
        i = rng.randrange(len(data))
        data[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 200)))
    elif choice == 3:  # duplicate a slice
        i, j = sorted(rng.sample(range(len(data)), 2))
        data[j:j] = data[i:j][:5000]
    else:  # zero a region
        i = rng.randrange(len(data))
        data[i:i + rng.randint(1, 500)] = bytes(min(500, len(data) - i))
    return bytes(data)


def mutate_docx_xml(data: bytes, rng: random.Random) -> bytes:
    """A valid zip whose XML parts are damaged (tags cut, text replaced, elements dropped, entities added)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.endswith(".xml") and rng.random() < 0.5:
                text = content.decode("utf-8", errors="replace")
                choice = rng.randrange(5)
                if choice == 0:
                    i = rng.randrange(len(text))
                    text = text[:i] + text[i + rng.randint(1, 40):]
                elif choice == 1:
                    text = re.sub(r"<w:t(?: [^>]*)?>[^<]*</w:t>", lambda m: "<w:t>" + "&amp;<>"[rng.randrange(3)] * 0 + "x" * rng.randint(0, 3) + "</w:t>", text, count=50)
                elif choice == 2:
                    text = re.sub(r"<w:numPr>.*?</w:numPr>", "", text, count=rng.randint(1, 30), flags=re.S)
                elif choice == 3:
                    text = text.replace("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>",
                                        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd"><!ENTITY a "aaaaaaaaaa">]>', 1)
                    text = text.replace("<w:t>", "<w:t>&e;&a;", 1)
                else:
                    text = re.sub(r'w:(val|ilvl|numId|abstractNumId)="[^"]*"', lambda m: f'w:{m.group(1)}="{rng.choice(["-1", "999999", "x", ""])}"', text, count=20)
                content = text.encode("utf-8")
            target.writestr(info, content)
    return out.getvalue()


def test_mutated_files_are_read_or_refused(tmp_path):
    rng = random.Random(20261126)
    corpus = seeds()
    outcomes = {"read": 0, "refused": 0}
    for case in range(CASES):
        name, data = corpus[case % len(corpus)]
        mutated = mutate_docx_xml(data, rng) if name.endswith(".docx") and rng.random() < 0.5 else mutate_bytes(data, rng)
        try:
            outcomes[read_or_refuse(mutated, name)] += 1
        except Exception as exc:  # keep the file so the failure can be replayed
            (tmp_path / f"case-{case}-{name}").write_bytes(mutated)
            raise AssertionError(f"case {case} ({name}) raised {type(exc).__name__}: {exc}") from exc
    assert sum(outcomes.values()) == CASES
    assert outcomes["read"] and outcomes["refused"]  # both paths were exercised


def test_external_entities_stay_inert():
    data = mutate_docx_xml((ROOT / "corpora" / "demo_draft.docx").read_bytes(), random.Random(3))
    try:
        source = read_bytes(data, "entities.docx")
    except DraftingError:
        return
    assert "root:" not in "\n".join(b.text for b in source.blocks)


MARKERS = ["Section 3.", "SEC. 4.", "Article 5", "Art. 6", "PART II", "CHAPTER 1", "(1)", "(2)", "(a)", "(b)", "(i)", "1.", "2)", "a)",
           "“broker” means", "Schedule 1", "— ", "12A.", "5.—(1)"]
line = st.tuples(st.sampled_from(MARKERS + [""] * 4), st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=0, max_size=60))


@settings(max_examples=int(os.environ.get("FUZZ_TEXTS", "300")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(line, min_size=1, max_size=40))
def test_generated_texts_lose_no_words(lines):
    """Whatever the structure, every word of the text ends up in some provision (or the preamble)."""
    text = "\n\n".join(f"{m} {t}".strip() for m, t in lines)
    try:
        with time_limit(PER_FILE_SECONDS):
            document = build_document(read_bytes(text.encode("utf-8"), "generated.txt"))
    except DraftingError:
        return
    kept = " ".join(" ".join((p.label, p.marker, p.heading, p.text, p.trailing, p.number)) for p in document.walk())
    kept_words = set(re.findall(r"\w+", kept.lower()))
    dropped_notes = any("table of contents" in n or "editorial" in n or "omitted" in n for n in document.notes)
    if not dropped_notes:
        missing = {w for w in re.findall(r"\w+", text.lower()) if w not in kept_words}
        assert not missing, missing
