"""Browser tests: the real app in Debian's Chromium, driven by Playwright.

Chromium is not downloaded by Playwright (``playwright install`` cannot reach
its CDN here): ``make setup`` installs Debian's ``chromium`` package and the
tests launch ``/usr/bin/chromium`` (or ``SHOPASSIST_CHROMIUM``). Without it,
or without the ``playwright`` package, every test here is skipped with the
reason. Requests to anything but the app's loopback address are aborted, so
product photos fail as they do offline and the cards show their placeholder.

Screenshots go to ``tests/browser/artifacts/``; with ``SHOPASSIST_UPDATE_ASSETS=1`` the
analytics one is also copied to ``assets/``. The page's screenshots in ``assets/`` are taken
on the real catalog by ``python -m tests.browser.screenshots``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app_fixtures import make_app_services

ARTIFACTS = Path(__file__).parent / "artifacts"
ASSETS = Path(__file__).parents[2] / "assets"
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)
PERSONA = "demo-gamer"
ANALYST_KEY = "browser-analyst-key-0123456789"
PERSONA_QUERY = "mouse"


def chromium_path() -> str | None:
    path = os.environ.get("SHOPASSIST_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return path if Path(path).exists() else None


def pytest_collection_modifyitems(config, items) -> None:
    reason = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = "playwright is not installed (pip install -e '.[dev]')"
    if reason is None and chromium_path() is None:
        reason = "Chromium not found at /usr/bin/chromium: run `make setup` (apt-get install chromium) or set SHOPASSIST_CHROMIUM"
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


def launch_browser(playwright):
    return playwright.chromium.launch(executable_path=chromium_path(), args=list(CHROMIUM_FLAGS))


def block_outside(route) -> None:
    """Let the app's own requests through; abort the rest (product photos, fonts, CDNs)."""
    url = route.request.url
    if url.startswith(("http://127.0.0.1", "http://localhost", "data:", "blob:")):
        route.continue_()
    else:
        route.abort()


@pytest.fixture(scope="session")
def browser_services(tmp_path_factory, tiny_products, fake_embedder):
    """The app's services over the tiny catalog, with the gamer persona's history seeded:
    three purchases of the product a guest sees last for "mouse"."""
    from rag.app_services import ChatInput, FeedbackInput

    services = make_app_services(tmp_path_factory.mktemp("browser"), tiny_products, fake_embedder,
                                 demo_mode=True, api_key=ANALYST_KEY)  # personas are switchable only in demo mode
    guest = services.run_turn(ChatInput(PERSONA_QUERY))
    favourite = guest.trace.shown[-1]
    seeded = services.run_turn(ChatInput(PERSONA_QUERY, user_id=PERSONA))
    for _ in range(3):
        services.record_feedback(FeedbackInput("purchase", seeded.trace.request_id, favourite, PERSONA, value=25.0))
    return services


@pytest.fixture(scope="session")
def app_url(browser_services) -> Iterator[str]:
    """The whole server (API + app), as ``make run`` serves it: the identity cookie and the export link need the API."""
    from rag.server import create_server_app
    from tests.app_fixtures import LiveServer

    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    with LiveServer(create_server_app(browser_services.settings, browser_services)) as live:
        yield live.url


# Module scope, not session: Playwright's sync API keeps an event loop running in this
# thread until it exits, and tests collected after this folder (tests/rag/api) call asyncio.run.
@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_browser(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, app_url):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    context.route("**/*", block_outside)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(app_url)
    page.wait_for_selector("#sa-message textarea")
    try:
        yield page
    finally:
        context.close()


def screenshot(page, name: str, *, element: str | None = None, asset: bool = False) -> Path:
    """A screenshot in ``artifacts/``; with ``asset`` (and SHOPASSIST_UPDATE_ASSETS=1) also in ``assets/``.
    The page's screenshots in ``assets/`` come from the real catalog (``python -m tests.browser.screenshots``)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    (page.locator(element) if element else page).screenshot(path=str(path))
    if asset and os.environ.get("SHOPASSIST_UPDATE_ASSETS") == "1":
        ASSETS.mkdir(exist_ok=True)
        shutil.copyfile(path, ASSETS / name)
    return path
