"""'How others wrote it': beside a model provision, the closest provisions of other countries' laws.

The folder of laws is the one chosen on the Start page among those configured (the folders of
$DRAFTING_PRECEDENTS_DIR, the shared national laws, the bundled corpora/ folder: see
`drafting.precedents.corpus_choices`), by default the first of them. The
search is done by `drafting.precedents`, which keeps the index on disk; here the open index is
kept for the whole server while the folder's files stay the same.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from drafting.errors import DraftingError
from drafting.precedents import (
    Precedent, PrecedentIndex, corpus_choices, corpus_files, corpus_signature, index_on_disk, open_index, precedents_of, store_dir,
)
from drafting.tree import Unit
from ui.html import esc, text_box

SHOWN = 6  # laws shown for a provision
AUTO_BUILD_LAWS = 100  # a larger corpus is indexed only when asked (it takes minutes, once)
FULL_TEXT_CHARS = 600  # a longer provision is shown by the stretch around the shared words
TITLE_CHARS = 120


NONE = "(none)"


def corpus_folder() -> Path | None:
    """The folder chosen on the Start page, if it is still one of the choices; else the default."""
    choices = corpus_choices()
    chosen = st.session_state.get("precedents_dir")
    if chosen == NONE:
        return None
    return next((c for c in choices if str(c) == chosen), choices[0] if choices else None)


def settings() -> None:
    """The Start page's choice of the folder of laws (among those configured: see corpus_choices)."""
    st.subheader("4. How others wrote it")
    choices = [str(c) for c in corpus_choices()] + [NONE]
    current = corpus_folder()
    current = str(current) if current else NONE
    chosen = st.selectbox("Laws of other countries shown beside each model provision", choices, index=choices.index(current),
                          key="precedents_dir_select",
                          help="Folders of laws (.docx, .pdf, .txt, .html) set by DRAFTING_PRECEDENTS_DIR (several separated by ':'), "
                               "the shared national laws and the bundled corpora.")
    if chosen != current:
        st.session_state["precedents_dir"] = chosen
    folder = corpus_folder()
    if folder is None:
        st.caption("The side-by-side view will not show how other countries wrote each provision.")
        return
    try:
        count = len(corpus_files(folder))
        st.caption(f"{count} law{'' if count == 1 else 's'} in {folder}.")
    except DraftingError as exc:
        st.warning(exc.message)


def show(unit: Unit, exclude: frozenset[str] = frozenset()) -> None:
    """The expander under the model text; `exclude` names files (by sha256) not to cite, such as the draft itself."""
    with st.expander("How others wrote it"):
        folder = corpus_folder()
        if folder is None:
            st.caption("Choose a folder of national laws on the Start page (or set DRAFTING_PRECEDENTS_DIR) to see how other "
                       "countries wrote this provision.")
            return
        try:
            index = _opened(folder)
        except DraftingError as exc:
            st.warning(exc.message)
            return
        if index is None:
            return
        hits = _precedents(index.key, (unit.id, unit.text(), unit.heading()), exclude, index, unit)
        if not hits:
            st.write(f"No provision of the {len(index.laws)} laws in {folder} shares words with this one.")
            return
        for hit in hits:
            _hit(hit)
        st.html(f"<small>The closest provision of each law, best first, from {len(index.laws)} laws in {esc(str(folder))}; "
                "highlighted: the words it shares with the model provision (licence, permit and authorisation count as one).</small>")


def _opened(folder: Path) -> PrecedentIndex | None:
    """The folder's index; a large folder not yet indexed waits for the reviewer to ask."""
    signature = corpus_signature(folder)
    store = str(store_dir())
    asked = st.session_state.get("precedents_build") == str(folder)
    if len(signature) > AUTO_BUILD_LAWS and not asked and not _on_disk(str(folder), signature, store):
        st.write(f"{folder} holds {len(signature)} laws. Their index is built once (it takes a few minutes) and then kept on disk.")
        st.button("Build the index", key="precedents_build_button", on_click=_ask_to_build, args=(str(folder),))
        return None
    with st.spinner(f"Reading the laws in {folder} (once: the index is kept on disk)…"):
        return _index(str(folder), signature, store)


def _ask_to_build(folder: str) -> None:
    st.session_state["precedents_build"] = folder


@st.cache_resource(show_spinner=False, max_entries=8)
def _index(folder: str, signature: tuple, store: str) -> PrecedentIndex:
    return open_index(folder, store)


@st.cache_resource(show_spinner=False, max_entries=8)
def _on_disk(folder: str, signature: tuple, store: str) -> bool:
    return index_on_disk(folder, store)


@st.cache_data(show_spinner=False, max_entries=2048)
def _precedents(index_key: str, unit_key: tuple, exclude: frozenset[str], _index: PrecedentIndex, _unit: Unit) -> list[Precedent]:
    return precedents_of(_index, _unit, top=SHOWN, exclude=exclude)


def _hit(hit: Precedent) -> None:
    heading = f" — {hit.unit.heading}" if hit.unit.heading else ""
    text, spans = (hit.unit.text, hit.spans) if len(hit.unit.text) <= FULL_TEXT_CHARS else (hit.snippet, hit.snippet_spans)
    title = hit.law.title if len(hit.law.title) <= TITLE_CHARS else hit.law.title[:TITLE_CHARS - 1] + "…"
    st.html(f"<b>{esc(hit.country)}</b> · {esc(hit.citation)}{esc(heading)} <span class=dr-badge>score {hit.score:.2f}</span>"
            f"<br><small>{esc(title)}</small>{text_box(text, spans)}"
            f"<small>Matching words: {esc(', '.join(hit.words[:8]))}</small>")
