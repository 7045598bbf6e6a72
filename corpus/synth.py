"""A deterministic synthetic record for benchmarks and load tests.

`build(SynthSpec(...))` invents organisations with countries, experts with aliases, issues,
scenarios and sources whose multi-paragraph text is split into attributed passages exactly
as ingestion does; every stance and assessment quotes a sentence of its source at the right
offsets. The same spec and seed give the same record on any database.

Synthetic rows are recognisable: source paths start with `synthetic/`, slugs with `syn-`.
A run replaces the previous synthetic record and leaves any other data alone.
"""

import datetime as dt
import hashlib
import random
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Q
from django.utils.text import slugify

from corpus import changes, read_models
from corpus.attribution import PLAIN, SECTIONS, TRANSCRIPT, Marker, attribute
from corpus.changes import notify
from corpus.dates import DAY, MONTH, YEAR
from corpus.models import (
    Expert,
    ExpertAlias,
    Issue,
    Organisation,
    Passage,
    PendingChange,
    Scenario,
    ScenarioAssessment,
    Source,
    Stance,
)
from corpus.models.taxonomy import LIKELIHOODS
from corpus.search import optimize_index
from corpus.splitter import split_passages

SOURCE_PREFIX = "synthetic/"
SLUG_PREFIX = "syn-"
BATCH = 2000
FIRST_YEAR, LAST_YEAR = 2012, 2025

COUNTRIES = [
    "China",
    "Russia",
    "Europe",
    "US",
    "India",
    "Japan",
    "Central Asia",
    "UK",
    "Turkey",
    "Brazil",
]
_ORG_PLACES = [
    "Baltic", "Pacific", "Eurasian", "Atlantic", "Northern", "Caspian", "Danube", "Amur",
    "Himalayan", "Arctic", "Central", "Global", "Continental", "Maritime", "Steppe", "Alpine",
]  # fmt: skip
_ORG_KINDS = [
    "Institute for Strategic Studies",
    "Centre for Security Policy",
    "Foundation for International Affairs",
    "Council on Foreign Relations",
    "School of Area Studies",
    "Forum for Economic Dialogue",
    "Observatory of Great-Power Politics",
]
_FIRST = [
    "Anna", "Boris", "Chen", "Daria", "Elena", "Feng", "Gustav", "Hanna", "Ivan", "Jun",
    "Katarzyna", "Li", "Marta", "Nikolai", "Olga", "Pavel", "Qing", "Rustam", "Sofia", "Tomás",
    "Ulrike", "Viktor", "Wei", "Xenia", "Yuki", "Zhanna", "Aigerim", "Björn", "Chloé", "Dmitri",
]  # fmt: skip
_LAST = [
    "Ivanova", "Zhang", "Kowalski", "Müller", "Petrov", "Wang", "Novak", "Sato", "Kim",
    "Lindqvist", "Orlov", "Huang", "Dubois", "Nazarbayeva", "Fischer", "Liu", "Sokolov",
    "Tanaka", "Moreau", "Yilmaz", "Chandra", "Bauer", "Karimov", "O'Neill", "García", "Wu",
]  # fmt: skip
_THEMES = [
    ("Energy cooperation", "pipelines, oil and gas deals"),
    ("Arms transfers", "weapons sales and defence industry ties"),
    ("Sanctions evasion", "help in getting round Western sanctions"),
    ("Arctic shipping", "the Northern Sea Route and Arctic investment"),
    ("Space cooperation", "satellites, navigation and lunar plans"),
    ("Technology transfer", "chips, machine tools and dual-use goods"),
    ("Currency settlement", "trade settled in yuan and roubles"),
    ("Joint exercises", "military drills and naval patrols"),
    ("Central Asian influence", "influence over the Central Asian states"),
    ("Middle East diplomacy", "coordination in the Middle East"),
    ("Africa strategy", "competition and cooperation in Africa"),
    ("Korean peninsula", "policy towards North Korea"),
    ("UN voting", "coordination at the UN Security Council"),
    ("Cyber operations", "cooperation on cyber and information control"),
    ("Grain and food trade", "agricultural trade"),
    ("Nuclear energy", "reactor exports and fuel supply"),
    ("Border infrastructure", "bridges, railways and border crossings"),
    ("Media narratives", "state media echoing each other"),
    ("Far East development", "Chinese investment in the Russian Far East"),
    ("Multilateral forums", "BRICS and the SCO"),
    ("Indian Ocean", "naval presence in the Indian Ocean"),
    ("Financial plumbing", "payment systems outside SWIFT"),
    ("Rare earths", "critical minerals supply chains"),
    ("Public opinion", "how each public sees the other"),
]
_LABELS = (
    "far weaker than officials claim",
    "weaker than it looks",
    "real but limited",
    "stronger than it looks",
    "a deep and durable commitment",
)
_SCENARIOS = [
    "a formal military alliance is signed",
    "Russia becomes China's junior partner",
    "the partnership frays over rivalry in third regions",
    "China moves militarily on Taiwan",
    "China brokers a ceasefire in Ukraine",
    "a joint reserve currency is launched",
    "Russia turns back towards Europe",
    "a border dispute reopens",
]
_SUBJECTS = [
    "Beijing", "Moscow", "The Kremlin", "China Development Bank", "Russia's export agency",
    "Astana", "Washington", "The foreign ministry", "Gazprom", "China's customs office",
    "New Delhi", "The central bank", "Rosneft", "Tokyo",
]  # fmt: skip
_VERBS = [
    "has expanded", "has quietly reduced", "continues to finance", "is renegotiating",
    "openly questions", "has doubled", "rarely mentions", "now depends on", "tried to limit",
    "publicly welcomed", "has stalled", "keeps postponing",
]  # fmt: skip
_OBJECTS = [
    "pipeline capacity", "rail links to Europe", "joint naval patrols", "yuan settlement",
    "satellite navigation", "grain shipments", "semiconductor imports", "port concessions",
    "military exports", "research exchanges", "hydropower projects", "insurance for tankers",
    "the Power of Siberia line", "icebreaker construction", "fertiliser exports",
    "drone components", "vocational schools", "payment cards", "uranium enrichment",
]  # fmt: skip
_CONTEXTS = [
    "since the sanctions", "across the Arctic", "through Kazakhstan", "in the Far East",
    "after the 2022 invasion", "along the Amur", "in the Caspian region", "before the summit",
    "despite official denials", "over the past decade", "in recent customs figures",
    "according to industry sources",
]  # fmt: skip
# Rarer words, as real documents have: each appears in a small share of passages.
_PLACES = [
    "Vladivostok", "Harbin", "Khorgos", "Aktau", "Yamal", "Sakhalin", "Irkutsk", "Urumqi",
    "Murmansk", "Gwadar", "Djibouti", "Chabahar", "Blagoveshchensk", "Heihe", "Zabaikalsk",
    "Manzhouli", "Tashkent", "Bishkek", "Dushanbe", "Ashgabat", "Baku", "Tbilisi", "Minsk",
    "Novosibirsk", "Omsk", "Kazan", "Ulaanbaatar", "Kashgar", "Lanzhou", "Xi'an", "Chongqing",
    "Dalian", "Qingdao", "Tianjin", "Shenzhen", "Hainan", "Kamchatka", "Chukotka", "Norilsk",
    "Arkhangelsk", "Kaliningrad", "Sevastopol", "Rostov", "Astrakhan", "Orenburg", "Tomsk",
    "Yakutsk", "Magadan", "Nakhodka", "Khabarovsk", "Hunchun", "Rason", "Pyongyang", "Tehran",
    "Riyadh", "Ankara", "Belgrade", "Budapest", "Piraeus", "Hambantota",
]  # fmt: skip
_STANCE_TEMPLATES = [
    "On {topic}, the record since {year} points to cooperation that is {label}.",
    "My reading of {topic} is that it is {label}, whatever the communiqués say.",
    "When it comes to {topic}, I would call it {label}.",
    "The evidence on {topic} suggests something {label}.",
]
_ASSESSMENT_TEMPLATES = [
    "I would rate the chance that {scenario} as {likelihood} within a decade.",
    "That {scenario} looks {likelihood} to me.",
]
_KIND_WEIGHTS = {
    Source.Kind.REPORT: 4,
    Source.Kind.ARTICLE: 4,
    Source.Kind.BLOG: 3,
    Source.Kind.TRANSCRIPT: 2,
    Source.Kind.NEWSLETTER: 2,
    Source.Kind.TRACKER: 1,
}


@dataclass(frozen=True)
class SynthSpec:
    """How big a record to invent, and from which seed."""

    experts: int
    issues: int
    sources: int
    stances: int
    seed: int = 1
    scenarios: int | None = None  # default: half the issues, at least 3
    assessments: int | None = None  # default: a tenth of the stances

    @property
    def scenario_count(self) -> int:
        return self.scenarios if self.scenarios is not None else max(3, self.issues // 2)

    @property
    def assessment_count(self) -> int:
        return self.assessments if self.assessments is not None else self.stances // 10


@dataclass
class SynthReport:
    counts: Counter = field(default_factory=Counter)

    def lines(self) -> list[str]:
        return [f"{kind}: {n}" for kind, n in self.counts.items()]


class SynthError(Exception):
    """The spec cannot be built (a count below one, or assessments without scenarios)."""


def has_real_sources() -> bool:
    """True when the database holds sources that synth did not make."""
    return Source.objects.exclude(path__startswith=SOURCE_PREFIX).exists()


def build(spec: SynthSpec) -> SynthReport:
    """Replace any previous synthetic record with the one spec describes, in one transaction."""
    _check(spec)
    plan = _Plan(spec)
    report = SynthReport()
    with transaction.atomic():
        clear()
        plan.write(report)
    settle_after_bulk_load()
    return report


def settle_after_bulk_load() -> None:
    """What a live database does over time, done at once after a bulk load.

    Fresh planner statistics everywhere; on PostgreSQL, VACUUM also moves the GIN search
    index's pending entries into the index proper (until then every search scans them) and
    marks pages all-visible; on SQLite the FTS5 index is merged into one segment. VACUUM
    cannot run inside a transaction (as in tests): ANALYZE alone then.
    """
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
    optimize_index()


def clear() -> None:
    """Delete every synthetic row (and its history), leaving other data as it was.

    Raw deletes: they send no signals, so simple-history writes no deletion rows and cascades
    are spelled out here instead of row by row.
    """
    # The read models point at what is deleted: emptied first, rebuilt from what stays.
    read_models.clear()
    sources = Source.objects.filter(path__startswith=SOURCE_PREFIX)
    experts = Expert.objects.filter(slug__startswith=SLUG_PREFIX)
    issues = Issue.objects.filter(slug__startswith=SLUG_PREFIX)
    scenarios = Scenario.objects.filter(slug__startswith=SLUG_PREFIX)
    stances = Stance.objects.filter(
        Q(source__in=sources) | Q(expert__in=experts) | Q(issue__in=issues)
    )
    assessments = ScenarioAssessment.objects.filter(
        Q(source__in=sources) | Q(expert__in=experts) | Q(scenario__in=scenarios)
    )
    organisation_ids = set(experts.values_list("organisation_id", flat=True)) - {None}
    reviews = PendingChange.objects.filter(Q(stance__in=stances) | Q(assessment__in=assessments))
    _raw_delete(PendingChange.history.model.objects.filter(id__in=reviews.values("pk")))
    _raw_delete(reviews)
    for history, records in (
        (Stance.history.model, stances),
        (ScenarioAssessment.history.model, assessments),
    ):
        _raw_delete(history.objects.filter(id__in=records.values("pk")))
        _raw_delete(records)
    Passage.objects.filter(expert__in=experts).exclude(source__in=sources).update(expert=None)
    _raw_delete(Passage.objects.filter(source__in=sources))
    _raw_delete(Source.history.model.objects.filter(path__startswith=SOURCE_PREFIX))
    _raw_delete(sources)
    _raw_delete(ExpertAlias.objects.filter(expert__in=experts))
    _raw_delete(Expert.history.model.objects.filter(slug__startswith=SLUG_PREFIX))
    _raw_delete(experts)
    _raw_delete(Scenario.issues.through.objects.filter(scenario__in=scenarios))
    _raw_delete(scenarios)
    _raw_delete(issues)
    _raw_delete(Organisation.objects.filter(pk__in=organisation_ids, experts__isnull=True))
    # Raw deletes skip the write door and send no signals: every page may have shown them.
    notify.bump_all()
    read_models.rebuild()


def _raw_delete(queryset) -> None:
    queryset._raw_delete(queryset.db)


def _check(spec: SynthSpec) -> None:
    for name in ("experts", "issues", "sources", "stances"):
        if getattr(spec, name) < 1:
            raise SynthError(f"--{name} must be at least 1")
    if spec.scenario_count < 1 and spec.assessment_count:
        raise SynthError("assessments need at least one scenario")


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


class _Plan:
    """Decides every row in memory (deterministically), then writes them with bulk inserts."""

    def __init__(self, spec: SynthSpec):
        self.spec = spec
        self.rng = random.Random(spec.seed)
        self.leanings: dict[tuple[int, int], float] = {}

    # --- taxonomy and people -------------------------------------------------------------

    def issues(self) -> list[Issue]:
        issues = []
        for n in range(self.spec.issues):
            theme, about = _THEMES[n % len(_THEMES)]
            round_ = n // len(_THEMES)
            name = theme if round_ == 0 else f"{theme} ({round_ + 1})"
            issues.append(
                Issue(
                    slug=_slug(name),
                    name=name,
                    question=f"How substantial is China–Russia cooperation on {about}?",
                    label_minus_2=_LABELS[0],
                    label_minus_1=_LABELS[1],
                    label_0=_LABELS[2],
                    label_plus_1=_LABELS[3],
                    label_plus_2=_LABELS[4],
                    order=n,
                )
            )
        return issues

    def scenarios(self) -> list[Scenario]:
        scenarios = []
        for n in range(self.spec.scenario_count):
            what = _SCENARIOS[n % len(_SCENARIOS)]
            round_ = n // len(_SCENARIOS)
            title = what[0].upper() + what[1:] + ("" if round_ == 0 else f" ({round_ + 1})")
            scenarios.append(
                Scenario(
                    slug=_slug(title),
                    title=title,
                    description=f"A possible future in which {what}.",
                    horizon=self.rng.choice(["2030", "2035", "a decade", "five years"]),
                    order=n,
                )
            )
        return scenarios

    def organisations(self) -> list[Organisation]:
        count = max(3, self.spec.experts // 8)
        names, organisations = set(), []
        for n in range(count):
            name = f"{self.rng.choice(_ORG_PLACES)} {self.rng.choice(_ORG_KINDS)}"
            if name in names:
                name = f"{name} {n + 1}"
            names.add(name)
            organisations.append(Organisation(name=name, country=self.rng.choice(COUNTRIES)))
        return organisations

    def experts(self, organisations) -> tuple[list[Expert], list[list[str]]]:
        experts, aliases, taken = [], [], set()
        for n in range(self.spec.experts):
            organisation = self.rng.choice(organisations)
            team = f"{organisation.name} research team"
            if self.rng.random() < 0.04 and team not in taken:
                name = team
                taken.add(name)
                kind, role, names = Expert.Kind.INSTITUTION, "", []
            else:
                first, last = self.rng.choice(_FIRST), self.rng.choice(_LAST)
                name = f"{first} {last}"
                # Distinct names, so a transcript's speaker lines are never ambiguous.
                while name in taken:
                    name = f"{first} {self.rng.choice('ABCDEFGHJKLMNPRSTVW')}. {last}"
                    if name in taken and self.rng.random() < 0.1:
                        name = f"{first} {last}-{self.rng.choice(_LAST)}"
                taken.add(name)
                kind = Expert.Kind.PERSON
                role = self.rng.choice(["Senior Fellow", "Professor", "Director", "Analyst", ""])
                names = self._aliases(first, last)
            experts.append(
                Expert(
                    slug=_slug(name, f"-{n + 1}"),
                    name=name,
                    kind=kind,
                    organisation=organisation,
                    role=role,
                )
            )
            aliases.append(names)
        return experts, aliases

    def _aliases(self, first: str, last: str) -> list[str]:
        if self.rng.random() < 0.6:
            return []
        options = [f"Dr {first} {last}", f"{first[0]}. {last}", first, _misspell(last, self.rng)]
        picked = self.rng.sample(options, self.rng.choice([1, 1, 2]))
        seen = {f"{first} {last}".casefold()}
        aliases = []
        for alias in picked:
            if alias.casefold() not in seen:
                seen.add(alias.casefold())
                aliases.append(alias)
        return aliases

    # --- sources and the records quoting them ---------------------------------------------

    def position(self, expert_no: int, issue_no: int, year: int) -> int:
        """An expert's view drifts slowly over the years around their own leaning."""
        key = (expert_no, issue_no)
        if key not in self.leanings:
            self.leanings[key] = self.rng.uniform(-2.2, 2.2)
        drift = (year - 2018) * 0.08 * (1 if (expert_no + issue_no) % 2 else -1)
        return _clamp(self.leanings[key] + drift + self.rng.gauss(0, 0.5), -2, 2)

    def source_plans(self) -> list[dict]:
        spec = self.spec
        kinds = list(_KIND_WEIGHTS)
        weights = list(_KIND_WEIGHTS.values())
        stances = _spread(spec.stances, spec.sources)
        assessments = _spread(spec.assessment_count, spec.sources)
        plans = []
        for n in range(spec.sources):
            kind = self.rng.choices(kinds, weights)[0]
            authors = {
                Source.Kind.TRANSCRIPT: self.rng.randint(3, 4),
                Source.Kind.BLOG: self.rng.randint(2, 4),
            }.get(kind, 1)
            authors = min(authors, spec.experts)
            day = dt.date(FIRST_YEAR, 1, 1) + dt.timedelta(
                days=self.rng.randrange((LAST_YEAR - FIRST_YEAR + 1) * 365)
            )
            precision = self.rng.choices([DAY, MONTH, YEAR], [6, 3, 1])[0]
            if precision == MONTH:
                day = day.replace(day=1)
            elif precision == YEAR:
                day = day.replace(month=1, day=1)
            plans.append(
                {
                    "n": n,
                    "kind": kind,
                    "authors": self.rng.sample(range(spec.experts), authors),
                    "focus": self.rng.sample(range(spec.issues), min(spec.issues, 3)),
                    "date": day,
                    "precision": precision,
                    "stances": stances[n],
                    "assessments": assessments[n],
                }
            )
        return plans

    def compose(self, plan, experts, issues, scenarios) -> dict:
        """The text of one source, with the sentences its records quote and their offsets."""
        year = plan["date"].year
        authors = plan["authors"]
        # Each record is said by one author; group them so each author speaks in one block.
        said: dict[int, list[tuple]] = {a: [] for a in authors}
        for k in range(plan["stances"]):
            issue_no = plan["focus"][k % len(plan["focus"])]
            expert_no = authors[k % len(authors)]
            said[expert_no].append(("stance", issue_no, self.position(expert_no, issue_no, year)))
        for k in range(plan["assessments"]):
            expert_no = authors[(k + 1) % len(authors)]
            scenario_no = self.rng.randrange(len(scenarios))
            said[expert_no].append(("assessment", scenario_no, self.rng.randint(1, 5)))

        theme = issues[plan["focus"][0]].name
        title = f"{theme}: {self.rng.choice(['notes', 'a briefing', 'panel', 'review'])} {year}"
        layout = {Source.Kind.TRANSCRIPT: TRANSCRIPT, Source.Kind.BLOG: SECTIONS}.get(
            plan["kind"], PLAIN
        )
        parts = [f"{title} (no. {plan['n'] + 1})", ""]
        offset = sum(len(p) + 1 for p in parts)
        quoted = []
        markers = []

        def add(line: str) -> int:
            nonlocal offset
            start = offset
            parts.append(line)
            offset += len(line) + 1
            return start

        if layout == PLAIN:
            author = experts[authors[0]]
            markers.append(Marker(f"By {author.name}", author.slug))
            add(f"By {author.name}")
            add("")
        for expert_no in authors:
            expert = experts[expert_no]
            if layout == TRANSCRIPT:
                add(expert.name)
            elif layout == SECTIONS:
                add(f"Written by {expert.name}")
            add("")
            records = said[expert_no] or [None]
            for record in records:
                sentences = [self.filler() for _ in range(self.rng.randint(1, 3))]
                quote = None
                if record is not None:
                    quote = self.statement(record, issues, scenarios, year)
                    at = self.rng.randint(0, len(sentences))
                    sentences.insert(at, quote)
                    within = sum(len(s) + 1 for s in sentences[:at])
                start = add(" ".join(sentences))
                add("")
                if record is not None:
                    quoted.append((expert_no, record, start + within, quote))
        text = "\n".join(parts)
        return {
            "title": title,
            "text": text,
            "layout": layout,
            "markers": markers,
            "quoted": quoted,
        }

    def filler(self) -> str:
        rng = self.rng
        context = (
            rng.choice(_CONTEXTS)
            if rng.random() < 0.5
            else f"{rng.choice(['in', 'near', 'around', 'via'])} {rng.choice(_PLACES)}"
        )
        return f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {context}."

    def statement(self, record, issues, scenarios, year) -> str:
        table, target, value = record
        if table == "stance":
            template = self.rng.choice(_STANCE_TEMPLATES)
            issue = issues[target]
            return template.format(
                topic=issue.name.lower(),
                year=year - self.rng.randint(1, 6),
                label=_LABELS[value + 2],
            )
        template = self.rng.choice(_ASSESSMENT_TEMPLATES)
        return template.format(
            scenario=scenarios[target].title.lower(), likelihood=LIKELIHOODS[value]
        )

    # --- writing ---------------------------------------------------------------------------

    def write(self, report: SynthReport) -> None:
        # bulk_create throughout: fast enough for 100k stances. Stances and assessments go
        # through the write door's bulk import (with history); the rest writes no history
        # (simple-history hooks save()): a synthetic record has no past to keep anyway.
        issues = Issue.objects.bulk_create(self.issues(), batch_size=BATCH)
        scenarios = Scenario.objects.bulk_create(self.scenarios(), batch_size=BATCH)
        links = [
            Scenario.issues.through(scenario=s, issue=i)
            for s in scenarios
            for i in self.rng.sample(issues, min(2, len(issues)))
        ]
        Scenario.issues.through.objects.bulk_create(links, batch_size=BATCH)
        expert_rows, alias_names = self.experts(self.organisations())
        organisations = self.save_organisations(expert_rows)
        experts = Expert.objects.bulk_create(expert_rows, batch_size=BATCH)
        aliases = ExpertAlias.objects.bulk_create(
            (
                ExpertAlias(expert=e, name=a)
                for e, names in zip(experts, alias_names, strict=True)
                for a in names
            ),
            batch_size=BATCH,
        )
        report.counts.update(
            issues=len(issues),
            scenarios=len(scenarios),
            organisations=len(organisations),
            experts=len(experts),
            aliases=len(aliases),
        )
        plans = self.source_plans()
        composed = [self.compose(plan, experts, issues, scenarios) for plan in plans]
        sources = Source.objects.bulk_create(
            (
                self.source_row(plan, doc, experts)
                for plan, doc in zip(plans, composed, strict=True)
            ),
            batch_size=BATCH,
        )
        report.counts["sources"] = len(sources)
        self.write_passages(sources, composed, plans, experts, report)
        self.write_records(sources, composed, experts, issues, scenarios, report)

    @staticmethod
    def save_organisations(experts: list[Expert]) -> list[Organisation]:
        """Insert the organisations experts work at; reuse any that exist by that name."""
        wanted = {}
        for expert in experts:
            wanted.setdefault(expert.organisation.name, expert.organisation)
        existing = Organisation.objects.in_bulk(list(wanted), field_name="name")
        new = [o for name, o in wanted.items() if name not in existing]
        Organisation.objects.bulk_create(new, batch_size=BATCH)
        for expert in experts:
            expert.organisation = existing.get(expert.organisation.name, expert.organisation)
        return new

    def source_row(self, plan, doc, experts) -> Source:
        first = experts[plan["authors"][0]]
        return Source(
            title=doc["title"],
            publisher=first.organisation.name,
            kind=plan["kind"],
            published_on=plan["date"],
            date_precision=plan["precision"],
            url=f"https://example.org/synthetic/{plan['n'] + 1}",
            text=doc["text"],
            # bulk_create skips Source.save(), which would fill this in.
            sha256=hashlib.sha256(doc["text"].encode("utf-8")).hexdigest(),
            path=f"{SOURCE_PREFIX}{plan['n'] + 1:06d}.txt",
        )

    def write_passages(self, sources, composed, plans, experts, report) -> None:
        def rows():
            for source, doc, plan in zip(sources, composed, plans, strict=True):
                authors = [experts[n] for n in plan["authors"]]
                names = {e.name: e.slug for e in authors}
                by_slug = {e.slug: e for e in authors}
                spans = split_passages(doc["text"])
                display = {e.slug: e.name for e in authors}
                who = attribute(doc["text"], spans, doc["layout"], names, doc["markers"], display)
                for index, (span, attribution) in enumerate(zip(spans, who, strict=True)):
                    yield Passage(
                        source=source,
                        index=index,
                        start=span.start,
                        end=span.end,
                        text=doc["text"][span.start : span.end],
                        speaker_label=attribution.speaker_label[:200],
                        expert=by_slug.get(attribution.expert),
                    )

        report.counts["passages"] = _bulk(Passage, rows())

    def write_records(self, sources, composed, experts, issues, scenarios, report) -> None:
        confidences = ["low", "medium", "medium", "high"]

        def rows(table):
            for source, doc in zip(sources, composed, strict=True):
                for expert_no, (kind, target, value), start, quote in doc["quoted"]:
                    if kind != table:
                        continue
                    common = {
                        "expert": experts[expert_no],
                        "source": source,
                        "stated_on": source.published_on,
                        "stated_precision": source.date_precision,
                        "quote": quote,
                        "quote_start": start,
                        "quote_end": start + len(quote),
                        "confidence": self.rng.choice(confidences),
                        "status": "draft" if self.rng.random() < 0.06 else "published",
                    }
                    if table == "stance":
                        issue = issues[target]
                        yield Stance(
                            issue=issue,
                            position=value,
                            summary=f"Sees {issue.name.lower()} as {_LABELS[value + 2]}.",
                            **common,
                        )
                    else:
                        yield ScenarioAssessment(
                            scenario=scenarios[target],
                            likelihood=value,
                            rationale=f"Thinks it {LIKELIHOODS[value]} that "
                            f"{scenarios[target].title.lower()}.",
                            **common,
                        )

        report.counts["stances"] = _bulk(Stance, rows("stance"), changes.bulk_import)
        report.counts["assessments"] = _bulk(
            ScenarioAssessment, rows("assessment"), changes.bulk_import
        )


def _bulk(model, rows, insert=None) -> int:
    """Insert rows from an iterator in batches (through insert, if given); returns how many."""
    insert = insert or model.objects.bulk_create
    total, batch = 0, []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            insert(batch)
            total += len(batch)
            batch = []
    if batch:
        insert(batch)
        total += len(batch)
    return total


def _slug(name: str, suffix: str = "") -> str:
    """syn-<name><suffix>, within a SlugField's 50 characters."""
    room = 50 - len(SLUG_PREFIX) - len(suffix)
    return f"{SLUG_PREFIX}{slugify(name)[:room].rstrip('-')}{suffix}"


def _spread(total: int, buckets: int) -> list[int]:
    """total split as evenly as possible over buckets."""
    base, extra = divmod(total, buckets)
    return [base + (1 if n < extra else 0) for n in range(buckets)]


def _misspell(word: str, rng: random.Random) -> str:
    """The name with two neighbouring letters swapped, as a careless bio might write it."""
    if len(word) < 4:
        return word + word[-1]
    at = rng.randrange(1, len(word) - 2)
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
