"""Accounts: password change, invitations and resets by one-time link, roles, deactivation."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

User = get_user_model()
ROLES = ["anonymous", "viewer", "editor", "reviewer"]


def client_as(role, csrf=False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    if role != "anonymous":
        client.force_login(UserFactory(username=f"{role}-{User.objects.count()}", role=role))
    return client


def link_in(html: str) -> str:
    return re.search(r'value="(http://testserver/accounts/reset/[^"]+)"', html).group(1)


def state():
    return sorted(
        (u.username, u.is_active, u.password, tuple(u.groups.values_list("name", flat=True)))
        for u in User.objects.all()
    )


@pytest.fixture
def person(db):
    return UserFactory(username="pat", role="viewer", password="old-password-123")


# --- Who may write ------------------------------------------------------------------------------


def writes(person):
    return {
        "invite": (
            reverse("users"),
            {"username": "newcomer", "role": Group.objects.get(name="editor").pk},
        ),
        "update": (
            reverse("account-update", args=[person.pk]),
            {
                f"u{person.pk}-groups": [Group.objects.get(name="reviewer").pk],
                f"u{person.pk}-is_active": "on",
            },
        ),
        "reset": (reverse("account-reset", args=[person.pk]), {}),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["invite", "update", "reset"])
def test_only_reviewers_manage_accounts(person, role, name):
    url, data = writes(person)[name]
    client = client_as(role)
    before = state()
    response = client.post(url, data)
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    elif role in ("viewer", "editor"):
        assert response.status_code == 403
        assert "Managing accounts is for reviewers and administrators." in response.content.decode()
    else:
        assert response.status_code in (200, 302)
        return
    assert state() == before


@pytest.mark.parametrize("name", ["invite", "update", "reset"])
def test_account_writes_need_the_csrf_token(person, name):
    url, data = writes(person)[name]
    client = client_as("reviewer", csrf=True)
    before = state()
    assert client.post(url, data).status_code == 403
    assert state() == before


def test_the_password_change_needs_the_csrf_token(person):
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    data = {
        "old_password": "old-password-123",
        "new_password1": "Ne3w-pass-phrase",
        "new_password2": "Ne3w-pass-phrase",
    }
    assert client.post(reverse("password_change"), data).status_code == 403
    person.refresh_from_db()
    assert person.check_password("old-password-123")


@pytest.mark.parametrize("url_name", ["account-update", "account-reset"])
def test_account_actions_only_answer_post(person, url_name):
    response = client_as("reviewer").get(reverse(url_name, args=[person.pk]))
    assert response.status_code == 405


def test_an_unknown_account_is_a_404(db):
    response = client_as("reviewer").post(reverse("account-reset", args=[9999]))
    assert response.status_code == 404


# --- Password change ---------------------------------------------------------------------------


def test_every_signed_in_user_may_change_their_password(person):
    client = Client()
    client.force_login(person)
    assert client.get(reverse("password_change")).status_code == 200
    data = {
        "old_password": "old-password-123",
        "new_password1": "Ne3w-pass-phrase",
        "new_password2": "Ne3w-pass-phrase",
    }
    response = client.post(reverse("password_change"), data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("Ne3w-pass-phrase")
    assert client.get(reverse("overview")).status_code == 200  # still signed in


def test_a_wrong_old_password_changes_nothing(person):
    client = Client()
    client.force_login(person)
    data = {
        "old_password": "wrong",
        "new_password1": "Ne3w-pass-phrase",
        "new_password2": "Ne3w-pass-phrase",
    }
    assert client.post(reverse("password_change"), data).status_code == 200
    person.refresh_from_db()
    assert person.check_password("old-password-123")


def test_the_password_change_needs_a_sign_in(db):
    response = Client().get(reverse("password_change"))
    assert response.status_code == 302


# --- Invitations and resets --------------------------------------------------------------------


def test_an_invitation_shows_a_one_time_link_that_sets_the_password(db):
    reviewer = client_as("reviewer")
    editor_role = Group.objects.get(name="editor")
    response = reviewer.post(reverse("users"), {"username": "newcomer", "role": editor_role.pk})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    link = link_in(response.content.decode())
    newcomer = User.objects.get(username="newcomer")
    assert list(newcomer.groups.all()) == [editor_role]
    assert not newcomer.has_usable_password()

    invited = Client()
    form_url = invited.get(link, follow=True).redirect_chain[-1][0]
    data = {"new_password1": "Fresh-pass-phrase-7", "new_password2": "Fresh-pass-phrase-7"}
    assert invited.post(form_url, data).status_code == 302
    assert Client().login(username="newcomer", password="Fresh-pass-phrase-7")

    again = Client().get(link, follow=True)
    assert "This link no longer works" in again.content.decode()


def test_an_invitation_with_a_taken_username_is_refused(person):
    response = client_as("reviewer").post(
        reverse("users"), {"username": "pat", "role": Group.objects.get(name="editor").pk}
    )
    assert response.status_code == 400
    assert "already exists" in response.content.decode()


def test_an_invitation_is_emailed_when_mail_is_configured(db, settings):
    settings.VANTAGE_EMAIL = {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    client_as("reviewer").post(
        reverse("users"),
        {
            "username": "mailed",
            "email": "m@example.org",
            "role": Group.objects.get(name="viewer").pk,
        },
    )
    [message] = mail.outbox
    assert message.to == ["m@example.org"]
    assert "http://testserver/accounts/reset/" in message.body


def test_nothing_is_emailed_without_a_mail_server(db):
    client_as("reviewer").post(
        reverse("users"),
        {
            "username": "unmailed",
            "email": "u@example.org",
            "role": Group.objects.get(name="viewer").pk,
        },
    )
    assert mail.outbox == []


def test_a_reset_link_lets_a_forgetful_user_set_a_new_password(person):
    response = client_as("reviewer").post(reverse("account-reset", args=[person.pk]))
    link = link_in(response.content.decode())
    client = Client()
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    data = {"new_password1": "Remembered-now-42", "new_password2": "Remembered-now-42"}
    client.post(form_url, data)
    person.refresh_from_db()
    assert person.check_password("Remembered-now-42")


def test_a_forged_reset_token_sets_nothing(person):
    response = Client().get(reverse("password_reset_confirm", args=["MQ", "forged-token"]))
    assert "This link no longer works" in response.content.decode()


# --- Roles and deactivation --------------------------------------------------------------------


def test_the_accounts_page_lists_every_role_that_exists(person):
    html = client_as("reviewer").get(reverse("users")).content.decode()
    for name in Group.objects.values_list("name", flat=True):
        assert name in html
    assert "<bdi>pat</bdi>" in html


def test_a_reviewer_sets_roles(person):
    url, data = writes(person)["update"]
    client_as("reviewer").post(url, data)
    assert list(person.groups.values_list("name", flat=True)) == ["reviewer"]


def test_a_deactivated_account_can_no_longer_sign_in(person):
    client_as("reviewer").post(
        reverse("account-update", args=[person.pk]), {f"u{person.pk}-groups": []}
    )
    person.refresh_from_db()
    assert not person.is_active
    assert not Client().login(username="pat", password="old-password-123")


def test_a_reviewer_cannot_deactivate_themselves(db):
    me = UserFactory(username="me", role="reviewer")
    client = Client()
    client.force_login(me)
    client.post(reverse("account-update", args=[me.pk]), {f"u{me.pk}-groups": []})
    me.refresh_from_db()
    assert me.is_active


def test_a_reviewer_cannot_change_an_administrator(db):
    admin = User.objects.create_superuser("root", "r@example.org", "root-pass-phrase")
    response = client_as("reviewer").post(
        reverse("account-update", args=[admin.pk]), {f"u{admin.pk}-groups": []}
    )
    assert response.status_code == 403
    admin.refresh_from_db()
    assert admin.is_active


def test_a_reviewer_is_not_offered_to_change_an_administrator(db):
    admin = User.objects.create_superuser("root", "r@example.org", "root-pass-phrase")
    html = client_as("reviewer").get(reverse("users")).content.decode()
    assert reverse("account-reset", args=[admin.pk]) not in html
    assert reverse("account-update", args=[admin.pk]) not in html
    assert "Only an administrator may change an administrator's account." in html


def test_an_administrator_is_offered_to_change_another(db):
    admin = User.objects.create_superuser("root", "r@example.org", "root-pass-phrase")
    other = User.objects.create_superuser("chief", "c@example.org", "chief-pass-phrase")
    client = Client()
    client.force_login(admin)
    html = client.get(reverse("users")).content.decode()
    assert reverse("account-reset", args=[other.pk]) in html
