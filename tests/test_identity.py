"""Who the reviewer is (ui/identity.py), with Streamlit's AppTest: single sign-on configured in
secrets, the signed-in identity on comments and edit rights, and, without sign-in, the name asked
once at the first comment."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from drafting.auth_hash import hash_password
from drafting.review import ReviewStore
from ui.identity import identity_of

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")
SSO = {"auth": {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "a-long-random-cookie-secret",
                "client_id": "drafting-app", "client_secret": "not-a-real-secret",
                "server_metadata_url": "http://127.0.0.1:8765/.well-known/openid-configuration"}}
ANNA = {"is_logged_in": True, "name": "Anna Berg", "email": "anna.berg@example.org", "sub": "u-anna"}
BEN = {"is_logged_in": True, "name": "Ben Novak", "email": "ben.novak@example.org", "sub": "u-ben"}


@pytest.fixture()
def make_app(data_dir, monkeypatch):
    """A new session of the app (not yet run), with these secrets and this signed-in user."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("DRAFTING_PASSWORD_SHA256", raising=False)

    def make(secrets: dict | None = None, user: dict | None = None) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=180)
        if secrets:
            at.secrets = secrets
        if user is not None:
            at.user = user
        return at

    return make


def button(at, label, index=0):
    return [b for b in at.button if b.label == label][index]


def new_comment(at, text: str) -> None:
    next(t for t in at.text_area if t.label == "New comment").set_value(text)
    button(at, "Save comment", -1).click().run()
    assert not at.exception, at.exception


def store(data_dir) -> ReviewStore:
    return ReviewStore(data_dir / "reviews.sqlite3")


def name_asked(at) -> bool:
    return any(t.key == "reviewer_name_box" for t in at.text_input)


# --- The signed-in identity -----------------------------------------------------------------------------------


def test_the_identity_on_comments_is_name_and_e_mail():
    assert identity_of({"name": "Anna  Berg", "email": "anna.berg@example.org"}) == "Anna Berg <anna.berg@example.org>"
    assert identity_of({"given_name": "Anna", "family_name": "Berg", "email": "a@example.org"}) == "Anna Berg <a@example.org>"
    assert identity_of({"email": "anna.berg@example.org"}) == "anna.berg@example.org"
    assert identity_of({"name": "Anna Berg"}) == "Anna Berg"
    assert identity_of({"sub": "u-1"}) == ""


def test_with_single_sign_on_a_visitor_sees_only_the_sign_in_button(make_app):
    at = make_app(SSO, {"is_logged_in": False}).run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Sign in with your organisation"]
    assert not at.metric and not at.sidebar.radio and not at.text_area  # nothing of any review


def test_single_sign_on_needs_every_setting(make_app):
    partial = {"auth": {k: v for k, v in SSO["auth"].items() if k != "client_secret"}}
    at = make_app(partial, {"is_logged_in": False}).run()
    assert not at.exception
    assert at.metric and "Sign in with your organisation" not in [b.label for b in at.button]  # no half-configured sign-in


def test_a_password_in_secrets_still_protects_the_server(make_app):
    at = make_app({"auth": {"password_sha256": hash_password("correct horse")}}).run()
    assert not at.metric and [b.label for b in at.button] == ["Sign in"]
    at.text_input[0].set_value("correct horse")
    at.button[0].click().run()
    assert at.metric


def test_the_signed_in_identity_is_the_reviewer(make_app, data_dir):
    at = make_app(SSO, ANNA).run()
    assert not at.exception and at.metric
    shown = at.sidebar.text_input[0]
    assert shown.label == "Signed in as (shown on your comments)" and shown.value == "Anna Berg <anna.berg@example.org>"
    assert shown.disabled  # read-only: the sign-in says who this is
    assert "Give your name" not in [b.label for b in at.button] and "Sign out" in [b.label for b in at.sidebar.button]
    button(at, "Open").click().run()
    new_comment(at, "Signed comment.")
    assert not name_asked(at)
    assert "Comment saved." in [s.value for s in at.success]
    rows = store(data_dir).annotations(at.session_state["review_id"])
    assert [(r["author"], r["text"]) for r in rows] == [("Anna Berg <anna.berg@example.org>", "Signed comment.")]


def test_a_reviewer_edits_only_their_own_comments(make_app, data_dir):
    ben = make_app(SSO, BEN).run()
    button(ben, "Open").click().run()
    new_comment(ben, "Comment by Ben.")
    review_id = ben.session_state["review_id"]
    [ben_row] = store(data_dir).annotations(review_id)

    anna = make_app(SSO, ANNA).run()
    anna.sidebar.radio[0].set_value("Start").run()
    anna.selectbox(key="resume_select").set_value(review_id).run()
    button(anna, "Open this review").click().run()
    button(anna, "Open").click().run()
    assert not anna.exception
    assert any("Comment by Ben." in h.value and "Ben Novak &lt;ben.novak@example.org&gt;" in h.value for h in anna.html)
    labels = [e.label for e in anna.expander]
    assert "Reply, see history" in labels and "Reply, edit, change status, see history" not in labels
    assert not [s for s in anna.selectbox if s.key and s.key.startswith(f"status_{ben_row['id']}_")]  # no status control
    assert "Edit your comment" not in [t.label for t in anna.text_area] and "Save changes" not in [b.label for b in anna.button]
    assert any("Only Ben Novak" in c.value and "can edit this comment" in c.value for c in anna.caption)

    # Anna may reply to Ben's comment, and edit her own.
    anna.text_area(key=f"reply_{ben_row['id']}").set_value("Reply by Anna.")
    button(anna, "Send reply").click().run()
    new_comment(anna, "Comment by Anna.")
    assert "Reply, edit, change status, see history" in [e.label for e in anna.expander]
    mine = next(t for t in anna.text_area if t.label == "Edit your comment")
    assert mine.value == "Comment by Anna."
    mine.set_value("Comment by Anna, corrected.")
    button(anna, "Save changes").click().run()
    assert not anna.exception and "Comment changed." in [s.value for s in anna.success]

    rows = {r["text"]: r for r in store(data_dir).annotations(review_id)}
    assert rows["Comment by Ben."]["revision"] == 1  # untouched
    assert rows["Reply by Anna."]["parent_id"] == ben_row["id"]
    assert rows["Comment by Anna, corrected."]["revision"] == 2
    assert {r["author"] for r in rows.values()} == {"Ben Novak <ben.novak@example.org>", "Anna Berg <anna.berg@example.org>"}


def test_a_decision_by_another_reviewer_is_not_changed(make_app, data_dir):
    ben = make_app(SSO, BEN).run()
    ben.sidebar.radio[0].set_value("Side by side").run()
    ben.multiselect(key="f_status").set_value(["divergent"]).run()
    button(ben, "Reject").click().run()
    review_id = ben.session_state["review_id"]

    anna = make_app(SSO, ANNA).run()
    anna.sidebar.radio[0].set_value("Start").run()
    anna.selectbox(key="resume_select").set_value(review_id).run()
    button(anna, "Open this review").click().run()
    anna.sidebar.radio[0].set_value("Side by side").run()
    anna.multiselect(key="f_status").set_value(["divergent"]).run()
    button(anna, "Accept").click().run()
    button(anna, "Accept").click().run()  # her second decision changes her own, it does not pile up
    assert not anna.exception
    rows = store(data_dir).annotations(review_id)
    assert [(r["author"].split()[0], r["status"], r["revision"]) for r in rows] == [("Ben", "rejected", 1), ("Anna", "accepted", 2)]
    assert rows[0]["finding_id"] == rows[1]["finding_id"]


# --- Without sign-in: the name is asked once, at the first comment ----------------------------------------


def test_the_name_is_asked_once_at_the_first_comment(make_app, data_dir):
    at = make_app().run()
    assert not at.sidebar.text_input  # no name box to fill before anything else
    assert any("asked for your name when you first comment" in c.value for c in at.sidebar.caption)
    button(at, "Open").click().run()
    new_comment(at, "First comment.")
    assert name_asked(at) and not at.success and at.session_state["review_id"] is None
    button(at, "Continue").click().run()  # no name given: still asked, still nothing saved
    assert any("Write your name" in e.value for e in at.error) and at.session_state["review_id"] is None

    at.text_input(key="reviewer_name_box").set_value("  Cara   Lind ")
    button(at, "Continue").click().run()
    assert not at.exception and not name_asked(at)
    assert "Comment saved." in [s.value for s in at.success]
    shown = at.sidebar.text_input[0]
    assert (shown.value, shown.disabled) == ("Cara Lind", True) and "Change name" in [b.label for b in at.sidebar.button]

    new_comment(at, "Second comment.")  # not asked again
    assert not name_asked(at) and "Comment saved." in [s.value for s in at.success]
    rows = store(data_dir).annotations(at.session_state["review_id"])
    assert [(r["author"], r["text"]) for r in rows] == [("Cara Lind", "First comment."), ("Cara Lind", "Second comment.")]
    assert "Reply, edit, change status, see history" in [e.label for e in at.expander]  # her own comments


def test_the_first_decision_asks_the_name_too(make_app, data_dir):
    at = make_app().run()
    at.sidebar.radio[0].set_value("Side by side").run()
    at.multiselect(key="f_status").set_value(["divergent"]).run()
    button(at, "Accept").click().run()
    assert name_asked(at) and at.session_state["review_id"] is None
    at.text_input(key="reviewer_name_box").set_value("Dan Roy")
    button(at, "Continue").click().run()
    assert not at.exception and "Finding accepted." in [s.value for s in at.success]
    rows = store(data_dir).annotations(at.session_state["review_id"])
    assert [(r["author"], r["target"], r["status"]) for r in rows] == [("Dan Roy", "finding", "accepted")]


def test_an_empty_comment_is_refused_after_the_name(make_app, data_dir):
    at = make_app().run()
    button(at, "Open").click().run()
    new_comment(at, "   ")
    at.text_input(key="reviewer_name_box").set_value("Eva Holm")
    button(at, "Continue").click().run()
    assert any("empty" in e.value for e in at.error)  # said in the dialog; the name is kept
    assert at.session_state["reviewer"] == "Eva Holm"
    review_id = at.session_state["review_id"]
    assert not review_id or not store(data_dir).annotations(review_id)  # nothing saved
