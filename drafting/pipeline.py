"""The whole pipeline in a few calls, for the CLI, the app and the tests.

    draft = read_draft(data, "bill.docx")          # ingest + structure
    model = load_model("eu-aligned-model")         # or a path to a YAML set or an official act
    result = compare_draft(draft, model)           # align + compare
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from drafting.compare import Comparison, compare
from drafting.errors import DraftingError
from drafting.ingest import SourceText, file_bytes, read_bytes
from drafting.modelset import ModelSet, load_model
from drafting.structure import build_document
from drafting.tree import Document


@dataclass
class Draft:
    """An uploaded draft: its bytes (kept for the annotated export), what was read, its tree."""

    name: str
    data: bytes
    source: SourceText
    document: Document

    @property
    def format(self) -> str:
        return self.source.format


def read_draft(data: bytes, name: str, language: str = "") -> Draft:
    """`language` (fr, es, ru, ar, en) sets the language the draft is read in, as a user can when
    detection got it wrong; without it the language is detected (and each provision's own in a mixed text)."""
    source = read_bytes(data, name)
    document = build_document(source)
    if language:
        set_language(document, language)
    return Draft(name=name, data=data, source=source, document=document)


def set_language(document: Document, language: str) -> None:
    from drafting.language import NAMES, SUPPORTED

    if language not in SUPPORTED:
        raise DraftingError(f"“{language}” is not a language the comparison reads; choose one of: "
                            + ", ".join(f"{code} ({NAMES[code]})" for code in SUPPORTED) + ".")
    document.language, document.language_set = language, True


def read_draft_path(path: str | Path) -> Draft:
    return read_draft(file_bytes(path), Path(path).name)


def compare_draft(draft: Draft | Document, model: ModelSet | str | None = None) -> Comparison:
    document = draft.document if isinstance(draft, Draft) else draft
    model_set = model if isinstance(model, ModelSet) else load_model(model)
    if not document.units():
        raise DraftingError(f"{document.name or 'The draft'} has no provisions to compare.")
    return compare(model_set, document)


DEMO_DRAFT = Path(__file__).resolve().parent.parent / "corpora" / "demo_draft.docx"


def demo_draft() -> Draft:
    """The bundled demo bill (corpora/demo_draft.docx)."""
    if not DEMO_DRAFT.exists():
        raise DraftingError("The demo draft is missing: run `python corpora/build_demo_draft.py` to build it.")
    return read_draft(DEMO_DRAFT.read_bytes(), DEMO_DRAFT.name)
