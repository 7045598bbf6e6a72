"""The scenario board and the scenario page's chart (assessments)."""

from dataclasses import dataclass

from django.core.paginator import Paginator

from corpus.dates import midpoint
from corpus.marks import expert_mark
from corpus.models import Expert, ScenarioAssessment
from corpus.models.read_models import LatestAssessment
from corpus.pages.compare import compare_rows
from corpus.pages.latest import latest_words
from corpus.pages.links import link_to

# Experts (columns) on one page of the board: what reads at 1280 px with some scrolling.
BOARD_EXPERTS = 20


@dataclass
class Board:
    """Scenarios × the experts who assessed any of them, each cell their latest likelihood."""

    experts: list
    rows: list  # CompareRow per scenario
    page: object = None  # django.core.paginator.Page of the experts shown


def board(scenarios, page_number=1, per_page: int = BOARD_EXPERTS) -> Board:
    """One page of experts (by name) with their latest published likelihoods (4 queries,
    each reading about what the page shows: the read model's rows, then those records)."""
    assessed = (
        Expert.objects.filter(pk__in=LatestAssessment.objects.values("expert_id"))
        .select_related("organisation")
        .order_by("name", "pk")
    )
    page = Paginator(assessed, per_page).get_page(page_number)
    experts = list(page.object_list)
    latest = list(
        ScenarioAssessment.objects.for_compare(experts).select_related("expert__organisation")
    )
    scenarios = list(scenarios)
    # Every link on the board from one reversed prefix per route, not a reverse() per cell.
    for objects, route, key in (
        (experts, "expert", "slug"),
        (scenarios, "scenario", "slug"),
        (latest, "assessment", "pk"),
    ):
        url = link_to(route)
        for obj in objects:
            obj.url = url(getattr(obj, key))
    return Board(experts, compare_rows(scenarios, experts, latest_words(latest)), page)


def chart_data(assessments) -> dict:
    """Chart.js datasets: one series per expert, a point per assessment at its date's midpoint."""
    series: dict[int, dict] = {}
    for a in assessments:
        if a.expert_id not in series:
            mark = expert_mark(a.expert_id).as_json()
            series[a.expert_id] = {"label": a.expert.name, **mark, "data": []}
        series[a.expert_id]["data"].append(
            {
                "x": midpoint(a.stated_on, a.stated_precision).isoformat(),
                "y": a.likelihood,
                "when": a.stated_display,
                "likelihood": a.likelihood_label,
                "rationale": a.rationale,
            }
        )
    return {"datasets": list(series.values())}
