"""Review keeps the published record live: pending changes, the reviewer's queue, my changes."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from corpus.models import Deck, PendingChange, SavedView, Stance
from tests.editing_support import stance_data
from tests.factories import StanceFactory, UserFactory
from tests.htmx import HTMX


def _as(user) -> Client:
    """A client of its own per user (the role client fixtures share one)."""
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def reviewer_client(reviewer):
    return _as(reviewer)


@pytest.fixture
def viewer_client(viewer):
    return _as(viewer)


@pytest.fixture
def editor_client(editor):
    return _as(editor)


OLD, NEW = "Sees a deepening partnership.", "Sees a partnership fraying at the edges."


@pytest.fixture
def published(db):
    return StanceFactory(status="published", summary=OLD, position=1)


@pytest.fixture
def proposed(published, editor_client):
    """An editor's change to the published stance, made through the edit form."""
    data = stance_data(published, summary=NEW, position=-1)
    editor_client.post(reverse("stance-edit", args=[published.pk]), data, headers=HTMX)
    return PendingChange.objects.get(stance=published, kind="edit")


def _viewer_sees(client, stance) -> dict[str, str]:
    """What a viewer (or the public share link) is shown of the stance, page by page."""
    issue, expert = stance.issue, stance.expert
    deck = Deck.objects.create(title="Briefing")
    deck.add(SavedView.objects.create(title="Timeline", kind="issue", target=issue.slug))
    token = deck.share()
    cell = reverse("cell-quotes", args=[expert.slug, issue.slug])
    anonymous = type(client)()
    return {
        "cell": client.get(cell, headers=HTMX).content.decode(),
        "issue": client.get(reverse("issue", args=[issue.slug])).content.decode(),
        "chart": client.get(reverse("issue-chart-data", args=[issue.slug])).content.decode(),
        "json": client.get(reverse("stances-json")).content.decode(),
        "shared": anonymous.get(reverse("shared-slide", args=[token, 1])).content.decode(),
    }


def test_viewers_keep_seeing_the_published_version_while_a_change_waits(
    proposed, published, viewer_client
):
    pages = _viewer_sees(viewer_client, published)
    for name in ("cell", "issue", "chart", "json"):
        assert OLD in pages[name], name
        assert NEW not in pages[name], name
    assert NEW not in pages["shared"]
    records = json.loads(pages["json"])
    mine = [r for r in records["stances"] if r["summary"] == OLD]
    assert mine and mine[0]["position"] == 1


def test_after_acceptance_every_page_shows_the_new_version(
    proposed, published, reviewer_client, viewer_client
):
    reviewer_client.post(
        reverse("review-decide", args=[proposed.pk]),
        {"action": "accept", "version": proposed.version},
    )
    pages = _viewer_sees(viewer_client, published)
    for name in ("cell", "issue", "chart", "json"):
        assert NEW in pages[name], name
        assert OLD not in pages[name], name


def test_a_rejection_keeps_the_old_version_and_the_author_reads_why(
    proposed, published, reviewer_client, editor_client, viewer_client
):
    reviewer_client.post(
        reverse("review-decide", args=[proposed.pk]),
        {"action": "reject", "version": proposed.version, "comment": "The quote says +1."},
    )
    assert Stance.objects.get(pk=published.pk).summary == OLD
    assert OLD in _viewer_sees(viewer_client, published)["issue"]
    mine = editor_client.get(reverse("my-changes")).content.decode()
    assert "The quote says +1." in mine
    assert "Rejected" in mine


def test_the_queue_shows_what_changed_against_the_published_version(proposed, reviewer_client):
    html = reviewer_client.get(reverse("review")).content.decode()
    assert "Change to a published record" in html
    assert "<del>+1" in html or "<del>1" in html
    assert "<ins>−1" in html or "<ins>-1" in html
    assert "fraying" in html
    assert "by <bdi>editor-user</bdi>" in html


def test_the_queue_shows_the_quote_in_its_source_context(proposed, reviewer_client, published):
    html = reviewer_client.get(reverse("review")).content.decode()
    text = published.source.text
    before = text[max(0, published.quote_start - 30) : published.quote_start]
    assert f"<mark>{published.quote}</mark>" in html
    assert before.strip().split()[-1] in html


def test_a_reviewer_accepts_several_at_once(reviewer_client, editor_client, db):
    stances = [StanceFactory(status="published", summary=f"Old {n}.") for n in range(3)]
    for stance in stances:
        editor_client.post(
            reverse("stance-edit", args=[stance.pk]), stance_data(stance, summary="New words.")
        )
    picked = [f"{c.pk}:{c.version}" for c in PendingChange.objects.filter(kind="edit")[:2]]
    reviewer_client.post(reverse("review-accept-selected"), {"change": picked})
    summaries = sorted(Stance.objects.values_list("summary", flat=True))
    assert summaries.count("New words.") == 2
    assert PendingChange.objects.filter(state="open").count() == 1


def test_bulk_acceptance_skips_a_change_edited_since_the_page_loaded(
    proposed, published, reviewer_client, editor_client
):
    stale = f"{proposed.pk}:{proposed.version}"
    data = stance_data(published, summary="Third words.") | {"change": proposed.token}
    editor_client.post(reverse("stance-edit", args=[published.pk]), data)
    response = reviewer_client.post(
        reverse("review-accept-selected"), {"change": [stale]}, follow=True
    )
    assert "Not accepted" in response.content.decode()
    assert Stance.objects.get(pk=published.pk).summary == OLD


def test_sending_back_returns_it_to_the_author(proposed, reviewer_client, editor_client):
    reviewer_client.post(
        reverse("review-decide", args=[proposed.pk]),
        {"action": "send_back", "version": proposed.version, "comment": "Cite the date."},
    )
    proposed.refresh_from_db()
    assert proposed.state == "sent_back"
    assert "Cite the date." in editor_client.get(reverse("my-changes")).content.decode()
    assert "Cite the date." not in reviewer_client.get(reverse("review")).content.decode()


def test_editors_may_not_decide(proposed, editor_client):
    response = editor_client.post(
        reverse("review-decide", args=[proposed.pk]),
        {"action": "accept", "version": proposed.version},
    )
    assert response.status_code == 403
    proposed.refresh_from_db()
    assert proposed.state == "open"


def test_editors_see_the_pending_change_marked_on_the_record_row(proposed, published, editor):
    html = _as(editor).get(reverse("stance-row", args=[published.pk])).content.decode()
    assert "pending change" in html
    assert f"#change-{proposed.pk}" in html


def test_an_editor_requests_deprecation_through_the_form(published, editor_client):
    response = editor_client.post(
        reverse("stance-deprecate", args=[published.pk]),
        {"reason": "out_of_context", "note": "The next sentence reverses it.", "version": 1},
    )
    assert response.status_code == 302
    assert Stance.objects.get(pk=published.pk).status == "published"
    assert PendingChange.objects.get(stance=published).kind == "deprecate"


def test_a_reviewer_deprecates_at_once_and_it_leaves_the_issue_chart(
    published, reviewer_client, viewer_client
):
    reviewer_client.post(
        reverse("stance-deprecate", args=[published.pk]),
        {"reason": "misattributed", "note": "", "version": 1},
    )
    assert Stance.objects.get(pk=published.pk).status == "deprecated"
    chart = viewer_client.get(reverse("issue-chart-data", args=[published.issue.slug]))
    assert OLD not in chart.content.decode()


def test_the_my_changes_page_lists_only_the_users_own(proposed, db):
    other = _as(UserFactory(username="another-editor", role="editor"))
    assert NEW not in other.get(reverse("my-changes")).content.decode()


@pytest.mark.parametrize("size", [1, 6])
def test_the_queue_keeps_its_query_count_flat(reviewer, editor, django_assert_num_queries, size):
    from corpus import changes

    for n in range(size):
        stance = StanceFactory(status="published", summary=f"Old {n}.")
        changes.edit(stance, {"summary": f"New {n}."}, seen_version=1, by=editor)
        StanceFactory(status="draft")
    client = _as(reviewer)
    # session, user, 2 permission checks, open changes, their stances, names of the experts,
    # issues and sources a diff mentions, open edits of experts and organisations
    with django_assert_num_queries(10):
        response = client.get(reverse("review"))
    assert response.content.decode().count('class="review-item ') == 2 * size


def test_a_deprecated_stance_stays_on_the_expert_page_struck_through(published, reviewer, viewer):
    from corpus import changes

    changes.deprecate(published, reason="misattributed", seen_version=1, by=reviewer)
    html = _as(viewer).get(reverse("expert", args=[published.expert.slug])).content.decode()
    assert 'class="stance is-retired"' in html
    assert "deprecated: misattributed" in html
    assert OLD in html


def test_a_deprecated_stance_is_marked_in_the_source_reader(published, reviewer, viewer):
    from corpus import changes

    changes.deprecate(published, reason="duplicate", seen_version=1, by=reviewer)
    html = _as(viewer).get(reverse("source", args=[published.source_id])).content.decode()
    assert "q-retired" in html
    assert "[deprecated]" in html


def test_the_issue_page_marks_a_pending_change_for_editors(proposed, published, editor):
    html = _as(editor).get(reverse("issue", args=[published.issue.slug])).content.decode()
    assert f"#change-{proposed.pk}" in html
