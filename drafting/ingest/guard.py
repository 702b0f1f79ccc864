"""Look at a file before reading it: refuse what cannot or must not be read.

Every refusal is a `DraftingError` whose message tells the drafter what is wrong and what to
do. The checks read only the first bytes and the zip directory, never the whole content, so
a hostile file costs nothing to refuse.
"""

from __future__ import annotations

import io
import os
import re
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
    ".doc": "is an old binary Word document (.doc): open it in Word or LibreOffice, save it as .docx and upload it again.",
    ".docm": "is a macro-enabled Word document (.docm): for safety, save it as a plain .docx without macros and upload it again.",
    ".dotx": "is a Word template (.dotx): save the draft as a .docx document and upload it again.",
    ".dotm": "is a macro-enabled Word template: save the draft as a plain .docx document and upload it again.",
    ".rtf": "is a Rich Text file (.rtf): save it as .docx and upload it again.",
    ".odt": "is an OpenDocument text (.odt): save it as .docx in LibreOffice or Word and upload it again.",
    ".xlsx": "is a spreadsheet, not a draft law: upload the draft as .docx, .pdf, .html or .txt.",
    ".xlsm": "is a spreadsheet, not a draft law: upload the draft as .docx, .pdf, .html or .txt.",
    ".xls": "is a spreadsheet, not a draft law: upload the draft as .docx, .pdf, .html or .txt.",
    ".ods": "is a spreadsheet, not a draft law: upload the draft as .docx, .pdf, .html or .txt.",
    ".pptx": "is a presentation, not a draft law: upload the draft as .docx, .pdf, .html or .txt.",
    ".ppt": "is a presentation, not a draft law: upload the draft as .docx, .pdf, .html or .txt.",
    ".zip": "is a zip archive: unpack it and upload the draft itself (.docx, .pdf, .html or .txt).",
}
WHAT_THE_CONTENT_IS = {"docx": "a Word document", "pdf": "a PDF document", "html": "a web page", "txt": "plain text"}


def check_and_detect(data: bytes, filename: str) -> str:
    """Return the format to read `data` as ('docx', 'pdf', 'html' or 'txt'), or refuse it."""
    name = PurePath(filename or "the file").name or "the file"
    ext = PurePath(name).suffix.lower()
    if len(data) == 0 or not data.strip():
        raise DraftingError(f"{name} is empty: there is no text to compare, so check that you chose the right file.")
    limit = max_upload_bytes()
    if len(data) > limit:
        raise DraftingError(
            f"{name} is {_size(len(data))}, more than the {_size(limit)} limit: "
            "split the draft into parts or remove embedded images, then upload it again."
        )
    if data[:8] == OLE_MAGIC:
        # Whatever it is called, an OLE file is a legacy Office file or an encrypted one.
        raise DraftingError(_ole_refusal(data, name))
    if ext in REFUSED_EXTENSIONS:
        raise DraftingError(f"{name} {REFUSED_EXTENSIONS[ext]}")
    content = sniff(data, name)
    expected = EXTENSIONS.get(ext)
    if expected is None and ext:
        raise DraftingError(
            f"{name} has a file type ({ext}) that cannot be read: upload the draft as .docx, .pdf, .html or .txt."
        )
    if expected in ("txt", "html") and content in ("txt", "html"):
        # A page named .html is markup even when it does not start like one; a .txt is markup only when it is a
        # whole web page (see `sniff`).
        return "html" if expected == "html" else content
    if expected and content != expected:
        raise DraftingError(
            f"{name} is named {ext} but its content is {WHAT_THE_CONTENT_IS[content]}: rename it with the right "
            "extension (or save it again from the program that made it) and upload it again."
        )
    return content


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)
ARCHIVE_MAGIC = ((b"\x1f\x8b", "gzip"), (b"7z\xbc\xaf\x27\x1c", "7-Zip"), (b"Rar!\x1a\x07", "RAR"))


def _size(n: int) -> str:
    if n >= MB:
        return f"{n / MB:.0f} MB" if n % MB == 0 else f"{n / MB:.1f} MB"
    return f"{max(n / 1024, 1):.0f} KB"


def sniff(data: bytes, name: str) -> str:
    """The format the bytes really are, whatever the file is called."""
    head = data[:8]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        check_word_zip(data, name)
        return "docx"
    if head == OLE_MAGIC:
        raise DraftingError(_ole_refusal(data, name))
    if data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    image = next((kind for magic, kind in IMAGE_MAGIC if data.startswith(magic)), None)
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        image = "WebP"
    if image:
        raise DraftingError(
            f"{name} is an image ({image}), not a text document: if it is a scan of the draft, run it through "
            "text recognition (OCR), otherwise upload the draft as .docx, .pdf, .html or .txt."
        )
    for magic, kind in ARCHIVE_MAGIC:
        if data.startswith(magic):
            raise DraftingError(
                f"{name} is a compressed {kind} archive: unpack it and upload the draft itself (.docx, .pdf, .html or .txt)."
            )
    if data.lstrip()[:5] == b"{\\rtf":
        raise DraftingError(f"{name} is a Rich Text file (RTF): save it as .docx in Word or LibreOffice and upload it again.")
    text = decode_text(data, name)
    # Markup only when the text opens as a web page: a plain-text draft that quotes a tag is still plain text.
    probe = text.lstrip("\ufeff \t\r\n")[:4000].lower()
    if probe.startswith(("<!doctype html", "<html")) or (probe.startswith("<") and "<body" in probe and "</" in probe):
        return "html"
    return "txt"


def _encrypted_message(name: str) -> str:
    return (
        f"{name} is protected by a password, so it cannot be read: remove the password in Word "
        "(File > Info > Protect Document > Encrypt with Password) and upload it again."
    )


def _ole_is_encrypted(data: bytes) -> bool:
    """An encrypted .docx is an OLE container holding 'EncryptionInfo' and 'EncryptedPackage'."""
    return "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data


def _ole_refusal(data: bytes, name: str) -> str:
    """Why an OLE (compound) file is refused, told from the names of the streams it holds."""
    streams = ole_stream_names(data)
    if streams is None:  # the directory could not be followed: fall back to a plain search
        if _ole_is_encrypted(data):
            return _encrypted_message(name)
        return (
            f"{name} is an old binary Word document (.doc) or another legacy Office file: "
            "open it in Word or LibreOffice, save it as .docx and upload it again."
        )
    lowered = {n.lower() for n in streams}
    if "encryptioninfo" in lowered or "encryptedpackage" in lowered:
        return _encrypted_message(name)
    if "worddocument" in lowered:
        if _word97_encrypted(data):
            return (
                f"{name} is an old binary Word document (.doc) protected by a password, so it cannot be read: "
                "remove the password in Word, save the draft as .docx and upload it again."
            )
        return (
            f"{name} is an old binary Word document (.doc): "
            "open it in Word or LibreOffice, save it as .docx and upload it again."
        )
    if "workbook" in lowered or "book" in lowered:
        return f"{name} is an old Excel spreadsheet (.xls), not a draft law: upload the draft as .docx, .pdf, .html or .txt."
    if "powerpoint document" in lowered:
        return f"{name} is an old PowerPoint presentation (.ppt), not a draft law: upload the draft as .docx, .pdf, .html or .txt."
    if any(n.startswith("__substg1.0_") for n in lowered):
        return f"{name} is an Outlook message, not a draft law: save the attached draft on its own and upload that."
    return (
        f"{name} is a legacy Office file that cannot be read: "
        "open it in the program that made it, save the draft as .docx and upload it again."
    )


CFB_FREE, CFB_END_OF_CHAIN = 0xFFFFFFFF, 0xFFFFFFFE


def _ole_layout(data: bytes):
    """(sector size, FAT) of a compound file, or None when the header is not usable."""
    import struct

    if len(data) < 512 or data[:8] != OLE_MAGIC:
        return None
    shift = struct.unpack_from("<H", data, 0x1E)[0]
    if shift not in (9, 12):
        return None
    size = 1 << shift
    n_fat, _dir_start, _txn, _cutoff, _minifat_start, _n_minifat, difat_start, n_difat = struct.unpack_from("<8I", data, 0x2C)
    fat_sectors = [v for v in struct.unpack_from("<109I", data, 0x4C) if v < CFB_END_OF_CHAIN]
    sector, guard = difat_start, 0
    while sector < CFB_END_OF_CHAIN and guard < n_difat and guard < 10000:
        offset = (sector + 1) * size
        if offset + size > len(data):
            return None
        values = struct.unpack_from(f"<{size // 4}I", data, offset)
        fat_sectors += [v for v in values[:-1] if v < CFB_END_OF_CHAIN]
        sector, guard = values[-1], guard + 1
    fat: list[int] = []
    for sector in fat_sectors[: max(n_fat, 0) or len(fat_sectors)]:
        offset = (sector + 1) * size
        if offset + size > len(data):
            return None
        fat.extend(struct.unpack_from(f"<{size // 4}I", data, offset))
    return size, fat


def _ole_entries(data: bytes):
    """The directory entries of a compound file: (name, type, start sector, size); None if unreadable."""
    import struct

    layout = _ole_layout(data)
    if layout is None:
        return None
    size, fat = layout
    sector = struct.unpack_from("<I", data, 0x30)[0]
    entries = []
    seen: set[int] = set()
    while sector < CFB_END_OF_CHAIN:
        if sector in seen or sector >= len(fat) or len(seen) > 100000:
            return None  # a loop or a chain out of the table: a damaged file
        seen.add(sector)
        offset = (sector + 1) * size
        if offset + size > len(data):
            return None
        for at in range(offset, offset + size, 128):
            length = struct.unpack_from("<H", data, at + 0x40)[0]
            kind = data[at + 0x42]
            if kind == 0 or not 2 <= length <= 64:
                continue
            name = data[at : at + length - 2].decode("utf-16-le", errors="replace")
            start = struct.unpack_from("<I", data, at + 0x74)[0]
            stream_size = struct.unpack_from("<Q", data, at + 0x78)[0]
            entries.append((name, kind, start, stream_size))
        sector = fat[sector]
    return entries


def ole_stream_names(data: bytes) -> list[str] | None:
    """The names of the streams and storages in a compound (OLE) file, or None if unreadable."""
    try:
        entries = _ole_entries(data)
    except Exception:  # struct.error, IndexError on a damaged file
        return None
    return None if entries is None else [e[0] for e in entries]


def _word97_encrypted(data: bytes) -> bool:
    """Whether the Word 97-2003 document in this compound file is password-protected (FIB fEncrypted)."""
    import struct

    try:
        layout = _ole_layout(data)
        entries = _ole_entries(data)
        if layout is None or entries is None:
            return False
        size, fat = layout
        cutoff = struct.unpack_from("<I", data, 0x38)[0] or 4096
        root = entries[0] if entries and entries[0][1] == 5 else None
        for name, kind, start, stream_size in entries:
            if name != "WordDocument" or kind != 2 or stream_size < 12:
                continue
            if stream_size >= cutoff:
                offset = (start + 1) * size
            elif root is not None:
                # a small stream lives in the mini stream (held by the root entry), in 64-byte sectors
                at = start * 64
                sector = root[2]
                for _ in range(at // size):
                    if sector >= len(fat):
                        return False
                    sector = fat[sector]
                if sector >= CFB_END_OF_CHAIN:
                    return False
                offset = (sector + 1) * size + at % size
            else:
                return False
            flags = struct.unpack_from("<H", data, offset + 0x0A)[0]
            return bool(flags & 0x0100)
    except Exception:
        return False
    return False


# --- PDF ------------------------------------------------------------------------------------------

PDF_EOF_WINDOW = 2048
MAX_PDF_STREAM_BYTES = 150 * MB
MAX_PDF_EXPANDED_BYTES = 400 * MB
PDF_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")


def pdf_damaged_message(name: str) -> str:
    return (
        f"{name} is a damaged or incomplete PDF (it may have been cut short while copying); "
        "open it, save or export it again as PDF and upload the new copy."
    )


def check_pdf(data: bytes, name: str) -> None:
    """Refuse a PDF that was cut short, or whose compressed streams would expand absurdly.

    A PDF ends with '%%EOF' (readers look for it in the last kilobyte or so); without it the
    file was truncated and what could be recovered is not the whole law. Compressed (Flate)
    streams are measured by expanding them into nothing, chunk by chunk, before the PDF library
    expands them into memory; image streams are skipped, since text extraction never expands them.
    """
    if b"%%EOF" not in data[-PDF_EOF_WINDOW:]:
        raise DraftingError(pdf_damaged_message(name))
    total = 0
    for match in PDF_STREAM.finditer(data):
        start = match.end()
        head = data[max(0, match.start() - 2048) : match.start()]
        head = head[head.rfind(b"obj") :] if b"obj" in head else head
        if b"Flate" not in head and b"/Fl" not in head or re.search(rb"/Subtype\s*/Image", head):
            continue
        end = data.find(b"endstream", start)
        raw = data[start : end if end > 0 else len(data)]
        expanded = _inflated_size(raw, MAX_PDF_STREAM_BYTES + 1)
        total += expanded
        if expanded > MAX_PDF_STREAM_BYTES or total > MAX_PDF_EXPANDED_BYTES:
            raise DraftingError(
                f"{name} contains compressed content that would expand to more than {_size(max(expanded, total))}; "
                "such a file can exhaust the computer's memory, so it was not read."
            )


def _inflated_size(raw: bytes, limit: int) -> int:
    """How many bytes a zlib stream expands to (counting stops past `limit`); 0 if it is not zlib."""
    import zlib

    inflater = zlib.decompressobj()
    size = 0
    pending = raw
    try:
        while pending and size <= limit:
            size += len(inflater.decompress(pending, 1 << 20))
            pending = inflater.unconsumed_tail
            if inflater.eof:
                break
    except zlib.error:
        return size
    return size


def check_word_zip(data: bytes, name: str) -> None:
    """Refuse a zip that is not a plain Word document, or whose parts would expand absurdly."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise DraftingError(
            f"{name} is damaged or incomplete (it may have been cut short while copying): "
            "open it in Word, save it again and upload the new copy."
        ) from None
    names = {i.filename for i in infos}
    if len(infos) > MAX_ZIP_ENTRIES:
        raise DraftingError(f"{name} has {len(infos)} internal parts, far more than a Word document has, so it was not read.")
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
        raise DraftingError(f"{name} is {what}, not a Word document: upload the draft as .docx, .pdf, .html or .txt.")
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise DraftingError(
            f"{name} contains macros, and for safety macro-enabled files are not read: "
            "save the draft as a plain .docx (without macros) and upload it again."
        )


def decode_text(data: bytes, name: str) -> str:
    """Decode a text file (UTF-8, UTF-16 with a byte-order mark, or Windows-1252)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    utf16 = _utf16_without_bom(data) if b"\x00" in data[:4096] else None
    if utf16:
        text = data.decode(utf16, errors="replace")
        if sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\r\n\t\f") <= 8:
            return text
    if b"\x00" in data[:4096]:
        raise DraftingError(
            f"{name} is not a text file, a Word document, a PDF or a web page, so it could not be read: "
            "upload the draft as .docx, .pdf, .html or .txt."
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    control = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\r\n\t\f")
    if control > 8:
        raise DraftingError(
            f"{name} is not a text file, a Word document, a PDF or a web page, so it could not be read: "
            "upload the draft as .docx, .pdf, .html or .txt."
        )
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the bytes look like UTF-16 text saved without a byte-order
    mark (every other byte zero, as for Latin text), else None."""
    sample = data[:4096]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) >= 0.4 * len(odd) and even.count(0) <= 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.4 * len(even) and odd.count(0) <= 0.05 * len(odd):
        return "utf-16-be"
    return None
