"""Steps run inside the app's settings: `python -m tests.perf.prepare STEP [ARG]`.

STEP is users, targets, load-targets or verify.

Prints JSON on stdout for the benchmark or load test that called it.
"""

import json
import os
import sys

import django

# A place name (in about 1% of synthetic passages) and a broad phrase (in about 9%).
SEARCHES = {"search": "Khorgos", "search-broad": "uranium enrichment"}


def users(editors: int, role: str = "editor") -> dict:
    """A viewer `bench`, a reviewer `bench-reviewer` (whose edits apply at once, as a
    reviewer's do) and `editor-1`… with `role`, all with the password in BENCH_PASSWORD."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    password = os.environ["BENCH_PASSWORD"]
    user_model = get_user_model()
    made = []
    for username, role in [("bench", "viewer"), ("bench-reviewer", "reviewer")] + [
        (f"editor-{n}", role) for n in range(1, editors + 1)
    ]:
        user, _ = user_model.objects.get_or_create(username=username)
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        made.append(username)
    return {"users": made}


def targets() -> dict:
    """The URL of each measured page, picked from the record (the busiest of each kind), and
    for each page a published record it shows, whose edit form the benchmark saves."""
    from django.db.models import Count
    from django.urls import reverse

    from corpus.models import Expert, Issue, Passage, ScenarioAssessment, Source, Stance
    from corpus.search import search_passages

    published = Stance.objects.published()
    issue = Issue.objects.annotate(n=Count("stances")).order_by("-n", "pk").first()
    experts = list(
        Expert.objects.annotate(n=Count("stances"))
        .order_by("-n", "pk")
        .values_list("pk", "slug")[:3]
    )
    source = Source.objects.annotate(n=Count("stances")).order_by("-n", "pk").first()

    def stance_edit(**filters) -> str:
        pk = published.filter(**filters).order_by("pk").values_list("pk", flat=True).first()
        return reverse("stance-edit", args=[pk])

    assessment = (
        ScenarioAssessment.objects.filter(status="published").order_by("pk").values("pk").first()
    )
    on_issue = stance_edit(issue=issue)
    return {
        "stances": Stance.objects.count(),
        "published": published.count(),
        "passages": Passage.objects.count(),
        "searches": {q: search_passages(q).total for q in SEARCHES.values()},
        "pages": {
            "floor": "/_bench/floor/",
            "overview": reverse("overview"),
            "issue": reverse("issue", args=[issue.slug]),
            "issue-chart": reverse("issue-chart-data", args=[issue.slug]),
            "compare": f"{reverse('compare')}?experts={','.join(s for _, s in experts)}",
            "scenarios": reverse("scenarios"),
            "expert": reverse("expert", args=[experts[0][1]]),
            "source": reverse("source", args=[source.pk]),
            **{
                page: f"{reverse('search')}?q={query.replace(' ', '+')}"
                for page, query in SEARCHES.items()
            },
        },
        # The edit form of a record each page shows: the busiest issue's first stance, the
        # compared and shown expert's, the source's, and an assessment for the board.
        "edits": {
            "floor": on_issue,
            "overview": on_issue,
            "issue": on_issue,
            "issue-chart": on_issue,
            "compare": stance_edit(expert_id=experts[0][0]),
            "scenarios": reverse("assessment-edit", args=[assessment["pk"]])
            if assessment
            else on_issue,
            "expert": stance_edit(expert_id=experts[0][0]),
            "source": stance_edit(source=source),
            "search": on_issue,
            "search-broad": on_issue,
        },
        # One stance per issue, with its issue page: the memory phase's cycles.
        "cycles": [
            {"edit": stance_edit(issue=i), "pages": [reverse("issue", args=[i.slug])]}
            for i in Issue.objects.order_by("pk")
            if published.filter(issue=i).exists()
        ],
    }


def load_targets() -> dict:
    """What the load test's readers visit and its editors edit."""
    from django.urls import reverse

    from corpus.models import Expert, Issue, Source, Stance

    answer = targets()
    pages = list(answer["pages"].values())
    pages.remove("/_bench/floor/")
    pages += [
        reverse("issue", args=[slug]) for slug in Issue.objects.values_list("slug", flat=True)
    ]
    pages += [
        reverse("source", args=[pk])
        for pk in Source.objects.order_by("pk").values_list("pk", flat=True)[:20]
    ]
    pages += [
        reverse("expert", args=[slug])
        for slug in Expert.objects.order_by("pk").values_list("slug", flat=True)[:10]
    ]
    stances = list(Stance.objects.published().order_by("pk").values_list("pk", flat=True)[:400])
    return {"pages": pages, "stances": stances}


def verify(path: str) -> dict:
    """Check the load test's edits against the database: nothing acknowledged may be missing.

    `path` holds {"acknowledged": [{pk, version, summary}], "unanswered": [{pk, summary}]}:
    an acknowledged edit must be the stance's current state or in its history at that
    version; versions beyond the last acknowledged one must come from unanswered attempts
    (the response was lost, e.g. its worker was killed), never from nowhere.
    """
    from django.db.models import Count

    from corpus.models import Stance

    with open(path) as f:
        edits = json.load(f)
    history = Stance.history.model
    acknowledged = edits["acknowledged"]
    unanswered = {(e["pk"], e["summary"]) for e in edits["unanswered"]}
    missing_from_history = [
        e
        for e in acknowledged
        if not history.objects.filter(id=e["pk"], version=e["version"], summary=e["summary"])
        .exclude(history_type="-")
        .exists()
    ]
    latest: dict[int, dict] = {}
    for e in acknowledged:
        if e["pk"] not in latest or e["version"] > latest[e["pk"]]["version"]:
            latest[e["pk"]] = e
    final = Stance.objects.in_bulk(list(latest))
    lost, unexplained = [], []
    for pk, e in latest.items():
        stance = final.get(pk)
        behind = stance is None or stance.version < e["version"]
        if behind or (stance.version == e["version"] and stance.summary != e["summary"]):
            lost.append(e)
        elif stance.version > e["version"]:
            later = history.objects.filter(id=pk, version__gt=e["version"]).exclude(
                history_type="-"
            )
            unexplained += [
                {"pk": pk, "version": h.version, "summary": h.summary}
                for h in later
                if (pk, h.summary) not in unanswered
            ]
    seen_versions: dict[tuple, int] = {}
    for e in acknowledged:
        key = (e["pk"], e["version"])
        seen_versions[key] = seen_versions.get(key, 0) + 1
    acknowledged_twice = [{"pk": pk, "version": v} for (pk, v), n in seen_versions.items() if n > 1]
    edited = {e["pk"] for e in acknowledged}
    history_twice = list(
        history.objects.filter(id__in=edited)
        .exclude(history_type="-")
        .values("id", "version")
        .annotate(n=Count("history_id"))
        .filter(n__gt=1)
        .values("id", "version", "n")
    )
    return {
        "acknowledged": len(acknowledged),
        "records_edited": len(edited),
        "missing_from_history": missing_from_history,
        "lost_from_database": lost,
        "unexplained_versions": unexplained,
        "one_version_acknowledged_twice": acknowledged_twice,
        "one_version_saved_twice": history_twice,
    }


def main(argv: list[str]) -> None:
    django.setup()
    if argv[0] == "users":
        answer = users(int(argv[1]) if len(argv) > 1 else 0, *argv[2:3])
    elif argv[0] == "targets":
        answer = targets()
    elif argv[0] == "load-targets":
        answer = load_targets()
    elif argv[0] == "verify":
        answer = verify(argv[1])
    else:
        raise SystemExit(f"unknown step {argv[0]!r}")
    sys.stdout.write(json.dumps(answer))


if __name__ == "__main__":
    main(sys.argv[1:])
