"""Finding speaker turns and sections in a document's lines, and who each label stands for.

Layouts recognised: a name (or alias) alone on a line; `NAME: text`, `Dr. Name: text`,
`Prof. Name (Affiliation): text` in any case; `Q:` / `A:` with the header saying who asks and
who answers; bylines ("By …", "Written by …", "Author: …"). The header's participants list
(see corpus.participants) turns short labels into full names. Chairs, moderators, hosts and
interviewers hold no views; audience questions and stage directions are held by nobody.
"""

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from corpus import participants as people
from corpus.participants import Participant, normalise
from corpus.splitter import Span

AUTO, TRANSCRIPT, SECTIONS, PLAIN = "auto", "transcript", "sections", "plain"

_COLON = re.compile(r"^(?P<label>[^\W\d_][^:\n]{0,70}?)\s*:(?:\s+(?P<rest>\S.*))?\s*$")
_STAGE = re.compile(r"^\s*[\[(][^\])\n]{1,80}[\])]\s*$")
_TRAILING_PAREN = re.compile(r"\s*\((?P<inside>[^()]*)\)\s*$")
_AUDIENCE = re.compile(
    r"^(?:(?:an?|the)\s+)?(?:audience(?:\s+(?:member|question|comment|participant))?"
    r"|member of the audience|floor|questioner|participant|attendee"
    r"|(?:(?:a\s+)?(?:question|comment)s?\s+)?from\s+(?:the\s+)?(?:floor|audience)"
    r"|(?:floor|audience)\s+(?:question|comment)s?"
    r"|unidentified(?:\s+\w+)?|unknown(?:\s+speaker)?|voice|male voice|female voice|man|woman)"
    r"(?:\s*\d+)?$",
    re.IGNORECASE,
)
_ASKS = {"q", "question", "interviewer"}
_ANSWERS = {"a", "answer", "interviewee", "guest"}
_ROLE_LABELS = {"chair": people.CHAIR, "moderator": people.MODERATOR, "host": people.HOST}
# Colon lines that are headings or metadata in documents, never someone speaking.
_NOT_LABELS = {
    "note",
    "notes",
    "source",
    "sources",
    "summary",
    "update",
    "date",
    "time",
    "location",
    "venue",
    "title",
    "subject",
    "keywords",
    "tags",
    "photo",
    "image",
    "caption",
    "transcript",
    "read more",
    "see also",
    "editor's note",
    "disclaimer",
    "contact",
    "email",
    "tel",
    "phone",
    "web",
    "website",
    "url",
    "event",
    "publication",
    "key points",
    "takeaway",
    "key takeaway",
    "background",
    "context",
    "conclusion",
    "abstract",
    "introduction",
    "recommendations",
    "warning",
    "correction",
    "published",
    "updated",
    "filed under",
    "category",
    "share",
}


@dataclass
class SpeakerFound:
    """One person (or nobody-in-particular) the document gives turns to."""

    key: str
    label: str
    person: Participant
    no_views: bool
    reason: str = ""
    labels: list[str] = field(default_factory=list)
    turns: int = 0


@dataclass
class Turns:
    """Per span: the trimmed span, the label that started its turn and its speaker's key."""

    spans: list[Span]
    labels: list[str]
    keys: list[str | None]
    speakers: dict[str, SpeakerFound]
    participants: list[Participant]
    starts: list[bool]

    def turn_count(self) -> int:
        return sum(self.starts)


class _Cast:
    """The participants and known names a label may stand for."""

    def __init__(self, listed: list[Participant], known: set[str]):
        self.listed = listed
        self.known = known
        self.by_key: dict[str, list[Participant]] = {}
        for person in listed:
            for key in person.label_keys():
                bucket = self.by_key.setdefault(key, [])
                if person not in bucket:
                    bucket.append(person)

    def with_part(self, *parts) -> list[Participant]:
        return [p for p in self.listed if p.part in parts]

    def names(self, label: str) -> bool:
        key = normalise(label)
        return key in self.by_key or key in self.known


def _header(lines: list[str]) -> tuple[list[Participant], set[int]]:
    """The participants the header names and the indices of the lines that name them."""
    found, used = [], set()
    listing = None
    for i, line in enumerate(lines):
        if (head := people.header_line(line)) is not None:
            part, rest = head
            if not rest:
                listing, _ = part, used.add(i)
                continue
            entries = (
                people.parse_names(rest, part)
                if part in (people.SPEAKER, people.AUTHOR)
                else [e for e in [people.parse_entry(rest, part)] if e]
            )
            if entries:
                found += entries
                used.add(i)
                continue
            break  # "CHAIR: Welcome, everyone": the first turn; the header is over.
        if listing is not None and (entry := people.parse_entry(line, listing)):
            found.append(entry)
            used.add(i)
            continue
        listing = None
        if (match := _COLON.match(line)) and match["rest"] and _label_shape(match["label"]):
            break
        if i < 25 and (prose := people.parse_prose(line)):
            found += prose
    return _merge(found), used


def _merge(found: list[Participant]) -> list[Participant]:
    """One entry per name: a fuller mention fills in what a shorter one lacked."""
    merged: dict[str, Participant] = {}
    for person in found:
        key = normalise(person.name)
        if key in merged:
            old = merged[key]
            merged[key] = Participant(
                old.name,
                old.title or person.title,
                old.role or person.role,
                old.organisation or person.organisation,
                old.country or person.country,
                old.part if old.part != people.SPEAKER else person.part,
            )
        else:
            merged[key] = person
    return list(merged.values())


def _label_shape(label: str) -> bool:
    base = _TRAILING_PAREN.sub("", label).strip()
    if normalise(base) in _NOT_LABELS or not base:
        return False
    words = base.split()
    if len(words) > 6 or any(ch.isdigit() for ch in base):
        return False
    return all(
        w[0].isupper() or w.casefold() in {"de", "van", "von", "bin", "al", "da"} for w in words
    )


def _seen(speakers: dict) -> set[str]:
    """The normalised labels and names of the speakers found so far."""
    return {
        normalise(_TRAILING_PAREN.sub("", label))
        for found in speakers.values()
        for label in [*found.labels, found.person.name]
    }


def _is_label(label: str, cast: _Cast, colon_counts: Counter, seen: set[str]) -> bool:
    base = _TRAILING_PAREN.sub("", label).strip()
    key = normalise(base)
    if key in _NOT_LABELS:
        return False
    if key in seen:  # someone already speaking, written in another case
        return True
    if cast.names(base) or key in _ASKS | _ANSWERS or key in _ROLE_LABELS:
        return True
    if _AUDIENCE.match(base):
        return True
    if not _label_shape(label):
        return False
    return base.isupper() or colon_counts[key] >= 2 or people.looks_like_name(base)


def _is_name_line(line: str, cast: _Cast, line_counts: Counter) -> bool:
    bare = line.strip().rstrip(":").strip()
    if cast.names(bare):
        return True
    if not _label_shape(bare) or len(bare.split()) > 4:
        return False
    # An unknown name alone on a line starts a turn only when it recurs, as speakers do.
    recurs = line_counts[normalise(bare)] >= 2
    return recurs and (bare.isupper() or people.looks_like_name(bare))


def find_turns(text: str, spans: list[Span], layout: str, known: set[str]) -> Turns:
    """Who holds each span. `known` holds the normalised names and aliases of known experts."""
    lines = [text[s.start : s.end] for s in spans]
    participants, header_lines = _header(lines) if layout != PLAIN else ([], set())
    cast = _Cast(participants, known)
    colon_counts = Counter(
        normalise(_TRAILING_PAREN.sub("", m["label"]))
        for line in lines
        if (m := _COLON.match(line))
    )
    line_counts = Counter(normalise(line.strip().rstrip(":")) for line in lines)
    speakers: dict[str, SpeakerFound] = {}
    out_spans, labels, keys, starts = [], [], [], []
    current_label, current_key = "", None
    for i, (span, line) in enumerate(zip(spans, lines, strict=True)):
        start = False
        new_span = span
        authors = people.byline(line) if layout in (AUTO, SECTIONS) else []
        if layout == PLAIN:
            pass
        elif authors:
            participants += [a for a in authors if a not in participants]
            cast = _Cast(_merge(participants), known)
            current_label = authors[0].name
            current_key = _speaker(speakers, authors[0], authors[0].name, people.AUTHOR).key
            for co_author in authors[1:]:
                _speaker(speakers, co_author, co_author.name, people.AUTHOR)
            labels.append("")
            keys.append(None)
            out_spans.append(span)
            starts.append(True)
            speakers[current_key].turns += 1
            continue
        elif i in header_lines:
            pass
        elif layout in (AUTO, TRANSCRIPT) and _STAGE.match(line):
            labels.append("")
            keys.append(None)
            out_spans.append(span)
            starts.append(False)
            continue
        elif (
            layout in (AUTO, TRANSCRIPT)
            and (m := _COLON.match(line))
            and _is_label(m["label"], cast, colon_counts, _seen(speakers))
        ):
            found = _resolve(m["label"], cast, speakers)
            current_label, current_key, start = m["label"], found.key, True
            found.turns += 1
            if m["rest"]:
                new_span = Span(span.start + m.start("rest"), span.end)
        elif layout in (AUTO, TRANSCRIPT) and _is_name_line(line, cast, line_counts):
            label = line.strip().rstrip(":").strip()
            found = _resolve(label, cast, speakers)
            current_label, current_key, start = label, found.key, True
            found.turns += 1
        held = current_key if i not in header_lines else None
        out_spans.append(new_span)
        labels.append(current_label if held else "")
        keys.append(held)
        starts.append(start)
    return Turns(out_spans, labels, keys, speakers, participants, starts)


def _speaker(speakers, person: Participant, label: str, reason: str, no_views=None):
    key = "p:" + normalise(person.name)
    if key not in speakers:
        speakers[key] = SpeakerFound(
            key, label, person, person.no_views if no_views is None else no_views, reason
        )
    found = speakers[key]
    if found.person != person and normalise(found.person.name) == normalise(person.name):
        # A later line says more about someone already speaking ("Author: A, Fellow, X").
        old = found.person
        found.person = replace(
            old,
            title=old.title or person.title,
            role=old.role or person.role,
            organisation=old.organisation or person.organisation,
            country=old.country or person.country,
        )
    if label not in found.labels:
        found.labels.append(label)
    return found


def _resolve(label: str, cast: _Cast, speakers) -> SpeakerFound:
    """The speaker a turn label stands for."""
    affiliation = ""
    base = label.strip()
    if paren := _TRAILING_PAREN.search(base):
        affiliation, base = paren["inside"].strip(), base[: paren.start()].strip()
    key = normalise(base)
    if _AUDIENCE.match(base):
        return _nobody(speakers, "audience", label, "audience")
    if key in _ASKS:
        askers = cast.with_part(people.INTERVIEWER, people.HOST, people.MODERATOR)
        if len(askers) == 1:
            return _speaker(speakers, askers[0], label, askers[0].part)
        return _nobody(speakers, "interviewer", label, people.INTERVIEWER)
    if key in _ANSWERS:
        answerers = cast.with_part(people.INTERVIEWEE) or [p for p in cast.listed if not p.no_views]
        if len(answerers) == 1:
            return _speaker(speakers, answerers[0], label, "answers")
    if key in _ROLE_LABELS:
        holders = cast.with_part(_ROLE_LABELS[key])
        if len(holders) == 1:
            return _speaker(speakers, holders[0], label, holders[0].part)
        return _nobody(speakers, key, label, _ROLE_LABELS[key])
    matches = cast.by_key.get(key, [])
    if len(matches) == 1:
        return _speaker(speakers, matches[0], label, "listed")
    # "CHOU" after "MEI-LING CHOU": the surname (or first name) of one person already speaking.
    speaking = [
        found
        for found in speakers.values()
        if found.key.startswith("p:") and key in found.person.label_keys()
    ]
    if len(speaking) == 1:
        return _speaker(speakers, speaking[0].person, label, speaking[0].reason)
    title, name = people.strip_title(base.replace(". ", ". ").strip())
    if name.isupper():
        # "MEI-LING O'NEILL" → "Mei-Ling O'Neill": each part of a word capitalised.
        name = re.sub(r"[^\W\d_]+", lambda m: m.group().capitalize(), name)
    person = Participant(name, title, "", affiliation, "", people.SPEAKER)
    return _speaker(speakers, person, label, "label", no_views=False)


def _nobody(speakers, key: str, label: str, reason: str) -> SpeakerFound:
    key = "x:" + key
    if key not in speakers:
        speakers[key] = SpeakerFound(key, label, Participant(label), True, reason)
    if label not in speakers[key].labels:
        speakers[key].labels.append(label)
    return speakers[key]


def names_a_person(label: str) -> bool:
    """Whether a speaker label names the person ("ROE"), not a role ("Q", "Chair")."""
    bare = bare_label(label).rstrip(":").casefold()
    return bool(bare) and bare not in _ASKS | _ANSWERS | set(_ROLE_LABELS)


def bare_label(label: str) -> str:
    """The label without a trailing "(Affiliation)"."""
    return _TRAILING_PAREN.sub("", label).strip()
