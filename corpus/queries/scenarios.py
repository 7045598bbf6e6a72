"""Queries for the scenario board and scenario pages (assessments)."""

from dataclasses import dataclass

from django.core.paginator import Paginator

from corpus.dates import midpoint
from corpus.queries.compare import compare_rows, latest_words

# Experts (columns) on one page of the board: what reads at 1280 px with some scrolling.
BOARD_EXPERTS = 20
# Distinct point shapes for the chart's series, so experts differ by more than colour.
POINT_STYLES = ("circle", "triangle", "rect", "rectRot", "star", "crossRot", "rectRounded", "cross")


@dataclass
class Board:
    """Scenarios × the experts who assessed any of them, each cell their latest likelihood."""

    experts: list
    rows: list  # CompareRow per scenario
    page: object = None  # django.core.paginator.Page of the experts shown


class ScenarioQueries:
    """QuerySet methods for the scenario pages; mixed into the assessment QuerySet."""

    def for_board(self, scenarios, page_number=1, per_page: int = BOARD_EXPERTS) -> Board:
        """One page of experts (by name) with their latest published likelihoods (3 queries)."""
        from corpus.models import Expert

        assessed = (
            Expert.objects.filter(pk__in=self.published().values("expert_id"))
            .select_related("organisation")
            .order_by("name", "pk")
        )
        page = Paginator(assessed, per_page).get_page(page_number)
        experts = list(page.object_list)
        latest = list(
            self.published()
            .filter(expert__in=experts)
            .latest_per_expert()
            .select_related("expert__organisation", "source", "scenario")
            .defer("source__text")
            .order_by("stated_on", "pk")
        )
        return Board(experts, compare_rows(scenarios, experts, latest_words(latest)), page)

    def for_scenario_page(self, scenario):
        """The scenario's published assessments, oldest first, ready for quotes."""
        return (
            self.published()
            .filter(scenario=scenario)
            .select_related("expert", "source")
            .defer("source__text")
            .order_by("stated_on", "expert__name", "pk")
        )


def chart_data(assessments) -> dict:
    """Chart.js datasets: one series per expert, a point per assessment at its date's midpoint."""
    series: dict[int, dict] = {}
    for a in assessments:
        if a.expert_id not in series:
            style = POINT_STYLES[len(series) % len(POINT_STYLES)]
            series[a.expert_id] = {"label": a.expert.name, "pointStyle": style, "data": []}
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
