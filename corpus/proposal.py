"""Vantage's proposal of who holds a new document's passages, speaker label by speaker label.

Each label found by corpus.turns is proposed as an *existing* expert (with the evidence: the
full name or alias that matched), a *new* expert (with the details the participants list
gives), *no views* (chair, interviewer, audience), or a *choice* the editor must make when a
surname alone matches someone already in the record. A surname never merges silently: when
the document's own participants list gives that surname a different full name, it is a new
person.
"""

from dataclasses import dataclass, field

from corpus.models import Expert, ExpertAlias, Organisation
from corpus.participants import Participant, normalise
from corpus.splitter import Span, split_passages
from corpus.turns import AUTO, find_turns

EXISTING, NEW, NO_VIEWS, CHOOSE = "existing", "new", "no_views", "choose"


@dataclass
class SpeakerProposal:
    """What Vantage proposes for one speaker label, and why."""

    key: str
    label: str
    labels: list[str]
    turns: int
    proposal: str
    reason: str = ""
    expert: Expert | None = None
    evidence: str = ""
    candidates: list[Expert] = field(default_factory=list)
    name: str = ""
    title: str = ""
    role: str = ""
    organisation: str = ""
    country: str = ""
    existing_organisation: Organisation | None = None

    @property
    def display_name(self) -> str | None:
        """The name of whoever would hold this speaker's passages; None for nobody."""
        if self.proposal == EXISTING and self.expert:
            return self.expert.name
        if self.proposal in (NEW, CHOOSE):
            return self.name
        return None


@dataclass
class Proposal:
    """A document's passages and, for each speaker label, who Vantage proposes holds them."""

    text: str
    spans: list[Span]
    labels: list[str]
    keys: list[str | None]
    speakers: list[SpeakerProposal]

    def speaker(self, key: str | None) -> SpeakerProposal | None:
        return next((s for s in self.speakers if s.key == key), None)

    @property
    def needs_choice(self) -> list[SpeakerProposal]:
        return [s for s in self.speakers if s.proposal == CHOOSE]

    def passages(self) -> list[dict]:
        rows = []
        for index, (span, label, key) in enumerate(
            zip(self.spans, self.labels, self.keys, strict=True)
        ):
            speaker = self.speaker(key)
            rows.append(
                {
                    "index": index,
                    "start": span.start,
                    "end": span.end,
                    "text": self.text[span.start : span.end],
                    "speaker": label or None,
                    "key": key,
                    "expert": speaker.display_name if speaker else None,
                }
            )
        return rows


class _Directory:
    """Every expert by normalised name and alias, and by surname, loaded once."""

    def __init__(self):
        experts = {e.pk: e for e in Expert.objects.select_related("organisation")}
        self.by_name: dict[str, list[Expert]] = {}
        self.by_surname: dict[str, list[Expert]] = {}
        for expert in experts.values():
            self._add(self.by_name, normalise(expert.name), expert, f"full name “{expert.name}”")
            words = normalise(expert.name).split()
            if words:
                self._add(self.by_surname, words[-1], expert, "")
                self._add(self.by_surname, words[0], expert, "")
        for expert_id, alias in ExpertAlias.objects.values_list("expert_id", "name"):
            self._add(self.by_name, normalise(alias), experts[expert_id], f"alias “{alias}”")

    @staticmethod
    def _add(index, key, expert, evidence):
        bucket = index.setdefault(key, [])
        if all(e.pk != expert.pk for e, _ in bucket):
            bucket.append((expert, evidence))

    def known(self) -> set[str]:
        return set(self.by_name)

    def named(self, name: str) -> list[tuple[Expert, str]]:
        return self.by_name.get(normalise(name), [])

    def surname(self, word: str) -> list[Expert]:
        return [e for e, _ in self.by_surname.get(normalise(word), [])]


def propose(text: str, layout: str = AUTO) -> Proposal:
    """Split text into passages and propose who holds each."""
    directory = _Directory()
    spans = split_passages(text)
    turns = find_turns(text, spans, layout, directory.known())
    organisations = {o.name.casefold(): o for o in Organisation.objects.all()}
    speakers = [
        _propose_speaker(found, directory, organisations) for found in turns.speakers.values()
    ]
    return Proposal(text, turns.spans, turns.labels, turns.keys, speakers)


def _propose_speaker(found, directory, organisations):
    person = found.person
    row = SpeakerProposal(
        key=found.key,
        label=found.label,
        labels=list(found.labels),
        turns=found.turns,
        proposal=NEW,
        reason=found.reason,
        name=person.name,
        title=person.title,
        role=person.role,
        organisation=person.organisation,
        country=person.country,
        existing_organisation=organisations.get(person.organisation.casefold()),
    )
    if found.no_views:
        row.proposal = NO_VIEWS
        row.reason = person.part if person.no_views else found.reason
        return row
    full_name = len(person.name.split()) > 1
    # A full name from the document is the only evidence that counts: its short label may be
    # someone else's alias. Without one, a label equal to a known name or alias is evidence.
    for name in [person.name] if full_name else found.labels:
        matches = directory.named(name)
        if len(matches) == 1:
            expert, evidence = matches[0]
            if _conflicting_affiliation(person, expert):
                row.proposal, row.candidates = CHOOSE, [expert]
                row.evidence = (
                    f"{evidence} matches, but the document places them at "
                    f"{person.organisation}, the record at {expert.organisation}"
                )
                return row
            row.proposal, row.expert, row.evidence = EXISTING, expert, f"{evidence} matches"
            if expert.organisation:
                row.evidence += f" ({expert.organisation.name})"
            return row
        if len(matches) > 1:
            row.proposal, row.candidates = CHOOSE, [e for e, _ in matches]
            row.evidence = f"“{name}” names {len(matches)} experts in the record"
            return row
    if full_name:
        # The document names this person in full and nobody in the record has that name: a
        # record expert sharing only the surname is someone else.
        return row
    same_surname = directory.surname(person.name)
    if same_surname:
        row.proposal, row.candidates = CHOOSE, same_surname
        row.evidence = (
            f"only the surname “{person.name}” matches "
            + ", ".join(e.name for e in same_surname)
            + "; the document gives no full name"
        )
    return row


def _conflicting_affiliation(person: Participant, expert: Expert) -> bool:
    return bool(
        person.organisation
        and expert.organisation
        and normalise(person.organisation) != normalise(expert.organisation.name)
    )
