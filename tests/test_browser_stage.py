"""Slides fit any screen: measured by bounding boxes at four window sizes, and in the handout."""

import pytest
from django.urls import reverse

from corpus.models import Deck, SavedView

pytestmark = pytest.mark.browser

SHOTS = "/tmp/vantage-shots"
SIZES = [(1280, 720), (1440, 900), (1920, 1080), (3840, 2160)]
SLIDES = {
    "overview": "/present/overview/",
    "overview-2": "/present/overview/?page=2",
    "issue": "/present/issues/ukraine/",
    "compare": "/present/compare/?experts=bonny-lin,maria-repnikova,sergey-radchenko",
    "scenarios": "/present/scenarios/",
    "4x3-scenarios": "/present/scenarios/?ratio=4:3",
    "4x3-overview": "/present/overview/?ratio=4:3",
}

# Everything drawn inside each slide's stage; every problem found, as text.
MEASURE = """(stage) => {
  const problems = [];
  const classes = (el) => (typeof el.className === "string" && el.className
    ? "." + el.className.split(" ").join(".") : "");
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + classes(el)
    + " “" + (el.textContent || "").trim().slice(0, 30) + "”";
  const box = stage.getBoundingClientRect();
  const within = (r) => r.left >= box.left - 1 && r.right <= box.right + 1
    && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
  const meet = (a, b) => a.left < b.right - 1 && b.left < a.right - 1
    && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  for (const el of stage.querySelectorAll("*")) {
    if (el.closest(".visually-hidden") || el.closest("details:not([open]) > form")) continue;
    const r = el.getBoundingClientRect();
    if (r.width && r.height && !within(r)) problems.push("outside the stage: " + name(el));
  }
  const slide = stage.querySelector(".slide");
  const parts = [".slide-head", ".slide-content", ".slide-caption"]
    .map((q) => slide.querySelector(q)).filter(Boolean);
  for (let i = 0; i < parts.length; i++)
    for (let j = i + 1; j < parts.length; j++)
      if (meet(parts[i].getBoundingClientRect(), parts[j].getBoundingClientRect()))
        problems.push("overlap: " + name(parts[i]) + " / " + name(parts[j]));
  // The content fits its area: nothing runs under the caption.
  const content = slide.querySelector(".slide-content");
  if (content.scrollHeight > content.clientHeight + 1
      || content.scrollWidth > content.clientWidth + 1)
    problems.push("content cut: " + content.scrollWidth + "×" + content.scrollHeight
      + " in " + content.clientWidth + "×" + content.clientHeight);
  // The title's lines and the controls never meet.
  const nav = slide.querySelector(".slide-controls");
  const title = slide.querySelector("h1");
  if (nav && title) {
    const range = document.createRange();
    range.selectNodeContents(title);
    for (const line of range.getClientRects())
      if (meet(line, nav.getBoundingClientRect())) problems.push("title under the controls");
  }
  // Cells of a table slide never overlap one another.
  const marks = [...slide.querySelectorAll(".slide-pos, .slide-lik, thead th, tbody th")]
    .map((el) => [el, el.getBoundingClientRect()]);
  for (let i = 0; i < marks.length; i++)
    for (let j = i + 1; j < marks.length; j++)
      if (meet(marks[i][1], marks[j][1]))
        problems.push("overlap: " + name(marks[i][0]) + " / " + name(marks[j][0]));
  return problems;
}"""


def _settled_problems(page) -> list:
    """MEASURE's problems once the layout has settled: a chart's canvas follows its box a
    frame or two after the stage is scaled (later on a busy machine), so a problem must
    last about two seconds to count."""
    stage = page.locator(".stage-box").first
    for _ in range(10):
        problems = stage.evaluate(MEASURE)
        if not problems:
            break
        page.wait_for_timeout(200)
    return problems


def _stage_fills_the_window(page, width, height):
    box = page.locator(".stage-box").first.bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0
    assert box["x"] + box["width"] <= width + 1 and box["y"] + box["height"] <= height + 1
    # Letterboxed: one side touches the window's edges.
    assert abs(box["width"] - width) <= 1 or abs(box["height"] - height) <= 1


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_slide_kind_fits_the_window(app, width, height):
    page = app.page
    page.set_viewport_size({"width": width, "height": height})
    for kind, url in SLIDES.items():
        app.goto(url)
        page.wait_for_function("() => document.body.dataset.ready === '1'")
        assert _settled_problems(page) == [], f"{kind} at {width}×{height}"
        _stage_fills_the_window(page, width, height)
        if width in (1280, 3840):
            page.screenshot(path=f"{SHOTS}-stage-{kind}-{width}x{height}.png")


@pytest.fixture
def deck(app):
    deck = Deck.objects.create(title="Handout")
    views = [
        SavedView(title="Who says what", kind="overview"),
        SavedView(title="How likely are these futures?", kind="scenarios"),
        SavedView(title="Ukraine since 2014", kind="issue", target="ukraine"),
        SavedView(
            title="Three voices on the partnership, side by side, over the whole record so far",
            kind="compare",
            query="experts=bonny-lin,maria-repnikova,christopher-marsh",
        ),
    ]
    for view in views:
        view.save()
        deck.add(view)
    return deck


@pytest.mark.parametrize("width", [1280, 1920, 3840])
def test_the_handout_prints_every_slide_whole_at_any_window_width(app, deck, width):
    page = app.page
    page.set_viewport_size({"width": width, "height": 900})
    app.goto(reverse("deck-print", args=[deck.pk]))
    page.wait_for_function("() => document.body.dataset.ready === '1'")
    stages = page.locator(".stage-box")
    # The overview continues on a second slide: five slides from four views, each followed by
    # its evidence (the records it draws, numbered as its footnotes).
    assert page.locator(".slide:not(.evidence-slide)").count() == 5
    assert page.locator(".evidence-slide").count() >= 5
    total = stages.count()
    for screen_or_print in ("screen", "print"):
        page.emulate_media(media=screen_or_print)
        for i in range(stages.count()):
            problems = stages.nth(i).evaluate(MEASURE)
            assert problems == [], f"slide {i + 1} on {screen_or_print} at {width}"
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == total
    page.emulate_media(media="screen")
    page.screenshot(path=f"{SHOTS}-handout-{width}.png", full_page=False)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_an_evidence_slide_in_a_deck_fits_the_window(app, width, height):
    deck = Deck.objects.create(title="Evidence")
    deck.add(SavedView.objects.create(title="Ukraine since 2014", kind="issue", target="ukraine"))
    deck.toggle_evidence(deck.slides.get())
    page = app.page
    page.set_viewport_size({"width": width, "height": height})
    app.goto(reverse("deck-slide", args=[deck.pk, 2]))
    page.wait_for_function("() => document.body.dataset.ready === '1'")
    assert "Evidence: Ukraine since 2014" in page.locator("h1").inner_text()
    problems = page.locator(".stage-box").first.evaluate(MEASURE)
    assert problems == [], f"evidence at {width}×{height}"
    _stage_fills_the_window(page, width, height)
    if width in (1280, 3840):
        page.screenshot(path=f"{SHOTS}-stage-evidence-{width}x{height}.png")
