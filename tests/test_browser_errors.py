"""Error pages in a real browser: the Vantage 403 with its reason, and the lockout's length."""

import pytest
from django.urls import reverse

from tests.conftest import LiveApp
from tests.factories import StanceFactory, UserFactory

pytestmark = pytest.mark.browser
SHOTS = "/tmp/vantage-harden"


@pytest.fixture
def live(transactional_db, live_server, page):
    # Not the `app` fixture: a 403/429 answer is logged by Chromium as a console error,
    # which `app` rightly treats as a failure everywhere else.
    return LiveApp(live_server, page)


def test_a_viewer_following_an_editors_link_sees_the_vantage_403(live):
    stance = StanceFactory(status="published")
    live.login_as(UserFactory(username="browser-viewer", role="viewer"))
    response = live.page.goto(live.url + reverse("stance-edit", args=[stance.pk]))
    assert response.status == 403
    page = live.page
    assert page.get_by_role("heading", level=1).inner_text() == "You can’t do this here"
    assert "Your account’s role does not allow this." in page.get_by_role("alert").inner_text()
    assert "with the role viewer" in page.locator("main").inner_text()
    navigation = page.get_by_role("navigation", name="Main")
    assert navigation.get_by_role("link", name="Overview").is_visible()
    page.screenshot(path=f"{SHOTS}-403.png", full_page=True)
    navigation.get_by_role("link", name="Overview").click()
    page.wait_for_url(live.url + reverse("overview"))


def test_a_locked_out_user_sees_how_long_the_lockout_lasts(live, settings):
    settings.AXES_ENABLED = True
    UserFactory(username="forgetful", password="the-right-password")
    page = live.page
    for _ in range(5):
        page.goto(live.url + reverse("login"))
        page.get_by_label("Username").fill("forgetful")
        page.get_by_label("Password").fill("a-wrong-password")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
    page.goto(live.url + reverse("login"))
    page.get_by_label("Username").fill("forgetful")
    page.get_by_label("Password").fill("the-right-password")
    with page.expect_response(lambda r: r.url.endswith(reverse("login"))) as answer:
        page.get_by_role("button", name="Sign in").click()
    assert answer.value.status == 429
    assert page.get_by_role("heading", level=1).inner_text() == "Sign-in is locked for a while"
    assert "The lock lasts 15 minutes" in page.locator(".lockout-duration").inner_text()
    page.screenshot(path=f"{SHOTS}-429.png", full_page=True)
