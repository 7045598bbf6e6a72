"""Human dates and names: partial dates at their precision, no offsets or hashes on show
(kept under "Technical details" and in exports), names instead of slugs, the original's link,
and sign-in landing on the overview."""

import datetime as dt

import pytest
from django.urls import reverse

from corpus.dates import human_date, human_partial
from corpus.models import SavedView
from tests.factories import (
    ExpertFactory,
    IssueFactory,
    SourceFactory,
    StanceFactory,
    UserFactory,
)


@pytest.mark.parametrize(
    ("precision", "expected"),
    [("year", "2016"), ("month", "March 2016"), ("day", "3 March 2016")],
)
def test_a_partial_date_reads_at_its_precision(precision, expected):
    assert human_partial(dt.date(2016, 3, 3), precision) == expected


def test_a_day_has_no_leading_zero():
    assert human_date(dt.date(2022, 3, 7)) == "7 March 2022"


def test_a_year_only_stance_reads_as_its_year_in_the_reader(viewer_client, db):
    source = SourceFactory(published_on=dt.date(2016, 1, 1), date_precision="year")
    StanceFactory(source=source)
    html = viewer_client.get(source.get_absolute_url()).content.decode()
    assert "Stated 2016 ·" in html
    assert "2016-01-01" not in html.replace('datetime="2016-01-01"', "")


def test_the_reader_keeps_the_hash_under_technical_details(viewer_client, db):
    source = SourceFactory()
    html = viewer_client.get(source.get_absolute_url()).content.decode()
    details = html[html.index('<details class="technical">') :]
    assert source.sha256 in details[: details.index("</details>")]
    assert html.count(source.sha256[:12]) == 1


def test_the_reader_links_to_the_original_marked_external(viewer_client, db):
    source = SourceFactory(url="https://www.example.org/reports/a.html")
    html = viewer_client.get(source.get_absolute_url()).content.decode()
    assert (
        '<a class="external" href="https://www.example.org/reports/a.html" '
        'rel="external noopener noreferrer" target="_blank">www.example.org' in html
    )


def test_a_source_without_url_has_no_original_link(viewer_client, db):
    html = viewer_client.get(SourceFactory(url="").get_absolute_url()).content.decode()
    assert 'class="external"' not in html


@pytest.fixture
def moved(db, editor_client):
    """A draft stance whose quote moved (new offsets) and whose date became year-only."""
    from tests.editing_support import stance_data

    stance = StanceFactory(status="draft", stated_on=dt.date(2022, 3, 1))
    data = stance_data(stance, stated="2016")
    editor_client.post(reverse("stance-edit", args=[stance.pk]), data, headers={"HX-Request": "1"})
    return stance


def test_history_shows_a_year_only_date_as_its_year(moved, editor_client):
    html = editor_client.get(reverse("stance-history", args=[moved.pk])).content.decode()
    assert "<ins>2016</ins>" in html
    assert "2016-01-01" not in html


def test_history_keeps_offsets_under_technical_details(editor_client, db):
    stance = StanceFactory(status="draft")
    html = editor_client.get(reverse("stance-history", args=[stance.pk])).content.decode()
    table = html[html.index('<table class="data changes">') : html.index("</table>")]
    assert "Quote start" not in table and "Quote end" not in table
    details = html[html.index('<details class="technical">') :]
    assert "Quote start" in details[: details.index("</details>")]


def test_history_times_are_valid_html_datetimes(editor_client, db):
    stance = StanceFactory(status="draft")
    html = editor_client.get(reverse("stance-history", args=[stance.pk])).content.decode()
    value = html.split('<time datetime="', 1)[1].split('"', 1)[0]
    assert dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%S%z")


def test_saved_views_are_described_by_names_not_slugs(viewer_client, db):
    IssueFactory(slug="ukraine", name="Russia's war in Ukraine")
    ExpertFactory(slug="ada-l", name="Ada Lovelace")
    SavedView.objects.create(title="War", kind="issue", target="ukraine", query="as_of=2022-03-03")
    SavedView.objects.create(title="Pair", kind="compare", query="experts=ada-l")
    html = viewer_client.get(reverse("saved-views")).content.decode()
    cells = [row.split("</td>", 2)[1].strip() for row in html.split("<td><a href=")[1:]]
    assert cells[0] == (
        '<td><bdi>Compare table</bdi><br><span class="muted">Experts: Ada Lovelace</span>'
    )
    assert cells[1] == (
        "<td><bdi>Issue timeline · Russia&#x27;s war in Ukraine</bdi>"
        '<br><span class="muted">As of: 3 March 2022</span>'
    )


def test_sign_in_lands_on_the_overview(client, db):
    UserFactory(username="new-analyst", password="a long pass phrase", role="viewer")
    response = client.post(
        reverse("login"), {"username": "new-analyst", "password": "a long pass phrase"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("overview")


def test_the_logo_links_to_the_overview(viewer_client, db):
    html = viewer_client.get(reverse("method")).content.decode()
    assert f'<a class="brand" href="{reverse("overview")}">' in html
