"""The events pages: list, new and edit forms by role, and their review in /review/."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from corpus.models import Event, PendingChange
from tests.factories import DEFAULT_QUOTE, EventFactory, IssueFactory, SourceFactory

pytestmark = pytest.mark.django_db


def _form(issue, **values) -> dict:
    return {"date": "2022-02", "label": "Invasion", "issues": [issue.pk], **values}


def test_the_list_requires_a_login(client):
    assert client.get(reverse("events"))["Location"].startswith(reverse("login"))


def test_viewers_may_not_edit_events(viewer_client):
    assert viewer_client.get(reverse("events")).status_code == 403
    assert viewer_client.get(reverse("event-new")).status_code == 403


def test_the_list_shows_each_event_with_its_issues(editor_client):
    issue = IssueFactory(name="Ukraine")
    EventFactory(issues=[issue], label="Invasion")
    html = editor_client.get(reverse("events")).content.decode()
    assert "Invasion" in html and "Ukraine" in html


def test_an_editor_adds_an_event_as_a_draft(editor_client, editor):
    issue, source = IssueFactory(), SourceFactory()
    response = editor_client.post(
        reverse("event-new"), _form(issue, source=source.pk, quote=DEFAULT_QUOTE)
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert (event.status, event.precision, event.issue_ids()) == ("draft", "month", [issue.pk])
    assert event.quote_start == source.text.index(DEFAULT_QUOTE)
    assert event.created_by == editor
    assert PendingChange.objects.get(event=event).kind == "new"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"date": "2022-13"}, "date", "is not a real date"),
        ({"label": ""}, "label", "required"),
        ({"issues": []}, "issues", "Choose at least one issue"),
        ({"date": "1066"}, "date", "between 1900 and 2100"),
        ({"quote": "Unsourced words."}, "source", "Name the source"),
    ],
)
def test_bad_input_says_which_field_and_saves_nothing(editor_client, values, field, message):
    response = editor_client.post(reverse("event-new"), _form(IssueFactory(), **values))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not Event.objects.exists()


def test_a_passage_not_in_the_source_is_refused(editor_client):
    response = editor_client.post(
        reverse("event-new"), _form(IssueFactory(), source=SourceFactory().pk, quote="Not there.")
    )
    assert response.status_code == 400
    assert "does not occur in" in " ".join(response.context["form"].errors["quote"])


def test_an_editors_edit_of_a_published_event_goes_to_review(client, editor, reviewer):
    editor_client, reviewer_client = client, Client()
    editor_client.force_login(editor)
    reviewer_client.force_login(reviewer)
    issue = IssueFactory()
    event = EventFactory(issues=[issue], label="Invasion", happened_on=dt.date(2022, 2, 1))
    response = editor_client.post(
        reverse("event-edit", args=[event.pk]),
        _form(issue, label="Full-scale invasion", version=1),
    )
    assert response.status_code == 302
    assert Event.objects.get(pk=event.pk).label == "Invasion"
    change = PendingChange.objects.get(event=event, kind="edit")
    # The queue shows the diff; the reviewer accepts it there.
    html = reviewer_client.get(reverse("review")).content.decode()
    assert "Full-scale invasion" in html and "Event: <bdi>Invasion</bdi>" in html
    decided = reviewer_client.post(
        reverse("review-decide", args=[change.pk]), {"action": "accept", "version": change.version}
    )
    assert decided.status_code == 302
    assert Event.objects.get(pk=event.pk).label == "Full-scale invasion"


def test_the_edit_form_shows_the_pending_change(editor_client):
    issue = IssueFactory()
    event = EventFactory(issues=[issue], label="Invasion")
    url = reverse("event-edit", args=[event.pk])
    editor_client.post(url, _form(issue, label="Proposed label", version=1))
    html = editor_client.get(url).content.decode()
    assert 'value="Proposed label"' in html and "a change awaits review" in html


def test_a_stale_form_is_an_edit_conflict_not_an_overwrite(reviewer_client):
    issue = IssueFactory()
    event = EventFactory(issues=[issue], label="Invasion")
    url = reverse("event-edit", args=[event.pk])
    reviewer_client.post(url, _form(issue, label="First", version=1))
    response = reviewer_client.post(url, _form(issue, label="Second", version=1))
    assert response.status_code == 400
    assert "Someone saved this event" in response.content.decode()
    assert Event.objects.get(pk=event.pk).label == "First"


def test_the_edit_page_lists_the_history(reviewer_client):
    issue = IssueFactory(name="Taiwan")
    event = EventFactory(issues=[issue], label="Invasion")
    url = reverse("event-edit", args=[event.pk])
    reviewer_client.post(url, _form(issue, label="Renamed", version=1))
    html = reviewer_client.get(url).content.decode()
    history = html[html.index("<h2>History</h2>") :]
    assert history.index("Renamed") < history.index("Invasion")
    assert "reviewer-user" in history and "Taiwan" in history


def test_editors_may_not_decide_on_an_event(editor_client, editor):
    event = EventFactory(status="draft")
    change = PendingChange.objects.get(event=event)
    response = editor_client.post(
        reverse("review-decide", args=[change.pk]), {"action": "accept", "version": 1}
    )
    assert response.status_code == 403
    assert Event.objects.get(pk=event.pk).status == "draft"


def test_a_draft_event_is_deleted_from_its_form(editor_client):
    event = EventFactory(status="draft")
    response = editor_client.post(reverse("event-delete", args=[event.pk]), {"version": 1})
    assert response.status_code == 302
    assert not Event.objects.filter(pk=event.pk).exists()


def test_a_published_event_is_not_deleted(editor_client):
    event = EventFactory()
    editor_client.post(reverse("event-delete", args=[event.pk]), {"version": 1})
    assert Event.objects.filter(pk=event.pk).exists()
