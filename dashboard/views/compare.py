"""Compare: 2–4 experts side by side, issue by issue, with an HTMX picker to change who."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from corpus.models import Expert, Issue, Scenario
from corpus.page_cache import PEOPLE, RIGHTS, generation_values, generations, page_key
from corpus.pages.compare import DISAGREEMENT_POINTS, MAX_EXPERTS, MIN_EXPERTS, browse_groups
from dashboard.access import read_access
from dashboard.compare_cells import compare_tables
from dashboard.forms.compare import CompareForm, compare_url
from dashboard.rendering import render_page, wants_fragment
from dashboard.shared_pages import shared_page

TEMPLATE = "dashboard/compare.html"


def _matches(form):
    """The picker's list: (expert, URL adding them), or None when nothing was typed."""
    if not form.text or form.is_full:
        return None
    return [(e, form.add_url(e)) for e in Expert.objects.picker_matches(form.text, form.selected)]


@read_access
def compare(request):
    form = CompareForm(request.GET)
    valid = form.is_valid()
    scopes = [PEOPLE, RIGHTS, *(f"expert:{e.pk}" for e in form.selected)]
    values = generation_values(scopes)
    if not (valid and len(form.selected) >= MIN_EXPERTS):
        return _compare(request, form, valid, None, values)
    key = page_key(request, "compare", scopes, generations(scopes, values))
    return shared_page(request, "compare", key, lambda: _compare(request, form, valid, key, values))


def _compare(request, form, valid: bool, key: str | None, values: dict):
    experts = form.selected
    context = {
        "form": form,
        "experts": experts,
        "matches": _matches(form),
        # The browse list (organisations by country): only while another expert fits, and
        # cached under the people generation (an edit of a record leaves it as it was).
        "browse": SimpleLazyObject(lambda: None if form.is_full else browse_groups(form.opened)),
        "browse_key": page_key(request, "compare-browse", [PEOPLE], generations([PEOPLE], values)),
        "min_experts": MIN_EXPERTS,
        "max_experts": MAX_EXPERTS,
        "disagreement_points": DISAGREEMENT_POINTS,
        "crumbs": [("Compare", reverse("compare"))],
    }
    if valid and len(experts) >= MIN_EXPERTS:
        # Lazy: computed only when the template's cached rows miss; then each expert's
        # column comes from the cache unless an edit of theirs moved their generation.
        tables = SimpleLazyObject(lambda: _tables(request.user, experts, values))
        context["page_key"] = key
        context["issue_rows"] = SimpleLazyObject(lambda: tables[0])
        context["present_url"] = compare_url(form.slugs, "present-compare")
        context["disputed"] = SimpleLazyObject(lambda: [r for r in tables[0] if r.disagrees])
        context["scenario_rows"] = SimpleLazyObject(lambda: tables[1])
    return render_page(
        request, TEMPLATE, context, fragment="compare-swap", status=200 if valid else 400
    )


def _tables(user, experts, values):
    """(issue rows, scenario rows) of the compared experts."""
    edits = (
        user.has_perm("corpus.change_stance"),
        user.has_perm("corpus.change_scenarioassessment"),
    )
    issues, scenarios = list(Issue.objects.all()), list(Scenario.objects.all())
    return compare_tables(experts, issues, scenarios, values=values, edits=edits)


@read_access
def expert_picker(request):
    """The picker's matches as a fragment; without HTMX, the compare page showing them."""
    if not wants_fragment(request):
        query = request.GET.urlencode(safe=",")
        return redirect(f"{reverse('compare')}?{query}" if query else reverse("compare"))
    form = CompareForm(request.GET)
    form.is_valid()
    context = {"form": form, "matches": _matches(form)}
    response = render(request, f"{TEMPLATE}#picker-results", context)
    response.headers["Vary"] = "HX-Request"
    return response
