"""HTML to PDF through headless Chromium's print-to-PDF (Playwright), with no network.

The browser is Debian's chromium (`apt-get install chromium`), never a downloaded build;
`STANDOFF_CHROMIUM` may name another executable. Every request that is not file:, data: or
about: is aborted, so a report cannot reach out while it prints.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from standoff.errors import StandoffError

__all__ = ["CHROMIUM_ARGS", "chromium_path", "html_to_pdf"]

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    "--disable-default-apps", "--disable-extensions",
]
_LOCAL = ("file:", "data:", "about:", "blob:")
DEBIAN_CHROMIUM = "/usr/bin/chromium"


def chromium_path() -> str:
    """The Chromium executable to drive: $STANDOFF_CHROMIUM, /usr/bin/chromium, or on PATH."""
    for candidate in (os.environ.get("STANDOFF_CHROMIUM"), DEBIAN_CHROMIUM,
                      shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file():
            return candidate
    raise StandoffError("PDF needs Chromium: install Debian's `apt-get install chromium` "
                        "or set STANDOFF_CHROMIUM to a Chromium executable")


def html_to_pdf(page_html: str) -> bytes:
    """Print an HTML page to A4 PDF bytes with headless Chromium.

    The browser runs in a worker thread, so this also works where an asyncio loop is already
    running (a notebook, or another Playwright session).
    """
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        raise StandoffError("PDF needs the Python package playwright: "
                            "`pip install playwright` (the browser comes from Debian)") from exc
    executable = chromium_path()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="standoff-pdf") as pool:
        return pool.submit(_print, page_html, executable).result()


def _print(page_html: str, executable: str) -> bytes:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="standoff-pdf-") as tmp:
        source = Path(tmp) / "report.html"
        source.write_text(page_html, encoding="utf-8")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                page.route("**/*", lambda route: route.continue_()
                           if route.request.url.startswith(_LOCAL) else route.abort())
                page.goto(source.as_uri(), wait_until="load")
                return page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
            finally:
                browser.close()
