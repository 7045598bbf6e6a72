"""Search over passages: ranking, highlighting, hostile input; the same tests on both databases."""

import io
import sqlite3

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from corpus.models import Passage, Source
from corpus.search import fts5_match, highlight, rebuild_index, search_passages, snippet_around
from tests.conftest import SEEDS
from tests.factories import ExpertFactory, OrganisationFactory, PassageFactory, SourceFactory
from tests.htmx import HISTORY_RESTORE, HTMX


def _passage(text, **kwargs):
    source = SourceFactory(text=text)
    return PassageFactory(source=source, start=0, end=len(text), text=text, **kwargs)


def _search(client, q, **headers):
    return client.get(reverse("search"), {"q": q}, **headers)


# --- search_passages ---


def test_it_finds_crimea_in_the_seed_corpus(seeded):
    results = search_passages("Crimea")
    assert results.total >= 5
    blog = Source.objects.get(path__startswith="004_")
    assert {hit.source_id for hit in results.hits} >= {blog.pk}
    assert all("<mark>Crimea</mark>" in hit.snippet for hit in results.hits)


def test_it_ranks_the_passage_most_about_the_words_first(db):
    _passage("The annexation of Crimea was one event among many in a long and busy year.")
    dense = _passage("Crimea, Crimea, Crimea: the peninsula and its annexation.")
    _passage("Nothing about the peninsula here.")
    results = search_passages("crimea annexation")
    assert results.total == 2
    assert results.hits[0].passage_id == dense.pk
    assert results.hits[0].rank > results.hits[1].rank


def test_it_matches_word_forms(db):
    passage = _passage("Sanctions were imposed and then sanctioned again.")
    assert [h.passage_id for h in search_passages("sanction").hits] == [passage.pk]


def test_it_counts_every_match_but_returns_at_most_the_limit(db):
    for n in range(5):
        _passage(f"Arctic shipping route number {n}.")
    results = search_passages("arctic", limit=3)
    assert (results.total, len(results.hits), results.truncated) == (5, 3, True)


def test_a_quoted_phrase_matches_only_the_words_together(db):
    together = _passage("A deepening partnership between the two.")
    _passage("The partnership is not deepening at all.")
    assert [h.passage_id for h in search_passages('"deepening partnership"').hits] == [together.pk]


def test_or_and_minus_work_as_on_the_web(db):
    arctic = _passage("Rivalry in the Arctic.")
    asia = _passage("Rivalry in Central Asia.")
    both = _passage("The Arctic and Central Asia.")
    assert {h.passage_id for h in search_passages("arctic or asia").hits} == {
        arctic.pk,
        asia.pk,
        both.pk,
    }
    assert {h.passage_id for h in search_passages("arctic -asia").hits} == {arctic.pk}


def test_the_index_follows_passage_changes(db):
    passage = _passage("Harbin is a northern city.")
    assert search_passages("harbin").total == 1
    Passage.objects.filter(pk=passage.pk).update(text="Vladivostok city.", end=17)
    assert search_passages("harbin").total == 0
    assert search_passages("vladivostok").total == 1
    Passage.objects.filter(pk=passage.pk).delete()
    assert search_passages("vladivostok").total == 0


def test_ingesting_twice_keeps_one_hit_per_passage(seeded):
    before = search_passages("Crimea")
    call_command("ingest", SEEDS, stdout=io.StringIO())
    after = search_passages("Crimea")
    assert after.total == before.total
    assert [h.passage_id for h in after.hits] == [h.passage_id for h in before.hits]


def test_rebuilding_the_index_changes_no_result(seeded):
    before = search_passages("Taiwan")
    rebuild_index()
    assert search_passages("Taiwan") == before


def test_the_search_index_exists_for_this_database(db):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = "
                "'corpus_passage' AND name LIKE 'corpus_passage_fts_%%'"
            )
            assert len(cursor.fetchall()) == 3, "a migration dropped the FTS5 triggers"
        else:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'corpus_passage_search_document'"
            )
            assert "gin (search_document)" in cursor.fetchone()[0]
            cursor.execute(
                "SELECT generation_expression FROM information_schema.columns "
                "WHERE table_name = 'corpus_passage' AND column_name = 'search_document'"
            )
            assert "to_tsvector('english'" in cursor.fetchone()[0]


# --- hostile input ---

HOSTILE = ['"', "*", "AND", "NEAR(", "'); drop table corpus_passage; --", "a OR", "-", "(", "^x"]
HOSTILE += ["title:x", 'crimea"', "Крым 中国 🙂", "%", "\\", "x" * 200, "NOT crimea", '""']


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_input_never_errors(viewer_client, seeded, q):
    response = _search(viewer_client, q)
    assert response.status_code == 200
    assert b'id="search-results"' in response.content


def test_a_punctuation_only_query_says_there_is_nothing_to_search(viewer_client, db):
    response = _search(viewer_client, "*&^%")
    assert "has no words to search for" in response.content.decode()


def test_a_query_with_a_nul_character_is_refused(viewer_client, db):
    response = _search(viewer_client, "crimea\x00")
    assert response.status_code == 400
    assert "Null characters are not allowed" in response.content.decode()


def test_a_too_long_query_is_refused(viewer_client, db):
    response = _search(viewer_client, "x" * 201)
    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()


@given(st.text(max_size=60))
def test_any_query_compiles_to_valid_fts5_syntax_or_nothing(query):
    expression = fts5_match(query)
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(text)")
    db.execute("INSERT INTO t VALUES ('some words')")
    if expression is not None:
        db.execute("SELECT * FROM t WHERE t MATCH ?", (expression,)).fetchall()


# --- highlighting is safe ---


def test_highlight_escapes_the_text_and_marks_only_between_markers():
    html = highlight("<b>[[x]]Crimea{{y}} & co", "[[x]]", "{{y}}")
    assert html == "&lt;b&gt;<mark>Crimea</mark> &amp; co"


def test_a_snippet_is_cut_from_the_original_text_and_marks_whole_words():
    text = "One <b>two</b> three, Crimea. Crimean four Crimea!" + " filler" * 40
    html = snippet_around(text, {"Crimea"}, size=8)
    assert html == (
        "…&lt;b&gt;two&lt;/b&gt; three, <mark>Crimea</mark>. Crimean four "
        "<mark>Crimea</mark>! filler filler…"
    )


@given(st.text(max_size=80), st.sets(st.text(min_size=1, max_size=5), max_size=3))
def test_a_snippet_shows_a_stretch_of_the_text_unchanged(text, words):
    import html as html_lib
    import re

    shown = html_lib.unescape(re.sub(r"</?mark>", "", snippet_around(text, words, size=6)))
    assert shown.strip("…") in text


def test_a_passage_holding_a_script_is_escaped_in_results(viewer_client, db):
    _passage('<script>alert("owned")</script> Crimea <mark>fake</mark>')
    html = _search(viewer_client, "crimea").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>Crimea</mark>" in html
    assert "&lt;mark&gt;fake&lt;/mark&gt;" in html


# --- the page ---


def test_it_requires_login(client, db):
    response = _search(client, "crimea")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_empty_query_shows_how_to_search(viewer_client, db):
    for q in ("", "   "):
        html = _search(viewer_client, q).content.decode()
        assert "Search the whole record." in html
        assert 'class="hit"' not in html
        assert "passages match" not in html


def test_no_match_says_so(viewer_client, db):
    _passage("Something else entirely.")
    assert "No passage matches “zanzibar”." in _search(viewer_client, "zanzibar").content.decode()


def test_a_hit_shows_source_speaker_and_snippet_and_links_into_the_reader(viewer_client, db):
    expert = ExpertFactory(name="Ada Lovelace", slug="ada-lovelace")
    passage = _passage("The Arctic route opens.", speaker_label="Ada", expert=expert, index=7)
    html = _search(viewer_client, "arctic").content.decode()
    assert "1 passage matches “arctic”" in html
    assert f'href="/sources/{passage.source_id}/#p7">{passage.source.title}</a>' in html
    assert '<a href="/experts/ada-lovelace/"><bdi>Ada Lovelace</bdi></a>' in html
    assert "(as “<bdi>Ada</bdi>”)" in html
    assert "The <mark>Arctic</mark> route opens." in html


def test_the_full_page_has_the_search_form_and_results(viewer_client, seeded):
    html = _search(viewer_client, "Crimea").content.decode()
    assert "<html" in html
    assert 'hx-get="/search/"' in html and 'hx-push-url="true"' in html
    assert 'value="Crimea"' in html
    assert "passages match “Crimea”" in html


def test_an_htmx_request_gets_only_the_results(viewer_client, seeded):
    response = _search(viewer_client, "Crimea", headers=HTMX)
    html = response.content.decode()
    assert "<html" not in html
    assert "<form" not in html
    assert html.lstrip().startswith("<title>“Crimea” · Search · Vantage</title>")
    assert 'id="search-results"' in html
    assert "<mark>Crimea</mark>" in html
    assert "HX-Request" in response["Vary"]


def test_history_restore_gets_the_full_page(viewer_client, seeded):
    headers = HISTORY_RESTORE
    assert "<html" in _search(viewer_client, "Crimea", headers=headers).content.decode()


@pytest.mark.parametrize("size", [2, 15])
def test_it_keeps_query_count_flat(viewer_client, django_assert_num_queries, size):
    for n in range(size):
        _passage(f"The Arctic, passage {n}.", expert=ExpertFactory())
    # session, user, one search (hits, their sources and experts, and the total), the stances
    # quoting the hits, one bounded query per kind of record (experts, organisations, issues,
    # scenarios, stances, assessments), and the facets' issues and organisations with the
    # generation of the names they are cached under; the generations the page is cached under
    with django_assert_num_queries(14):
        response = _search(viewer_client, "arctic")
    assert response.content.decode().count('class="hit"') == size


def test_the_facet_lists_come_from_the_cache_until_a_name_changes(viewer_client):
    OrganisationFactory(name="Arctic Council Watch")
    with CaptureQueriesContext(connection) as cold:
        _search(viewer_client, "arctic")
    # Another URL for the same search, so the page itself is not the cached one.
    with CaptureQueriesContext(connection) as warm:
        viewer_client.get(reverse("search"), {"q": "arctic", "kind": ""})
    # The facets' issues and organisations, and the same ranked passages: cached.
    assert len(warm) == len(cold) - 3
    OrganisationFactory(name="Barents Institute")
    assert "Barents Institute" in _search(viewer_client, "arctic").content.decode()
