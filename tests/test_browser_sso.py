"""Single sign-on in a real browser: `streamlit run` configured for OpenID Connect against the
mock identity provider (tests/mock_idp.py) on 127.0.0.1.

Two reviewers sign in through the identity provider; each comment carries the signed-in identity,
and a reviewer has edit controls on their own comments only. Every request the browser makes
stays on 127.0.0.1.
"""

from __future__ import annotations

import re
import secrets
from contextlib import contextmanager

import pytest

from drafting.review import ReviewStore
from tests.browser_support import (
    CHROMIUM_ARGS,
    RUN_TIMEOUT_MS,
    VIEWPORT,
    NetworkLog,
    StreamlitServer,
    alert,
    expander,
    free_port,
    go_to,
    rerun,
    set_expanded,
    settle,
    track_runs,
    widget,
)
from tests.conftest import IN_CI, require_tool
from tests.mock_idp import MockIdP

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ANNA = "Anna Berg <anna.berg@example.org>"
BEN = "Ben Novak <ben.novak@example.org>"
SIGNED_IN_AS = "Signed in as (shown on your comments)"

try:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)
except ImportError:
    expect = sync_playwright = None


@pytest.fixture(scope="module")
def playwright_api():
    if sync_playwright is None:
        if IN_CI:
            pytest.fail("playwright is not installed, but CI must run the browser tests (requirements-dev.txt)")
        pytest.skip("playwright is not installed")
    return sync_playwright


@pytest.fixture(scope="module")
def chromium_path() -> str:
    return require_tool("chromium")


@pytest.fixture(scope="module")
def sso(tmp_path_factory, chromium_path):
    """The mock identity provider and the app configured to sign in with it (secrets.toml in a temporary folder)."""
    folder = tmp_path_factory.mktemp("sso_server")
    port = free_port()
    redirect_uri = f"http://127.0.0.1:{port}/oauth2callback"
    idp = MockIdP(redirect_uris=[redirect_uri]).start()
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "{redirect_uri}"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        f'client_id = "{idp.client_id}"\n'
        f'client_secret = "{idp.client_secret}"\n'
        f'server_metadata_url = "{idp.metadata_url}"\n',
        encoding="utf-8",
    )
    app = StreamlitServer(data_dir=folder / "data", log_path=folder / "streamlit.log", port=port,
                          extra_args=["--secrets.files", str(secrets_file)])
    try:
        app.start()
        yield app, idp
    finally:
        app.stop()
        idp.stop()


@pytest.fixture(scope="module")
def browser(playwright_api, chromium_path, sso):
    with playwright_api() as pw:
        launched = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()


@contextmanager
def reviewer_tab(browser, server):
    """A browser of its own (its own cookies: one reviewer), whose requests must all stay on 127.0.0.1."""
    context = browser.new_context(viewport=VIEWPORT, locale="en-GB", service_workers="block")
    context.set_default_timeout(30_000)
    network = NetworkLog(context)
    tab = context.new_page()
    track_runs(tab)
    try:
        yield tab
        assert network.urls, "no request was recorded: the network log is not working"
        assert not network.outside(), f"requests left 127.0.0.1: {network.outside()}"
        assert any(u.startswith(server.url) for u in network.urls)
    except Exception:
        print(f"server log:\n{server.log_tail(30)}")
        raise
    finally:
        context.close()


def sign_in(tab, server, idp, user_name: str) -> None:
    """Open the app, press the one button it shows, choose the user at the identity provider, and come back."""
    tab.goto(server.url, wait_until="domcontentloaded")
    button = tab.get_by_role("button", name="Sign in with your organisation")
    button.wait_for(timeout=RUN_TIMEOUT_MS)
    settle(tab)
    assert tab.get_by_test_id("stSidebar").count() == 0 and tab.get_by_test_id("stMetric").count() == 0  # nothing else
    button.click()
    tab.wait_for_url(f"{idp.issuer}/authorize?*", timeout=RUN_TIMEOUT_MS)  # the browser is at the identity provider
    runs = tab.run_tracker  # the app's page is gone: count the runs of the page that comes back
    runs.requested = runs.started = runs.finished = 0
    tab.get_by_role("button", name=f"Sign in as {user_name}").click()
    tab.wait_for_url(f"{server.url}*", timeout=RUN_TIMEOUT_MS)  # and back in the app
    tab.get_by_test_id("stSidebar").get_by_text("Go to").wait_for(timeout=RUN_TIMEOUT_MS)
    settle(tab)


def open_most_serious(tab) -> str:
    """The first "Open" of the Overview; returns the provision's label."""
    main = tab.get_by_test_id("stMain")
    tab.get_by_role("heading", name="Most serious first").wait_for()
    with rerun(tab):
        tab.get_by_role("button", name="Open", exact=True).first.click()
    main.get_by_role("heading", name="Side by side", exact=True).wait_for()
    return main.locator("h3").first.inner_text()


def save_comment(tab, text: str) -> None:
    box = tab.get_by_label("New comment", exact=True)
    with rerun(tab):
        box.fill(text)
        box.press("Control+Enter")
    with rerun(tab):
        widget(tab, "stTextArea", "New comment").locator("xpath=following::button[normalize-space(.)='Save comment'][1]").click()
    expect(alert(tab, "Comment saved.")).to_be_visible()


def comment_block(tab, text: str):
    return tab.get_by_test_id("stMain").get_by_test_id("stHtml").filter(has_text=text)


def test_two_reviewers_sign_in_through_the_identity_provider_and_own_their_comments(browser, sso):
    server, idp = sso
    ben_says = "Ben's note: this provision is missing (SSO browser test)."
    anna_says = "Anna's note: agreed, it must be added (SSO browser test)."

    with reviewer_tab(browser, server) as tab:
        sign_in(tab, server, idp, "Ben Novak")
        sidebar = tab.get_by_test_id("stSidebar")
        shown = sidebar.get_by_label(SIGNED_IN_AS)
        expect(shown).to_have_value(BEN)
        expect(shown).to_be_disabled()  # the identity is not typed: it comes from the sign-in
        assert sidebar.get_by_role("button", name=re.compile("Give your name|Change name")).count() == 0
        label = open_most_serious(tab)
        save_comment(tab, ben_says)  # no name asked: the sign-in says who this is
        expect(comment_block(tab, ben_says).filter(has_text=BEN)).to_have_count(1)
        expect(expander(tab, "Reply, edit, change status, see history")).to_have_count(1)

    assert {"GET /.well-known/openid-configuration", "GET /authorize", "POST /authorize", "POST /token",
            "GET /jwks"} <= set(idp.requests), idp.requests

    with reviewer_tab(browser, server) as tab:
        sign_in(tab, server, idp, "Anna Berg")
        expect(tab.get_by_test_id("stSidebar").get_by_label(SIGNED_IN_AS)).to_have_value(ANNA)
        go_to(tab, "Start")
        with rerun(tab):
            tab.get_by_role("button", name="Open this review").click()
        expect(alert(tab, "is open.")).to_be_visible()
        assert open_most_serious(tab) == label
        expect(comment_block(tab, ben_says).filter(has_text=BEN)).to_have_count(1)

        # Ben's comment: Anna can reply, not edit.
        set_expanded(tab, "Reply, see history")
        others = expander(tab, "Reply, see history").first
        expect(others.get_by_text(f"Only {BEN} can edit this comment")).to_be_visible()
        assert others.get_by_label("Edit your comment").count() == 0
        assert others.get_by_role("button", name="Save changes").count() == 0
        assert others.get_by_test_id("stSelectbox").count() == 0  # no status control either
        expect(others.get_by_label("Reply")).to_be_editable()
        set_expanded(tab, "Reply, see history", False)

        # Her own comment carries her identity, and she can edit it.
        save_comment(tab, anna_says)
        expect(comment_block(tab, anna_says).filter(has_text=ANNA)).to_have_count(1)
        own = expander(tab, "Reply, edit, change status, see history")
        expect(own).to_have_count(1)
        set_expanded(tab, "Reply, edit, change status, see history")
        edit_box = own.first.get_by_label("Edit your comment")
        expect(edit_box).to_have_value(anna_says)
        with rerun(tab):
            edit_box.fill(anna_says + " Edited.")
            edit_box.press("Control+Enter")
        set_expanded(tab, "Reply, edit, change status, see history")  # the rerun may have drawn it folded
        expect(edit_box).to_have_value(anna_says + " Edited.")
        with rerun(tab):
            own.first.get_by_role("button", name="Save changes").click()
        expect(alert(tab, "Comment changed.")).to_be_visible()
        expect(comment_block(tab, anna_says + " Edited.").filter(has_text=ANNA)).to_have_count(1)

        # Signing out leaves only the sign-in button again.
        tab.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()
        tab.get_by_role("button", name="Sign in with your organisation").wait_for(timeout=RUN_TIMEOUT_MS)
        assert tab.get_by_test_id("stSidebar").count() == 0

    rows = ReviewStore(server.data_dir / "reviews.sqlite3").annotations(1)
    assert [(r["author"], r["text"], r["revision"]) for r in rows] == [(BEN, ben_says, 1), (ANNA, anna_says + " Edited.", 2)]
