"""A lost database connection answers with the 503 page, then service resumes."""

import pytest
from django.db import InterfaceError, OperationalError
from django.db.backends.utils import CursorWrapper
from django.http import HttpResponse
from django.urls import path

from corpus.models import Stance


def count_stances(request):
    return HttpResponse(f"{Stance.objects.count()} stances")


urlpatterns = [path("count/", count_stances)]
pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db]


def break_queries(monkeypatch, error):
    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(CursorWrapper, "execute", fail)


def test_a_dropped_connection_answers_503_with_the_page(client, monkeypatch):
    break_queries(monkeypatch, OperationalError("server closed the connection unexpectedly"))
    response = client.get("/count/")
    assert response.status_code == 503
    assert b"briefly unavailable" in response.content
    assert response["Retry-After"] == "5"


def test_a_closed_connection_answers_503(client, monkeypatch):
    break_queries(monkeypatch, InterfaceError("connection already closed"))
    assert client.get("/count/").status_code == 503


def test_it_answers_again_once_the_database_is_back(client, monkeypatch):
    break_queries(monkeypatch, OperationalError("the database system is shutting down"))
    assert client.get("/count/").status_code == 503
    monkeypatch.undo()
    response = client.get("/count/")
    assert response.status_code == 200
    assert response.content == b"0 stances"


def test_other_errors_stay_server_errors(client, monkeypatch):
    break_queries(monkeypatch, ValueError("a bug, not an outage"))
    client.raise_request_exception = False
    assert client.get("/count/").status_code == 500
