"""Editing in a real browser: upload → select in the reader → draft → publish → chart;
inline editing on the issue page; conflicts; revert; XSS."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from corpus import changes
from corpus.dates import PartialDate
from corpus.models import (
    Expert,
    Issue,
    Organisation,
    Passage,
    Scenario,
    ScenarioAssessment,
    Source,
    Stance,
)
from corpus.uploads import SourceDetails, add_source
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

CLAIM = "China will not abandon Russia, whatever it costs Beijing in Europe."
TRANSCRIPT = f"""Roundtable on Russia and China

Sergey Radchenko

{CLAIM}

Maria Repnikova

Beijing hedges; it wants to look neutral.
"""


def _watch(page) -> list[str]:
    """Console errors and page errors of a page the `app` fixture does not watch."""
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    return problems


def _chart_ids(page, base_url, slug) -> set[int]:
    response = page.request.get(f"{base_url}{reverse('issue-chart-data', args=[slug])}")
    assert response.ok, response.status
    return {p["id"] for series in response.json()["series"] for p in series["points"]}


def test_an_editor_records_a_stance_from_an_uploaded_source_and_a_reviewer_publishes_it(app):
    editor = UserFactory(username="browser-editor", role="editor")
    reviewer = UserFactory(username="browser-reviewer", role="reviewer")
    app.login_as(editor)

    # Upload: paste the text with its metadata.
    page = app.goto(reverse("source-new"))
    page.get_by_label("Title").fill("Roundtable on Russia and China")
    page.get_by_label("Publisher").fill("Example Forum")
    page.get_by_label("Kind").select_option("transcript")
    page.get_by_label("Published").fill("2024-02")
    page.get_by_label("Paste the text").fill(TRANSCRIPT)
    page.get_by_label("Transcript", exact=False).check()
    page.get_by_role("button", name="Add the source").click()
    page.wait_for_url("**/sources/pending/*/")
    assert "Sergey Radchenko" in page.locator("tr[data-label='Sergey Radchenko']").inner_text()
    page.get_by_role("button", name="Confirm and add the source").click()
    page.wait_for_url("**/to-code/")

    # Select the sentence in the source reader; the form opens with quote and expert filled in.
    source = Source.objects.get(title="Roundtable on Russia and China")
    page.get_by_role("link", name="Read the source").click()
    page.wait_for_url(f"**{reverse('source', args=[source.pk])}")
    page.locator("[data-source-text] .passage", has_text=CLAIM).select_text()
    page.get_by_role("link", name="Record a stance").click()
    form = page.locator("#record-panel #record-new-stance")
    form.wait_for()
    assert form.get_by_label("Quote").input_value() == CLAIM
    assert (
        form.get_by_label("Expert")
        .locator("option:checked")
        .inner_text()
        .startswith("Sergey Radchenko")
    )
    assert form.get_by_label("Stated").input_value() == "2024-02"

    # The position labels follow the chosen issue's scale.
    form.get_by_label("Issue").select_option(label="Ukraine")
    ukraine = Issue.objects.get(slug="ukraine")
    plus_two = form.get_by_label(f"+2 · {ukraine.label_plus_2}")
    assert plus_two.count() == 1
    form.get_by_label(f"+1 · {ukraine.label_plus_1}").check()
    form.get_by_label("Summary").fill("Beijing stands by Moscow despite European costs.")
    form.get_by_role("button", name="Save draft").click()
    row = page.locator("#record-panel .record-row")
    row.wait_for()
    assert "draft" in row.locator(".badge").inner_text()
    stance = Stance.objects.get(quote=CLAIM)
    assert (stance.status, stance.expert.slug, stance.position) == (
        "draft",
        "sergey-radchenko",
        1,
    )
    assert stance.pk not in _chart_ids(page, app.url, "ukraine")

    # The reader marks the new quote as a draft and lists it beside the text.
    mark = page.locator(f"[data-source-text] mark#stance-{stance.pk}.q-draft")
    mark.wait_for()
    assert mark.inner_text() == CLAIM
    assert "draft" in page.locator(f"#rec-stance-{stance.pk}").inner_text()
    assert page.locator("#quote-count").inner_text() == "1 quote"
    card = page.locator(f"#card-stance-{stance.pk}")
    assert "Beijing stands by Moscow" in card.text_content()

    # The editor sees it among the drafts.
    page = app.goto(reverse("review"))
    queued = page.locator(f"#record-stance-{stance.pk}")
    assert "Beijing stands by Moscow" in queued.inner_text()
    assert queued.get_by_role("button", name="Publish").count() == 0

    # A reviewer publishes it, and it appears on the issue chart.
    app.login_as(reviewer)
    page = app.goto(reverse("review"))
    queued = page.locator(f"#record-stance-{stance.pk}")
    queued.get_by_role("button", name="Publish").click()
    page.locator(f"#record-stance-{stance.pk} .badge.published").wait_for()
    stance.refresh_from_db()
    assert stance.status == "published"
    assert stance.pk in _chart_ids(page, app.url, "ukraine")


def _ukraine_stance():
    return Stance.objects.published().filter(issue__slug="ukraine").order_by("pk").first()


def test_an_editor_fixes_a_stance_in_place_on_the_issue_page(app):
    stance = _ukraine_stance()
    app.login_as(UserFactory(username="inline-editor", role="editor"))
    page = app.goto(reverse("issue", args=["ukraine"]))
    row_id = f"#record-stance-{stance.pk}"
    page.locator(row_id).get_by_role("link", name="Edit").click()
    form = page.locator(f"{row_id}.record-edit")
    form.wait_for()

    # A quote that is not in the source is refused beside its field.
    form.get_by_label("Quote").fill("Words nobody ever wrote down.")
    form.get_by_role("button", name="Save changes").click()
    form.locator(".field-quote.has-error .errorlist").wait_for()
    assert Stance.objects.get(pk=stance.pk).summary == stance.summary

    form.get_by_label("Quote").fill(stance.quote)
    form.get_by_label("Summary").fill("Fixed in place on the issue page.")
    form.get_by_role("button", name="Save changes").click()
    row = page.locator(f"article{row_id}")
    row.wait_for()
    # The editor sees their change, marked pending; viewers keep the published stance.
    assert row.locator(".record-summary").inner_text() == "Fixed in place on the issue page."
    assert "pending change" in row.locator(".record-saved").inner_text()
    assert row.locator(".badge.pending").count() == 1
    assert page.url.endswith(reverse("issue", args=["ukraine"]))
    original = stance.summary
    stance.refresh_from_db()
    assert (stance.summary, stance.status) == (original, "published")
    assert stance.pending_changes.get().proposed["summary"] == "Fixed in place on the issue page."
    assert stance.pk in _chart_ids(page, app.url, "ukraine")


def test_cancel_puts_the_row_back_unchanged(app):
    stance = _ukraine_stance()
    app.login_as(UserFactory(username="cancel-editor", role="editor"))
    page = app.goto(reverse("issue", args=["ukraine"]))
    row_id = f"#record-stance-{stance.pk}"
    page.locator(row_id).get_by_role("link", name="Edit").click()
    form = page.locator(f"{row_id}.record-edit")
    form.get_by_label("Summary").fill("Never saved.")
    form.get_by_role("link", name="Cancel").click()
    page.locator(f"article{row_id}").wait_for()
    assert page.locator(row_id).locator(".record-summary").inner_text() == stance.summary
    assert Stance.objects.get(pk=stance.pk).version == stance.version


def test_viewers_see_no_edit_button_on_the_issue_page(app):
    page = app.goto(reverse("issue", args=["ukraine"]))
    page.locator(".stance-list .stance").first.wait_for()
    assert page.get_by_role("link", name="Edit").count() == 0


def test_two_editors_save_the_same_stance_and_the_second_sees_the_conflict(app, browser):
    stance = Stance.objects.published().select_related("expert").order_by("pk").first()
    original = stance.summary
    history_url = reverse("stance-history", args=[stance.pk])
    row_id = f"#record-stance-{stance.pk}"

    app.login_as(UserFactory(username="editor-a", role="editor"))
    page_a = app.goto(history_url)
    other = browser.new_context(viewport={"width": 1280, "height": 800})
    b_problems = []
    try:
        page_b = other.new_page()
        b_problems = _watch(page_b)
        LiveLogin(app.url, other).as_user(UserFactory(username="editor-b", role="editor"))
        page_b.goto(app.url + history_url)

        for page in (page_a, page_b):
            page.locator(row_id).get_by_role("link", name="Edit").click()
            page.locator(f"{row_id}.record-edit").wait_for()

        page_b.locator(row_id).get_by_label("Summary").fill("Editor B's summary.")
        page_b.locator(row_id).get_by_role("button", name="Save changes").click()
        page_b.locator(f"article{row_id}").wait_for()
        assert "Editor B's summary." in page_b.locator(row_id).inner_text()

        page_a.locator(row_id).get_by_label("Summary").fill("Editor A's summary.")
        page_a.locator(row_id).get_by_role("button", name="Save changes").click()
        conflict = page_a.locator(f"{row_id}.record-conflict")
        conflict.wait_for()
        assert "Someone else saved this stance" in conflict.inner_text()
        assert "editor-b" in conflict.inner_text()
        stance.refresh_from_db()
        assert stance.summary == original
        assert stance.pending_changes.get().proposed["summary"] == "Editor B's summary."

        conflict.get_by_role("link", name="Keep theirs (discard mine)").click()
        page_a.locator(f"article{row_id}").wait_for()
        assert "Editor B's summary." in page_a.locator(row_id).inner_text()
    finally:
        other.close()
    assert not b_problems, b_problems

    # A reviewer accepts B's change, then reverts it from the history page to the first version.
    app.login_as(UserFactory(username="reviewer-r", role="reviewer"))
    page = app.goto(reverse("review"))
    item = page.locator(".review-item", has_text="Editor B's summary.")
    item.get_by_role("button", name="Accept", exact=True).click()
    page.get_by_text("Accepted: accepted the change").wait_for()
    stance.refresh_from_db()
    assert (stance.summary, stance.version) == ("Editor B's summary.", 2)
    page = app.goto(history_url)
    page.get_by_role("button", name="Revert to version 1").click()
    page.get_by_text("Reverted: the stance is now version 3.").wait_for()
    stance.refresh_from_db()
    assert (stance.summary, stance.status, stance.version) == (original, "published", 3)
    assert original in page.locator(row_id).inner_text()


class LiveLogin:
    """Signs a second browser context in (the app fixture signs in only its own page)."""

    def __init__(self, url, context):
        self.url, self.context = url, context

    def as_user(self, user):
        from django.conf import settings
        from django.test import Client

        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        self.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": self.url}])


@pytest.fixture
def dragon_source(db):
    text = (
        "Opening remarks\n"
        "The 🐉 dragon said: the partnership is fragile. Really fragile.\n"
        "Next, the bear answered: it is not.\n"
    )
    details = SourceDetails("Fable", "Zoo Press", "article", PartialDate.parse("2020"), "", "plain")
    return add_source(text, details)


SELECT_ACROSS_A_MARK = """([from, to]) => {
  const passage = [...document.querySelectorAll('[data-source-text] [data-start]')]
    .find((p) => p.textContent.includes(from));
  // Mark part of the passage as the reader marks quotes, then select across the mark.
  const node = passage.firstChild;
  const markStart = node.textContent.indexOf('dragon');
  const marked = node.splitText(markStart);
  const after = marked.splitText('dragon said'.length);
  const mark = document.createElement('mark');
  marked.replaceWith(mark);
  mark.appendChild(marked);
  const range = document.createRange();
  range.setStart(mark.firstChild, 'dragon '.length);
  range.setEnd(after, after.textContent.indexOf(to) + to.length);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  const container = document.querySelector('[data-source-text]');
  return window.VantageEditing.selectionOffsets(range, container);
}"""

SELECT_ACROSS_PASSAGES = """([from, to]) => {
  const passages = [...document.querySelectorAll('[data-source-text] [data-start]')];
  const first = passages.find((p) => p.textContent.includes(from)).firstChild;
  const last = passages.find((p) => p.textContent.includes(to)).firstChild;
  const range = document.createRange();
  range.setStart(first, first.textContent.indexOf(from));
  range.setEnd(last, last.textContent.indexOf(to) + to.length);
  const container = document.querySelector('[data-source-text]');
  return window.VantageEditing.selectionOffsets(range, container);
}"""


def test_selection_offsets_count_code_points_inside_and_across_marks(app, dragon_source):
    app.login_as(UserFactory(username="offsets-editor", role="editor"))
    page = app.goto(reverse("source", args=[dragon_source.pk]))
    text = dragon_source.text
    offsets = page.evaluate(SELECT_ACROSS_A_MARK, ["dragon", "fragile."])
    start = text.index("said: the partnership")
    assert offsets == {"start": start, "end": text.index("fragile.") + len("fragile.")}
    link = page.get_by_role("link", name="Record a stance")
    link.wait_for()
    assert f"start={offsets['start']}&end={offsets['end']}" in link.get_attribute("href")


def test_a_selection_across_passages_spans_the_text_between_them(app, dragon_source):
    app.login_as(UserFactory(username="offsets-editor-2", role="editor"))
    page = app.goto(reverse("source", args=[dragon_source.pk]))
    offsets = page.evaluate(SELECT_ACROSS_PASSAGES, ["Really", "the bear"])
    text = dragon_source.text
    assert text[offsets["start"] : offsets["end"]] == "Really fragile.\nNext, the bear"


# --- Hostile text renders as text ---------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(1)"


@pytest.fixture
def hostile(db):
    """Every text field of the record holding a payload (what a careless import could bring)."""
    text = f"Heading\n{SCRIPT} said one.\n{IMG} said two.\n{JS_URL} said three.\n"
    org = Organisation.objects.create(name=f"Org {IMG}", country=SCRIPT)
    expert = Expert.objects.create(slug="hostile", name=f"Ex {SCRIPT}", role=IMG, organisation=org)
    issue = Issue.objects.create(
        slug="hostile-issue",
        name=f"Issue {SCRIPT}",
        question=IMG,
        label_minus_2=SCRIPT,
        label_minus_1=IMG,
        label_0=JS_URL,
        label_plus_1=SCRIPT,
        label_plus_2=IMG,
    )
    scenario = Scenario.objects.create(
        slug="hostile-scenario", title=f"Scenario {IMG}", description=SCRIPT, horizon=JS_URL
    )
    source = Source.objects.create(
        title=f"Title {SCRIPT}",
        publisher=f"Publisher {IMG}",
        kind="report",
        published_on=dt.date(2024, 1, 1),
        date_precision="year",
        text=text,
        path=IMG,
    )
    for index, line in enumerate(text.splitlines()):
        start = text.index(line)
        Passage.objects.create(
            source=source,
            index=index,
            start=start,
            end=start + len(line),
            text=line,
            speaker_label=IMG,
            expert=expert,
        )
    common = {"expert": expert, "source": source, "stated_on": dt.date(2024, 1, 1)}
    stance = changes.insert(
        Stance(
            **common,
            issue=issue,
            position=1,
            summary=f"{IMG} {JS_URL}",
            quote=f"{SCRIPT} said one.",
            quote_start=text.index(SCRIPT),
            quote_end=text.index(SCRIPT) + len(f"{SCRIPT} said one."),
        )
    )
    assessment = changes.insert(
        ScenarioAssessment(
            **common,
            scenario=scenario,
            likelihood=3,
            rationale=SCRIPT,
            quote=f"{IMG} said two.",
            quote_start=text.index(IMG),
            quote_end=text.index(IMG) + len(f"{IMG} said two."),
        )
    )
    return stance, assessment


def _assert_inert(page, dialogs):
    assert dialogs == []
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    assert page.locator("script:not([src]):not([type='application/json'])").count() == 0


def test_payloads_in_every_text_field_render_as_inert_text(app, hostile):
    stance, assessment = hostile
    app.login_as(UserFactory(username="xss-reviewer", role="reviewer"))
    page = app.page
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    pages = [
        reverse("review"),
        reverse("stance-history", args=[stance.pk]),
        reverse("assessment-history", args=[assessment.pk]),
        reverse("source", args=[stance.source_id]),
        reverse("source-attribution", args=[stance.source_id]),
        reverse("stance-edit", args=[stance.pk]),
        reverse("home"),
    ]
    for url in pages:
        app.goto(url)
        _assert_inert(page, dialogs)
        assert page.get_by_text(SCRIPT).count() >= 1, url
        assert page.get_by_text(IMG).count() >= 1, url

    # The inline form shows the payloads literally in its inputs, and saves them unchanged.
    app.goto(reverse("review"))
    row = page.locator(f"#record-stance-{stance.pk}")
    row.get_by_role("link", name="Edit").click()
    form = page.locator(f"#record-stance-{stance.pk}.record-edit")
    form.wait_for()
    assert form.get_by_label("Summary").input_value() == f"{IMG} {JS_URL}"
    assert form.get_by_label("Quote").input_value() == f"{SCRIPT} said one."
    form.get_by_label("Summary").fill(f"{SCRIPT} {IMG}")
    form.get_by_role("button", name="Save changes").click()
    page.locator(f"article#record-stance-{stance.pk}").wait_for()
    _assert_inert(page, dialogs)
    assert page.locator(f"#record-stance-{stance.pk} .record-summary").inner_text() == (
        f"{SCRIPT} {IMG}"
    )


def test_the_upload_form_refuses_a_javascript_url(app):
    app.login_as(UserFactory(username="url-editor", role="editor"))
    page = app.goto(reverse("source-new"))
    page.get_by_label("Title").fill("Anything")
    page.get_by_label("Publisher").fill("Anyone")
    page.get_by_label("Published").fill("2024")
    page.get_by_label("URL").fill(JS_URL)
    page.get_by_label("Paste the text").fill("Some words.\n")
    page.get_by_role("button", name="Add the source").click()
    page.get_by_text("Enter a web address starting with http:// or https://.").wait_for()
    assert not Source.objects.filter(title="Anything").exists()


def test_the_downloaded_json_is_the_filtered_view(app):
    page = app.goto(reverse("home"))
    response = page.request.get(f"{app.url}{reverse('stances-json')}?issues=ukraine")
    data = json.loads(response.body())
    assert data["count"] == Stance.objects.published().filter(issue__slug="ukraine").count()
    assert {s["issue"] for s in data["stances"]} == {"ukraine"}
