"""Server-side PNG of a slide: headless Chromium renders the slide's own HTML at 1920×1080.

The page is loaded from memory under a private origin; its static files are served from
Django's static finders and every other request is refused, so rendering needs no network
and no running web server.
"""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ORIGIN = "http://slide.vantage.invalid"
WIDTH, HEIGHT = 1920, 1080


class PngUnavailable(RuntimeError):
    """No Chromium on this server to render with."""


def _static_file(path: str) -> Path | None:
    prefix = "/" + settings.STATIC_URL.lstrip("/")
    if not path.startswith(prefix):
        return None
    found = finders.find(path[len(prefix) :])
    return Path(found) if found else None


def render_png(html: str) -> bytes:
    """A 1920×1080 PNG of the given slide HTML, once its charts report ready."""
    if not CHROMIUM.exists():
        raise PngUnavailable("PNG export needs Chromium at /usr/bin/chromium on the server")
    from playwright.sync_api import sync_playwright

    def handle(route):
        url = route.request.url
        if url == ORIGIN + "/":
            return route.fulfill(status=200, content_type="text/html", body=html)
        path = url[len(ORIGIN) :] if url.startswith(ORIGIN) else None
        found = _static_file(path.split("?")[0]) if path else None
        if found is None:
            return route.abort()
        content_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        return route.fulfill(status=200, content_type=content_type, body=found.read_bytes())

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
            page.route("**/*", handle)
            page.goto(ORIGIN + "/")
            page.wait_for_function("document.body.dataset.ready === '1'", timeout=10_000)
            return page.screenshot(type="png", full_page=False)
        finally:
            browser.close()
