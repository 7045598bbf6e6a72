"""Fuzzing every GET URL of the URL map: generated path segments and query parameters, as
anonymous, viewer and editor. Whatever comes in, the answer is never a server error.

Bounded: a fixed pass of hostile values over every URL, then a few hundred generated
requests, so the file stays within a few seconds of the normal run.
"""

import re
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from corpus.models import Deck, SavedView
from tests.factories import (
    ExpertFactory,
    IssueFactory,
    PassageFactory,
    ScenarioAssessmentFactory,
    StanceFactory,
    UserFactory,
)

# Every query parameter any page reads (forms and request.GET), offered to every URL.
PARAMS = [
    "as_of",
    "cell",
    "date_from",
    "date_to",
    "end",
    "experts",
    "export",
    "include_drafts",
    "issue",
    "issues",
    "kind",
    "next",
    "organisation",
    "page",
    "perspective",
    "q",
    "scenario",
    "start",
    "token",
    "expert",
]
HOSTILE = [
    "\x00",
    "a\x00b",
    "9999-12-31",
    "0001-01-01",
    "-1",
    "0",
    "99999999999999999999999",
    "abc",
    "2022-13-45",
    "x" * 3000,
    "a,b,c,d,e,f",
    "%",
    "<script>",
    "‮evil",
    " ",
    "1e308",
    ":",
    "a:b",
    "//evil.example",
]
_CONVERTER = re.compile(r"<(?:(?P<kind>[a-z]+):)?(?P<name>\w+)>")
_SKIP = ("admin/",)


def get_urls() -> list[tuple[str, str]]:
    """(name, route) of every URL outside the admin, routes with <converter:name> kept."""
    found = []

    def walk(patterns, prefix):
        for p in patterns:
            route = prefix + str(p.pattern)
            if route.startswith(_SKIP):
                continue
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route)
            elif isinstance(p, URLPattern):
                found.append((p.name or route, route))

    walk(get_resolver().url_patterns, "")
    return found


URLS = get_urls()


def fill(route: str, values) -> str:
    """The route with each <converter:name> replaced by values(kind, name)."""
    return "/" + _CONVERTER.sub(lambda m: values(m["kind"] or "str", m["name"]), route)


@pytest.fixture
def world(db):
    """One of everything the pages show; real() names its rows for each route."""
    stance = StanceFactory(status="published")
    PassageFactory(source=stance.source, index=0)
    assessment = ScenarioAssessmentFactory(expert=stance.expert, source=stance.source)
    deck = Deck.objects.create(title="Fuzz deck")
    saved = SavedView.objects.create(title="Matrix", kind="overview", query="as_of=9999-12-31")
    deck.add(saved)
    IssueFactory()
    ExpertFactory()
    return {
        "stances/": stance.pk,
        "assessments/": assessment.pk,
        "sources/": stance.source_id,
        "decks/": deck.pk,
        "views/": saved.pk,
        "token": deck.share(),
        "issue": stance.issue.slug,
        "expert": stance.expert.slug,
        "scenario": assessment.scenario.slug,
    }


def real(world, route: str, kind: str, name: str) -> str:
    """The value naming a real row for the segment `name` of route."""
    if kind == "int":
        if name in ("number", "slide_pk"):
            return "1"
        return str(next((v for k, v in world.items() if route.startswith(k)), 1))
    if kind == "slug":
        if name in ("expert", "issue"):
            return world[name]
        for what in ("expert", "scenario"):
            if route.startswith(what):
                return world[what]
        return world["issue"]
    return world["token"]


def clients(world) -> dict[str, Client]:
    result = {"anonymous": Client(raise_request_exception=False)}
    for role in ("viewer", "editor"):
        client = Client(raise_request_exception=False)
        client.force_login(UserFactory(username=f"fuzz-{role}", role=role))
        result[role] = client
    return result


def assert_no_server_error(client, url, params):
    response = client.get(url, params)
    assert response.status_code < 500, f"{response.status_code} for {url[:200]} {params!r:.300}"


def test_hostile_values_never_cause_a_server_error(world, settings):
    # Anonymous readers only get past the login under public read, so fuzz them with it on.
    settings.VANTAGE_PUBLIC_READ = True
    roles = list(clients(world).values())
    for n, (_, route) in enumerate(URLS):
        url = fill(route, lambda kind, name, r=route: real(world, r, kind, name))
        for i, client in enumerate(roles):
            value = HOSTILE[(n + i) % len(HOSTILE)]
            assert_no_server_error(client, url, dict.fromkeys(PARAMS, value))
        # Malformed path segments: one role per URL, in turn.
        bad = HOSTILE[(n + 7) % len(HOSTILE)]
        bad_url = fill(route, lambda kind, _, v=bad: _segment(kind, v))
        assert_no_server_error(roles[n % len(roles)], bad_url, {})


def _segment(kind: str, value: str) -> str:
    if kind == "int":
        return "99999999999999999999" if not value.isdigit() else value[:30]
    return quote(value[:200], safe="")


_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
_values = st.one_of(st.sampled_from(HOSTILE), _text, st.integers().map(str), st.dates().map(str))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    # No shrinking: a failure reports its first example at once instead of minutes later.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(data=st.data())
def test_generated_requests_never_cause_a_server_error(world, data):
    role_clients = getattr(test_generated_requests_never_cause_a_server_error, "_clients", None)
    if role_clients is None or role_clients[0] is not world:
        role_clients = (world, clients(world))
        test_generated_requests_never_cause_a_server_error._clients = role_clients
    client = role_clients[1][data.draw(st.sampled_from(["anonymous", "viewer", "editor"]))]
    _, route = data.draw(st.sampled_from(URLS))

    def segment(kind, name):
        choice = data.draw(st.one_of(st.just(real(world, route, kind, name)), _values))
        if kind == "int" and not (choice.isascii() and choice.isdigit()):
            choice = str(data.draw(st.integers(min_value=0, max_value=2**70)))
        return quote(choice, safe="") or "x"

    url = fill(route, segment)
    params = data.draw(st.dictionaries(st.sampled_from(PARAMS), _values, max_size=4))
    assert_no_server_error(client, url, params)
