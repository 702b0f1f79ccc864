"""Helpers for the real-browser tests (tests/test_browser.py): the Streamlit server in a subprocess,
Debian chromium driven by playwright, a log of every network request, and waits for Streamlit's
asynchronous reruns.

No `playwright install`: the browser is the system's `chromium`.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
except ImportError:  # the tests skip (or fail in CI) without playwright; importing this module must not break
    PlaywrightTimeoutError = TimeoutError

ROOT = Path(__file__).resolve().parent.parent

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT = {"width": 1400, "height": 1000}
LOCAL_HOST = "127.0.0.1"
RUN_TIMEOUT_MS = 120_000  # a first comparison of a long draft on a slow CI machine


# --- The server -------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOCAL_HOST, 0))
        return s.getsockname()[1]


@dataclass
class StreamlitServer:
    """`streamlit run streamlit_app.py` on a free port of 127.0.0.1, with its own review database."""

    data_dir: Path
    log_path: Path
    port: int = field(default_factory=free_port)
    extra_args: list[str] = field(default_factory=list)  # more `streamlit run` options, e.g. ["--secrets.files", path]
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{LOCAL_HOST}:{self.port}/"

    def start(self, timeout: float = 90.0) -> "StreamlitServer":
        env = dict(os.environ)
        env["DRAFTING_DATA_DIR"] = str(self.data_dir)
        env.pop("DRAFTING_PASSWORD_SHA256", None)  # the tests drive an unshared server (no sign-in)
        command = [sys.executable, "-m", "streamlit", "run", "streamlit_app.py",
                   "--server.port", str(self.port), "--server.address", LOCAL_HOST,
                   "--server.headless", "true", "--browser.gatherUsageStats", "false", *self.extra_args]
        self._log = open(self.log_path, "wb")
        # A session of its own, so that stop() ends the server and anything it started, and nothing else.
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        health = f"{self.url}_stcore/health"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited with status {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(health, timeout=2) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.25)
        raise RuntimeError(f"streamlit did not answer on {health} within {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                process.wait(timeout=15)
        if getattr(self, "_log", None) is not None:
            self._log.close()
            self._log = None

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"


# --- Network -----------------------------------------------------------------------------------------------


def is_local(url: str) -> bool:
    """True for requests that stay on this machine's loopback address (or never leave the browser)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname == LOCAL_HOST


class NetworkLog:
    """Every URL a browser context asks for; anything not on 127.0.0.1 is recorded and blocked."""

    def __init__(self, context) -> None:
        self.urls: list[str] = []
        self.blocked: list[str] = []
        context.route("**/*", self._route)
        context.on("request", lambda request: self.urls.append(request.url))
        context.on("page", self._watch_page)
        for page in context.pages:
            self._watch_page(page)

    def _watch_page(self, page) -> None:
        page.on("websocket", lambda ws: self.urls.append(ws.url))

    def _route(self, route) -> None:
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort("blockedbyclient")

    def outside(self) -> list[str]:
        return sorted({u for u in self.urls + self.blocked if not is_local(u)})


# --- Streamlit in the browser -----------------------------------------------------------------------------


class RunTracker:
    """Follows the app's script runs through the messages on its websocket.

    Every widget change makes the browser send a `rerun_script` message; the server answers with
    `new_session` (a run starts) ... `script_finished` (it ends). A run can start and end between two
    looks at the page (the "running" indicator then never shows), so the messages are counted instead."""

    def __init__(self, page) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self._back, self._forward = BackMsg, ForwardMsg
        self.requested = self.started = self.finished = 0
        self.last_message = time.monotonic()
        page.on("websocket", self._attach)

    def _attach(self, ws) -> None:
        if "/_stcore/stream" in ws.url:
            ws.on("framesent", self._sent)
            ws.on("framereceived", self._received)

    def _sent(self, payload) -> None:
        if isinstance(payload, bytes):
            try:
                kind = self._back.FromString(payload).WhichOneof("type")
            except Exception:  # noqa: BLE001 - not a message we need to follow
                return
            if kind == "rerun_script":
                self.requested += 1

    def _received(self, payload) -> None:
        if isinstance(payload, bytes):
            try:
                kind = self._forward.FromString(payload).WhichOneof("type")
            except Exception:  # noqa: BLE001
                return
            if kind == "new_session":
                self.started += 1
                self.last_message = time.monotonic()
            elif kind == "script_finished":
                self.finished += 1
                self.last_message = time.monotonic()

    @property
    def idle(self) -> bool:
        return self.started > 0 and self.finished >= self.started


def track_runs(page) -> RunTracker:
    """Follow the page's script runs (before it opens the app)."""
    page.run_tracker = RunTracker(page)
    return page.run_tracker


IDLE = '[data-test-script-state="notRunning"][data-test-connection-state="CONNECTED"]'


def _wait(page, condition, timeout_ms: int, what: str) -> None:
    end = time.monotonic() + timeout_ms / 1000
    while not condition():
        if time.monotonic() > end:
            raise PlaywrightTimeoutError(f"timed out after {timeout_ms} ms waiting for {what}")
        page.wait_for_timeout(25)  # lets playwright deliver the websocket events


def settle(page, quiet_ms: int = 250) -> None:
    """Wait until every run has ended, nothing new has started for `quiet_ms` (a st.rerun() follows
    at once), and the page shows the idle state."""
    runs = page.run_tracker
    while True:
        _wait(page, lambda: runs.idle, RUN_TIMEOUT_MS, "the script run to end")
        _wait(page, lambda: not runs.idle or time.monotonic() - runs.last_message >= quiet_ms / 1000,
              RUN_TIMEOUT_MS, "a quiet moment")
        if runs.idle:
            break
    page.wait_for_selector(IDLE, timeout=RUN_TIMEOUT_MS)


@contextmanager
def rerun(page, required: bool = True):
    """Do something that makes the script run again, then wait for that run (and any it causes) to end.

    required=False for actions that may leave a widget's value unchanged (then nothing runs)."""
    runs = page.run_tracker
    settle(page, quiet_ms=0)
    requested, finished = runs.requested, runs.finished
    yield
    try:
        _wait(page, lambda: runs.requested > requested, RUN_TIMEOUT_MS if required else 1500, "the browser to ask for a run")
    except PlaywrightTimeoutError:
        if required:
            raise
        return
    _wait(page, lambda: runs.finished > finished, RUN_TIMEOUT_MS, "the run to end")
    settle(page)


def open_app(page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_test_id("stSidebar").get_by_text("Go to").wait_for(timeout=RUN_TIMEOUT_MS)
    settle(page)


def go_to(page, name: str) -> None:
    """Choose a page in the sidebar navigation."""
    with rerun(page):
        page.get_by_test_id("stSidebar").get_by_role("radiogroup").get_by_text(name, exact=True).click()
    page.get_by_test_id("stMain").get_by_role("heading", name=name, exact=True).wait_for()


def set_reviewer(page, name: str) -> None:
    """Give the reviewer's name from the sidebar (otherwise it is asked at the first comment)."""
    sidebar = page.get_by_test_id("stSidebar")
    shown = sidebar.get_by_label("Your name (shown on your comments)")
    if shown.count() and shown.input_value() == name:
        return
    with rerun(page):
        sidebar.get_by_role("button", name=re.compile("^(Give your name|Change name)$")).click()
    answer_name_dialog(page, name)
    expect_value = sidebar.get_by_label("Your name (shown on your comments)")
    expect_value.wait_for()
    assert expect_value.input_value() == name


def name_dialog(page):
    """The dialog that asks the reviewer's name (at the first comment, or from the sidebar)."""
    return page.get_by_role("dialog").filter(has_text="Your name")


def answer_name_dialog(page, name: str) -> None:
    dialog = name_dialog(page)
    dialog.wait_for()
    dialog.get_by_label("Your name (shown on your comments)").fill(name)
    with rerun(page):
        dialog.get_by_role("button", name="Continue").click()
    dialog.wait_for(state="detached")


def widget(page, testid: str, label: str):
    """A Streamlit widget by its type (data-testid) and label."""
    return page.get_by_test_id(testid).filter(has=page.get_by_test_id("stWidgetLabel").get_by_text(label, exact=True))


def open_listbox(page, box) -> None:
    """Open the drop-down list of a selectbox or multiselect (with its ▾ button)."""
    listbox = page.get_by_role("listbox")
    toggle = box.locator('button[aria-haspopup="listbox"]')
    for _ in range(5):
        if listbox.count() and listbox.first.is_visible():
            return
        toggle.click()
        try:
            listbox.first.wait_for(timeout=2000)
            return
        except PlaywrightTimeoutError:
            continue  # the click came while the widget was still moving: try again
    raise AssertionError(f"the list of {box} does not open")


def close_listbox(page) -> None:
    page.keyboard.press("Escape")
    page.get_by_role("listbox").wait_for(state="detached")


def multiselect_values(page, label: str) -> list[str]:
    box = widget(page, "stMultiSelect", label)
    return [tag.get_attribute("aria-label") for tag in box.locator("[data-tag]").all()]


def set_multiselect(page, label: str, *options: str, inside: str | None = None) -> None:
    """Make a multiselect hold exactly these options (removing the others with their tag's × button).

    `inside`: the title of the expander the widget is in. A rerun that adds or removes an element
    above an expander (a "saved" message, say) draws it anew, folded: it is opened again before each step."""
    box = widget(page, "stMultiSelect", label)

    def reveal():
        if inside:
            set_expanded(page, inside)
        box.wait_for()

    reveal()
    for chosen in multiselect_values(page, label):
        if chosen not in options:
            with rerun(page):
                box.get_by_role("button", name=f"Remove {chosen}", exact=True).click()
            reveal()
    for option in options:
        if option in multiselect_values(page, label):
            continue
        open_listbox(page, box)
        with rerun(page):
            page.get_by_role("listbox").get_by_role("option", name=option, exact=True).click()
        if page.get_by_role("listbox").count():
            close_listbox(page)
        reveal()
    assert sorted(multiselect_values(page, label)) == sorted(options)


def selectbox_options(page, label: str) -> list[str]:
    box = widget(page, "stSelectbox", label)
    open_listbox(page, box)
    options = page.get_by_role("listbox").get_by_role("option").all_inner_texts()
    close_listbox(page)
    return [o.strip() for o in options]


def selectbox_value(page, label: str) -> str:
    box = widget(page, "stSelectbox", label)
    return box.get_by_role("combobox").input_value() or box.inner_text().replace(label, "", 1).strip()


def alert(page, text: str):
    """A success/error/info box with this text."""
    return page.get_by_test_id("stAlert").filter(has_text=text)


def scroll_to_top_of(locator) -> None:
    locator.evaluate("el => el.scrollIntoView({block: 'start'})")


def expander(page, title: str):
    return page.get_by_test_id("stExpander").filter(has=page.locator("summary").get_by_text(title, exact=True))


def set_expanded(page, title: str, expanded: bool = True) -> None:
    """Open (or fold) an expander, whatever state the last rerun left it in."""
    box = expander(page, title).first
    details = box.locator("details").first
    details.wait_for()
    if (details.get_attribute("open") is not None) != expanded:
        box.locator("summary").first.click()
    if expanded:
        box.get_by_test_id("stExpanderDetails").first.wait_for()
    wait_until_still(box)


def wait_until_still(locator, timeout_ms: int = 5000) -> None:
    """Wait for an element to stop moving or resizing (an expander unfolds with an animation, and a
    click during it can be lost)."""
    locator.evaluate("""(el, timeout) => new Promise((resolve) => {
        const end = performance.now() + timeout;
        let last = '', same = 0;
        const tick = () => {
            const r = el.getBoundingClientRect();
            const now = [r.x, r.y, r.width, r.height].join(',');
            same = now === last ? same + 1 : 0;
            last = now;
            if (same >= 5 || performance.now() > end) resolve(); else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
    })""", timeout_ms)
