"""LibreOffice driven through UNO, for the office tests: run with the system Python that has
python3-uno (`/usr/bin/python3 tests/office/lo_uno.py COMMAND ...`), never imported by pytest.

    text DOCX OUT.json accept|reject|keep   the paragraphs LibreOffice prints after Accept All,
                                            Reject All, or with the changes left as they are
    comments DOCX OUT.json                  every comment: author, initials, date, text,
                                            resolved, the text it is anchored on
    answer DOCX OUT.docx SPEC.json          play the drafters: accept and reject the tracked
                                            changes SPEC names, put the comments back and add
                                            replies, save as .docx

Why `text` and `answer` take a file whose comments were turned into bookmarks (see
tests/office_support.py): the Debian LibreOffice without a GUI (libreoffice-writer-nogui) lacks
Writer's dialog files, and a document view cannot show a comment without them (the view fails
to load; loading without a view works). Accepting or rejecting one change needs a view. So the
view works on the file without comments; then LibreOffice's own API puts the comments back at
their bookmarks (with author, date and resolved state) and adds the replies, and LibreOffice
writes the .docx.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime

import uno
from com.sun.star.beans import PropertyValue

ANNOTATION = "com.sun.star.text.textfield.Annotation"


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


class Office:
    """A private headless LibreOffice listening on a pipe; ended with its process group."""

    def __init__(self, profile: str):
        self.pipe = f"drafting{os.getpid()}"
        self.proc = subprocess.Popen(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--nologo",
             "--nodefault", f"--accept=pipe,name={self.pipe};urp;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.time() + 90
        while True:
            try:
                self.ctx = resolver.resolve(f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                if time.time() > deadline or self.proc.poll() is not None:
                    self.close()
                    raise RuntimeError("LibreOffice did not start")
                time.sleep(0.3)
        self.smgr = self.ctx.ServiceManager
        self.desktop = self.smgr.createInstanceWithContext("com.sun.star.frame.Desktop", self.ctx)

    def model(self, path: str):
        """A document loaded without a view (comments load fine this way)."""
        doc = self.smgr.createInstanceWithContext("com.sun.star.text.TextDocument", self.ctx)
        filter_name = "writer8" if path.endswith(".odt") else "MS Word 2007 XML"
        doc.load((prop("URL", uno.systemPathToFileUrl(path)), prop("FilterName", filter_name)))
        return doc

    def view(self, path: str):
        doc = self.desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0, (prop("Hidden", True),))
        if doc is None:
            raise RuntimeError(f"LibreOffice could not open {path} in a view")
        return doc

    def dispatch(self, doc, command: str) -> None:
        helper = self.smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", self.ctx)
        helper.executeDispatch(doc.getCurrentController().getFrame(), command, "", 0, ())

    def close(self) -> None:
        try:
            self.desktop.terminate()
        except Exception:
            pass
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, 9)
            self.proc.wait()


def store(doc, path: str, filter_name: str, options: str = "") -> None:
    args = [prop("FilterName", filter_name)]
    if options:
        args.append(prop("FilterOptions", options))
    doc.storeToURL(uno.systemPathToFileUrl(path), tuple(args))


def annotations(doc) -> list:
    fields = doc.getTextFields().createEnumeration()
    out = []
    while fields.hasMoreElements():
        f = fields.nextElement()
        if f.supportsService(ANNOTATION):
            out.append(f)
    return out


def iso(dt) -> str:
    return f"{dt.Year:04d}-{dt.Month:02d}-{dt.Day:02d}T{dt.Hours:02d}:{dt.Minutes:02d}:{dt.Seconds:02d}Z"


def uno_datetime(text: str):
    d = datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")
    value = uno.createUnoStruct("com.sun.star.util.DateTime")
    value.Year, value.Month, value.Day, value.Hours, value.Minutes, value.Seconds = d.year, d.month, d.day, d.hour, d.minute, d.second
    return value


def comment_rows(doc) -> list[dict]:
    return [{"author": f.Author, "initials": f.Initials, "date": iso(f.DateTimeValue), "text": f.Content,
             "resolved": bool(f.Resolved), "anchor": f.getAnchor().getString()} for f in annotations(doc)]


def put_comment(doc, mark, row: dict) -> None:
    put_comment_on(doc, mark.getAnchor(), row)


def put_comment_on(doc, anchor, row: dict) -> None:
    note = doc.createInstance(ANNOTATION)
    note.Author = row["author"]
    note.Initials = row.get("initials", "")
    note.Content = row["text"]
    note.DateTimeValue = uno_datetime(row["date"])
    note.Resolved = bool(row.get("resolved"))
    # A cursor made from the bookmark itself is refused ("no SwTextAttr inserted"); a fresh
    # cursor over the same words is not.
    cursor = anchor.getText().createTextCursorByRange(anchor.getStart())
    cursor.gotoRange(anchor.getEnd(), True)
    anchor.getText().insertTextContent(cursor, note, True)


def restore_comments(doc, kept: list[dict], replies: list[dict]) -> None:
    """Comments back at their bookmarks (rows: bookmark, author, initials, date, text,
    resolved), each reply right after the comment it answers (the one whose text holds its "to")."""
    marks = doc.getBookmarks()
    for row in kept:
        if not marks.hasByName(row["bookmark"]):
            continue  # its words were removed with a rejected change
        mark = marks.getByName(row["bookmark"])
        put_comment(doc, mark, row)
        for reply in replies:
            if reply["to"] in row["text"]:
                put_comment(doc, mark, reply)
    for row in kept:
        if marks.hasByName(row["bookmark"]):
            mark = marks.getByName(row["bookmark"])
            mark.getAnchor().getText().removeTextContent(mark)


def add_comment_on(doc, row: dict) -> None:
    """A new comment on the first words of a body paragraph that equal row["on"]."""
    paragraphs = doc.getText().createEnumeration()
    while paragraphs.hasMoreElements():
        p = paragraphs.nextElement()
        if not p.supportsService("com.sun.star.text.Paragraph"):
            continue
        at = p.getString().find(row["on"])
        if at >= 0:
            cursor = doc.getText().createTextCursorByRange(p.getStart())
            cursor.goRight(at, False)
            cursor.goRight(len(row["on"]), True)
            put_comment_on(doc, cursor, row)
            return
    raise RuntimeError(f"no words {row['on']!r} to comment on")


def decide(office: "Office", doc, spec: dict) -> None:
    """Accept the changes whose text is in spec["accept"], reject those in spec["reject"] (a
    change whose text is, or begins with, the words given: LibreOffice makes one change of a
    run of inserted paragraphs)."""
    controller = doc.getCurrentController()
    for verdict, command in (("accept", ".uno:AcceptTrackedChange"), ("reject", ".uno:RejectTrackedChange")):
        for wanted in spec.get(verdict, []):
            cursors = []
            redlines = doc.getRedlines().createEnumeration()
            while redlines.hasMoreElements():
                r = redlines.nextElement()
                start, end = r.getPropertyValue("RedlineStart"), r.getPropertyValue("RedlineEnd")
                cursor = start.getText().createTextCursorByRange(start)
                cursor.gotoRange(end, True)
                cursors.append(cursor)
            chosen = next((c for c in cursors if c.getString() == wanted), None) or \
                next((c for c in cursors if len(wanted) > 12 and c.getString().startswith(wanted)), None)
            if chosen is None:
                raise RuntimeError(f"no tracked change with the text {wanted!r}")
            controller.select(chosen)
            office.dispatch(doc, command)


def cmd_text(office: Office, src: str, out: str, mode: str, work: str) -> None:
    doc = office.view(src)
    if mode in ("accept", "reject"):
        office.dispatch(doc, ".uno:AcceptAllTrackedChanges" if mode == "accept" else ".uno:RejectAllTrackedChanges")
    txt = os.path.join(work, "out.txt")
    store(doc, txt, "Text (encoded)", "UTF8")
    doc.close(True)
    with open(txt, encoding="utf-8-sig") as fh:
        lines = [line.rstrip("\n") for line in fh]
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(lines, fh, ensure_ascii=False)


def cmd_comments(office: Office, src: str, out: str, work: str) -> None:
    doc = office.model(src)
    rows = comment_rows(doc)
    doc.close(True)
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(rows, fh, ensure_ascii=False)


def cmd_answer(office: Office, src: str, out: str, spec_path: str, work: str) -> None:
    with open(spec_path, encoding="utf-8") as fh:
        spec = json.load(fh)
    # Word files all along, as drafters working in LibreOffice keep them: LibreOffice keeps
    # what it does not display (custom XML parts, for one) only from .docx to .docx.
    doc = office.view(src)
    decide(office, doc, spec)
    decided = os.path.join(work, "decided.docx")
    store(doc, decided, "MS Word 2007 XML")
    doc.close(True)
    doc = office.model(decided)
    restore_comments(doc, spec["comments"], spec.get("replies", []))
    for row in spec.get("new_comments", []):
        add_comment_on(doc, row)
    store(doc, out, "MS Word 2007 XML")
    doc.close(True)


def main(argv: list[str]) -> int:
    command, args = argv[0], argv[1:]
    with tempfile.TemporaryDirectory() as work:
        office = Office(os.path.join(work, "profile"))
        try:
            if command == "text":
                cmd_text(office, os.path.abspath(args[0]), args[1], args[2], work)
            elif command == "comments":
                cmd_comments(office, os.path.abspath(args[0]), args[1], work)
            elif command == "answer":
                cmd_answer(office, os.path.abspath(args[0]), os.path.abspath(args[1]), args[2], work)
            else:
                raise SystemExit(f"unknown command {command}")
        finally:
            office.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
