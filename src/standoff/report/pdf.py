"""HTML to PDF through headless Chromium's print-to-PDF (Playwright), air-gapped.

The browser is Debian's chromium (`apt-get install chromium`), never a downloaded build;
`STANDOFF_CHROMIUM` may name another executable. It is started with its background services
off (networking, component updates, sync, DNS prefetch, metrics, crash upload, safe-browsing
updates) and a host resolver that resolves nothing, and every request of the page that is not
data:, about: or blob: is aborted, so printing a report sends nothing anywhere.

All the work (the browser profile, its downloads and temporary files) happens in a private
folder `standoff-pdf-PID-*` (mode 0700) in the temp folder, removed when printing ends, on
Ctrl-C or SIGTERM; one left by a killed run is removed by the next one. The page itself is
handed to the browser in memory, never written to disk.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from standoff.errors import StandoffError
from standoff.files import remove_stale, terminate_cleanly

__all__ = ["CHROMIUM_ARGS", "browser_context", "chromium_path", "html_to_pdf", "private_workdir"]

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--dns-prefetch-disable", "--disable-domain-reliability", "--disable-breakpad",
    "--disable-client-side-phishing-detection", "--disable-default-apps", "--disable-extensions",
    "--disable-quic", "--no-pings", "--metrics-recording-only", "--safebrowsing-disable-auto-update",
    "--disable-field-trial-config", "--disable-features=NetworkPrediction,OptimizationHints,"
    "Translate,MediaRouter,AutofillServerCommunication,CertificateTransparencyComponentUpdater,"
    "InterestFeedContentSuggestions,SafeBrowsing",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # no DNS at all: the page needs none
]
_LOCAL = ("data:", "about:", "blob:")
_WORKDIR = re.compile(r"^standoff-pdf-(\d+)-[A-Za-z0-9_]+$")
DEBIAN_CHROMIUM = "/usr/bin/chromium"


def chromium_path() -> str:
    """The Chromium executable to drive: $STANDOFF_CHROMIUM, /usr/bin/chromium, or on PATH."""
    for candidate in (os.environ.get("STANDOFF_CHROMIUM"), DEBIAN_CHROMIUM,
                      shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file():
            return candidate
    raise StandoffError("PDF needs Chromium: install Debian's `apt-get install chromium` "
                        "or set STANDOFF_CHROMIUM to a Chromium executable")


@contextmanager
def private_workdir() -> Iterator[Path]:
    """A 0700 folder for one print job, removed at the end, on Ctrl-C and on SIGTERM."""
    base = Path(tempfile.gettempdir())
    remove_stale(base, _WORKDIR)
    with terminate_cleanly():
        work = Path(tempfile.mkdtemp(prefix=f"standoff-pdf-{os.getpid()}-", dir=base))
        try:
            yield work
        finally:
            shutil.rmtree(work, ignore_errors=True)


@contextmanager
def browser_context(playwright: Any, executable: str, work: Path,
                    extra_args: Sequence[str] = ()) -> Iterator[Any]:
    """A Chromium context with its profile in `work` and every non-local request aborted."""
    env = {**os.environ, "HOME": str(work)}
    if len(str(work)) <= 48:  # Chromium puts a socket under TMPDIR; socket paths max 108 bytes
        env["TMPDIR"] = str(work)
    context = playwright.chromium.launch_persistent_context(
        str(work / "profile"), executable_path=executable, args=[*CHROMIUM_ARGS, *extra_args],
        headless=True, env=env, downloads_path=str(work / "downloads"), service_workers="block",
        accept_downloads=False)
    try:
        context.route("**/*", lambda route: route.continue_()
                      if route.request.url.startswith(_LOCAL) else route.abort())
        yield context
    finally:
        context.close()


def html_to_pdf(page_html: str, *, chromium_args: Sequence[str] = ()) -> bytes:
    """Print an HTML page to A4 PDF bytes with headless Chromium.

    The browser runs in a worker thread, so this also works where an asyncio loop is already
    running (a notebook, or another Playwright session). `chromium_args` are added to the
    browser's flags (for example `--proxy-server=...` to audit that it sends nothing).
    """
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        raise StandoffError("PDF needs the Python package playwright: "
                            "`pip install playwright` (the browser comes from Debian)") from exc
    executable = chromium_path()
    with private_workdir() as work, ThreadPoolExecutor(max_workers=1,
                                                       thread_name_prefix="standoff-pdf") as pool:
        return pool.submit(_print, page_html, executable, work, tuple(chromium_args)).result()


def _print(page_html: str, executable: str, work: Path, extra_args: Sequence[str]) -> bytes:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, browser_context(p, executable, work, extra_args) as context:
        page = context.pages[0] if context.pages else context.new_page()
        page.set_content(page_html, wait_until="load")
        pdf: bytes = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        return pdf
