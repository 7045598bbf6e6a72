"""SVG of a timeline slide, for print designers: the slide's data as vector shapes."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from corpus.models import Stance
from tests.factories import EventFactory, IssueFactory, SourceFactory, StanceFactory

SVG = "{http://www.w3.org/2000/svg}"


def _svg(client, slug, **params):
    response = client.get(reverse("present-issue", args=[slug]), {**params, "export": "svg"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    return response, ET.fromstring(response.content)


def _texts(root) -> list[str]:
    return [t.text for t in root.iter(f"{SVG}text")]


def test_the_ukraine_slide_as_svg_holds_every_expert_and_the_events(viewer_client, seeded):
    response, root = _svg(viewer_client, "ukraine")
    assert response["Content-Disposition"].endswith('.svg"')
    names = {g.get("data-label") for g in root.iter(f"{SVG}g") if g.get("class") == "series"}
    stances = Stance.objects.published().filter(issue__slug="ukraine")
    assert names == set(stances.values_list("expert__name", flat=True))
    events = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "events")
    assert "Russia invades Ukraine" in [t.text for t in events.iter(f"{SVG}text")]
    assert len(list(events.iter(f"{SVG}line"))) == 2


def test_every_point_carries_its_footnote_number(viewer_client, db):
    issue = IssueFactory(slug="numbered")
    for year in (2019, 2020, 2021):
        StanceFactory(issue=issue, source=SourceFactory(published_on=dt.date(year, 3, 1)))
    _, root = _svg(viewer_client, "numbered")
    footnotes = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "footnotes")
    assert sorted(t.text for t in footnotes.iter(f"{SVG}text")) == ["1", "2", "3"]


def test_events_off_leaves_the_lines_out(viewer_client, db):
    issue = IssueFactory(slug="quiet")
    StanceFactory(issue=issue)
    EventFactory(issues=[issue], label="Loud", happened_on=dt.date(2022, 3, 1))
    _, root = _svg(viewer_client, "quiet", events="off")
    assert "Loud" not in _texts(root)


def test_user_text_is_escaped_not_markup(viewer_client, db):
    issue = IssueFactory(slug="markup", question="Is <b>this</b> & that bold?")
    StanceFactory(issue=issue)
    _, root = _svg(viewer_client, "markup")
    assert "Is <b>this</b> & that bold?" in _texts(root)
    assert not list(root.iter(f"{SVG}b"))


@pytest.mark.parametrize("url", ["present-overview", "present-scenarios"])
def test_other_slides_refuse_svg_with_a_message(viewer_client, seeded, url):
    response = viewer_client.get(reverse(url), {"export": "svg"})
    assert response.status_code == 400
    assert "SVG export is for timeline slides only." in response.content.decode()


def test_the_timeline_slide_links_its_svg_beside_the_png(viewer_client, db):
    issue = IssueFactory(slug="linked")
    StanceFactory(issue=issue)
    html = viewer_client.get(reverse("present-issue", args=["linked"])).content.decode()
    assert html.index("export=png") < html.index('href="?export=svg"') < html.index("export=csv")
