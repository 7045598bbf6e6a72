"""Search beyond passages: the experts, organisations, issues, scenarios, stances and
assessments whose names or words hold the query, a few of each kind (bounded, top-k).

Names (experts, aliases, organisations, issues, scenarios: small tables) are matched by plain
containment (`icontains`), which behaves the same on SQLite and PostgreSQL. Stances and
assessments are many: their words are matched through the full-text indexes of migration
0015 (SQLite FTS5, PostgreSQL GIN), the same query syntax and stemming as passages, and only
the newest `MATCH_CAP` matches of each are considered, so the cost follows what is shown.
Each kind is one query capped at `per_kind` rows. The facets (`corpus.filters.SearchFilters`)
narrow each kind that can carry them and leave out the kinds that cannot.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from corpus.filters import SearchFilters
from corpus.models import Expert, Issue, Organisation, Scenario, ScenarioAssessment, Stance
from corpus.models.record_queries import stated_by_q
from corpus.search import MATCH_CAP, fts5_match, holder_facets

PER_KIND = 5


@dataclass
class RecordHits:
    experts: list
    organisations: list
    issues: list
    scenarios: list
    stances: list
    assessments: list

    @property
    def total(self) -> int:
        return sum(len(v) for v in vars(self).values())


def text_of(query: str) -> str:
    """The words to look for: the passage syntax's quotes and operators are not in names."""
    return " ".join(w for w in query.replace('"', " ").split() if w.lower() != "or").strip("-")


def quoted_record_facets(filters: SearchFilters, issue_path: str | None = None) -> Q:
    """The facets as a filter on stances or assessments (issue_path: how they reach an issue;
    None to leave the issues to the caller)."""
    q = holder_facets(filters)
    if filters.issues and issue_path:
        q &= Q(**{f"{issue_path}__in": [i.pk for i in filters.issues]})
    if filters.date_from:
        q &= Q(stated_on__gte=filters.date_from)
    if filters.date_to:
        q &= stated_by_q(filters.date_to)
    return q


# The full-text match of each record table (migration 0015): FTS5 table, or the expression
# its PostgreSQL GIN index is built on.
RECORD_VECTORS = {
    "corpus_stance": (
        "corpus_stance_fts",
        """COALESCE("summary", '') || ' ' || COALESCE("quote", '')""",
    ),
    "corpus_scenarioassessment": (
        "corpus_assessment_fts",
        """COALESCE("rationale", '') || ' ' || COALESCE("quote", '')""",
    ),
}


def matching_ids(table: str, query: str, cap: int = MATCH_CAP) -> RawSQL:
    """The ids of the newest `cap` rows of a record table whose words match query."""
    fts, expression = RECORD_VECTORS[table]
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT id FROM {table} WHERE to_tsvector('english'::regconfig, {expression})"
            " @@ websearch_to_tsquery('english'::regconfig, %s) ORDER BY id DESC LIMIT %s"
        )
        return RawSQL(sql, [query, cap])
    sql = f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s ORDER BY rowid DESC LIMIT %s"
    return RawSQL(sql, [fts5_match(query), cap])


def _scenarios_on(issues):
    """The scenarios tied to any of these issues, as a subquery (no duplicate rows)."""
    through = Scenario.issues.through.objects
    return through.filter(issue__in=[i.pk for i in issues]).values("scenario_id")


def search_records(
    query: str, per_kind: int = PER_KIND, filters: SearchFilters | None = None
) -> RecordHits:
    text = text_of(query)
    filters = filters or SearchFilters()
    hits = RecordHits([], [], [], [], [], [])
    if not text or fts5_match(query) is None:
        return hits
    if filters.wants("experts"):
        experts = Expert.objects.filter(Q(name__icontains=text) | Q(aliases__name__icontains=text))
        if filters.experts:
            experts = experts.filter(pk__in=[e.pk for e in filters.experts])
        if filters.organisation:
            experts = experts.filter(organisation__name=filters.organisation)
        hits.experts = list(
            experts.select_related("organisation").distinct().order_by("name", "pk")[:per_kind]
        )
    if filters.wants("organisations"):
        organisations = Organisation.objects.filter(name__icontains=text)
        if filters.organisation:
            organisations = organisations.filter(name=filters.organisation)
        hits.organisations = list(organisations[:per_kind])
    if filters.wants("issues"):
        issues = Issue.objects.filter(Q(name__icontains=text) | Q(question__icontains=text))
        if filters.issues:
            issues = issues.filter(pk__in=[i.pk for i in filters.issues])
        hits.issues = list(issues[:per_kind])
    if filters.wants("scenarios"):
        scenarios = Scenario.objects.filter(
            Q(title__icontains=text) | Q(description__icontains=text)
        )
        if filters.issues:
            scenarios = scenarios.filter(pk__in=_scenarios_on(filters.issues))
        hits.scenarios = list(scenarios.order_by("title", "pk")[:per_kind])
    if filters.wants("stances"):
        hits.stances = list(
            Stance.objects.published()
            .filter(pk__in=matching_ids("corpus_stance", query))
            .filter(quoted_record_facets(filters, "issue"))
            .select_related("expert", "issue", "source")
            .defer("source__text")
            .order_by("-stated_on", "pk")[:per_kind]
        )
    if filters.wants("assessments"):
        assessments = ScenarioAssessment.objects.published().filter(
            pk__in=matching_ids("corpus_scenarioassessment", query)
        )
        if filters.issues:
            assessments = assessments.filter(scenario__in=_scenarios_on(filters.issues))
        hits.assessments = list(
            assessments.filter(quoted_record_facets(filters))
            .select_related("expert", "scenario", "source")
            .defer("source__text")
            .order_by("-stated_on", "pk")[:per_kind]
        )
    return hits
