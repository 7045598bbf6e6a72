"""Full-text search over passages: SQLite FTS5 or PostgreSQL full-text search, one interface.

The index itself is built by migrations 0003_passage_search (SQLite FTS5) and
0005_passage_search_document (PostgreSQL's stored vector). Passages added, changed or
deleted later (including by bulk_create and queryset deletes) reach the SQLite index through
triggers and the PostgreSQL index by definition, so no step is needed after a load;
`rebuild_index()` exists for repairs (e.g. after restoring a database file by hand).
"""

import datetime as dt
import re
import secrets
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import F, Func, IntegerField, Subquery, Value
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString

from corpus.dates import format_partial
from corpus.models.sources import Passage, SourceKind

DEFAULT_LIMIT = 50
SNIPPET_TOKENS = 28
_ELLIPSIS = "…"

# A websearch-style query: "quoted phrases", OR between terms, -excluded terms.
_TERM = re.compile(r'(-?)"([^"]*)"|(\S+)')
# What SQLite's unicode61 tokenizer treats as part of a word.
_WORD_CHAR = re.compile(r"\w")


@dataclass(frozen=True)
class Hit:
    """One matching passage, with its highlighted snippet (safe HTML) and where it lives."""

    passage_id: int
    source_id: int
    index: int
    source_title: str
    source_kind: str
    published_on: dt.date
    date_precision: str
    speaker_label: str
    expert_name: str | None
    expert_slug: str | None
    snippet: SafeString
    rank: float

    @property
    def url(self) -> str:
        return f"{reverse('source', args=[self.source_id])}#p{self.index}"

    @property
    def published_display(self) -> str:
        return format_partial(self.published_on, self.date_precision)

    @property
    def kind_display(self) -> str:
        return SourceKind(self.source_kind).label if self.source_kind in SourceKind else ""


@dataclass(frozen=True)
class SearchResults:
    """The best `limit` hits, best first, and how many passages match in all."""

    query: str
    total: int
    hits: list[Hit]
    limit: int
    searchable: bool  # False when the query holds no words (only punctuation, say)

    @property
    def truncated(self) -> bool:
        return self.total > len(self.hits)


def search_passages(query: str, limit: int = DEFAULT_LIMIT) -> SearchResults:
    """Passages matching query (websearch syntax: words, "phrases", or, -word), best first."""
    query = " ".join(query.replace("\x00", " ").split())
    if connection.vendor == "postgresql":
        total, hits = _search_postgresql(query, limit)
    else:
        total, hits = _search_sqlite(query, limit)
    return SearchResults(
        query=query, total=total, hits=hits, limit=limit, searchable=fts5_match(query) is not None
    )


def optimize_index() -> None:
    """Merge the SQLite FTS5 index into one segment; worth it after a bulk load."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO corpus_passage_fts(corpus_passage_fts) VALUES ('optimize')")


def rebuild_index() -> None:
    """Re-read every passage into the SQLite FTS5 index (PostgreSQL needs nothing)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO corpus_passage_fts(corpus_passage_fts) VALUES ('rebuild')")


def fts5_match(query: str) -> str | None:
    """An FTS5 MATCH expression for a websearch-style query, or None if it has no words.

    Every term is emitted as a double-quoted FTS5 string, so no user input can be read as
    FTS5 syntax (AND, NEAR(, *, column filters…).
    """
    groups: list[list[str]] = [[]]  # OR of AND-groups
    excluded: list[str] = []
    for match in _TERM.finditer(query.replace("\x00", " ")):
        negated, phrase, word = match.groups()
        if word is not None and word.lower() == "or":
            if groups[-1]:
                groups.append([])
            continue
        if word is not None:
            negated = "-" if word.startswith("-") and len(word) > 1 else ""
            phrase = word[1:] if negated else word
        if not _WORD_CHAR.search(phrase):
            continue
        term = '"' + phrase.replace('"', '""') + '"'
        (excluded if negated else groups[-1]).append(term)
    alternatives = [" AND ".join(group) for group in groups if group]
    if not alternatives:
        return None
    expression = " OR ".join(f"({a})" for a in alternatives)
    for term in excluded:
        expression = f"({expression}) NOT {term}"
    return expression


def highlight(snippet: str, start: str, stop: str) -> SafeString:
    """Escape snippet and turn the text between start and stop markers into <mark>s."""
    head, *marked = snippet.split(start)
    pieces = [conditional_escape(head)]
    for chunk in marked:
        hit, _, rest = chunk.partition(stop)
        pieces.append(format_html("<mark>{}</mark>{}", hit, rest))
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def _markers() -> tuple[str, str]:
    # Random per search, so no text in a source can forge a marker and inject markup.
    nonce = secrets.token_hex(8)
    return f"\ue000{nonce}\ue001", f"\ue002{nonce}\ue003"


# Ranking every match is unavoidable, but joins and snippets are kept to the best `limit`:
# computed for every match they cost more than the ranking itself (10k matches at 100k
# passages). The best are chosen by (rank, rowid), then shown by (rank, source, index).
# CROSS JOIN makes SQLite look each of them up by rowid instead of rescanning the matches.
_SQLITE_SEARCH = """
    WITH best AS (
        SELECT rowid AS id, bm25(corpus_passage_fts) AS rank
        FROM corpus_passage_fts
        WHERE corpus_passage_fts MATCH %s
        ORDER BY rank, rowid
        LIMIT %s
    )
    SELECT p.id, p.source_id, p."index", s.title, s.kind, s.published_on, s.date_precision,
           p.speaker_label, e.name, e.slug,
           snippet(corpus_passage_fts, 0, %s, %s, %s, %s),
           best.rank,
           (SELECT count(*) FROM corpus_passage_fts WHERE corpus_passage_fts MATCH %s)
    FROM best
    CROSS JOIN corpus_passage_fts ON corpus_passage_fts.rowid = best.id
    JOIN corpus_passage p ON p.id = best.id
    JOIN corpus_source s ON s.id = p.source_id
    LEFT JOIN corpus_expert e ON e.id = p.expert_id
    WHERE corpus_passage_fts MATCH %s
    ORDER BY best.rank, p.source_id, p."index"
"""


def _search_sqlite(query: str, limit: int) -> tuple[int, list[Hit]]:
    expression = fts5_match(query)
    if expression is None:
        return 0, []
    start, stop = _markers()
    params = [expression, limit, start, stop, _ELLIPSIS, SNIPPET_TOKENS, expression, expression]
    with connection.cursor() as cursor:
        cursor.execute(_SQLITE_SEARCH, params)
        rows = cursor.fetchall()
    hits = [
        Hit(
            passage_id=row[0],
            source_id=row[1],
            index=row[2],
            source_title=row[3],
            source_kind=row[4],
            published_on=_as_date(row[5]),
            date_precision=row[6],
            speaker_label=row[7],
            expert_name=row[8],
            expert_slug=row[9],
            snippet=highlight(row[10], start, stop),
            rank=-row[11],
        )
        for row in rows
    ]
    return (rows[0][12] if rows else 0), hits


def _as_date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _search_postgresql(query: str, limit: int) -> tuple[int, list[Hit]]:
    if fts5_match(query) is None:  # no words: same answer as SQLite, not "everything"
        return 0, []
    start, stop = _markers()
    search_query = SearchQuery(query, config="english", search_type="websearch")
    # The stored, GIN-indexed column of migration 0005: to_tsvector('english', text).
    # Ranking reads it instead of re-parsing the text of every matching passage. Unqualified,
    # so it names the passage table's column under whatever alias a subquery gives it (no
    # joined table has a column of that name).
    vector = RawSQL('"search_document"', [], output_field=SearchVectorField())
    matches = Passage.objects.annotate(document=vector).filter(document=search_query)
    rank = SearchRank(F("document"), search_query)
    order = ("-rank", "source_id", "index")
    # Every match is ranked on narrow rows; joins and headlines are for the best few only.
    best = matches.annotate(rank=rank).order_by(*order).values("id")[:limit]
    # SELECT count(*) of the matches, as a scalar subquery (an aggregate Django would group).
    total = matches.order_by().annotate(n=Func(Value(1), function="COUNT")).values("n")
    rows = list(
        matches.filter(id__in=best)
        .annotate(
            rank=rank,
            # ts_headline drops tag-like text ("<b>") and trims punctuation, so it only
            # says which words matched; the snippet is cut from the original text.
            matched=SearchHeadline(
                "text",
                search_query,
                config="english",
                start_sel=start,
                stop_sel=stop,
                highlight_all=True,
            ),
            total=Subquery(total, output_field=IntegerField()),
        )
        .order_by(*order)
        .values_list(
            "id",
            "source_id",
            "index",
            "source__title",
            "source__kind",
            "source__published_on",
            "source__date_precision",
            "speaker_label",
            "expert__name",
            "expert__slug",
            "text",
            "matched",
            "rank",
            "total",
        )
    )
    hits = [
        Hit(
            passage_id=row[0],
            source_id=row[1],
            index=row[2],
            source_title=row[3],
            source_kind=row[4],
            published_on=row[5],
            date_precision=row[6],
            speaker_label=row[7],
            expert_name=row[8],
            expert_slug=row[9],
            snippet=snippet_around(row[10], _between(row[11], start, stop)),
            rank=row[12],
        )
        for row in rows
    ]
    return (rows[0][13] if rows else 0), hits


def _between(marked: str, start: str, stop: str) -> set[str]:
    return set(re.findall(f"{re.escape(start)}(.*?){re.escape(stop)}", marked, re.DOTALL))


def snippet_around(text: str, words: set[str], size: int = SNIPPET_TOKENS) -> SafeString:
    """About `size` words of text from just before the first of words, each of them marked."""
    tokens = [m.span() for m in re.finditer(r"\S+", text)]
    words = {w for w in words if w.strip()}
    if not tokens:
        return SafeString("")
    pattern = (
        re.compile(
            r"(?<!\w)("
            + "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
            + r")(?!\w)"
        )
        if words
        else None
    )
    first = pattern.search(text) if pattern else None
    at = next((i for i, (_, end) in enumerate(tokens) if first and end > first.start()), 0)
    begin = max(0, min(at - size // 4, len(tokens) - size))
    end = min(len(tokens), begin + size)
    cut = text[tokens[begin][0] : tokens[end - 1][1]]
    pieces = [_ELLIPSIS if begin > 0 else ""]
    position = 0
    for match in pattern.finditer(cut) if pattern else ():
        pieces.append(cut[position : match.start()])
        pieces.append(format_html("<mark>{}</mark>", match.group()))
        position = match.end()
    pieces.append(cut[position:])
    pieces.append(_ELLIPSIS if end < len(tokens) else "")
    return format_html_join("", "{}", ((conditional_escape(piece),) for piece in pieces))
