"""Files a user should not (or cannot) upload: each is refused with one plain sentence that names
the file and says what is wrong and what to do - through `read_bytes` and through the command line
(`python -m drafting parse FILE`: one `error: ...` line on stderr, exit status 2, no traceback).
Text files in UTF-16 or Windows-1252 are not bad input: they must be read, not refused.
"""

from __future__ import annotations

import io
import os
import random
import re
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from drafting.errors import DraftingError
from drafting.ingest import read_bytes
from tests.conftest import IN_CI, require_tool

ROOT = Path(__file__).resolve().parent.parent
JARGON = ("Traceback", "Exception", "Error", "errno", "zipfile", "BadZip", "lxml", "pdfminer", "pdfplumber", "OLE", "CFB",
          "codec", "utf-8", "NoneType", "struct", "stream", "XML", "0x")


# --- building the files -------------------------------------------------------------------------------


def word_file(paragraphs=("Article 1", "This Act applies to strategic goods."), extra_parts: dict[str, bytes] | None = None) -> bytes:
    """A real .docx made with python-docx, optionally with more parts added to its zip."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    if not extra_parts:
        return buffer.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        for name, data in extra_parts.items():
            target.writestr(name, data)
    return out.getvalue()


def with_declared_size(data: bytes, part: str, size: int) -> bytes:
    """The zip with the uncompressed size of `part` in its central directory set to `size` (a lie)."""
    start = data.rfind(b"PK\x05\x06")
    count, directory_size, directory_offset = struct.unpack_from("<HII", data, start + 10)
    out = bytearray(data)
    at = directory_offset
    for _ in range(count):
        assert out[at:at + 4] == b"PK\x01\x02"
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", out, at + 28)
        name = bytes(out[at + 46:at + 46 + name_len]).decode()
        if name == part:
            struct.pack_into("<I", out, at + 24, size)
        at += 46 + name_len + extra_len + comment_len
    return bytes(out)


FREE, END, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def compound_file(streams: dict[str, bytes], mini: bool = False) -> bytes:
    """A Compound File Binary (the container of .doc files and of encrypted Word documents),
    written by hand after [MS-CFB]: version 3, 512-byte sectors, one FAT sector, one directory
    sector. Streams are padded to 4,096 bytes so that they live in ordinary sectors, or, with
    `mini`, those under 4,096 bytes go to the mini stream (64-byte sectors, as Word and
    LibreOffice store a short document)."""
    names = list(streams)
    assert len(names) <= 3
    sector = 512
    fat = [FAT_SECTOR, END]  # sector 0: the FAT; sector 1: the directory
    blobs: list[bytes] = []

    def chain(data: bytes) -> int:
        data += b"\0" * (-len(data) % sector)
        n = len(data) // sector
        start = len(fat)
        fat.extend([start + i + 1 for i in range(n - 1)] + [END])
        blobs.append(data)
        return start

    placed: dict[str, tuple[int, int]] = {}  # name -> (start sector, size)
    small = [n for n in names if mini and len(streams[n]) < 4096]
    mini_stream, mini_fat = b"", []
    for name in small:
        data = streams[name] + b"\0" * (-len(streams[name]) % 64)
        first, count = len(mini_stream) // 64, len(data) // 64
        mini_fat += [first + i + 1 for i in range(count - 1)] + [END]
        placed[name] = (first, len(streams[name]))
        mini_stream += data
    for name in names:
        if name not in placed:
            data = streams[name].ljust(4096, b"\0")
            placed[name] = (chain(data), len(data))
    root_start, mini_fat_start = END, END
    if small:
        mini_fat_start = chain(struct.pack(f"<{len(mini_fat)}I", *mini_fat).ljust(sector, b"\xff"))
        root_start = chain(mini_stream)
    assert len(fat) <= 128
    fat += [FREE] * (128 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = name.encode("utf-16-le") + b"\0\0"
        e = bytearray(128)
        e[0:len(encoded)] = encoded
        struct.pack_into("<HBB", e, 0x40, len(encoded), kind, 1)
        struct.pack_into("<III", e, 0x44, NO_STREAM, right, child)
        struct.pack_into("<IQ", e, 0x74, start, size)
        return bytes(e)

    directory = entry("Root Entry", 5, 1, NO_STREAM, root_start, len(mini_stream))
    for i, name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else NO_STREAM
        directory += entry(name, 2, NO_STREAM, right, *placed[name])
    directory = directory.ljust(sector, b"\0")
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 0x2C, 1, 1, 0, 4096, mini_fat_start, 1 if small else 0, END, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *([FREE] * 108))
    return bytes(header) + struct.pack("<128I", *fat) + directory + b"".join(blobs)


def encrypted_word_file() -> bytes:
    """What Word writes for a .docx with a password: the encrypted package inside a compound file."""
    info = struct.pack("<HHI", 4, 4, 0x40) + (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<encryption '
        b'xmlns="http://schemas.microsoft.com/office/2006/encryption"><keyData saltSize="16" blockSize="16" '
        b'keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512"/>'
        b"</encryption>"
    )
    package = struct.pack("<Q", 9000) + random.Random(7).randbytes(9008)
    return compound_file({"EncryptionInfo": info, "EncryptedPackage": package})


def word97_file(encrypted: bool = False, size: int = 4096) -> bytes:
    """A Word 97-2003 document: a WordDocument stream starting with its File Information Block
    (a short one, under 4,096 bytes, is kept in the mini stream)."""
    fib = bytearray(size)
    struct.pack_into("<HHHHH", fib, 0, 0xA5EC, 0x00C1, 0x0000, 0x0409, 0)
    struct.pack_into("<H", fib, 0x0A, 0x0100 if encrypted else 0x0000)  # fEncrypted
    return compound_file({"1Table": b"\1" * 1000, "WordDocument": bytes(fib)}, mini=size < 4096)


def pdf_file() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer)
    c.drawString(72, 720, "Article 1 This Act applies to strategic goods.")
    c.showPage()
    c.save()
    return buffer.getvalue()


def png_file() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def xlsx_file() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "Article 1"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def odt_file() -> bytes:
    """An OpenDocument text: a zip whose first part is the 'mimetype' entry, stored uncompressed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:'
                                  'opendocument:xmlns:office:1.0"><office:body><office:text/></office:body></office:document-content>')
        z.writestr("META-INF/manifest.xml", "<manifest/>")
    return buffer.getvalue()


def zip_bomb_declared() -> bytes:
    """A small .docx whose document part claims to expand to 3 GB."""
    return with_declared_size(word_file(), "word/document.xml", 3 * 1024 ** 3)


def zip_bomb_real() -> bytes:
    """A .docx with a part of 60 MB of zeros squeezed into about 60 KB."""
    compressor = zipfile.ZipFile
    buffer = io.BytesIO(word_file())
    with compressor(buffer, "a", zipfile.ZIP_DEFLATED) as z:
        with z.open("word/media/padding.bin", "w") as part:
            block = b"\0" * (1 << 20)
            for _ in range(60):
                part.write(block)
    return buffer.getvalue()


HALF_DOCX = word_file([f"Paragraph {i} of a draft that is long enough to be cut in half." for i in range(200)])

# name, bytes, words the message must contain (its intent), env overrides
REFUSALS = [
    ("corrupt.docx", b"PK\x03\x04" + bytes(random.Random(1).randbytes(3000)), ["damaged or incomplete", "save it again"]),
    ("truncated.docx", HALF_DOCX[: len(HALF_DOCX) // 2], ["damaged or incomplete", "cut short"]),
    ("protected.docx", encrypted_word_file(), ["protected by a password", "remove the password"]),
    ("protected-named.doc", encrypted_word_file(), ["protected by a password"]),
    ("old.doc", word97_file(), ["old binary Word document (.doc)", "save it as .docx"]),
    ("old-renamed.docx", word97_file(), ["old binary Word document (.doc)", "save it as .docx"]),
    ("old-protected.doc", word97_file(encrypted=True), ["(.doc) protected by a password", "remove the password"]),
    ("short-protected.doc", word97_file(encrypted=True, size=1500), ["(.doc) protected by a password"]),
    ("short.doc", word97_file(size=1500), ["old binary Word document (.doc): open it"]),
    ("empty.docx", b"", ["is empty"]),
    ("blank.txt", b" \r\n\t\n   \n", ["is empty"]),
    ("bomb.docx", zip_bomb_declared(), ["would expand to 3072 MB", "memory"]),
    ("macros.docx", word_file(extra_parts={"word/vbaProject.bin": b"\0" * 512}), ["contains macros", "without macros"]),
    ("macros.docm", word_file(extra_parts={"word/vbaProject.bin": b"\0" * 512}), ["macro-enabled", "without macros"]),
    ("report.docx", pdf_file(), ["named .docx but its content is a PDF document", "Rename it"]),
    ("scan.txt", png_file(), ["is an image (PNG)", "text recognition (OCR)"]),
    ("noise.txt", random.Random(2).randbytes(5000), ["is not a text file", "Upload the draft as .docx, .pdf, .html or .txt"]),
    ("noise.docx", random.Random(3).randbytes(5000), ["is not a text file"]),
    ("figures.xlsx", xlsx_file(), ["is a spreadsheet, not a draft law"]),
    ("figures-renamed.docx", xlsx_file(), ["is a spreadsheet, not a Word document"]),
    ("draft.odt", odt_file(), ["OpenDocument text (.odt)", "save it as .docx"]),
    ("draft-renamed.docx", odt_file(), ["is an OpenDocument file, not a Word document"]),
]


def check_plain_sentence(message: str, name: str, intent: list[str]) -> None:
    assert message.startswith(name + " "), message
    assert "\n" not in message and message.endswith("."), message
    sentences = re.findall(r"[.!?]\s+[A-Z]", message)
    assert not sentences, f"more than one sentence: {message}"
    for word in JARGON:
        assert word not in message, f"jargon {word!r} in: {message}"
    for words in intent:
        assert words.lower() in message.lower(), f"{words!r} not in: {message}"


@pytest.mark.parametrize("name, data, intent", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refused_with_one_plain_sentence(name, data, intent):
    with pytest.raises(DraftingError) as caught:
        read_bytes(data, name)
    check_plain_sentence(caught.value.message, name, intent)


def test_zip_bomb_that_really_expands_is_refused_before_reading():
    data = zip_bomb_real()
    assert len(data) < 1024 * 1024  # 60 MB of content in well under 1 MB
    with pytest.raises(DraftingError) as caught:
        read_bytes(data, "padded.docx")
    check_plain_sentence(caught.value.message, "padded.docx", ["would expand to 60 MB", "memory"])


def test_file_over_the_size_limit(monkeypatch):
    monkeypatch.setenv("DRAFTING_MAX_UPLOAD_MB", "0.01")  # about 10 KB
    data = ("Article 1 This Act applies to strategic goods.\n\n" * 500).encode()
    with pytest.raises(DraftingError) as caught:
        read_bytes(data, "big.txt")
    check_plain_sentence(caught.value.message, "big.txt", ["is 23 KB, more than the 10 KB limit", "split the draft"])
    monkeypatch.setenv("DRAFTING_MAX_UPLOAD_MB", "1")
    assert read_bytes(data, "big.txt").blocks  # under the limit: read


def test_the_hand_made_compound_files_are_well_formed():
    """The refusals above rest on reading the compound file's directory, not on a byte search."""
    from drafting.ingest.guard import ole_stream_names

    assert ole_stream_names(encrypted_word_file()) == ["Root Entry", "EncryptionInfo", "EncryptedPackage"]
    assert ole_stream_names(word97_file()) == ["Root Entry", "1Table", "WordDocument"]
    assert ole_stream_names(word97_file(size=1500)) == ["Root Entry", "1Table", "WordDocument"]
    assert ole_stream_names(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600) is None  # a damaged header


# --- text in other encodings is read, not refused ---------------------------------------------------------

DRAFT = ("Article 1\n\nDefinitions\n\n1. ‘Dual-use items’ means goods that can be used for civil and military purposes; "
         "the exporter’s fee is 50 € – see Article 3.\n")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "cp1252", "utf-8-sig"])
def test_text_in_other_encodings_is_read(encoding):
    data = DRAFT.replace("\n", "\r\n").encode(encoding)
    source = read_bytes(data, "draft.txt")
    assert [b.text for b in source.blocks] == [
        "Article 1",
        "Definitions",
        "1. ‘Dual-use items’ means goods that can be used for civil and military purposes; the exporter’s fee is 50 € – see Article 3.",
    ]


def test_windows_1252_bytes_that_are_not_utf8_are_decoded_as_windows_1252():
    data = "Article 1\n\nThe Minister’s “general licence”\n".encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert read_bytes(data, "old.txt").blocks[1].text == "The Minister’s “general licence”"


# --- web pages cannot reach out -----------------------------------------------------------------------------


def test_external_entities_in_html_stay_inert(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT-4711", encoding="utf-8")
    page = (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE html [<!ENTITY leak SYSTEM "file://{secret}"><!ENTITY remote SYSTEM "http://127.0.0.1:9/x">'
        '<!ENTITY % param SYSTEM "file:///etc/passwd"> %param;'
        '<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
        "<html><body><p>Article 1</p><p>Before &leak; &remote; &lol2; after.</p></body></html>"
    )
    source = read_bytes(page.encode(), "entities.html")
    text = "\n".join(b.text for b in source.blocks)
    assert "TOP-SECRET" not in text and "root:" not in text and "lollol" not in text
    assert "ENTITY" not in text and "]>" not in text  # the declarations do not show up as text
    assert [b.text for b in source.blocks][0] == "Article 1"
    assert source.blocks[1].text.startswith("Before") and source.blocks[1].text.endswith("after.")


# --- the command line -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, data, intent", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_cli_parse_prints_one_error_line(tmp_path, capsys, name, data, intent):
    from drafting.cli import main

    path = tmp_path / name
    path.write_bytes(data)
    assert main(["parse", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {name} "), err
    check_plain_sentence(lines[0][len("error: "):], name, intent)


def test_cli_as_a_separate_process(tmp_path):
    """`python -m drafting parse FILE` as a user runs it (a few files, run side by side)."""
    chosen = ["protected.docx", "truncated.docx", "scan.txt"]
    cases = {name: (data, intent) for name, data, intent in REFUSALS if name in chosen}
    big = tmp_path / "big.txt"
    big.write_bytes(b"Article 1 Text.\n\n" * 2000)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DRAFTING_MAX_UPLOAD_MB", None)
    runs = {}
    for name, (data, _) in cases.items():
        (tmp_path / name).write_bytes(data)
    for name in [*cases, "big.txt"]:
        limit = {"DRAFTING_MAX_UPLOAD_MB": "0.01"} if name == "big.txt" else {}
        runs[name] = subprocess.Popen([sys.executable, "-m", "drafting", "parse", str(tmp_path / name)], cwd=ROOT,
                                      env={**env, **limit}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for name, run in runs.items():
        out, err = run.communicate(timeout=120)
        assert run.returncode == 2, (name, err)
        assert out == "" and "Traceback" not in err
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"error: {name} "), err
        intent = cases[name][1] if name in cases else ["more than the 10 KB limit"]
        check_plain_sentence(lines[0][len("error: "):], name, intent)


def test_cli_reads_a_utf16_text_file(tmp_path):
    from drafting.cli import main

    path = tmp_path / "notepad.txt"
    path.write_bytes(DRAFT.replace("\n", "\r\n").encode("utf-16"))
    assert main(["parse", str(path)]) == 0


# --- real files made by LibreOffice -------------------------------------------------------------------------


ENCRYPT_WITH_UNO = r'''
import os, subprocess, sys, time
import uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p

source, target, password, profile, filter_name = sys.argv[1:6]
pipe = "drafting_test_%d" % os.getpid()
office = subprocess.Popen([sys.argv[6], "--headless", "--invisible", "--nologo", "--norestore",
                           "-env:UserInstallation=file://" + profile, "--accept=pipe,name=%s;urp;" % pipe],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(240):
        try:
            context = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except Exception:
            time.sleep(0.25)
    else:
        sys.exit("LibreOffice did not start")
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0, (prop("Hidden", True),))
    document.storeAsURL(uno.systemPathToFileUrl(target), (prop("FilterName", filter_name), prop("Password", password)))
    document.close(True)
    try:
        desktop.terminate()
    except Exception:
        pass
finally:
    try:
        office.wait(timeout=30)
    except subprocess.TimeoutExpired:
        office.kill()
'''


@pytest.mark.office
def test_binary_doc_saved_by_libreoffice_is_refused(tmp_path):
    soffice = require_tool("soffice", "libreoffice")
    (tmp_path / "draft.docx").write_bytes(word_file())
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "doc",
                    "--outdir", str(tmp_path / "out"), str(tmp_path / "draft.docx")], check=True, capture_output=True, timeout=180)
    data = (tmp_path / "out" / "draft.doc").read_bytes()
    for name in ("draft.doc", "draft.docx"):
        with pytest.raises(DraftingError) as caught:
            read_bytes(data, name)
        check_plain_sentence(caught.value.message, name, ["old binary Word document (.doc)", "save it as .docx"])
        assert "password" not in caught.value.message


@pytest.mark.office
def test_password_protected_doc_saved_by_libreoffice_is_refused(tmp_path):
    """LibreOffice 7.4 does not encrypt .docx from the command line, but it saves a Word 97
    document with a password through its UNO interface (needs the python3-uno package)."""
    soffice = require_tool("soffice", "libreoffice")
    python = "/usr/bin/python3"
    probe = subprocess.run([python, "-c", "import uno"], capture_output=True) if Path(python).exists() else None
    if probe is None or probe.returncode != 0:
        if IN_CI:
            pytest.fail("python3-uno is not installed, but CI must run this test (install it in .ci/run)")
        pytest.skip("python3-uno (LibreOffice's Python bridge) is not installed")
    (tmp_path / "draft.docx").write_bytes(word_file())
    script = tmp_path / "encrypt.py"
    script.write_text(ENCRYPT_WITH_UNO, encoding="utf-8")
    subprocess.run([python, str(script), str(tmp_path / "draft.docx"), str(tmp_path / "locked.doc"), "secret",
                    str(tmp_path / "profile"), "MS Word 97", soffice], check=True, capture_output=True, timeout=240)
    data = (tmp_path / "locked.doc").read_bytes()
    with pytest.raises(DraftingError) as caught:
        read_bytes(data, "locked.doc")
    check_plain_sentence(caught.value.message, "locked.doc", ["protected by a password", "remove the password"])
