"""LibreOffice for the office tests: Accept All / Reject All, reading comments, and playing the
drafters who answer in LibreOffice (tests/office/lo_uno.py, run by the system Python with UNO).

LibreOffice without a GUI (Debian's libreoffice-writer-nogui, what .ci/run installs) cannot open
a document that has comments in a view, and accepting or rejecting changes needs a view. So the
files given to a view have their comments turned into bookmarks first (`comments_to_bookmarks`),
and LibreOffice puts the comments back through its API before it saves (see lo_uno.py).
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import IN_CI, require_tool

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
UNO_SCRIPT = Path(__file__).resolve().parent / "office" / "lo_uno.py"
SYSTEM_PYTHON = "/usr/bin/python3"


def require_uno() -> str:
    """The system Python with LibreOffice's UNO bridge (python3-uno); skip without it, except in CI."""
    require_tool("soffice", "libreoffice")
    ok = os.path.exists(SYSTEM_PYTHON) and subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0
    if not ok:
        if IN_CI:
            pytest.fail("python3-uno is not installed, but CI must run this test (install it in .ci/run)")
        pytest.skip("python3-uno is not installed")
    return SYSTEM_PYTHON


def run_uno(*args: str, timeout: float = 240) -> None:
    """Run one lo_uno.py command; its LibreOffice is ended with its process group on a timeout."""
    proc = subprocess.Popen([require_uno(), str(UNO_SCRIPT), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"LibreOffice did not finish within {timeout:.0f} s: {args[0]}")
    if proc.returncode != 0:
        pytest.fail(f"LibreOffice step {args[0]} failed:\n{err.decode(errors='replace')[-3000:]}")


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def comments_to_bookmarks(data: bytes) -> tuple[bytes, list[dict]]:
    """The file with every comment taken out and its range kept as a bookmark, and the comments
    (bookmark name, author, initials, date, text, resolved) to put back."""
    z = zipfile.ZipFile(io.BytesIO(data))
    parts = {name: z.read(name) for name in z.namelist()}
    rows: list[dict] = []
    if "word/comments.xml" in parts:
        comments = etree.fromstring(parts["word/comments.xml"])
        done = _resolved_para_ids(parts)
        for c in comments.iter(_w("comment")):
            paragraphs = c.findall(_w("p"))
            text = "\n".join("".join(t.text or "" for t in p.iter(_w("t"))) for p in paragraphs)
            para_id = paragraphs[-1].get("{http://schemas.microsoft.com/office/word/2010/wordml}paraId") if paragraphs else None
            rows.append({"id": c.get(_w("id")), "bookmark": f"DraftingComment{c.get(_w('id'))}", "author": c.get(_w("author"), ""),
                         "initials": c.get(_w("initials"), ""), "date": c.get(_w("date"), ""), "text": text,
                         "resolved": para_id in done})
    doc = etree.fromstring(parts["word/document.xml"])
    next_id = 900000
    ids = {}
    for el in list(doc.iter(_w("commentRangeStart"), _w("commentRangeEnd"), _w("commentReference"))):
        cid = el.get(_w("id"))
        if el.tag == _w("commentRangeStart"):
            ids[cid] = str(next_id)
            next_id += 1
            mark = etree.Element(_w("bookmarkStart"), {_w("id"): ids[cid], _w("name"): f"DraftingComment{cid}"})
            el.addprevious(mark)
        elif el.tag == _w("commentRangeEnd") and cid in ids:
            el.addprevious(etree.Element(_w("bookmarkEnd"), {_w("id"): ids[cid]}))
        run = el.getparent() if el.tag == _w("commentReference") else None
        el.getparent().remove(el)
        if run is not None and run.tag == _w("r") and not [c for c in run if c.tag != _w("rPr")]:
            run.getparent().remove(run)
    parts["word/document.xml"] = etree.tostring(doc, xml_declaration=True, encoding="UTF-8", standalone=True)
    for name in [n for n in parts if n.startswith("word/comments")]:
        del parts[name]
    parts["word/_rels/document.xml.rels"] = _without_relations(parts["word/_rels/document.xml.rels"], "comments")
    parts["[Content_Types].xml"] = _without_overrides(parts["[Content_Types].xml"], "/word/comments")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, blob in parts.items():
            target.writestr(name, blob)
    return out.getvalue(), [r for r in rows if r["bookmark"].removeprefix("DraftingComment") in ids]


def _resolved_para_ids(parts: dict[str, bytes]) -> set[str]:
    if "word/commentsExtended.xml" not in parts:
        return set()
    w15 = "http://schemas.microsoft.com/office/word/2012/wordml"
    root = etree.fromstring(parts["word/commentsExtended.xml"])
    return {el.get(f"{{{w15}}}paraId") for el in root.iter(f"{{{w15}}}commentEx") if el.get(f"{{{w15}}}done") == "1"}


def _without_relations(rels: bytes, word: str) -> bytes:
    root = etree.fromstring(rels)
    for rel in list(root):
        if rel.get("Target", "").startswith(word):
            root.remove(rel)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _without_overrides(types: bytes, prefix: str) -> bytes:
    root = etree.fromstring(types)
    for el in list(root):
        if el.get("PartName", "").startswith(prefix):
            root.remove(el)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def libreoffice_text(data: bytes, mode: str, work: Path) -> list[str]:
    """The non-empty lines LibreOffice prints after Accept All ("accept"), Reject All ("reject"),
    or as the file stands ("keep"); comments left out (see the module note)."""
    work.mkdir(parents=True, exist_ok=True)
    src, out = work / f"{mode}.docx", work / f"{mode}.json"
    src.write_bytes(comments_to_bookmarks(data)[0])
    run_uno("text", str(src), str(out), mode)
    return [line.strip() for line in json.loads(out.read_text(encoding="utf-8")) if line.strip()]


def libreoffice_comments(data: bytes, work: Path) -> list[dict]:
    """The comments as LibreOffice reads them (a load without a view)."""
    work.mkdir(parents=True, exist_ok=True)
    src, out = work / "comments.docx", work / "comments.json"
    src.write_bytes(data)
    run_uno("comments", str(src), str(out))
    return json.loads(out.read_text(encoding="utf-8"))


def libreoffice_answer(data: bytes, work: Path, accept: list[str], reject: list[str], replies: list[dict],
                       new_comments: list[dict] = ()) -> bytes:
    """The file as drafters would return it from LibreOffice: the tracked changes whose text is
    (or begins with) one of `accept` accepted, those in `reject` rejected, `replies` ({to,
    author, initials, date, text}: `to` is words of the comment answered) and `new_comments`
    ({on: the words commented, author, initials, date, text}) added, saved by LibreOffice."""
    work.mkdir(parents=True, exist_ok=True)
    lifted, comments = comments_to_bookmarks(data)
    src, out, spec = work / "sent.docx", work / "returned.docx", work / "spec.json"
    src.write_bytes(lifted)
    spec.write_text(json.dumps({"accept": accept, "reject": reject, "replies": replies, "comments": comments,
                                "new_comments": list(new_comments)}), encoding="utf-8")
    run_uno("answer", str(src), str(out), str(spec))
    return out.read_bytes()
