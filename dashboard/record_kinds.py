"""Stances and scenario assessments are edited the same way; this says where they differ."""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_http_methods

from corpus.models import Issue, ScenarioAssessment, Stance
from dashboard.forms.records import AssessmentForm, StanceForm


@dataclass(frozen=True)
class RecordKind:
    """One kind of quoted record: its model, form, templates and URL names."""

    name: str  # "stance" / "assessment": URL names, template names, element ids
    label: str
    model: type
    form_class: type
    target: str  # the field holding what the record is about: issue or scenario
    prefix: str  # the URL path segment: "stances" / "assessments"

    @property
    def model_name(self) -> str:
        return self.model._meta.model_name

    def perm(self, action: str) -> str:
        """The permission for an action: add, change, delete or review."""
        return f"corpus.{action}_{self.model_name}"

    @property
    def row_template(self) -> str:
        return f"editing/_{self.name}_row.html"

    @property
    def fields_template(self) -> str:
        return f"editing/_{self.name}_fields.html"

    def url_name(self, action: str) -> str:
        return f"{self.name}-{action}"

    def records(self):
        """Records with what a row shows, but not their source's (long) text."""
        return (
            self.model.objects.select_related(
                "expert__organisation", self.target, "source", "updated_by"
            )
            .defer("source__text")
            .with_review_state()
        )

    def get_for_edit(self, pk: int):
        """One record with its source text (the quote is checked against it); 404 if absent."""
        return get_object_or_404(
            self.model.objects.select_related(
                "expert__organisation", self.target, "source"
            ).with_review_state(),
            pk=pk,
        )

    def form(self, data=None, **kwargs):
        if self.model is Stance:
            kwargs.setdefault("issues", list(Issue.objects.all()))
        return self.form_class(data, **kwargs)

    def row_context(self, record, **extra) -> dict:
        return {self.name: record, "kind": self, **extra}


STANCE = RecordKind("stance", "stance", Stance, StanceForm, "issue", "stances")
ASSESSMENT = RecordKind(
    "assessment",
    "scenario assessment",
    ScenarioAssessment,
    AssessmentForm,
    "scenario",
    "assessments",
)
KINDS = {kind.name: kind for kind in (STANCE, ASSESSMENT)}


def record_view(*actions: str, methods: tuple[str, ...]):
    """A view serving either kind (given by its URL pattern as `kind`): signed in, holding the
    kind's permission for every action, by one of the HTTP methods."""

    def decorate(view):
        @login_required
        @wraps(view)
        def checked(request, *args, kind: RecordKind, **kwargs):
            if not request.user.has_perms([kind.perm(action) for action in actions]):
                raise PermissionDenied
            return require_http_methods(list(methods))(view)(request, kind, *args, **kwargs)

        return checked

    return decorate
