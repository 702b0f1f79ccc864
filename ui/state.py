"""What the app keeps between clicks: the draft, the model, the comparison, the review.

Parsed model sets and comparisons are cached for the whole server (keyed by the draft's hash
and the model reference), so moving around a long draft never recomputes anything.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import streamlit as st

from drafting.compare import Comparison
from drafting.errors import DraftingError
from drafting.modelset import DEFAULT_MODEL, ModelSet, bundled_models, load_model
from drafting.align import document_language
from drafting.pipeline import Draft, compare_draft, demo_draft, read_draft, set_language
from drafting.review import ReviewStore
from drafting.review_db import database_location
from drafting.suggest import Suggestion, suggestions_for

PAGES = ["Start", "Overview", "Side by side", "Model law", "Export", "Corpus"]


@st.cache_resource(show_spinner=False)
def cached_model(ref: str) -> ModelSet:
    return load_model(ref)


@st.cache_resource(show_spinner=False, max_entries=32)
def cached_comparison(draft_key: str, model_ref: str, _draft: Draft, _model: ModelSet) -> Comparison:
    return compare_draft(_draft, _model)


def store() -> ReviewStore:
    """The review database (one connection pool per database: the SQLite file or $DRAFTING_DATABASE_URL)."""
    return _store(database_location())


@st.cache_resource(show_spinner=False)
def _store(path: str) -> ReviewStore:
    return ReviewStore(path)


@st.cache_resource(show_spinner=False, max_entries=32)
def cached_suggestions(comparison_key: str, _comparison: Comparison) -> dict[str, Suggestion]:
    return suggestions_for(_comparison)


@dataclass
class Loaded:
    draft: Draft
    model: ModelSet
    model_ref: str
    comparison: Comparison
    key: str = ""  # the comparison's cache key

    @property
    def suggestions(self) -> dict[str, Suggestion]:
        """The computed suggested wording, by finding id."""
        return cached_suggestions(self.key, self.comparison)

    @property
    def language(self) -> str:
        """The draft's language (set by the user, declared, or detected)."""
        return document_language(self.draft.document)

    @property
    def cross_lingual(self) -> bool:
        return self.language != document_language(self.model.document)


def init() -> None:
    ss = st.session_state
    for key in ss.pop("boxes_to_clear", []):  # before any widget is drawn, when a box may still be set
        ss[key] = ""
    ss.setdefault("page", "Overview")
    ss.setdefault("reviewer", "")
    ss.setdefault("model_ref", DEFAULT_MODEL)
    ss.setdefault("selected", None)
    ss.setdefault("review_id", None)
    ss.setdefault("messages", [])


def clear_box(key: str) -> None:
    """Empty a text box on the next run (a saved comment leaves its box empty). A widget's value
    cannot be set once it is drawn in this run, and dropping its key does not empty the box in
    the browser."""
    st.session_state.setdefault("boxes_to_clear", []).append(key)


def draft_key(draft: Draft) -> str:
    return hashlib.sha256(draft.data).hexdigest()


def set_draft(draft: Draft) -> None:
    st.session_state["draft"] = draft
    st.session_state["review_id"] = None
    st.session_state["selected"] = None


def current() -> Loaded | None:
    """The loaded draft, model and comparison (the demo draft on a first visit)."""
    ss = st.session_state
    if "draft" not in ss:
        try:
            ss["draft"] = demo_draft()
        except DraftingError as exc:
            ss["load_error"] = exc.message
            return None
    model_ref = ss["model_ref"]
    try:
        model = ss.get("custom_model") if model_ref == "uploaded" else cached_model(model_ref)
        if model is None:
            ss["model_ref"] = DEFAULT_MODEL
            model = cached_model(DEFAULT_MODEL)
        draft = ss["draft"]
        language_key = f"{draft.document.language}:{draft.document.language_set}"
        keys = (draft_key(draft) + language_key, model_ref + (model.path or ""))
        comparison = cached_comparison(*keys, draft, model)
    except DraftingError as exc:
        ss["load_error"] = exc.message
        return None
    return Loaded(draft, model, model_ref, comparison, "|".join(keys))


def load_upload(name: str, data: bytes) -> str | None:
    """Read an uploaded draft; returns an error message for the user, or None."""
    try:
        draft = read_draft(data, name)
        if not draft.document.units():
            return f"{name} was read, but no provisions were found in it."
    except DraftingError as exc:
        return exc.message
    set_draft(draft)
    return None


def set_draft_language(code: str) -> str | None:
    """Read the loaded draft in another language ("auto": the detected one); an error message or None."""
    ss = st.session_state
    draft = ss.get("draft")
    if draft is None:
        return None
    if code == "auto":
        detected = read_draft(draft.data, draft.name).document
        draft.document.language, draft.document.language_set = detected.language, False
        return None
    try:
        set_language(draft.document, code)
    except DraftingError as exc:
        return exc.message
    ss["review_id"] = None
    return None


def model_choices() -> dict[str, str]:
    """Bundled model sets: id -> title."""
    out = {}
    for model_id in bundled_models():
        try:
            out[model_id] = cached_model(model_id).title
        except DraftingError:
            continue
    return out


def go(page: str, selected: str | None = None) -> None:
    """Callback: open a page (and a pair) with one click."""
    st.session_state["page"] = page
    if selected is not None:
        st.session_state["selected"] = selected


def request(page: str, selected: str | None = None) -> None:
    """Open a page on the next run (from the body of a page, where the navigation widget
    already exists); call st.rerun() afterwards."""
    st.session_state["next_page"] = (page, selected)


def apply_request() -> None:
    """Before the navigation widget is drawn: carry out a page change asked for last run."""
    pending = st.session_state.pop("next_page", None)
    if pending:
        go(*pending)


def ensure_review(loaded: Loaded) -> int:
    """The review this work is saved in, created on the first annotation."""
    from drafting.review_session import start_review

    ss = st.session_state
    if ss.get("review_id"):
        return ss["review_id"]
    reviewer = ss.get("reviewer", "").strip()
    if not reviewer:
        raise DraftingError("Enter your name in the sidebar first: every comment records who wrote it.")
    session = start_review(store(), loaded.draft, loaded.model, reviewer, comparison=loaded.comparison)
    ss["review_id"] = session.review_id
    return session.review_id


def current_version_id() -> int | None:
    review_id = st.session_state.get("review_id")
    if not review_id:
        return None
    return store().latest_version(review_id).id
