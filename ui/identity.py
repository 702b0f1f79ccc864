"""Who the reviewer is: single sign-on with the organisation's identity provider, or a name asked once.

Three ways the app is used, one rule for the name on comments:

- **Single sign-on** (a team server; `[auth]` in `.streamlit/secrets.toml` with `client_id`,
  `client_secret`, `server_metadata_url`, `redirect_uri`, `cookie_secret`): Streamlit's built-in
  OpenID Connect login (`st.login`). Until someone signs in, the app shows only a "Sign in with
  your organisation" button. The signed-in identity ("Name <e-mail>", from the ID token) is the
  reviewer: it is shown read-only in the sidebar and recorded on every comment.
- **Password** (ui/auth.py) or **nobody signs in** (one person on one laptop): the reviewer's name
  is asked once, in a small dialog, the first time they comment, and kept for the session.

In every case a reviewer can change only their own comments (their author is this reviewer);
anyone can reply.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from drafting.errors import DraftingError
from ui import auth

SSO_KEYS = ("client_id", "client_secret", "server_metadata_url", "redirect_uri", "cookie_secret")
PENDING = "pending_change"  # a change waiting for the reviewer's name
ASKING = "asking_name"  # the name dialog was opened from the sidebar


def _auth_section() -> Mapping:
    try:
        section = st.secrets.get("auth", {})
    except Exception:  # no secrets file, or an unreadable one: no sign-in configured
        return {}
    return section if isinstance(section, Mapping) else {}


def sso_configured() -> bool:
    """True when secrets.toml configures an identity provider for st.login."""
    section = _auth_section()
    return all(section.get(key) for key in SSO_KEYS)


def identity_of(user: Mapping) -> str:
    """The name recorded on a signed-in reviewer's comments: "Name <e-mail>" (unique, and readable)."""
    name = " ".join(str(user.get("name") or "").split())
    if not name:
        name = " ".join(str(user.get(k) or "") for k in ("given_name", "family_name")).strip()
    email = str(user.get("email") or "").strip()
    if name and email:
        return f"{name} <{email}>"
    return name or email


def signed_in() -> bool:
    """The sign-in gate: single sign-on when configured, else the password (when one is set)."""
    if not sso_configured():
        return auth.signed_in()
    if st.user.get("is_logged_in"):
        who = identity_of(st.user)
        if not who:
            st.error("Your organisation's sign-in did not say who you are (no name or e-mail); ask its administrator.")
            return False
        st.session_state["reviewer"] = who
        return True
    st.title("⚖ Draft comparison")
    st.write("This server is shared: sign in with your organisation's account to see the reviews.")
    if st.button("Sign in with your organisation", type="primary", key="sso_login"):
        st.login()
    return False


def reviewer() -> str:
    """The name on this reviewer's comments ('' until it is known)."""
    return " ".join((st.session_state.get("reviewer") or "").split())


def can_edit(annotation: Mapping) -> bool:
    """Only a comment's author may change it (its text or status); others reply."""
    me = reviewer()
    return bool(me) and annotation.get("author") == me


def sidebar() -> None:
    """Who is commenting: read-only (the sign-in, or the name given at the first comment)."""
    if sso_configured():
        st.text_input("Signed in as (shown on your comments)", value=reviewer(), disabled=True)
        if st.button("Sign out", key="sso_logout"):
            st.logout()
        return
    name = reviewer()
    if name:
        st.text_input("Your name (shown on your comments)", value=name, disabled=True)
        st.button("Change name", key="change_name", on_click=_open_name_dialog)
    else:
        st.caption("You will be asked for your name when you first comment.")
        st.button("Give your name", key="change_name", on_click=_open_name_dialog)


def run_as_reviewer(change: Callable[[], None]) -> None:
    """Make a change to the review under the reviewer's name, asking for the name first if needed.

    `change` raises DraftingError to refuse (its sentence is shown where the change was asked
    for); when it succeeds the app runs again. Without a name yet, the change waits until the
    name dialog is answered (see ask_name_when_needed)."""
    if not reviewer():
        st.session_state[PENDING] = change
        return
    try:
        change()
    except DraftingError as exc:
        st.error(exc.message)
        return
    st.rerun()


def ask_name_when_needed() -> None:
    """Open the name dialog if a change is waiting for it (call at the end of the page)."""
    if st.session_state.get(PENDING) or st.session_state.get(ASKING):
        _name_dialog()


def _open_name_dialog() -> None:
    st.session_state[ASKING] = True


def _forget_pending() -> None:
    """The dialog was closed without a name: the waiting change is dropped (its text stays in its box)."""
    st.session_state.pop(PENDING, None)
    st.session_state.pop(ASKING, None)


@st.dialog("Your name", on_dismiss=_forget_pending)
def _name_dialog() -> None:
    st.write("Your comments are signed with your name, so that the drafters and the other reviewers know who "
             "wrote them. You are asked once; it is kept until you close the app.")
    with st.form("reviewer_name", border=False):
        name = st.text_input("Your name (shown on your comments)", value=reviewer(), placeholder="e.g. Anna Berg",
                             key="reviewer_name_box")
        submitted = st.form_submit_button("Continue", type="primary")
    if not submitted:
        return
    name = " ".join(name.split())
    if not name:
        st.error("Write your name: every comment records who wrote it.")
        return
    st.session_state["reviewer"] = name
    st.session_state.pop(ASKING, None)
    change = st.session_state.pop(PENDING, None)
    if change is not None:
        try:
            change()
        except DraftingError as exc:
            st.error(exc.message)
            return
    st.rerun()
