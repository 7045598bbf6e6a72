"""The session and user reads in plain SQL (dashboard/session_reads.py) behave as Django's."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dashboard.session_reads import read_user
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
FIELDS = [f.attname for f in get_user_model()._meta.concrete_fields]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_read_user_gives_the_values_the_orm_gives():
    user = UserFactory(first_name="Ana", is_staff=True, last_login=timezone.now())
    expected = get_user_model().objects.get(pk=user.pk)
    read = read_user(user.pk)
    assert {f: getattr(read, f) for f in FIELDS} == {f: getattr(expected, f) for f in FIELDS}


def test_read_user_converts_values_to_python_types():
    read = read_user(UserFactory(last_login=timezone.now()).pk)
    assert read.is_active is True
    assert timezone.is_aware(read.last_login)


def test_read_user_of_an_unknown_id_is_none():
    assert read_user(10**9) is None


def test_a_signed_in_user_reaches_a_page_behind_the_login():
    response = signed_in(UserFactory()).get(reverse("password_change"))
    assert response.status_code == 200


def test_a_deactivated_user_is_signed_out_on_the_next_request():
    user = UserFactory()
    client = signed_in(user)
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_expired_session_is_not_read():
    client = signed_in(UserFactory())
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get(reverse("password_change"))
    assert response["Location"].startswith(reverse("login"))
