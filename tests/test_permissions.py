"""Who may write: every writing URL × {anonymous, viewer, editor, reviewer}; CSRF; throttling.

Each unauthorised attempt must get a login redirect (anonymous) or 403, and leave the
database exactly as it was; each authorised one must go through.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from corpus import changes
from corpus.demo import create_demo_users
from corpus.exchange import dumps, export_record
from tests.editing_support import assessment_data, db_state, delete_draft, stance_data
from tests.factories import (
    ExpertFactory,
    IssueFactory,
    PassageFactory,
    ScenarioAssessmentFactory,
    ScenarioFactory,
    SourceFactory,
    StanceFactory,
    UserFactory,
)
from tests.htmx import HTMX
from tests.snapshots import built_once

ANONYMOUS, VIEWER, EDITOR, REVIEWER = "anonymous", "viewer", "editor", "reviewer"
ROLES = [ANONYMOUS, VIEWER, EDITOR, REVIEWER]
EDITORS = {EDITOR, REVIEWER}
REVIEWERS = {REVIEWER}
SENTENCE = "Beijing will not abandon Moscow."


@built_once
def world(db):
    """One of everything a writing URL acts on."""
    stance = StanceFactory(status="draft")
    changes.edit(stance, {"summary": "Second version."}, seen_version=1, by=None)
    assessment = ScenarioAssessmentFactory(status="draft")
    changes.edit(assessment, {"rationale": "Second version."}, seen_version=1, by=None)
    gone_stance = StanceFactory(status="draft")
    gone_assessment = ScenarioAssessmentFactory(status="draft")
    gone = {"stance": gone_stance.pk, "assessment": gone_assessment.pk}
    delete_draft(gone_stance)
    delete_draft(gone_assessment)
    source = SourceFactory()
    PassageFactory(source=source, index=0)
    reimported = StanceFactory(status="draft", summary="Will be re-imported.")
    export = dumps(export_record(include_drafts=True))
    delete_draft(reimported)
    return {
        "stance": stance,
        "assessment": assessment,
        "gone": gone,
        "source": source,
        "expert": ExpertFactory(),
        "issue": IssueFactory(),
        "scenario": ScenarioFactory(),
        "export": export,
    }


def _new_stance(w):
    start = w["source"].text.index(SENTENCE)
    return reverse("stance-new", args=[w["source"].pk]), {
        "expert": w["expert"].pk,
        "issue": w["issue"].pk,
        "position": 1,
        "stated": "2022-03",
        "confidence": "medium",
        "summary": "New.",
        "quote": SENTENCE,
        "quote_start": start,
    }


def _new_assessment(w):
    url, data = _new_stance(w)
    del data["issue"], data["position"], data["summary"]
    url = reverse("assessment-new", args=[w["source"].pk])
    return url, data | {"scenario": w["scenario"].pk, "likelihood": 3, "rationale": "New."}


def _history_id(record, version=1):
    return record.history.get(version=version).history_id


def _import_stashed(w, client):
    """Apply needs a preview first; a reviewer's preview is the only way to get a token."""
    upload = SimpleUploadedFile("record.json", w["export"].encode())
    html = client.post(reverse("import"), {"file": upload}).content.decode()
    token = html.split('name="token" value="')[1].split('"')[0] if 'name="token"' in html else ""
    return reverse("import-apply"), {"token": token or "none"}


WRITES = {
    "stance-edit": (
        EDITORS,
        lambda w, c: (
            reverse("stance-edit", args=[w["stance"].pk]),
            stance_data(w["stance"], summary="Edited."),
        ),
    ),
    "assessment-edit": (
        EDITORS,
        lambda w, c: (
            reverse("assessment-edit", args=[w["assessment"].pk]),
            assessment_data(w["assessment"], rationale="Edited."),
        ),
    ),
    "stance-new": (EDITORS, lambda w, c: _new_stance(w)),
    "assessment-new": (EDITORS, lambda w, c: _new_assessment(w)),
    "stance-publish": (
        REVIEWERS,
        lambda w, c: (reverse("stance-publish", args=[w["stance"].pk]), {"version": 2}),
    ),
    "assessment-publish": (
        REVIEWERS,
        lambda w, c: (reverse("assessment-publish", args=[w["assessment"].pk]), {"version": 2}),
    ),
    "stance-revert": (
        REVIEWERS,
        lambda w, c: (
            reverse("stance-revert", args=[w["stance"].pk, _history_id(w["stance"])]),
            {"version": 2},
        ),
    ),
    "assessment-revert": (
        REVIEWERS,
        lambda w, c: (
            reverse("assessment-revert", args=[w["assessment"].pk, _history_id(w["assessment"])]),
            {"version": 2},
        ),
    ),
    "stance-delete": (
        REVIEWERS,
        lambda w, c: (reverse("stance-delete", args=[w["stance"].pk]), {"version": 2}),
    ),
    "assessment-delete": (
        REVIEWERS,
        lambda w, c: (reverse("assessment-delete", args=[w["assessment"].pk]), {"version": 2}),
    ),
    "stance-restore": (
        REVIEWERS,
        lambda w, c: (reverse("stance-restore", args=[w["gone"]["stance"]]), {}),
    ),
    "assessment-restore": (
        REVIEWERS,
        lambda w, c: (reverse("assessment-restore", args=[w["gone"]["assessment"]]), {}),
    ),
    "source-new": (
        EDITORS,
        lambda w, c: (
            reverse("source-new"),
            {
                "title": "T",
                "publisher": "P",
                "kind": "report",
                "published": "2024",
                "layout": "plain",
                "text": "A brand new document.\n",
            },
        ),
    ),
    "source-attribution": (
        EDITORS,
        lambda w, c: (
            reverse("source-attribution", args=[w["source"].pk]),
            {"passages": [0], "expert": w["expert"].pk},
        ),
    ),
    "import-apply": (REVIEWERS, _import_stashed),
}


def _import_preview(w, client):
    upload = SimpleUploadedFile("record.json", w["export"].encode())
    return reverse("import"), {"file": upload}


# The preview stores the upload for this session only; the database is untouched by design.
PREVIEW_ONLY = {"import"}
WRITES["import"] = (REVIEWERS, _import_preview)


def _client_for(role) -> Client:
    client = Client()
    if role != ANONYMOUS:
        client.force_login(UserFactory(username=f"{role}-matrix", role=role))
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(WRITES))
def test_every_write_is_refused_or_done_by_role(world, name, role):
    allowed, build = WRITES[name]
    client = _client_for(role)
    url, data = build(world, client)
    before = db_state()
    response = client.post(url, data)
    if role in allowed:
        assert response.status_code in (200, 302), response.content[:500]
        if name in PREVIEW_ONLY:
            assert b"would do" in response.content
            assert db_state() == before
        else:
            assert db_state() != before
    elif role == ANONYMOUS:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert db_state() == before
    else:
        assert response.status_code == 403
        assert db_state() == before


POST_ONLY = [
    "stance-publish",
    "assessment-publish",
    "stance-revert",
    "assessment-revert",
    "stance-delete",
    "assessment-delete",
    "stance-restore",
    "assessment-restore",
    "import-apply",
]


@pytest.mark.parametrize("name", POST_ONLY)
def test_post_only_urls_refuse_get(world, name):
    client = _client_for(REVIEWER)
    url, _ = WRITES[name][1](world, client)
    assert client.get(url).status_code == 405


@pytest.mark.parametrize(
    "url_name",
    ["stance-edit", "stance-row", "stance-history", "assessment-edit", "assessment-row"],
)
def test_viewers_may_not_open_editing_pages(world, url_name):
    record = world["assessment"] if url_name.startswith("assessment") else world["stance"]
    client = _client_for(VIEWER)
    assert client.get(reverse(url_name, args=[record.pk])).status_code == 403


@pytest.mark.parametrize("url_name", ["review", "source-new", "deleted-records", "import"])
def test_viewers_may_not_open_editing_lists(world, url_name):
    assert _client_for(VIEWER).get(reverse(url_name)).status_code == 403


def test_the_deleted_list_and_import_are_for_reviewers(world):
    client = _client_for(EDITOR)
    assert client.get(reverse("deleted-records")).status_code == 403
    assert client.get(reverse("import")).status_code == 403


def test_a_signed_in_user_without_a_role_may_not_edit(world, stranger, client):
    client.force_login(stranger)
    url, data = WRITES["stance-edit"][1](world, client)
    before = db_state()
    assert client.post(url, data).status_code == 403
    assert db_state() == before


# --- CSRF -------------------------------------------------------------------------------------


@pytest.fixture
def csrf_client(world, editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    return client


def test_an_htmx_post_without_the_csrf_token_is_refused(csrf_client, world):
    stance = world["stance"]
    before = db_state()
    response = csrf_client.post(
        reverse("stance-edit", args=[stance.pk]),
        stance_data(stance, summary="Forged."),
        headers=HTMX,
    )
    assert response.status_code == 403
    assert db_state() == before


def test_an_htmx_post_with_the_token_header_from_the_page_is_accepted(csrf_client, world):
    stance = world["stance"]
    page = csrf_client.get(reverse("review")).content.decode()
    token = page.split('hx-headers=\'{"x-csrftoken": "')[1].split('"')[0]
    response = csrf_client.post(
        reverse("stance-edit", args=[stance.pk]),
        stance_data(stance, summary="With the token."),
        headers=HTMX | {"X-CSRFToken": token},
    )
    assert response.status_code == 200
    stance.refresh_from_db()
    assert stance.summary == "With the token."


def test_a_form_post_without_the_token_is_refused(csrf_client, world):
    before = db_state()
    response = csrf_client.post(
        reverse("source-attribution", args=[world["source"].pk]),
        {"passages": [0], "expert": world["expert"].pk},
    )
    assert response.status_code == 403
    assert db_state() == before


# --- Accounts ---------------------------------------------------------------------------------


def test_demo_users_exist_for_each_role(db):
    logins = create_demo_users()
    assert [role for role, _, _ in logins] == ["viewer", "presenter", "editor", "reviewer", "admin"]
    for _, username, password in logins:
        assert Client().login(username=username, password=password)


def _login(client, password):
    return client.post(reverse("login"), {"username": "locked-out", "password": password})


@pytest.fixture
def throttled(db, settings):
    settings.AXES_ENABLED = True
    UserFactory(username="locked-out", password="right-password")


def test_login_works_after_fewer_than_five_failures(throttled, client):
    for _ in range(4):
        assert _login(client, "wrong").status_code == 200
    assert _login(client, "right-password").status_code == 302


def test_five_failed_logins_lock_the_account_out(throttled, client):
    for _ in range(5):
        _login(client, "wrong")
    response = _login(client, "right-password")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
