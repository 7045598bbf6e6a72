"""Error pages: Vantage's frame with navigation, the reason in plain words, what to do next."""

import pytest
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import OperationalError
from django.http import Http404
from django.test import Client
from django.urls import path, reverse

from dashboard.urls import urlpatterns as site_urls
from tests.factories import StanceFactory, UserFactory


def raises(exception):
    def view(request):
        raise exception

    return view


def crash(request):
    raise ZeroDivisionError("a bug")


urlpatterns = [
    path("boom/400/", raises(BadRequest("The date 1800-01-01 is outside 1900–2100."))),
    path("boom/403/", raises(PermissionDenied("Only reviewers may publish."))),
    path("boom/404/", raises(Http404("This share link was revoked."))),
    path("boom/500/", crash),
    *site_urls,
]
handler400 = "dashboard.views.errors.bad_request"
handler403 = "dashboard.views.errors.permission_denied"
handler404 = "dashboard.views.errors.page_not_found"
handler500 = "dashboard.views.errors.server_error"
pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db]


def assert_in_frame(response):
    html = response.content.decode()
    assert 'class="site-header"' in html
    assert 'href="/"' in html and "Overview" in html  # navigation
    assert "What to do next" in html
    return html


def test_a_bad_request_says_why(viewer_client):
    response = viewer_client.get("/boom/400/")
    assert response.status_code == 400
    assert "The date 1800-01-01 is outside 1900–2100." in assert_in_frame(response)


def test_a_refusal_gives_the_reason_the_app_raised(viewer_client):
    response = viewer_client.get("/boom/403/")
    assert response.status_code == 403
    assert "Only reviewers may publish." in assert_in_frame(response)


def test_a_missing_page_gives_the_reason_the_app_raised(viewer_client):
    response = viewer_client.get("/boom/404/")
    assert response.status_code == 404
    assert "This share link was revoked." in assert_in_frame(response)


def test_an_unknown_address_never_lists_the_url_patterns(viewer_client):
    response = viewer_client.get("/no/such/page/")
    assert response.status_code == 404
    html = assert_in_frame(response)
    assert "There is nothing at this address." in html
    assert "tried" not in html


def test_a_viewer_following_an_editors_link_sees_why_and_their_role(viewer_client):
    stance = StanceFactory()
    response = viewer_client.get(reverse("stance-edit", args=[stance.pk]))
    assert response.status_code == 403
    html = assert_in_frame(response)
    assert "role does not allow this" in html
    assert "with the role viewer" in html
    assert "<bdi>viewer-user</bdi>" in html


def test_a_form_without_its_csrf_token_gets_the_vantage_403(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(reverse("source-new"), {})
    assert response.status_code == 403
    assert "security token" in assert_in_frame(response)


def test_a_server_error_page_needs_neither_request_nor_database(viewer_client, monkeypatch):
    viewer_client.raise_request_exception = False
    response = viewer_client.get("/boom/500/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert 'href="/compare/"' in html


def test_the_server_error_page_renders_with_the_database_gone(monkeypatch):
    from django.db.backends.utils import CursorWrapper

    from dashboard.views.errors import server_error

    def fail(*args, **kwargs):
        raise OperationalError("gone")

    monkeypatch.setattr(CursorWrapper, "execute", fail)
    assert server_error(None).status_code == 500


def test_the_503_page_is_in_the_frame_with_navigation(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def fail(*args, **kwargs):
        raise OperationalError("gone")

    viewer = UserFactory(role="viewer")
    client.force_login(viewer)
    monkeypatch.setattr(CursorWrapper, "execute", fail)
    response = client.get(reverse("compare"))
    assert response.status_code == 503
    html = response.content.decode()
    assert 'class="site-header"' in html and "What to do next" in html


class TestUnderDebug:
    """Under DEBUG=True the app's own 404s and 400s still render Vantage pages."""

    @pytest.fixture(autouse=True)
    def debug(self, settings):
        settings.DEBUG = True

    def test_a_revoked_share_link_is_the_vantage_404(self, client):
        response = client.get(reverse("shared", args=["revoked-token"]))
        assert response.status_code == 404
        html = assert_in_frame(response)
        assert "URLconf" not in html

    def test_an_app_bad_request_is_the_vantage_400(self, viewer_client):
        response = viewer_client.get("/boom/400/")
        assert response.status_code == 400
        assert "outside 1900–2100" in assert_in_frame(response)

    def test_an_app_refusal_is_the_vantage_403(self, viewer_client):
        response = viewer_client.get("/boom/403/")
        assert response.status_code == 403
        assert "Only reviewers may publish." in assert_in_frame(response)


# --- The sign-in lockout ----------------------------------------------------------------------


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    UserFactory(username="locked-out", password="right-password")


def test_a_locked_out_user_is_told_how_long_the_lock_lasts(throttled, client):
    for _ in range(5):
        client.post(reverse("login"), {"username": "locked-out", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "locked-out", "password": "wrong"})
    assert response.status_code == 429
    html = assert_in_frame(response)
    assert "15 minutes" in html
    assert response["Retry-After"] == "900"


def test_a_very_long_username_is_a_form_error_not_a_server_error(throttled, client):
    response = client.post(reverse("login"), {"username": "x" * 300, "password": "wrong"})
    assert response.status_code == 200
    assert "didn't match" in response.content.decode()
