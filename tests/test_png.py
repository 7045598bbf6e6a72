"""PNG export: works under production static storage, bounded, throttled, and says why not."""

import struct
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from corpus.models import Deck, SavedView
from dashboard import png
from tests.conftest import CHROMIUM

_chromium_installed = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="PNG export renders with /usr/bin/chromium"
)


def needs_chromium(test):
    """A test that launches Chromium: a browser test (left out of the fast suite)."""
    return pytest.mark.browser(_chromium_installed(test))


MANIFEST = "whitenoise.storage.CompressedManifestStaticFilesStorage"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG signature"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def _production_storage(root):
    return override_settings(
        DEBUG=False,
        STATIC_ROOT=root,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": MANIFEST},
        },
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
    )


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """Production static files: hashed names in a manifest, written once by collectstatic."""
    root = tmp_path_factory.mktemp("static")
    with _production_storage(root):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def production_static(collected):
    with _production_storage(collected):
        yield collected


SLIDES = [
    ("present-overview", [], {}),
    ("present-issue", ["ukraine"], {}),
    ("present-compare", [], {"experts": "bonny-lin,maria-repnikova,sergey-radchenko"}),
    ("present-scenarios", [], {}),
]


@needs_chromium
@pytest.mark.parametrize(("name", "args", "query"), SLIDES)
def test_png_of_every_slide_kind_under_production_storage(
    viewer_client, seeded, production_static, name, args, query
):
    page = viewer_client.get(reverse(name, args=args), query).content.decode()
    # The page really names hashed files, which the static finders cannot find.
    assert "/static/js/present." in page and "/static/js/present.js" not in page
    response = viewer_client.get(reverse(name, args=args), {**query, "export": "png"})
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "image/png"
    assert png_size(response.content) == (1920, 1080)


@needs_chromium
def test_png_of_an_evidence_slide_under_production_storage(
    viewer_client, seeded, production_static
):
    deck = Deck.objects.create(title="Evidence")
    deck.add(SavedView.objects.create(title="Ukraine", kind="issue", target="ukraine"))
    deck.toggle_evidence(deck.slides.get())
    url = reverse("deck-slide", args=[deck.pk, 2])
    assert "Evidence: Ukraine" in viewer_client.get(url).content.decode()
    response = viewer_client.get(url, {"export": "png"})
    assert response.status_code == 200, response.content[:300]
    assert png_size(response.content) == (1920, 1080)


@pytest.fixture
def stalled_renderer(monkeypatch):
    """Every render waits until the test lets it go, so the renderer's slots stay taken."""
    release = threading.Event()

    def shoot(browser, html, width, height):
        release.wait(10)
        return b"\x89PNG fake"

    monkeypatch.setattr(png._Renderer, "_shoot", staticmethod(shoot))
    yield release
    release.set()


@needs_chromium
def test_png_requests_beyond_the_limit_get_429(viewer_client, seeded, stalled_renderer, settings):
    # Server-wide slots to spare: this is the bound within one process.
    settings.VANTAGE_PNG_RENDERS = png.MAX_WAITING + 1
    results = []
    workers = [
        threading.Thread(target=lambda: results.append(png.render_png("<p>x</p>")))
        for _ in range(png.MAX_WAITING)
    ]
    for worker in workers:
        worker.start()
    # Wait until both renders hold their slot.
    for _ in range(100):
        if png._renderer._slots._value == 0:
            break
        threading.Event().wait(0.05)
    response = viewer_client.get(reverse("present-overview"), {"export": "png"})
    stalled_renderer.set()
    for worker in workers:
        worker.join(5)
    assert response.status_code == 429
    assert "already drawing other slides" in response.content.decode()
    assert response["Retry-After"] == "5"
    assert results == [b"\x89PNG fake"] * png.MAX_WAITING


def test_png_exports_per_caller_are_limited(viewer_client, db, monkeypatch):
    # One fixed minute, so the count cannot roll into a new window mid-test.
    monkeypatch.setattr("dashboard.throttle.time.time", lambda: 1_800_000_000.0)
    monkeypatch.setattr("dashboard.views.present.render_png", lambda html, *size: b"\x89PNG fake")
    url = reverse("present-overview")
    statuses = [viewer_client.get(url, {"export": "png"}).status_code for _ in range(13)]
    assert statuses == [200] * 12 + [429]


@needs_chromium
def test_a_slide_that_never_finishes_drawing_times_out_with_a_message(monkeypatch):
    monkeypatch.setattr(png, "DRAW_SECONDS", 1)
    with pytest.raises(png.RenderTimeout, match="did not finish drawing within 1 seconds"):
        png.render_png("<!doctype html><body><p>never ready</p></body>")


def test_without_chromium_the_png_button_says_why(viewer_client, db, monkeypatch, tmp_path):
    monkeypatch.setattr(png, "CHROMIUM", tmp_path / "no-chromium")
    html = viewer_client.get(reverse("present-overview")).content.decode()
    assert "PNG unavailable: PNG export needs Chromium" in html
    assert "export=png" not in html


def test_without_chromium_the_png_export_is_a_503_with_the_reason(
    viewer_client, db, monkeypatch, tmp_path
):
    monkeypatch.setattr(png, "CHROMIUM", tmp_path / "no-chromium")
    response = viewer_client.get(reverse("present-overview"), {"export": "png"})
    assert response.status_code == 503
    assert "needs Chromium" in response.content.decode()


def test_a_render_in_another_worker_process_makes_this_one_answer_429(viewer_client, db, settings):
    # Another gunicorn worker holding the server's one render slot, as a lock file.
    import fcntl

    from django.conf import settings as django_settings

    lock = open(Path(django_settings.BASE_DIR) / "var" / "png-render-0.lock", "a")  # noqa: SIM115
    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    try:
        response = viewer_client.get(reverse("present-overview"), {"export": "png"})
    finally:
        fcntl.flock(lock, fcntl.LOCK_UN)
        lock.close()
    if png.unavailable_reason():
        pytest.skip(png.unavailable_reason())
    assert response.status_code == 429
    assert "already drawing other slides" in response.content.decode()


def _event_coloured_pixels(data: bytes) -> int:
    """Pixels of the event markers' colour (#5b4a00) in a PNG."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(data)).convert("RGB")
    pixels = image.get_flattened_data()
    return sum(1 for r, g, b in pixels if abs(r - 0x5B) < 30 and abs(g - 0x4A) < 30 and b < 40)


@needs_chromium
def test_the_ukraine_slide_png_draws_its_event_markers(viewer_client, seeded, production_static):
    url = reverse("present-issue", args=["ukraine"])
    shown = viewer_client.get(url, {"export": "png"})
    hidden = viewer_client.get(url, {"export": "png", "events": "off"})
    assert shown.status_code == hidden.status_code == 200
    # The dashed lines and their labels: hundreds of pixels; without them only a few stray
    # antialiased edges of other marks come near the colour.
    drawn, stray = _event_coloured_pixels(shown.content), _event_coloured_pixels(hidden.content)
    assert drawn > 300 and stray < 50
