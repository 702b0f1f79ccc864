"""The pages of the app. Each takes the loaded draft/model/comparison and draws; the legal work is
done in `drafting`, the review is kept in the review store."""

from __future__ import annotations

from collections import Counter, defaultdict

import pandas as pd
import streamlit as st

from drafting.compare import KIND_TITLES, SEVERITY_ORDER, Comparison, Finding, PairResult
from drafting.errors import DraftingError
from drafting.modelset import DEFAULT_MODEL
from drafting.summary import Entry, missing_section_of, missing_sections, most_serious
from ui import identity, precedents_panel, state
from drafting.language import NAMES as LANGUAGE_NAMES
from ui.html import esc, note_box, redline_html, severity_badge, status_badge, status_text, text_box


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)

PRIORITY_ORDER = {"core": 0, "recommended": 1, "optional": 2}


def show_message() -> None:
    for kind, text in st.session_state.pop("messages", []):
        (st.success if kind == "ok" else st.error)(text)
    st.session_state["messages"] = []


def say(kind: str, text: str) -> None:
    st.session_state.setdefault("messages", []).append((kind, text))


# --- Start ----------------------------------------------------------------------------------------------------


def start_page(loaded: state.Loaded | None) -> None:
    st.header("Start")
    st.write("Compare a draft export-control law with the model law, provision by provision. "
             "Nothing you upload leaves this computer.")
    if loaded is not None:
        st.info(f"Now open: **{_md(loaded.draft.name)}** compared with **{_md(loaded.model.title)}**.")

    st.subheader("1. The draft")
    col1, col2 = st.columns([1, 3])
    if col1.button("Use the demo draft", key="use_demo"):
        from drafting.pipeline import demo_draft

        state.set_draft(demo_draft())
        say("ok", "The demo draft is loaded.")
        st.rerun()
    upload = col2.file_uploader("Upload a draft (.docx, .pdf, .txt or .html)", type=["docx", "pdf", "txt", "html", "htm"], key="upload_draft")
    if upload is not None and st.session_state.get("uploaded_name") != (upload.name, upload.size):
        with st.spinner(f"Reading and comparing {upload.name}…"):
            error = state.load_upload(upload.name, upload.getvalue())
        st.session_state["uploaded_name"] = (upload.name, upload.size)
        if error:
            st.error(error)
        else:
            say("ok", f"{upload.name} is loaded.")
            state.request("Overview")
            st.rerun()

    if loaded is not None:
        _language_choice(loaded)

    st.subheader("2. The model set")
    choices = state.model_choices()
    refs = list(choices) + (["uploaded"] if st.session_state.get("custom_model") else [])
    labels = {**choices, "uploaded": f"Uploaded: {getattr(st.session_state.get('custom_model'), 'title', '')}"}
    current_ref = st.session_state.get("model_ref", DEFAULT_MODEL)
    chosen = st.selectbox("Compare with", refs, index=refs.index(current_ref) if current_ref in refs else 0,
                          format_func=lambda r: labels.get(r, r), key="model_select")
    if chosen != current_ref:
        st.session_state["model_ref"] = chosen
        st.session_state["review_id"] = None
        st.rerun()
    model_upload = st.file_uploader("…or use your own model set (.yaml) or an official act (.txt, .html, .docx, .pdf) as the model",
                                    type=["yaml", "yml", "txt", "html", "htm", "docx", "pdf"], key="upload_model")
    if model_upload is not None and st.session_state.get("uploaded_model_name") != (model_upload.name, model_upload.size):
        st.session_state["uploaded_model_name"] = (model_upload.name, model_upload.size)
        try:
            st.session_state["custom_model"] = _read_model_upload(model_upload.name, model_upload.getvalue())
            st.session_state["model_ref"] = "uploaded"
            st.session_state["review_id"] = None
            say("ok", f"{model_upload.name} is now the model.")
            st.rerun()
        except DraftingError as exc:
            st.error(exc.message)

    st.subheader("3. A review")
    reviews = state.store().reviews()
    if reviews:
        options = {r["id"]: f"#{r['id']} {r['title']} — version {r['versions']}, {r['annotations']} annotations" for r in reviews}
        review_id = st.selectbox("Resume a saved review", list(options), format_func=options.get, key="resume_select")
        if st.button("Open this review", key="resume"):
            _open_review(review_id)
    else:
        st.caption("No saved review yet: the first comment you write starts one.")
    if st.session_state.get("review_id") and loaded is not None:
        new_version = st.file_uploader("Upload a new version of the draft for this review, or the Word file the drafters sent "
                                       "back with their replies (open comments are carried over)",
                                       type=["docx", "pdf", "txt", "html", "htm"], key="upload_version")
        if new_version is not None and st.session_state.get("version_name") != (new_version.name, new_version.size):
            st.session_state["version_name"] = (new_version.name, new_version.size)
            _add_version(loaded, new_version.name, new_version.getvalue())
        _answer_report()

    precedents_panel.settings()


LANGUAGE_CHOICES = ["auto", "en", "fr", "es", "ru", "ar"]


def _language_choice(loaded: state.Loaded) -> None:
    """The draft's language, as detected, with a choice to read it in another (detection can be wrong
    on a short or mixed text)."""
    document = loaded.draft.document
    current = document.language if document.language_set else "auto"
    detected = language_name(loaded.language)
    choice = st.selectbox("Language of the draft", LANGUAGE_CHOICES, index=LANGUAGE_CHOICES.index(current),
                          format_func=lambda c: f"detected: {detected}" if c == "auto" else language_name(c), key="draft_language",
                          help="The comparison reads the draft in this language; the model stays in its own (the English model "
                               "law), and the two meet through the export-control concepts they both name.")
    if choice != current:
        error = state.set_draft_language(choice)
        if error:
            st.error(error)
        else:
            say("ok", f"The draft is now read as {language_name(choice) if choice != 'auto' else 'detected: ' + detected}.")
            st.rerun()


def _read_model_upload(name: str, data: bytes):
    import tempfile
    from pathlib import Path

    from drafting.modelset import build_model_set, load_official_act

    if name.lower().endswith((".yaml", ".yml")):
        import yaml

        from drafting.yaml_files import load_yaml

        try:
            raw = load_yaml(data.decode("utf-8", errors="replace"))
        except yaml.YAMLError:
            raise DraftingError(f"{name}: the model set is not valid YAML.") from None
        return build_model_set(raw, name)
    return load_official_act(Path(tempfile.gettempdir()) / name, data=data, name=name)


def _open_review(review_id: int) -> None:
    from drafting.review_session import open_review

    try:
        with st.spinner("Opening the review…"):
            session = open_review(state.store(), review_id)
    except DraftingError as exc:
        st.error(exc.message)
        return
    st.session_state["draft"] = session.draft
    st.session_state["review_id"] = review_id
    if session.model.id in state.model_choices():
        st.session_state["model_ref"] = session.model.id
    else:
        st.session_state["custom_model"] = session.model
        st.session_state["model_ref"] = "uploaded"
    say("ok", f"Review #{review_id} is open.")
    state.request("Overview")
    st.rerun()


def _add_version(loaded: state.Loaded, name: str, data: bytes) -> None:
    """A new version of the draft; when it is our Word file returned by the drafters, their
    replies and decisions on the suggested changes come in with it."""
    from drafting.review_answer import receive_version
    from drafting.review_session import ReviewSession

    try:
        store = state.store()
        review_id = st.session_state["review_id"]
        session = ReviewSession(store, review_id, store.latest_version(review_id), loaded.draft, loaded.model, loaded.comparison)
        with st.spinner("Reading the new version…"):
            new, carried, answer = receive_version(session, data, name, st.session_state.get("reviewer") or "Reviewer")
    except DraftingError as exc:
        st.error(exc.message)
        return
    st.session_state["draft"] = new.draft
    st.session_state["answer"] = answer
    resolved = store.resolved_findings(review_id)
    say("ok", f"Version {new.version.version} saved: {len(carried)} open comment(s) carried over; "
              f"{len(resolved)} finding(s) of the previous version are resolved.")
    st.rerun()


def _answer_report() -> None:
    """What the drafters' returned file brought in, until the next upload."""
    answer = st.session_state.get("answer")
    if answer is None:
        return
    with st.container(border=True):
        st.markdown(f"**The drafters' answer in {_md(answer.name)}**")
        st.write(f"{answer.replies} repl{'y' if answer.replies == 1 else 'ies'} and {answer.comments} new comment(s) of theirs "
                 f"imported, with their names and dates; {len(answer.resolved)} suggested change(s) accepted, so those "
                 f"findings are resolved; {len(answer.rejected)} rejected; {answer.pending} not decided yet (left out of "
                 "the new version's text).")
        for title, rows in (("Rejected by the drafters", answer.rejected), ("Rewritten by the drafters: check the new words",
                                                                              answer.changed),
                            ("Accepted (resolved)", answer.resolved), ("Comments they marked done", answer.marked_done)):
            if rows:
                st.markdown(f"*{title}*")
                st.markdown("\n".join(f"- {_md(row)}" for row in rows))


# --- Overview ---------------------------------------------------------------------------------------------


PER_MODEL_PROVISION = "Model provisions (subsections, or sections without subsections), counted one by one."


def overview_page(loaded: state.Loaded) -> None:
    c = loaded.comparison
    st.header("Overview")
    st.caption(f"{loaded.draft.name} ({language_name(loaded.language)}) · compared with {loaded.model.title}")
    for note in c.all_notes:
        st.warning(note)
    statuses = Counter(p.status for p in c.pairs)
    severities = Counter(f.severity for f in c.findings() if f.substantive)
    cols = st.columns(6)
    cols[0].metric("✔ Covered", statuses["covered"], help=PER_MODEL_PROVISION)
    cols[1].metric("◎ Stricter", statuses["stricter"], help="Goes further than the model: correct to keep, but check it is intended. "
                   + PER_MODEL_PROVISION)
    cols[2].metric("▲ Divergent", statuses["divergent"], help=PER_MODEL_PROVISION)
    cols[3].metric("✖ Gaps", statuses["gap"], help=PER_MODEL_PROVISION + (
        f" {statuses['not-assessable']} more are not assessable: not in the text provided (an excerpt), or paired too uncertainly "
        "to compare." if statuses["not-assessable"] else ""))
    cols[4].metric("◆ National only", len(c.national_only), help="Draft provisions (subsections) with no model counterpart.")
    cols[5].metric("● High-severity findings", severities.get("high", 0), help="Findings, one per difference in one provision.")
    st.caption(_counts_caption(c, statuses["gap"]))

    left, right = st.columns([3, 2])
    with left:
        st.subheader("Most serious first")
        for i, entry in enumerate(most_serious(c)[:12]):
            _serious_row(i, entry)
    with right:
        st.subheader("Coverage by priority")
        _coverage_chart(_coverage_frame(c, by="priority"), "Priority")
        st.subheader("Coverage by element")
        _coverage_chart(_coverage_frame(c, by="element"), "Element")
        _review_progress()


def _counts_caption(c: Comparison, gaps: int) -> str:
    """Say what the figures count, and how many gaps are whole sections."""
    text = f"The figures count model provisions one by one ({len(c.pairs)} subsections, or sections without subsections)."
    sections = missing_sections(c)
    if sections:
        in_sections = sum(len(s.pairs) for s in sections)
        names = ", ".join(s.label for s in sections)
        text += f" {in_sections} of the {gaps} gaps make up {len(sections)} whole missing section(s), each listed once: {names}."
    return text


def _serious_row(i: int, entry: Entry) -> None:
    """One line of "Most serious first", with the button that opens it side by side."""
    title = KIND_TITLES.get(entry.kind, entry.kind) if entry.section is None else "Missing section"
    row = st.columns([6, 1])
    row[0].html(f"{severity_badge(entry.severity, title)} <b>{esc(entry.title)}</b><br>{esc(entry.message)}")
    row[1].button("Open", key=f"open_{i}", on_click=state.go, args=("Side by side", entry.pair.model.id),
                  help=f"Open {entry.pair.model.label} side by side")


def _coverage_frame(c: Comparison, by: str) -> pd.DataFrame:
    counts: dict[str, Counter] = defaultdict(Counter)
    for p in c.pairs:
        keys = ([c.model.element_label(e) for e in c.model.elements_of(p.model)] if by == "element"
                else [c.model.priority_of(p.model) or "unspecified"])
        for k in keys or ["(none)"]:
            counts[k][p.status] += 1
    name = "Element" if by == "element" else "Priority"
    frame = pd.DataFrame([{name: k, "✔ covered": v["covered"], "◎ stricter": v["stricter"], "▲ divergent": v["divergent"],
                           "✖ gap": v["gap"]} for k, v in counts.items()])
    if frame.empty:
        return frame
    order = sorted(counts, key=lambda k: (PRIORITY_ORDER.get(k, 9), k))
    return frame.set_index(name).loc[order]


def _coverage_chart(frame: pd.DataFrame, by: str) -> None:
    """Coverage as stacked bars whose labels are never cut short ("E12 Catch-all:
    cyber-surveillance / human rights") and whose legend wraps in a narrow column (st.bar_chart
    truncates both)."""
    if frame.empty:
        st.caption(f"The model set has no {by.lower()}s.")
        return
    statuses = list(frame.columns)
    rows = frame.reset_index().melt(id_vars=by, var_name="Status", value_name="Provisions")  # the index is named `by`
    rows["Stack"] = rows["Status"].map(statuses.index)
    spec = {
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {"field": by, "type": "nominal", "sort": list(frame.index), "title": None, "axis": {"labelLimit": 0}},
            "x": {"field": "Provisions", "type": "quantitative", "stack": "zero", "title": "model provisions"},
            "color": {"field": "Status", "type": "nominal", "title": None, "legend": {"orient": "bottom", "columns": 2},
                      "scale": {"domain": statuses, "range": ["#2E7D32", "#1565C0", "#F9A825", "#C62828"]}},
            "order": {"field": "Stack"},
        },
    }
    st.vega_lite_chart(rows, spec, width="stretch")


def _review_progress() -> None:
    st.subheader("Review progress")
    review_id = st.session_state.get("review_id")
    if not review_id:
        st.caption("No comments yet. Open a provision and write the first one.")
        return
    annotations = state.store().annotations(review_id, state.current_version_id())
    top = [a for a in annotations if a["parent_id"] is None]
    done = Counter(a["status"] for a in top)
    st.write(f"Review #{review_id}: {len(top)} comments — {done.get('open', 0)} open, {done.get('accepted', 0)} accepted, "
             f"{done.get('rejected', 0)} rejected, {done.get('resolved', 0)} resolved; {len(annotations) - len(top)} replies.")
    versions = state.store().versions(review_id)
    if len(versions) > 1:
        resolved = state.store().resolved_findings(review_id)
        with st.expander(f"Version {versions[-1].version} resolved {len(resolved)} finding(s) of version {versions[-2].version}"):
            for f in resolved:
                st.write(f"✔ {f['model']}: {f['message']}")


# --- Side by side ------------------------------------------------------------------------------------------


# Streamlit's own button shortcuts: a key without modifier is ignored while the focus is in a text
# box, so typing "j" in a comment never moves (Alt/Ctrl combinations would fire there too).
NEXT_KEY, PREVIOUS_KEY = "J", "K"


def side_by_side_page(loaded: state.Loaded) -> None:
    c = loaded.comparison
    st.header("Side by side")
    annotations = _annotations()
    pairs = _filtered_pairs(c, annotations)
    national = [n for n in c.national_only if _national_shown(n)]
    items = [p.model.id for p in pairs] + [f"national:{n.unit.id}" for n in national]
    if not items:
        st.info("Nothing matches these filters.")
        return
    in_missing_sections = {model_id for s in missing_sections(c) for model_id in s.model_ids}
    labels = {p.model.id: f"{status_text(p.status)} · {p.model.label}" + (f" — {p.model.heading()}" if p.model.heading() else "")
              + (" (whole section missing)" if p.model.id in in_missing_sections else "") for p in pairs}
    labels.update({f"national:{n.unit.id}": f"{status_text('national-only')} · {n.unit.label}" for n in national})
    selected = st.session_state.get("selected")
    if selected not in items:
        selected = items[0]
    nav = st.columns([8, 1, 1])
    choice = nav[0].selectbox("Model provision (table of contents)", items, index=items.index(selected), format_func=labels.get,
                              key=f"toc_{selected}")
    index = items.index(choice)
    nav[1].button("◀ Prev", key="prev", disabled=index == 0, on_click=state.go, args=("Side by side", items[max(0, index - 1)]),
                  shortcut=PREVIOUS_KEY, help=f"The previous provision of the list (key {PREVIOUS_KEY}).")
    nav[2].button("Next ▶", key="next", disabled=index == len(items) - 1, on_click=state.go,
                  args=("Side by side", items[min(len(items) - 1, index + 1)]),
                  shortcut=NEXT_KEY, help=f"The next provision of the list (key {NEXT_KEY}).")
    _draft_toc(c, items)
    st.session_state["selected"] = choice
    if choice.startswith("national:"):
        unit = next(n for n in national if f"national:{n.unit.id}" == choice)
        _national_view(loaded, unit, annotations)
    else:
        _pair_view(loaded, next(p for p in pairs if p.model.id == choice), annotations)


def _draft_toc(c: Comparison, items: list[str]) -> None:
    """Jump by draft provision: its pair, or its national-only entry."""
    where: dict[str, str] = {}
    for p in c.pairs:
        for u in p.drafts:
            where.setdefault(u.id, p.model.id)
    for n in c.national_only:
        where[n.unit.id] = f"national:{n.unit.id}"
    units = [u for u in c.draft.units() if where.get(u.id) in items]
    if not units:
        return
    options = [""] + [u.id for u in units]
    names = {u.id: u.label + (f" — {u.heading()}" if u.heading() else "") for u in units}
    pick = st.selectbox("…or jump to a draft provision", options, format_func=lambda i: names.get(i, "—"), key="draft_toc")
    if pick:
        state.request("Side by side", where[pick])
        st.rerun()


def _filtered_pairs(c: Comparison, annotations: list[dict]) -> list[PairResult]:
    active = any(st.session_state.get(k) for k in ("f_status", "f_severity", "f_element", "f_reviewer", "f_search"))
    with st.expander("Filters and search", expanded=active):  # stays open while a filter is on
        cols = st.columns(4)
        statuses = cols[0].multiselect("Status", ["covered", "stricter", "divergent", "gap", "not-assessable", "national-only"], format_func=status_text, key="f_status")
        severities = cols[1].multiselect("Severity", ["high", "medium", "low", "info"], key="f_severity")
        elements = sorted({e for p in c.pairs for e in c.model.elements_of(p.model)})
        chosen_elements = cols[2].multiselect("Element", elements, format_func=c.model.element_label, key="f_element")
        reviewers = sorted({a["author"] for a in annotations})
        reviewer = cols[3].selectbox("Commented by", [""] + reviewers, format_func=lambda r: r or "anyone", key="f_reviewer")
        st.text_input("Search the model and draft text", key="f_search")
    commented = {a["model_id"] for a in annotations if a["author"] == reviewer} if reviewer else None
    out = []
    for p in c.pairs:
        if statuses and p.status not in statuses:
            continue
        if severities and not any(f.severity in severities for f in p.findings):
            continue
        if chosen_elements and not set(chosen_elements) & set(c.model.elements_of(p.model)):
            continue
        if commented is not None and p.model.id not in commented:
            continue
        if not _matches_search(p.model.label + " " + p.model.heading() + " " + p.model.text() + " " + p.draft_text()):
            continue
        out.append(p)
    return out


def _national_shown(n) -> bool:
    """National-only provisions pass the filters that apply to them (status, severity, search)."""
    ss = st.session_state
    if ss.get("f_status") and "national-only" not in ss["f_status"]:
        return False
    if ss.get("f_severity") and not any(f.severity in ss["f_severity"] for f in n.findings):
        return False
    if ss.get("f_element") or ss.get("f_reviewer"):
        return False
    return _matches_search(n.unit.text() + " " + n.unit.label)


def _matches_search(text: str) -> bool:
    query = (st.session_state.get("f_search") or "").strip().lower()
    return not query or query in text.lower()


def _pair_view(loaded: state.Loaded, pair: PairResult, annotations: list[dict]) -> None:
    c = loaded.comparison
    model = c.model
    heading = f" — {pair.model.heading()}" if pair.model.heading() else ""
    elements = ", ".join(model.element_label(e) for e in model.elements_of(pair.model))
    st.html(f"<h3>{esc(pair.model.label)}{esc(heading)}</h3>{status_badge(pair.status)}"
            f"{'<span class=dr-badge>' + esc(elements) + ' · ' + esc(model.priority_of(pair.model)) + '</span>' if elements else ''}")
    _missing_section_note(c, pair)
    left, right = st.columns(2)
    model_marks = [(f.model_span.start, f.model_span.end) for f in pair.findings if f.model_span and f.kind != "gap"]
    with left:
        st.markdown("**Model**")
        st.html(text_box(pair.model.text(), model_marks))
        precedents_panel.show(pair.model, exclude=frozenset({state.draft_key(loaded.draft)}))
    with right:
        if pair.drafts:
            certainty = (" · **uncertain pairing** (less than 80% likely to be right: check it)" if pair.uncertain
                         else f" · pairing {pair.score:.0%} likely right")
            st.markdown("**Draft:** " + _md(", ".join(u.label for u in pair.drafts)) + certainty)
            if loaded.cross_lingual:
                draft_marks = [(f.draft_span.start, f.draft_span.end) for f in pair.findings if f.draft_span and f.draft_id == pair.drafts[0].id]
                st.html(text_box(pair.draft_text(), draft_marks, lang=loaded.language))
                st.caption(f"The draft is in {language_name(loaded.language)}: shown as written, beside the English model; "
                           "the words each finding is about are marked.")
            else:
                st.html(redline_html(pair.redline))
                st.caption("Green underlined: words the draft adds · red struck through: model words the draft does not have.")
            with st.expander("Why these provisions were paired"):
                for link in pair.links:
                    st.write(f"{link.draft.label}: " + "; ".join(link.reasons))
        else:
            st.markdown("**Draft**")
            st.html('<div class="dr-box"><i>No provision of the draft corresponds to this one.</i></div>')
    note = getattr(pair.model.provision, "note", "") or getattr(pair.model.article, "note", "")
    if note:
        st.html(note_box("Drafting note", note))
    sources = getattr(pair.model.provision, "sources", [])
    if sources:
        st.caption("Sources: " + "; ".join(sources))
    st.subheader("Findings")
    if not pair.findings:
        st.write("No difference that changes the law was found.")
    for f in sorted(pair.findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 9)):
        _finding_block(loaded, pair, f, annotations)
    st.subheader("Comments on this provision")
    _thread(loaded, [a for a in annotations if a["model_id"] == pair.model.id and a["target"] != "finding"],
            target="pair", model_id=pair.model.id, draft_id=pair.drafts[0].id if pair.drafts else "", key=f"pair_{pair.model.id}")


def _missing_section_note(c: Comparison, pair: PairResult) -> None:
    """On a gap that is part of a whole missing section, say so: the drafters need the section."""
    if pair.status != "gap":
        return
    section = missing_section_of(c, pair.model.id)
    if section is not None:
        st.info(f"{section.title}. {section.message}")


def _finding_block(loaded: state.Loaded, pair: PairResult, f: Finding, annotations: list[dict]) -> None:
    mine = [a for a in annotations if a["finding_id"] == f.id]
    decision = next((a["status"] for a in reversed(mine) if a["parent_id"] is None), "open")
    with st.container(border=True, key=f"finding_{f.id}"):
        extra = {"accepted": " ✔ accepted", "rejected": " ✖ rejected", "resolved": " ✔ resolved"}.get(decision, "")
        st.html(f"{severity_badge(f.severity, KIND_TITLES.get(f.kind, f.kind))}"
                f"{'<i>' + esc(f.direction) + '</i>' if f.direction else ''}<b>{esc(extra)}</b><br>{esc(f.message)}")
        if f.draft_span is not None:
            st.html(f"Draft words: <mark class='dr-ev'>{esc(f.draft_span.text)}</mark>")
        if f.provisional and decision == "open":
            st.caption("Provisional: the pairing of these provisions is uncertain, so this difference is not counted. "
                       "Accept it if the provisions do correspond; reject it if they do not.")
        cols = st.columns([1, 1, 4])
        if cols[0].button("Accept", key=f"acc_{f.id}", help="The finding is right: it will be sent to the drafters."):
            identity.run_as_reviewer(lambda: _decide(loaded, pair, f, "accepted"))
        if cols[1].button("Reject", key=f"rej_{f.id}", help="The finding is wrong or irrelevant: it will not be sent."):
            identity.run_as_reviewer(lambda: _decide(loaded, pair, f, "rejected"))
        _suggestion_editor(loaded, pair, f, mine, decision)
        _thread(loaded, mine, target="finding", model_id=pair.model.id, draft_id=f.draft_id, finding_id=f.id, key=f"f_{f.id}",
                compact=True)


def _suggestion_editor(loaded: state.Loaded, pair: PairResult, f: Finding, mine: list[dict], decision: str) -> None:
    """The wording the drafters get as a tracked change, computed or the reviewer's own, and a box to change it.
    Shown for findings with a computed fix, and for any finding the reviewer accepted."""
    computed = loaded.suggestions.get(f.id)
    worded = next((a for a in reversed(mine) if a["parent_id"] is None and (a.get("suggestion") or "").strip()), None)
    if computed is None and worded is None and decision != "accepted":
        return
    if worded is not None:
        st.caption(f"Suggested wording by {_md(worded['author'])}: it goes into the Word file as a tracked change.")
    elif computed is not None:
        st.caption(_md(computed.describe().replace(" (tracked in the text)", "")) +
                   " Accept the finding to send it as a tracked change; edit the words first if you like.")
    value = worded["suggestion"] if worded is not None else computed.insert if computed is not None else ""
    version = worded["revision"] if worded is not None else 0
    label = "New provision (one paragraph per line)" if computed is not None and computed.kind == "paragraphs" else "Suggested wording"
    text = st.text_area(label, value=value, key=f"sugg_{f.id}_{version}", height=100 if "\n" in value else 68)
    if st.button("Save wording", key=f"save_sugg_{f.id}", help="Your words replace the computed ones in the Word file."):
        identity.run_as_reviewer(lambda: _save_wording(loaded, pair, f, text))


def _save_wording(loaded: state.Loaded, pair: PairResult, f: Finding, text: str) -> None:
    """Keep the reviewer's wording on their own decision on the finding (a new one, accepted, if they had none)."""
    if not text.strip():
        st.error("The suggested wording is empty: write the words the drafters should use, or leave the computed ones.")
        return
    review_id = state.ensure_review(loaded)
    reviewer = st.session_state["reviewer"]
    own = [a for a in state.store().annotations(review_id, state.current_version_id())
           if a["finding_id"] == f.id and a["parent_id"] is None and identity.can_edit(a)]
    if own:
        state.store().edit(own[-1]["id"], reviewer, own[-1]["revision"], suggestion=text)
    else:
        state.store().annotate(review_id, state.current_version_id(), reviewer, "", target="finding", model_id=pair.model.id,
                               draft_id=f.draft_id, finding_id=f.id, status="accepted", suggestion=text)
    say("ok", "Suggested wording saved: it goes to the drafters as a tracked change.")


def _decide(loaded: state.Loaded, pair: PairResult, f: Finding, status: str) -> None:
    """Record this reviewer's decision on a finding: their earlier decision changes, another reviewer's stays."""
    review_id = state.ensure_review(loaded)
    reviewer = st.session_state["reviewer"]
    existing = [a for a in state.store().annotations(review_id, state.current_version_id())
                if a["finding_id"] == f.id and a["parent_id"] is None and identity.can_edit(a)]
    if existing:
        state.store().set_status(existing[-1]["id"], reviewer, status)
    else:
        # The decision alone: no words of its own, so the drafters' comment carries only what reviewers wrote.
        state.store().annotate(review_id, state.current_version_id(), reviewer, "", target="finding",
                               model_id=pair.model.id, draft_id=f.draft_id, finding_id=f.id, status=status)
    say("ok", f"Finding {status}.")


def _thread(loaded: state.Loaded, items: list[dict], target: str, model_id: str = "", draft_id: str = "", finding_id: str = "",
            key: str = "", compact: bool = False) -> None:
    """Existing comments with their replies and history, and a box for a new one."""
    tops = [a for a in items if a["parent_id"] is None]
    replies = defaultdict(list)
    for a in state.store().annotations(st.session_state["review_id"], state.current_version_id()) if st.session_state.get("review_id") else []:
        if a["parent_id"] is not None:
            replies[a["parent_id"]].append(a)
    for a in tops:
        st.html(f"<b>{esc(a['author'])}</b> · {esc(a['updated_at'][:16].replace('T', ' '))} · <i>{esc(a['status'])}</i>"
                f"{' · carried over from the previous version' if a['carried_from'] else ''}"
                f"{'<br>' + esc(a['text']) if a['text'] else ''}")
        for r in replies.get(a["id"], []):
            st.html(f"&nbsp;&nbsp;↳ <b>{esc(r['author'])}</b> · {esc(r['created_at'][:16].replace('T', ' '))}<br>&nbsp;&nbsp;&nbsp;&nbsp;{esc(r['text'])}")
        mine = identity.can_edit(a)
        with st.expander("Reply, edit, change status, see history" if mine else "Reply, see history", expanded=False):
            reply = st.text_area("Reply", key=f"reply_{a['id']}", height=68)
            cols = st.columns(3)
            if cols[0].button("Send reply", key=f"send_reply_{a['id']}"):
                _save(lambda: state.store().annotate(a["review_id"], a["version_id"], st.session_state["reviewer"], reply, parent_id=a["id"]),
                      "Reply saved.", clear=f"reply_{a['id']}")
            if mine:
                _edit_controls(a, cols[1])
            else:
                st.caption(f"Only {_md(a['author'])} can edit this comment or change its status; you can reply to it.")
            for h in state.store().history(a["id"]):
                st.caption(f"revision {h['revision']} · {_md(h['author'])} · {h['changed_at'][:19].replace('T', ' ')} · {h['status']}: {_md(h['text'])}")
    label = "Note on this finding" if compact else "New comment"
    text = st.text_area(label, key=f"new_{key}", height=68 if compact else 100, placeholder="Write a comment for the drafters…")
    if st.button("Save comment", key=f"save_{key}"):
        def write():
            review_id = state.ensure_review(loaded)
            return state.store().annotate(review_id, state.current_version_id(), st.session_state["reviewer"], text, target=target,
                                          model_id=model_id, draft_id=draft_id, finding_id=finding_id)
        _save(write, "Comment saved.", clear=f"new_{key}")


def _edit_controls(a: dict, status_column) -> None:
    """The author's own controls: the status, and the text (an edit over a newer revision is refused)."""
    statuses = ["open", "accepted", "rejected", "resolved"]
    status = status_column.selectbox("Status", statuses, index=statuses.index(a["status"]), key=f"status_{a['id']}_{a['revision']}")
    if status != a["status"]:
        _save(lambda: state.store().set_status(a["id"], st.session_state["reviewer"], status), f"Status set to {status}.")
    text = st.text_area("Edit your comment", value=a["text"], key=f"edit_{a['id']}_{a['revision']}", height=68)
    if st.button("Save changes", key=f"save_edit_{a['id']}"):
        _save(lambda: state.store().edit(a["id"], st.session_state["reviewer"], a["revision"], text=text), "Comment changed.")


def _save(action, ok_message: str, clear: str | None = None) -> None:
    """Save a change under the reviewer's name (asked first, once, if it is not known yet)."""
    def change() -> None:
        action()  # a ConflictError or other DraftingError is shown by run_as_reviewer; nothing is lost
        if clear:
            state.clear_box(clear)
        say("ok", ok_message)

    identity.run_as_reviewer(change)


def _annotations() -> list[dict]:
    review_id = st.session_state.get("review_id")
    return state.store().annotations(review_id, state.current_version_id()) if review_id else []


def _national_view(loaded: state.Loaded, n, annotations: list[dict]) -> None:
    unit = n.unit
    st.html(f"<h3>{esc(unit.label)}{esc(' — ' + unit.heading() if unit.heading() else '')}</h3>{status_badge('national-only')}")
    st.write("This provision of the draft has no counterpart in the model. That is often fine (institutions, procedure, fees); "
             "check that it does not weaken a model rule.")
    st.html(text_box(unit.text(), [(f.draft_span.start, f.draft_span.end) for f in n.findings if f.draft_span]))
    for f in n.findings:
        st.html(f"{severity_badge(f.severity, KIND_TITLES.get(f.kind, f.kind))}<br>{esc(f.message)}")
    st.subheader("Comments on this provision")
    _thread(loaded, [a for a in annotations if a["draft_id"] == unit.id and not a["model_id"]], target="provision",
            draft_id=unit.id, key=f"nat_{unit.id}")


# --- Model law ----------------------------------------------------------------------------------------------


def model_law_page(loaded: state.Loaded) -> None:
    model = loaded.model
    st.header("Model law")
    st.write(model.title)
    if model.description:
        st.caption(model.description)
    if model.kind == "model-law":
        st.download_button("Download the model law (.docx)", data=_model_docx(model.id, model), file_name=f"{model.id}.docx",
                           mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document", key="dl_model")
    elements = sorted({e for u in model.units() for e in model.elements_of(u)})
    cols = st.columns(2)
    chosen = cols[0].multiselect("Elements", elements, format_func=model.element_label, key="ml_elements")
    priorities = cols[1].multiselect("Priority", ["core", "recommended", "optional"], key="ml_priority")
    for article in model.document.articles():
        units = [u for u in model.units() if u.article is article]
        tags = {e for u in units for e in model.elements_of(u)} or set(getattr(article, "elements", []))
        prio = getattr(article, "priority", "")
        if chosen and not tags & set(chosen):
            continue
        if priorities and prio not in priorities:
            continue
        with st.expander(f"{article.label} — {article.heading}" + (f"  [{', '.join(sorted(tags))}] {prio}" if tags else "")):
            if tags:
                st.caption("Elements: " + "; ".join(model.element_label(e) for e in sorted(tags)))
            st.html(text_box(article.full_text()))
            if getattr(article, "note", ""):
                st.html(note_box("Drafting note", article.note))
            if getattr(article, "sources", []):
                st.caption("Sources: " + "; ".join(article.sources))


@st.cache_data(show_spinner=False)
def _model_docx(model_id: str, _model) -> bytes:
    from drafting.export.model_docx import model_law_docx

    return model_law_docx(_model)


# --- Export -------------------------------------------------------------------------------------------------


EXPORTS = [
    ("docx", "The draft with Word comments (.docx)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "annotated"),
    ("report", "Comparison report (.docx)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "report"),
    ("csv", "Findings (.csv)", "text/csv", "findings"),
    ("xlsx", "Findings and annotations (.xlsx)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "findings"),
    ("json", "Everything (.json)", "application/json", "comparison"),
]


def export_page(loaded: state.Loaded) -> None:
    from drafting.review_session import ReviewSession

    st.header("Export")
    st.write("Send the drafters their own Word file with the comments in the margin, and the comparison report. "
             "Findings you rejected are left out; your notes are included.")
    review_id = st.session_state.get("review_id")
    store = state.store()
    if review_id:
        version = store.latest_version(review_id)
        annotations_key = str([(a["id"], a["revision"]) for a in store.annotations(review_id, version.id)])
    else:
        from drafting.review import Version

        version = Version(0, 0, 1, loaded.draft.name, "", "")
        annotations_key = "none"
    session = ReviewSession(store, review_id or 0, version, loaded.draft, loaded.model, loaded.comparison)
    stem = loaded.draft.name.rsplit(".", 1)[0]
    for kind, label, mime, suffix in EXPORTS:
        data = _export(kind, state.draft_key(loaded.draft), loaded.model_ref, annotations_key, session, bool(review_id))
        ext = "docx" if kind in ("docx", "report") else kind
        st.download_button(label, data=data, file_name=f"{stem}-{suffix}.{ext}", mime=mime, key=f"dl_{kind}")


@st.cache_data(show_spinner="Preparing the export…", max_entries=64)
def _export(kind: str, draft_key: str, model_ref: str, annotations_key: str, _session, has_review: bool) -> bytes:
    from drafting.review_session import export_bytes

    return export_bytes(_session, kind, None if has_review else [])


def _md(text: str) -> str:
    """Text for st.markdown with markdown control characters escaped."""
    out = []
    for ch in text or "":
        out.append("\\" + ch if ch in "\\`*_{}[]()#+-.!|<>~$" else ch)
    return "".join(out)
