"""The Corpus page: where every law of a corpus stands on each element of the model law.

Opens a coverage file made by `python -m drafting batch` (uploaded, typed as a path, or one the
app made earlier), or runs a batch on a folder typed in; shows the matrix as a coloured table
and as the heatmap, filtered by element and country, and the details of one law. The matrix and
its rule come from `drafting.coverage`; this page only draws them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import streamlit as st

from drafting.coverage import COLOURS, STATUSES, SYMBOLS, Coverage, row_label, status_counts, subset
from drafting.errors import DraftingError
from drafting.modelset import DEFAULT_MODEL
from ui import state


def corpus_page() -> None:
    st.header("Corpus")
    st.write("Where each law of a corpus stands on each element of the model law: "
             "✔ covered, ▲ divergent, ✖ missing, ? not assessable (the text is only an excerpt).")
    with st.expander("Open a coverage file or compare a folder of laws", expanded="corpus" not in st.session_state):
        _open_controls()
        st.divider()
        _batch_controls()
    coverage = st.session_state.get("corpus")
    if coverage is None:
        st.info("Nothing is open yet: open a coverage file made by `python -m drafting batch`, or compare a folder.")
        return
    _show(coverage)


# --- choosing what to show --------------------------------------------------------------------------------


def results_dir() -> Path:
    """Where the app keeps the coverage files of the batches it runs."""
    base = os.environ.get("DRAFTING_DATA_DIR") or str(Path(__file__).resolve().parent.parent / "data")
    return Path(base) / "batch"


def _open(data: bytes, name: str) -> None:
    from drafting.export.coverage_files import read_coverage

    try:
        st.session_state["corpus"] = read_coverage(data, name)
        st.session_state["corpus_name"] = name
    except DraftingError as exc:
        st.error(exc.message)


def _open_controls() -> None:
    upload = st.file_uploader("A coverage file (.xlsx or .json)", type=["xlsx", "json"], key="corpus_upload")
    if upload is not None and st.session_state.get("corpus_uploaded") != (upload.name, upload.size):
        st.session_state["corpus_uploaded"] = (upload.name, upload.size)
        _open(upload.getvalue(), upload.name)
    cols = st.columns([3, 1])
    path = cols[0].text_input("…or the path of a coverage file on this computer", key="corpus_path",
                              placeholder="/path/to/coverage.xlsx")
    earlier = sorted(results_dir().glob("*.xlsx"), key=lambda p: p.stat().st_mtime, reverse=True) if results_dir().is_dir() else []
    if earlier:
        chosen = st.selectbox("…or one compared earlier in the app", earlier, format_func=lambda p: p.name, key="corpus_earlier")
        if st.button("Open it", key="corpus_open_earlier"):
            _open(chosen.read_bytes(), chosen.name)
    if cols[1].button("Open", key="corpus_open_path") and path.strip():
        target = Path(path.strip()).expanduser()
        if not target.is_file():
            st.error(f"There is no file at {target}.")
        else:
            _open(target.read_bytes(), target.name)


def _batch_controls() -> None:
    st.caption("Compare every law in a folder on this computer (.docx, .pdf, .txt, .html, sub-folders too). "
               "What was compared before is taken from the cache.")
    folder = st.text_input("Folder of laws", key="corpus_folder", placeholder="/path/to/laws")
    cols = st.columns([3, 1])
    choices = state.model_choices()
    model_ref = cols[0].selectbox("Model", list(choices) or [DEFAULT_MODEL], format_func=lambda r: choices.get(r, r), key="corpus_model")
    workers = cols[1].number_input("Workers", min_value=1, max_value=max(1, os.cpu_count() or 1), value=1, key="corpus_workers")
    if st.button("Compare every law in the folder", key="corpus_run") and folder.strip():
        _run(Path(folder.strip()).expanduser(), model_ref, int(workers))


def _run(folder: Path, model_ref: str, workers: int) -> None:
    from drafting.batch import default_cache_dir, run_batch
    from drafting.coverage import build_coverage
    from drafting.export.coverage_files import write_outputs

    bar = st.progress(0.0, text="Starting the workers…")
    try:
        result = run_batch(folder, model_ref, workers=workers, cache_dir=default_cache_dir(),
                           on_result=lambda done, total: bar.progress(done / total, text=f"{done} of {total} laws compared"))
    except DraftingError as exc:
        bar.empty()
        st.error(exc.message)
        return
    bar.empty()
    if len(result.errors) == len(result.records):
        st.error(f"None of the {len(result.records)} files in {folder} could be compared.")
        for record in result.errors:
            st.write(f"✖ {record['error']}")
        return
    coverage = build_coverage(result.model, result.records, folder=str(folder.resolve()))
    out = results_dir() / f"{_slug(folder.name)}-{_slug(result.model.id)}.xlsx"
    out.parent.mkdir(parents=True, exist_ok=True)
    write_outputs(coverage, out)
    st.session_state["corpus"] = coverage
    st.session_state["corpus_name"] = out.name
    st.success(f"{len(coverage.laws)} laws in the matrix, {len(coverage.errors)} could not be compared "
               f"({result.compared} files compared now, {result.cached} taken from the cache); saved as {out.name}.")


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "laws"


# --- showing it ---------------------------------------------------------------------------------------------


def _show(coverage: Coverage) -> None:
    st.caption(f"{st.session_state.get('corpus_name', '')} · {len(coverage.laws)} laws compared with "
               f"{coverage.model_title or coverage.model_id}")
    if coverage.errors:
        with st.expander(f"{len(coverage.errors)} file(s) could not be compared"):
            for error in coverage.errors:
                st.write(f"✖ {error['message'] or error['file']}")
    names = {e.id: e.name for e in coverage.elements}
    labels = {law.file: row_label(law) for law in coverage.laws}
    cols = st.columns(2)
    chosen_elements = cols[0].multiselect("Elements", list(names), format_func=lambda e: f"{e} {names[e]}", key="corpus_elements")
    chosen_laws = cols[1].multiselect("Countries", list(labels), format_func=labels.get, key="corpus_countries")
    shown = subset(coverage, chosen_elements or None, chosen_laws or None)
    if not shown.laws:
        st.info("No law matches these filters.")
        return

    st.subheader("Coverage matrix")
    st.dataframe(_matrix_styler(shown), width="stretch",
                 column_config={e.id: st.column_config.TextColumn(e.id, help=e.name, width="small") for e in shown.elements})
    st.caption("  ".join(f"{SYMBOLS[s]} {s}" for s in STATUSES) + " · hover over a column for the element's name.")
    st.subheader("By element")
    st.dataframe(_counts_frame(shown), width="stretch")
    st.subheader("Heatmap")
    png = _heatmap(shown)
    st.image(png)
    st.download_button("The heatmap (.png)", png, file_name="coverage.png", mime="image/png", key="corpus_png")
    _law_details(shown)


def matrix_frame(coverage: Coverage) -> pd.DataFrame:
    """One row per law, one column per element, the status symbol in each cell."""
    rows = {row_label(law): {e.id: SYMBOLS[law.cells[e.id].status] if e.id in law.cells else "" for e in coverage.elements}
            for law in coverage.laws}
    return pd.DataFrame.from_dict(rows, orient="index", columns=[e.id for e in coverage.elements])


def _matrix_styler(coverage: Coverage):
    by_symbol = {SYMBOLS[s]: COLOURS[s] for s in STATUSES}
    frame = matrix_frame(coverage)
    return frame.style.map(lambda v: f"background-color: {by_symbol[v]}; color: white; text-align: center" if v in by_symbol else "")


def _counts_frame(coverage: Coverage) -> pd.DataFrame:
    counts = status_counts(coverage)
    rows = [{"element": f"{e.id} {e.name}", **{f"{SYMBOLS[s]} {s}": counts[e.id][s] for s in STATUSES}} for e in coverage.elements]
    return pd.DataFrame(rows).set_index("element")


def _heatmap(coverage: Coverage) -> bytes:
    key = repr(([e.id for e in coverage.elements], [(row_label(law), [c.status for c in law.cells.values()]) for law in coverage.laws]))
    return _heatmap_cached(key, coverage)


@st.cache_data(show_spinner=False, max_entries=16)
def _heatmap_cached(key: str, _coverage: Coverage) -> bytes:
    from drafting.export.coverage_files import heatmap_png

    return heatmap_png(_coverage)


def _law_details(coverage: Coverage) -> None:
    st.subheader("One law in detail")
    labels = {law.file: row_label(law) for law in coverage.laws}
    file = st.selectbox("Law", list(labels), format_func=labels.get, key="corpus_law")
    law = coverage.law(file)
    if law is None:
        return
    st.markdown(f"**{_md(law.country)}** — {_md(law.title or law.file)} ({_md(law.file)})")
    if law.partial:
        st.warning("This text is an excerpt: an element whose provisions were not found in it is *not assessable*, not missing.")
    elements = pd.DataFrame([
        {"element": f"{e.id} {e.name}", "status": f"{SYMBOLS[law.cells[e.id].status]} {law.cells[e.id].status}",
         "citations": "; ".join(law.cells[e.id].citations)}
        for e in coverage.elements if e.id in law.cells
    ])
    st.dataframe(elements, width="stretch", hide_index=True)
    details = pd.DataFrame([d for d in coverage.details if d["file"] == file and _shows(d, coverage)])
    if not details.empty:
        st.caption("Model provision by model provision")
        st.dataframe(details.drop(columns=["country", "file"]), width="stretch", hide_index=True)
    _open_in_app(coverage, law.file)


def _shows(detail: dict, coverage: Coverage) -> bool:
    """A detail row belongs to one of the elements shown (all of them with an official act as model)."""
    ids = {e.id for e in coverage.elements}
    tags = {t.strip() for t in str(detail.get("elements", "")).split(",")}
    return bool(tags & ids) or not any(i.startswith("E") for i in ids)


def _open_in_app(coverage: Coverage, file: str) -> None:
    path = Path(coverage.folder) / file if coverage.folder else None
    if path is None or not path.is_file():
        return
    if st.button("Compare this law in the app (Overview, Side by side…)", key="corpus_open_law"):
        try:
            error = state.load_upload(path.name, path.read_bytes())
        except OSError as exc:
            error = f"{path} cannot be read ({exc.strerror})."
        if error:
            st.error(error)
            return
        if coverage.model_id in state.model_choices():
            st.session_state["model_ref"] = coverage.model_id
        state.request("Overview")
        st.rerun()


def _md(text: str) -> str:
    """Text shown as itself in markdown (no formatting, no links)."""
    return "".join("\\" + ch if ch in "\\`*_{}[]()#+-.!|<>~$" else ch for ch in text or "")
