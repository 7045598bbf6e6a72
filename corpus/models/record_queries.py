"""The record QuerySets: filters, annotations and windows over stances and assessments.

Every method returns a queryset (or a plain aggregate); page objects built from them (matrix
cells, compare rows, chart points) live one level up, in `corpus.pages`.
"""

import dataclasses
import datetime as dt

from django.db import models
from django.db.models import Count, F, Max, Window
from django.db.models.functions import Lag

from corpus.dates import DAY, MONTH, YEAR
from corpus.filters import RecordFilters
from corpus.models.read_models import LatestAssessment, LatestPosition
from corpus.models.record_choices import Status
from corpus.models.review import PendingChange
from corpus.write_guard import WriteOutsideDoor, door_is_open


def stated_by_q(as_of: dt.date) -> models.Q:
    """Records certainly stated on or before as_of: the whole of their dated period is past.

    A stance known only to "2016" counts as of 2016-12-31, not as of 2016-03-01.
    """
    next_day = as_of + dt.timedelta(days=1)
    return (
        models.Q(stated_precision=DAY, stated_on__lte=as_of)
        | models.Q(stated_precision=MONTH, stated_on__lt=next_day.replace(day=1))
        | models.Q(stated_precision=YEAR, stated_on__lt=next_day.replace(month=1, day=1))
    )


class DoorQuerySet(models.QuerySet):
    """Refuses bulk writes outside corpus.changes, like the record models' save()."""

    # Writes go through corpus.changes (history, review, read models, cache generations).
    def _guard(self, action: str):
        if not door_is_open():
            raise WriteOutsideDoor(f"{action} {self.model.__name__} through corpus.changes")

    def update(self, **kwargs):
        self._guard("update")
        return super().update(**kwargs)

    def delete(self):
        self._guard("delete")
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        self._guard("bulk_create")
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, *args, **kwargs):
        self._guard("bulk_update")
        return super().bulk_update(objs, *args, **kwargs)


class QuotedRecordQuerySet(DoorQuerySet):
    """What every page asks of stances and assessments alike; each method returns a queryset.

    Page objects (matrix cells, compare rows, chart points) are built from these one level
    up, in `corpus.pages`.
    """

    # What a record is about: "issue" for stances, "scenario" for assessments.
    subject_field = ""
    # The read model holding each expert × subject's latest published records.
    latest_model = None

    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def with_review_state(self):
        """Annotate live_change_id: the record's open or sent-back change, for editors' marks."""
        field = "stance" if self.subject_field == "issue" else "assessment"
        # A draft is marked as a draft; what waits beside a published record is marked pending.
        live = (
            PendingChange.objects.filter(
                **{field: models.OuterRef("pk")}, state__in=PendingChange.LIVE_STATES
            )
            .exclude(kind=PendingChange.Kind.NEW)
            .values("pk")[:1]
        )
        return self.annotate(live_change_id=models.Subquery(live))

    def with_broken_quotes(self) -> list:
        """Records whose quote no longer equals the source text at the stored offsets."""
        return [r for r in self.select_related("source") if not r.quote_matches_source()]

    def visible_to(self, user):
        """Everything for those who may edit this kind of record; for others the published
        record and what was retired from it (deprecated or superseded: shown struck through)."""
        meta = self.model._meta
        if user.has_perm(f"{meta.app_label}.change_{meta.model_name}"):
            return self.with_review_state()
        return self.exclude(status=Status.DRAFT)

    def latest_per_expert(self):
        """The records stated on each expert × issue (or scenario)'s latest date, ties kept.

        Filters given before this call (published, experts) apply before "latest" is taken.
        """
        partition = [F("expert_id"), F(f"{self.subject_field}_id")]
        return self.alias(latest=Window(Max("stated_on"), partition_by=partition)).filter(
            stated_on=F("latest")
        )

    def latest_ids(self, experts) -> list[int]:
        """The ids of these experts' latest published records, from the read model (a query)."""
        rows = self.latest_model.objects.filter(expert__in=experts)
        return [pk for ids in rows.values_list("record_ids", flat=True) for pk in ids]

    def for_compare(self, experts):
        """The latest published records of these experts, with what their quotes show.

        Which records are latest comes from the read model (one query, a row per expert ×
        subject), so this reads those records only, not every record the experts made.
        """
        return (
            self.filter(pk__in=self.latest_ids(experts))
            .select_related("expert", "source", self.subject_field)
            .defer("source__text")
            .order_by("stated_on", "pk")
        )

    def for_expert_page(self, expert, *, with_drafts=False):
        """The expert's published and retired records (drafts too if asked), by topic then
        newest first, evidence loaded (and who last changed each, for the editors' rows).

        The expert is not joined: the caller has it (one instance, not one per row)."""
        topic = self.subject_field
        if with_drafts:
            records = self.with_review_state().select_related("updated_by")
        else:
            records = self.exclude(status=Status.DRAFT)
        return (
            records.filter(expert=expert)
            .select_related(topic, "source")
            .defer("source__text")
            .order_by(f"{topic}__order", f"{topic}__slug", "-stated_on", "-pk")
        )

    def in_reader(self, source, user):
        """Records quoting source that user may see, in reading order (one query)."""
        return (
            self.visible_to(user)
            .filter(source=source)
            .select_related("expert", self.subject_field)
            .order_by("quote_start", "-quote_end", "pk")
        )


class StanceQuerySet(QuotedRecordQuerySet):
    """Stances, filtered and windowed for the pages that list them."""

    subject_field = "issue"
    latest_model = LatestPosition

    def matching(self, filters, include_drafts: bool = False):
        """Published stances (drafts too, when asked) that pass the filters (`RecordFilters`)."""
        qs = self.all() if include_drafts else self.published()
        if filters.issues:
            qs = qs.filter(issue__in=filters.issues)
        if filters.perspective:
            qs = qs.filter(expert__organisation__country=filters.perspective)
        if filters.organisation:
            qs = qs.filter(expert__organisation__name=filters.organisation)
        if filters.kind:
            qs = qs.filter(source__kind=filters.kind)
        if filters.date_from:
            qs = qs.filter(stated_on__gte=filters.date_from)
        if filters.date_to:
            qs = qs.filter(stated_on__lte=filters.date_to)
        if filters.as_of:
            qs = qs.filter(stated_by_q(filters.as_of))
        return qs

    def latest_per_cell(self, filters):
        """The stances stated on each expert × issue's latest date (ties kept)."""
        return self.matching(filters).latest_per_expert()

    def for_cell(self, filters, expert, issue):
        """Every matching published stance of one expert on one issue, newest first."""
        return (
            self.matching(filters)
            .filter(expert=expert, issue=issue)
            .select_related("expert", "issue", "source")
            .order_by("-stated_on", "-pk")
        )

    def for_export(self, filters):
        """Stances passing the filters, drafts only when asked, with what a row shows."""
        return (
            self.matching(filters, include_drafts=filters.include_drafts)
            .select_related("expert__organisation", "issue", "source")
            .defer("source__text")
            .order_by("issue__order", "issue__slug", "stated_on", "expert__name", "pk")
        )

    def record_totals(self) -> dict:
        """How many stances, and from how many sources and experts (one query)."""
        return self.aggregate(
            stances=Count("id"),
            sources=Count("source", distinct=True),
            experts=Count("expert", distinct=True),
        )

    def on_issue(self, issue, filters: RecordFilters | None = None, *, with_drafts=False):
        """Published stances on the issue (drafts too if asked) that pass the other filters."""
        filters = dataclasses.replace(filters or RecordFilters(), issues=[issue])
        return self.matching(filters, include_drafts=with_drafts)

    def for_issue_page(self, issue, filters: RecordFilters | None = None, *, with_drafts=False):
        """on_issue(), with what the page shows of each stance's expert and source loaded.

        `updated_by` is for the editors' rows ("last changed by"); a join, not a query.
        """
        records = (
            self.on_issue(issue, filters, with_drafts=with_drafts)
            .select_related("expert__organisation", "issue", "source", "updated_by")
            .defer("source__text")
        )
        # Editors' rows mark a change waiting beside the published stance (a subquery, no query).
        return records.with_review_state() if with_drafts else records

    def perspectives_for_issue(self, issue) -> list[str]:
        """The organisation countries of experts with a published stance on the issue."""
        # One read-model row per expert on the issue, not one per stance.
        countries = (
            LatestPosition.objects.filter(issue=issue)
            .exclude(expert__organisation__country__in=["", None])
            .order_by()
            .values_list("expert__organisation__country", flat=True)
            .distinct()
        )
        return sorted(countries)

    def moves(self):
        """Published stances that differ from the same expert's previous statement on the issue.

        Each carries `previous_position`, `previous_stated_on`, `previous_precision` and
        `previous_id`. Previous means next earlier in stated date order on the same issue; two
        records from the same source are one statement's nuances, not a move, so such pairs
        are skipped. One query, newest move first.
        """
        window = {
            "partition_by": [F("expert_id"), F("issue_id")],
            "order_by": [F("stated_on").asc(), F("pk").asc()],
        }
        return (
            # Only what a shift shows: the window sorts every published stance it covers, so
            # leaving quotes and summaries out makes that sort several times smaller.
            self.published()
            .only(
                "position",
                "stated_on",
                "stated_precision",
                "expert__name",
                "expert__slug",
                "issue__name",
                "issue__slug",
            )
            .annotate(
                previous_position=Window(Lag("position"), **window),
                previous_stated_on=Window(Lag("stated_on"), **window),
                previous_precision=Window(Lag("stated_precision"), **window),
                previous_source_id=Window(Lag("source_id"), **window),
                previous_id=Window(Lag("id"), **window),
            )
            .filter(previous_id__isnull=False)
            .exclude(position=F("previous_position"))
            .exclude(source_id=F("previous_source_id"))
            .select_related("expert", "issue")
            .order_by("-stated_on", "-pk")
        )


class AssessmentQuerySet(QuotedRecordQuerySet):
    """Scenario assessments, filtered and windowed for the pages that list them."""

    subject_field = "scenario"
    latest_model = LatestAssessment

    def for_scenario_page(self, scenario):
        """The scenario's published assessments, oldest first, ready for quotes."""
        return (
            self.published()
            .filter(scenario=scenario)
            .select_related("expert", "source")
            .defer("source__text")
            .order_by("stated_on", "expert__name", "pk")
        )
