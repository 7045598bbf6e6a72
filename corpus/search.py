"""Full-text search over passages: SQLite FTS5 or PostgreSQL full-text search, one interface.

The index itself is built by migrations 0003_passage_search (SQLite FTS5) and
0005_passage_search_document (PostgreSQL's stored vector). Passages added, changed or
deleted later (including by bulk_create and queryset deletes) reach the SQLite index through
triggers and the PostgreSQL index by definition, so no step is needed after a load;
`rebuild_index()` exists for repairs (e.g. after restoring a database file by hand).
"""

import dataclasses
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
from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.expressions import RawSQL
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString

from corpus.dates import DAY, MONTH, YEAR, human_partial
from corpus.filters import SearchFilters
from corpus.models.records import Stance
from corpus.models.sources import Passage, SourceKind
from corpus.page_cache import cached
from corpus.pages.links import link_to

DEFAULT_LIMIT = 20  # passages a page of results shows
# Search counts and ranks at most this many matches (the newest), and says "more than" beyond.
MATCH_CAP = 1000
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
    start: int
    end: int
    passages_in_source: int
    source_title: str
    source_kind: str
    published_on: dt.date
    date_precision: str
    speaker_label: str
    expert_name: str | None
    expert_slug: str | None
    snippet: SafeString
    rank: float
    # The published stances whose quotes lie in this passage: (url, expert name, issue name).
    quoted_by: tuple = ()

    # Filled in for all hits at once, from one reverse() per route (corpus.pages.links).
    url: str = ""
    expert_url: str = ""

    @property
    def position_display(self) -> str:
        """Where the passage is in its document: "paragraph 3 of 12"."""
        return f"paragraph {self.index + 1} of {self.passages_in_source}"

    @property
    def published_display(self) -> str:
        return human_partial(self.published_on, self.date_precision)

    @property
    def kind_display(self) -> str:
        return SourceKind(self.source_kind).label if self.source_kind in SourceKind else ""


@dataclass(frozen=True)
class SearchResults:
    """One page (`limit` from `offset`) of the hits, best first, of at most `cap` matches
    counted and ranked.

    Search counts and ranks only the newest `cap` matching passages (and says that there are
    more): its cost follows what it shows, not how much of the record holds the words.
    """

    query: str
    total: int  # matches counted, at most cap + 1
    hits: list[Hit]
    limit: int
    searchable: bool  # False when the query holds no words (only punctuation, say)
    cap: int
    offset: int = 0

    @property
    def truncated(self) -> bool:
        return self.total > len(self.hits)

    @property
    def capped(self) -> bool:
        """More passages match than were counted: say "more than 1,000", not a number."""
        return self.total > self.cap

    @property
    def cap_display(self) -> str:
        return f"{self.cap:,}"

    @property
    def first_shown(self) -> int:
        return self.offset + 1

    @property
    def last_shown(self) -> int:
        return self.offset + len(self.hits)

    @property
    def page(self) -> int:
        return self.offset // self.limit + 1

    @property
    def has_previous(self) -> bool:
        return self.offset > 0

    @property
    def has_next(self) -> bool:
        return self.last_shown < min(self.total, self.cap)


def search_passages(
    query: str,
    limit: int = DEFAULT_LIMIT,
    filters: SearchFilters | None = None,
    cap: int | None = None,
    *,
    page: int = 1,
    cache_under: str | None = None,
) -> SearchResults:
    """Passages matching query (websearch syntax: words, "phrases", or, -word), best first,
    narrowed by the search facets; at most `cap` (default MATCH_CAP) counted and ranked.

    `page` of `limit` hits; `cache_under` (the names' generation, which every write of a
    passage, a source or an expert moves) keeps the ranked page cached: an edit of a stance
    then reads only which stances quote the hits."""
    query = " ".join(query.replace("\x00", " ").split())
    filters = filters or SearchFilters()
    cap = MATCH_CAP if cap is None else cap
    offset = (max(page, 1) - 1) * limit

    def ranked():
        total, hits = _ranked(query, limit, filters, cap, offset)
        if offset and not hits:  # past the last page: still say how many match
            total, _ = _ranked(query, 1, filters, cap, 0)
        return total, hits

    if cache_under is None:
        total, hits = ranked()
    else:
        key = "\n".join(
            [
                cache_under,
                connection.vendor,
                query,
                _filters_key(filters),
                f"{limit},{cap},{offset}",
            ]
        )
        total, hits = cached("search-passages", key, ranked)
    return SearchResults(
        query=query,
        total=total,
        hits=_with_quoting_stances(hits),
        limit=limit,
        searchable=fts5_match(query) is not None,
        cap=cap,
        offset=offset if hits else 0,
    )


def _ranked(query, limit, filters, cap, offset) -> tuple[int, list[Hit]]:
    if connection.vendor == "postgresql":
        return _search_postgresql(query, limit, filters, cap, offset)
    return _search_sqlite(query, limit, filters, cap, offset)


def _filters_key(filters: SearchFilters) -> str:
    """The facets as a cache key: records by primary key, the rest as given."""
    return repr(
        (
            filters.show,
            [i.pk for i in filters.issues],
            [e.pk for e in filters.experts],
            filters.organisation,
            filters.source.pk if filters.source else None,
            filters.kind,
            filters.date_from,
            filters.date_to,
        )
    )


def _with_quoting_stances(hits: list[Hit]) -> list[Hit]:
    """Each hit with its links and the published stances quoting inside it (one query)."""
    if not hits:
        return hits
    stances = (
        Stance.objects.published()
        .filter(source__in={h.source_id for h in hits})
        .order_by("stated_on", "pk")
        .values_list("pk", "source_id", "quote_start", "quote_end", "expert__name", "issue__name")
    )
    by_source: dict[int, list] = {}
    for row in stances:
        by_source.setdefault(row[1], []).append(row)
    stance_url, source_url, expert_url = link_to("stance"), link_to("source"), link_to("expert")
    return [
        dataclasses.replace(
            hit,
            url=f"{source_url(hit.source_id)}#p{hit.index}",
            expert_url=expert_url(hit.expert_slug) if hit.expert_slug else "",
            quoted_by=tuple(
                (stance_url(pk), expert, issue)
                for pk, _, start, end, expert, issue in by_source.get(hit.source_id, ())
                if start < hit.end and end > hit.start
            ),
        )
        for hit in hits
    ]


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


# Only the newest `cap` + 1 matches (FTS5 walks its doclist by rowid, newest first, and stops)
# are counted and ranked (bm25 on the way); joins and snippets are kept to the best `limit` of
# them. CROSS JOIN makes SQLite look each of those up by rowid instead of rescanning.
_SQLITE_SEARCH = """
    WITH matched AS MATERIALIZED (
        SELECT corpus_passage_fts.rowid AS id, bm25(corpus_passage_fts) AS rank
        FROM corpus_passage_fts{joins}
        WHERE corpus_passage_fts MATCH %s{where}
        ORDER BY corpus_passage_fts.rowid DESC
        LIMIT %s
    ),
    best AS (SELECT id, rank FROM matched ORDER BY rank, id LIMIT %s OFFSET %s)
    SELECT p.id, p.source_id, p."index", p.start, p."end",
           (SELECT count(*) FROM corpus_passage n WHERE n.source_id = p.source_id),
           s.title, s.kind, s.published_on, s.date_precision,
           p.speaker_label, e.name, e.slug,
           snippet(corpus_passage_fts, 0, %s, %s, %s, %s),
           best.rank,
           (SELECT count(*) FROM matched)
    FROM best
    CROSS JOIN corpus_passage_fts ON corpus_passage_fts.rowid = best.id
    JOIN corpus_passage p ON p.id = best.id
    JOIN corpus_source s ON s.id = p.source_id
    LEFT JOIN corpus_expert e ON e.id = p.expert_id
    WHERE corpus_passage_fts MATCH %s
    ORDER BY best.rank, p.source_id, p."index"
"""

_SQLITE_FACET_JOINS = """
        JOIN corpus_passage p ON p.id = corpus_passage_fts.rowid
        JOIN corpus_source s ON s.id = p.source_id"""


def _sqlite_facets(filters: SearchFilters) -> tuple[str, list]:
    """The facets as SQL over the passage p and its source s, ANDed, with their parameters."""
    where, params = [], []
    if filters.experts:
        where.append(f"p.expert_id IN ({', '.join('%s' for _ in filters.experts)})")
        params += [e.pk for e in filters.experts]
    if filters.organisation:
        where.append(
            "p.expert_id IN (SELECT x.id FROM corpus_expert x JOIN corpus_organisation o"
            " ON o.id = x.organisation_id WHERE o.name = %s)"
        )
        params.append(filters.organisation)
    if filters.source is not None:
        where.append("p.source_id = %s")
        params.append(filters.source.pk)
    if filters.kind:
        where.append("s.kind = %s")
        params.append(filters.kind)
    if filters.date_from:
        where.append("s.published_on >= %s")
        params.append(filters.date_from.isoformat())
    if filters.date_to:
        bounds = _published_by(filters.date_to)
        where.append(
            "((s.date_precision = 'day' AND s.published_on <= %s)"
            " OR (s.date_precision = 'month' AND s.published_on < %s)"
            " OR (s.date_precision = 'year' AND s.published_on < %s))"
        )
        params += [b.isoformat() for b in bounds]
    if filters.issues:
        where.append(
            "EXISTS (SELECT 1 FROM corpus_stance st WHERE st.source_id = p.source_id"
            " AND st.status = 'published' AND st.quote_start < p.\"end\""
            " AND st.quote_end > p.start"
            f" AND st.issue_id IN ({', '.join('%s' for _ in filters.issues)}))"
        )
        params += [i.pk for i in filters.issues]
    return "".join(f"\n          AND {w}" for w in where), params


def _published_by(date_to: dt.date) -> tuple[dt.date, dt.date, dt.date]:
    """A source certainly published by date_to: its whole period is past (as stated_by_q)."""
    next_day = date_to + dt.timedelta(days=1)
    return date_to, next_day.replace(day=1), next_day.replace(month=1, day=1)


def _search_sqlite(
    query: str, limit: int, filters: SearchFilters, cap: int, offset: int = 0
) -> tuple[int, list[Hit]]:
    expression = fts5_match(query)
    if expression is None:
        return 0, []
    start, stop = _markers()
    where, facet_params = _sqlite_facets(filters)
    sql = _SQLITE_SEARCH.format(joins=_SQLITE_FACET_JOINS if where else "", where=where)
    params = [
        expression,
        *facet_params,
        cap + 1,
        limit,
        offset,
        start,
        stop,
        _ELLIPSIS,
        SNIPPET_TOKENS,
        expression,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    hits = [
        Hit(
            passage_id=row[0],
            source_id=row[1],
            index=row[2],
            start=row[3],
            end=row[4],
            passages_in_source=row[5],
            source_title=row[6],
            source_kind=row[7],
            published_on=_as_date(row[8]),
            date_precision=row[9],
            speaker_label=row[10],
            expert_name=row[11],
            expert_slug=row[12],
            snippet=highlight(row[13], start, stop),
            rank=-row[14],
        )
        for row in rows
    ]
    return (rows[0][15] if rows else 0), hits


def _as_date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def holder_facets(filters: SearchFilters) -> Q:
    """The facets every hit with an expert and a source shares: experts, organisation, source
    and source kind (passages, stances and assessments alike)."""
    q = Q()
    if filters.experts:
        q &= Q(expert__in=[e.pk for e in filters.experts])
    if filters.organisation:
        q &= Q(expert__organisation__name=filters.organisation)
    if filters.source is not None:
        q &= Q(source=filters.source.pk)
    if filters.kind:
        q &= Q(source__kind=filters.kind)
    return q


def passage_facets(filters: SearchFilters) -> Q:
    """The facets as a filter on passages (PostgreSQL's search; the same rules as SQLite's)."""
    q = holder_facets(filters)
    if filters.date_from:
        q &= Q(source__published_on__gte=filters.date_from)
    if filters.date_to:
        day, month, year = _published_by(filters.date_to)
        q &= (
            Q(source__date_precision=DAY, source__published_on__lte=day)
            | Q(source__date_precision=MONTH, source__published_on__lt=month)
            | Q(source__date_precision=YEAR, source__published_on__lt=year)
        )
    if filters.issues:
        q &= Exists(
            Stance.objects.published().filter(
                source=OuterRef("source"),
                issue__in=[i.pk for i in filters.issues],
                quote_start__lt=OuterRef("end"),
                quote_end__gt=OuterRef("start"),
            )
        )
    return q


def _search_postgresql(
    query: str, limit: int, filters: SearchFilters, cap: int, offset: int = 0
) -> tuple[int, list[Hit]]:
    if fts5_match(query) is None:  # no words: same answer as SQLite, not "everything"
        return 0, []
    start, stop = _markers()
    search_query = SearchQuery(query, config="english", search_type="websearch")
    # The stored, GIN-indexed column of migration 0005: to_tsvector('english', text).
    # Ranking reads it instead of re-parsing the text of every matching passage. Unqualified,
    # so it names the passage table's column under whatever alias a subquery gives it (no
    # joined table has a column of that name).
    vector = RawSQL('"search_document"', [], output_field=SearchVectorField())
    matches = (
        Passage.objects.annotate(document=vector)
        .filter(document=search_query)
        .filter(passage_facets(filters))
    )
    # The newest cap + 1 matches only are counted and ranked (as on SQLite).
    counted = matches.order_by("-id").values("id")[: cap + 1]
    candidates = Passage.objects.annotate(document=vector).filter(id__in=counted)
    rank = SearchRank(F("document"), search_query)
    order = ("-rank", "source_id", "index")
    best = candidates.annotate(rank=rank).order_by(*order).values("id")[offset : offset + limit]
    # SELECT count(*) of the counted matches, as a scalar subquery.
    total = (
        Passage.objects.filter(id__in=counted)
        .order_by()
        .annotate(n=Func(Value(1), function="COUNT"))
        .values("n")
    )
    in_source = (
        Passage.objects.filter(source=OuterRef("source"))
        .order_by()
        .annotate(n=Func(Value(1), function="COUNT"))
        .values("n")
    )
    rows = list(
        candidates.filter(id__in=best)
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
            in_source=Subquery(in_source, output_field=IntegerField()),
        )
        .order_by(*order)
        .values_list(
            "id",
            "source_id",
            "index",
            "start",
            "end",
            "in_source",
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
            start=row[3],
            end=row[4],
            passages_in_source=row[5],
            source_title=row[6],
            source_kind=row[7],
            published_on=row[8],
            date_precision=row[9],
            speaker_label=row[10],
            expert_name=row[11],
            expert_slug=row[12],
            snippet=snippet_around(row[13], _between(row[14], start, stop)),
            rank=row[15],
        )
        for row in rows
    ]
    return (rows[0][16] if rows else 0), hits


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
