"""Look at a file before reading it: refuse what cannot or must not be read.

Every refusal is a `DraftingError` whose message tells the drafter what is wrong and what to
do. The checks read only the first bytes and the zip directory, never the whole content, so
a hostile file costs nothing to refuse.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import PurePath

from drafting.errors import DraftingError

MB = 1024 * 1024
DEFAULT_MAX_UPLOAD_MB = 25


def max_upload_bytes() -> int:
    """The size limit for one file (env DRAFTING_MAX_UPLOAD_MB, default 25 MB)."""
    try:
        return int(float(os.environ.get("DRAFTING_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB)) * MB)
    except ValueError:
        return DEFAULT_MAX_UPLOAD_MB * MB


# Limits for the parts of a Word file, checked on the sizes the zip directory declares.
MAX_ZIP_ENTRIES = 5000
MAX_PART_BYTES = 150 * MB
MAX_TOTAL_EXPANDED_BYTES = 400 * MB
MAX_COMPRESSION_RATIO = 200

SUPPORTED = ("docx", "pdf", "html", "txt")
EXTENSIONS = {
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "txt",
    ".text": "txt",
    ".md": "txt",
}
REFUSED_EXTENSIONS = {
    ".doc": "is an old binary Word document (.doc). Open it in Word or LibreOffice, save it as .docx and upload it again.",
    ".docm": "is a macro-enabled Word document (.docm). For safety, save it as a plain .docx without macros and upload it again.",
    ".dotx": "is a Word template (.dotx). Save the draft as a .docx document and upload it again.",
    ".dotm": "is a macro-enabled Word template. Save the draft as a plain .docx document and upload it again.",
    ".rtf": "is a Rich Text file (.rtf). Save it as .docx and upload it again.",
    ".odt": "is an OpenDocument text (.odt). Save it as .docx and upload it again.",
    ".xlsx": "is a spreadsheet, not a draft law. Upload the draft as .docx, .pdf, .html or .txt.",
    ".xls": "is a spreadsheet, not a draft law. Upload the draft as .docx, .pdf, .html or .txt.",
    ".pptx": "is a presentation, not a draft law. Upload the draft as .docx, .pdf, .html or .txt.",
    ".zip": "is a zip archive. Unpack it and upload the draft itself (.docx, .pdf, .html or .txt).",
}
WHAT_THE_CONTENT_IS = {"docx": "a Word document", "pdf": "a PDF document", "html": "a web page", "txt": "plain text"}


def check_and_detect(data: bytes, filename: str) -> str:
    """Return the format to read `data` as ('docx', 'pdf', 'html' or 'txt'), or refuse it."""
    name = PurePath(filename or "the file").name or "the file"
    ext = PurePath(name).suffix.lower()
    if len(data) == 0 or not data.strip():
        raise DraftingError(f"{name} is empty: there is no text to compare. Check that you chose the right file.")
    limit = max_upload_bytes()
    if len(data) > limit:
        raise DraftingError(
            f"{name} is {len(data) / MB:.1f} MB, more than the {limit // MB} MB limit. "
            "Split the draft into parts or remove embedded images, then upload it again."
        )
    if ext in REFUSED_EXTENSIONS:
        # An encrypted .docx is an OLE file too; say the more useful thing.
        if data[:8] == OLE_MAGIC and _ole_is_encrypted(data):
            raise DraftingError(_encrypted_message(name))
        raise DraftingError(f"{name} {REFUSED_EXTENSIONS[ext]}")
    content = sniff(data, name)
    expected = EXTENSIONS.get(ext)
    if expected is None and ext:
        raise DraftingError(
            f"{name} has a file type ({ext}) that cannot be read. Upload the draft as .docx, .pdf, .html or .txt."
        )
    if expected and content != expected and not (expected in ("txt", "html") and content in ("txt", "html")):
        raise DraftingError(
            f"{name} is named {ext} but its content is {WHAT_THE_CONTENT_IS[content]}. "
            f"Rename it with the right extension (or save it again from the program that made it) and upload it again."
        )
    return content


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(data: bytes, name: str) -> str:
    """The format the bytes really are, whatever the file is called."""
    head = data[:8]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        check_word_zip(data, name)
        return "docx"
    if head == OLE_MAGIC:
        if _ole_is_encrypted(data):
            raise DraftingError(_encrypted_message(name))
        raise DraftingError(
            f"{name} is an old binary Word document (.doc) or another legacy Office file. "
            "Open it in Word or LibreOffice, save it as .docx and upload it again."
        )
    if data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    text = decode_text(data, name)
    probe = text[:4000].lower()
    if "<html" in probe or "<!doctype html" in probe or ("<body" in probe and "</" in probe):
        return "html"
    return "txt"


def _encrypted_message(name: str) -> str:
    return (
        f"{name} is protected by a password, so it cannot be read. "
        "Remove the password in Word (File > Info > Protect Document) and upload it again."
    )


def _ole_is_encrypted(data: bytes) -> bool:
    """An encrypted .docx is an OLE container holding 'EncryptionInfo' and 'EncryptedPackage'."""
    return "EncryptionInfo".encode("utf-16-le") in data[:65536] or "EncryptedPackage".encode("utf-16-le") in data


def check_word_zip(data: bytes, name: str) -> None:
    """Refuse a zip that is not a plain Word document, or whose parts would expand absurdly."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise DraftingError(
            f"{name} is damaged or incomplete (it may have been cut short while copying). "
            "Open it in Word, save it again and upload the new copy."
        ) from None
    names = {i.filename for i in infos}
    if len(infos) > MAX_ZIP_ENTRIES:
        raise DraftingError(f"{name} has {len(infos)} internal parts, far more than a Word document has; it was not read.")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_PART_BYTES or (info.file_size > 20 * MB and ratio > MAX_COMPRESSION_RATIO):
            raise DraftingError(
                f"{name} contains a part that would expand to {info.file_size / MB:.0f} MB; "
                "such a file can exhaust the computer's memory, so it was not read."
            )
    if total > MAX_TOTAL_EXPANDED_BYTES:
        raise DraftingError(
            f"{name} would expand to {total / MB:.0f} MB when opened; such a file can exhaust the computer's memory, so it was not read."
        )
    if "word/document.xml" not in names:
        kind = "a spreadsheet" if "xl/workbook.xml" in names else "a presentation" if "ppt/presentation.xml" in names else None
        if "mimetype" in names and archive.read("mimetype")[:60].startswith(b"application/vnd.oasis"):
            kind = "an OpenDocument file"
        what = kind or "a zip archive"
        raise DraftingError(f"{name} is {what}, not a Word document. Upload the draft as .docx, .pdf, .html or .txt.")
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise DraftingError(
            f"{name} contains macros. For safety, macro-enabled files are not read: "
            "save the draft as a plain .docx (without macros) and upload it again."
        )


def decode_text(data: bytes, name: str) -> str:
    """Decode a text file (UTF-8, UTF-16 with a byte-order mark, or Windows-1252)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:4096]:
        raise DraftingError(
            f"{name} is not a text file, a Word document, a PDF or a web page; it could not be read. "
            "Upload the draft as .docx, .pdf, .html or .txt."
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    control = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\r\n\t\f")
    if control > 8:
        raise DraftingError(
            f"{name} is not a text file, a Word document, a PDF or a web page; it could not be read. "
            "Upload the draft as .docx, .pdf, .html or .txt."
        )
    return text
