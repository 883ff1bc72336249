"""Rendering client-side listings in a real Chromium, only when a page needs it.

scrapy-playwright's download handler starts the Playwright driver when the
engine starts, browser or not. :class:`LazyPlaywrightDownloadHandler` starts
it on the first request that asks for a browser (``meta["playwright"]``), so a
crawl of server-rendered pages never runs one. It also blocks what a listing
does not need (images, fonts, media, other hosts) and finds a browser:
``NEWSCRAWL_BROWSER_PATH`` when set, else Playwright's own Chromium, else a
system one (``chromium``, ``chromium-browser``, ``google-chrome`` on PATH).
"""

from __future__ import annotations

import asyncio
import glob
import logging
import os
import shutil
from urllib.parse import urlsplit

from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

logger = logging.getLogger(__name__)

SYSTEM_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Flags a headless Chromium needs as root in a container, on a machine without outside network.
LAUNCH_ARGS = (
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    # less memory: everything in one process (Chromium's --single-process; a listing page needs no
    # isolation), no site isolation, no images; see benchmarks/browser_cost.py
    "--renderer-process-limit=1", "--in-process-gpu", "--no-zygote", "--disable-extensions", "--mute-audio",
    "--disable-features=site-per-process,IsolateOrigins,Translate,MediaRouter,OptimizationHints,"
    "SpareRendererForSitePerProcess,BackForwardCache",
    "--enable-features=NetworkServiceInProcess2",
    "--disable-site-isolation-trials", "--blink-settings=imagesEnabled=false", "--single-process",
)
BLOCKED_RESOURCES = {"image", "font", "media"}
NODE_OPTIONS = "--max-old-space-size=96 --max-semi-space-size=2"
INSTALL_HINT = "install Chromium (Debian: apt-get install chromium) or set NEWSCRAWL_BROWSER_PATH"


def playwright_chromium() -> str | None:
    """Playwright's own downloaded Chromium, if `playwright install chromium` ever ran."""
    root = os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or os.path.expanduser("~/.cache/ms-playwright")
    for pattern in ("chromium-*/chrome-linux*/chrome", "chromium_headless_shell-*/chrome-linux*/headless_shell"):
        found = sorted(glob.glob(os.path.join(root, pattern)))
        if found:
            return found[-1]
    return None


def find_browser(configured: str | None = None) -> str | None:
    """Path of the Chromium to launch, or None when there is none."""
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    found = playwright_chromium()
    if found:
        return found
    for name in SYSTEM_BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


def launch_options(settings) -> dict:
    """PLAYWRIGHT_LAUNCH_OPTIONS with the browser found and the container flags added."""
    options = dict(settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS"))
    options.setdefault("headless", True)
    options["args"] = list(dict.fromkeys([*options.get("args", []), *LAUNCH_ARGS]))
    if "executable_path" not in options:
        path = find_browser(settings.get("NEWSCRAWL_BROWSER_PATH"))
        if path:
            options["executable_path"] = path
    return options


def browser_available(settings) -> tuple[bool, str]:
    """Whether a browser can be launched, and which one (or why not), without launching it."""
    configured = settings.get("NEWSCRAWL_BROWSER_PATH")
    path = find_browser(configured)
    if path:
        return True, path
    if configured:
        return False, f"NEWSCRAWL_BROWSER_PATH {configured!r} is not an executable file"
    return False, "no Chromium found (Playwright's own, or chromium/chromium-browser/google-chrome on PATH)"


class LazyPlaywrightDownloadHandler(ScrapyPlaywrightDownloadHandler):
    """scrapy-playwright's handler, started on the first request that needs a browser."""

    def __init__(self, crawler):
        super().__init__(crawler)
        if not (self.config.cdp_url or self.config.connect_url):
            self.config.launch_options = launch_options(crawler.settings)
        self.site_host = urlsplit(crawler.settings.get("NEWSCRAWL_BASE_URL") or "").hostname
        if self.abort_request is None:
            self.abort_request = self.abort_unneeded
        self._started = False
        self._start_lock = asyncio.Lock()

    async def _maybe_launch_in_thread(self) -> None:
        """Not at engine start: see :meth:`download_request`."""

    def _engine_started(self):
        return None

    async def download_request(self, request, spider=None):
        if request.meta.get("playwright") and not self._started:
            async with self._start_lock:
                if not self._started:
                    # the Playwright driver (Node.js) needs little heap for a few listing pages
                    os.environ.setdefault("NODE_OPTIONS", NODE_OPTIONS)
                    await self._maybe_future_from_coro(self._launch())
                    self._started = True
        return await super().download_request(request)

    def abort_unneeded(self, request) -> bool:
        """Images, fonts, media and other hosts are not needed to read a listing."""
        if request.resource_type in BLOCKED_RESOURCES:
            return True
        return urlsplit(request.url).hostname != self.site_host
