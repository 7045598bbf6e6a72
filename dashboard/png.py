"""Server-side PNG of a slide: headless Chromium renders the slide's own HTML at 1920×1080.

The page is loaded from memory under a private origin; its static files are read from the
static storage (the hashed names `collectstatic` wrote under production settings) or, before
`collectstatic`, from the finders; every other request is refused, so rendering needs no
network and no running web server.

One browser per process, owned by one render thread: Playwright's sync API may only be used
from the thread that started it, and launching Chromium costs about a second. Requests hand
their page to that thread through a queue; at most `MAX_WAITING` may wait or render at once
in a process, and at most `VANTAGE_PNG_RENDERS` (default 1) across the server's worker
processes (lock files in var/), so a burst of exports answers "busy" at once instead of
taking every sync worker away from the pages.
"""

import atexit
import contextlib
import fcntl
import mimetypes
import queue
import threading
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage

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
# Seconds a slide may take to draw once loaded, and a request may wait in all.
DRAW_SECONDS = 8
WAIT_SECONDS = 20
MAX_WAITING = 2


class PngUnavailable(RuntimeError):
    """This server cannot render PNGs; the message says why."""


class RendererBusy(RuntimeError):
    """Too many renders are waiting already."""


class RenderTimeout(RuntimeError):
    """The slide did not finish drawing in time."""


def unavailable_reason() -> str:
    """Why PNG export cannot work on this server, or "" when it can."""
    if not CHROMIUM.exists():
        return f"PNG export needs Chromium at {CHROMIUM} on the server."
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "PNG export needs the playwright package on the server."
    return ""


def _static_file(path: str) -> Path | None:
    """The file behind a /static/… URL, under whichever storage wrote that URL."""
    prefix = "/" + settings.STATIC_URL.lstrip("/")
    if not path.startswith(prefix):
        return None
    name = path[len(prefix) :]
    if ".." in Path(name).parts:
        return None
    try:
        stored = Path(staticfiles_storage.path(name))
    except NotImplementedError:
        stored = None
    if stored is not None and stored.is_file():
        return stored
    found = finders.find(name)
    return Path(found) if found else None


def _route(html: str):
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

    return handle


@contextlib.contextmanager
def _server_slot():
    """One of the server-wide render slots (a lock file each), or RendererBusy."""
    count = getattr(settings, "VANTAGE_PNG_RENDERS", 1)
    folder = Path(settings.BASE_DIR) / "var"
    folder.mkdir(exist_ok=True)
    for number in range(count):
        handle = open(folder / f"png-render-{number}.lock", "a")  # noqa: SIM115 (held open)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()
        return
    raise RendererBusy("The server is already drawing other slides; try again in a few seconds.")


class _Renderer:
    """The render thread, its browser, and the bound on waiting requests."""

    def __init__(self):
        self._jobs: queue.Queue = queue.Queue()
        self._slots = threading.BoundedSemaphore(MAX_WAITING)
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def render(self, html: str, width: int, height: int) -> bytes:
        if not self._slots.acquire(blocking=False):
            raise RendererBusy(
                "The server is already drawing other slides; try again in a few seconds."
            )
        try:
            self._start()
            job: Future = Future()
            self._jobs.put((job, html, width, height))
            try:
                return job.result(timeout=WAIT_SECONDS)
            except FutureTimeout:
                job.cancel()
                raise RenderTimeout(
                    f"The slide did not finish drawing within {WAIT_SECONDS} seconds."
                ) from None
        finally:
            self._slots.release()

    def _start(self):
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="png-render", daemon=True)
                self._thread.start()

    def _run(self):
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import TimeoutError as PlaywrightTimeout
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = None
            while True:
                item = self._jobs.get()
                if item is None:
                    break
                job, html, width, height = item
                if not job.set_running_or_notify_cancel():
                    continue
                try:
                    if browser is None or not browser.is_connected():
                        browser = playwright.chromium.launch(
                            executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS
                        )
                    job.set_result(self._shoot(browser, html, width, height))
                except PlaywrightTimeout:
                    job.set_exception(
                        RenderTimeout(
                            f"The slide did not finish drawing within {DRAW_SECONDS} seconds."
                        )
                    )
                except PlaywrightError as exc:
                    # A crashed browser is relaunched for the next job.
                    browser = None
                    job.set_exception(PngUnavailable(f"The renderer failed: {exc.message}"))
                except Exception as exc:  # the caller, not this thread, reports it
                    job.set_exception(exc)
            if browser is not None:
                browser.close()

    @staticmethod
    def _shoot(browser, html: str, width: int, height: int) -> bytes:
        context = browser.new_context(viewport={"width": width, "height": height})
        try:
            page = context.new_page()
            page.route("**/*", _route(html))
            page.goto(ORIGIN + "/", timeout=DRAW_SECONDS * 1000)
            page.wait_for_function(
                "document.body.dataset.ready === '1'", timeout=DRAW_SECONDS * 1000
            )
            return page.screenshot(type="png", full_page=False)
        finally:
            context.close()

    def stop(self):
        if self._thread is not None and self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join(timeout=5)


_renderer = _Renderer()
atexit.register(_renderer.stop)


def render_png(html: str, width: int = WIDTH, height: int = HEIGHT) -> bytes:
    """A PNG of the given slide HTML at width×height, once its charts report ready."""
    reason = unavailable_reason()
    if reason:
        raise PngUnavailable(reason)
    with _server_slot():
        return _renderer.render(html, width, height)
