"""Drafting assistant for export-control law: the Streamlit app.

Run with `make run`. Starts on the bundled demo draft compared with the bundled model law.
All the legal work happens in the `drafting` package; this file draws the frame: sign-in (single
sign-on or a password, when configured), who is commenting, navigation, and the page.
"""

from __future__ import annotations

import streamlit as st

from ui import identity, state
from ui.corpus_page import corpus_page
from ui.html import CSS
from ui.pages import export_page, model_law_page, overview_page, show_message, side_by_side_page, start_page

st.set_page_config(page_title="Export-control law: draft comparison", page_icon="⚖", layout="wide")

if not identity.signed_in():
    st.stop()

state.init()
state.apply_request()
with st.sidebar:
    st.title("⚖ Draft comparison")
    identity.sidebar()
    st.radio("Go to", state.PAGES, key="page")
    st.caption("Everything stays on this computer.")

st.html(CSS)  # the styles of the boxes, badges and redlines used on every page
show_message()
with st.spinner("Reading the draft and comparing it with the model law…"):
    loaded = state.current()

page = st.session_state["page"]
if page == "Corpus":
    corpus_page()
elif loaded is None:
    st.error(st.session_state.get("load_error", "Nothing is loaded."))
    start_page(None)
elif page == "Start":
    start_page(loaded)
elif page == "Overview":
    overview_page(loaded)
elif page == "Side by side":
    side_by_side_page(loaded)
elif page == "Model law":
    model_law_page(loaded)
else:
    export_page(loaded)
identity.ask_name_when_needed()  # the reviewer's name, asked at their first comment
