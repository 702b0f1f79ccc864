"""Sign-in for a shared deployment.

Off by default (the app listens on 127.0.0.1 only). To let a team of reviewers use one server,
set a password hash in `.streamlit/secrets.toml`:

    [auth]
    password_sha256 = "<output of: python -m drafting hash-password>"

or the environment variable DRAFTING_PASSWORD_SHA256. Visitors then see only a sign-in form
until they enter the password; nothing of any review is shown before. Single sign-on with the
organisation's identity provider (ui/identity.py) takes its place when it is configured.
"""

from __future__ import annotations

import hmac
import os

import streamlit as st

from drafting.auth_hash import hash_password


def expected_hash() -> str:
    try:
        configured = st.secrets.get("auth", {}).get("password_sha256", "")
    except (FileNotFoundError, KeyError, AttributeError, Exception):
        configured = ""
    return (configured or os.environ.get("DRAFTING_PASSWORD_SHA256", "")).strip().lower()


def signed_in() -> bool:
    expected = expected_hash()
    if not expected or st.session_state.get("signed_in"):
        return True
    st.title("⚖ Draft comparison")
    st.write("This server is shared: sign in to see the reviews.")
    with st.form("sign_in"):
        password = st.text_input("Password", type="password")
        submitted = st.form_submit_button("Sign in")
    if submitted:
        if hmac.compare_digest(hash_password(password), expected):
            st.session_state["signed_in"] = True
            st.rerun()
        st.error("That password is not right.")
    return False
