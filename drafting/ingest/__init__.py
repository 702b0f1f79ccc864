"""Ingest: any accepted file -> `SourceText` (blocks of text with their origin).

`read_bytes` is the single entry point: it checks the file (`guard`), picks the reader by
what the bytes really are, and turns every failure into a `DraftingError` a drafter
understands.
"""

from __future__ import annotations

import logging
from pathlib import Path

from drafting.errors import DraftingError
from drafting.ingest.guard import check_and_detect, decode_text
from drafting.ingest.source import Block, Piece, SourceText

log = logging.getLogger(__name__)

__all__ = ["read_bytes", "read_path", "file_bytes", "SourceText", "Block", "Piece", "MAX_WORDS"]

# The largest draft compared in one go: about 1,000 pages of statute. Measured on a 2-core
# machine: 390,000 words read and compared in 17 s with 320 MB of memory; beyond, split the draft.
MAX_WORDS = 400_000


def file_bytes(path: str | Path) -> bytes:
    """The bytes of a file on disk, or a plain-English refusal."""
    path = Path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DraftingError(f"There is no file at {path}.") from None
    except IsADirectoryError:
        raise DraftingError(f"{path} is a folder, not a file.") from None
    except PermissionError:
        raise DraftingError(f"{path} cannot be read (permission denied).") from None


def read_path(path: str | Path) -> SourceText:
    return read_bytes(file_bytes(path), Path(path).name)


def _read(fmt: str, data: bytes, name: str) -> SourceText:
    if fmt == "docx":
        from drafting.ingest.docx_reader import read_docx

        return read_docx(data, name)
    if fmt == "pdf":
        from drafting.ingest.pdf_reader import read_pdf

        return read_pdf(data, name)
    if fmt == "html":
        from drafting.ingest.html_reader import read_html

        return read_html(decode_text(data, name), name)
    from drafting.ingest.text_reader import read_text

    return read_text(decode_text(data, name), name)


def read_bytes(data: bytes, name: str) -> SourceText:
    """Read a draft (or an act) from its bytes; `name` is the file name as given by the user."""
    fmt = check_and_detect(data, name)
    try:
        source = _read(fmt, data, name)
    except DraftingError:
        raise
    except RecursionError:
        raise DraftingError(f"{name} is nested too deeply to be read safely; it was not read.") from None
    except Exception as exc:  # a damaged file that the format library could not make sense of
        log.warning("reading %s failed: %r", name, exc)
        raise DraftingError(
            f"{name} could not be read because part of its content is damaged or in a form this tool does not understand; "
            "open it in the program that made it, save it again and upload the new copy."
        ) from exc
    if not any(b.text.strip() for b in source.blocks):
        raise DraftingError(f"{name} contains no readable text: there is nothing to compare.")
    words = source.word_count
    if words > MAX_WORDS:
        raise DraftingError(
            f"{name} has {words:,} words, more than the {MAX_WORDS:,} (about 1,000 pages) that can be compared at once; "
            "split it into parts (for example by Part or Chapter) and compare each."
        )
    return source
