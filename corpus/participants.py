"""Who a document says takes part: its participants list, chair, interviewer and bylines.

A transcript's header ("Participants:", "Chair: Dr Jane Roe, Director, Some Forum (Country)",
"Chaired by …, joined by …") gives the full names, titles and affiliations that the short
labels further down ("ROE:") stand for. Everything here is plain text in, dataclasses out.
"""

import re
from dataclasses import dataclass, replace

# What a person does in the document. Chairs and the like ask; they hold no views by default.
SPEAKER, AUTHOR, INTERVIEWEE = "speaker", "author", "interviewee"
CHAIR, MODERATOR, HOST, INTERVIEWER = "chair", "moderator", "host", "interviewer"
NO_VIEWS_PARTS = frozenset({CHAIR, MODERATOR, HOST, INTERVIEWER})

TITLES = (
    "dr",
    "dr.",
    "prof",
    "prof.",
    "professor",
    "mr",
    "mr.",
    "ms",
    "ms.",
    "mrs",
    "mrs.",
    "sir",
    "dame",
    "ambassador",
    "amb.",
    "gen.",
    "general",
    "col.",
    "colonel",
    "rev.",
    "hon.",
    "lord",
    "lady",
    "senator",
    "minister",
)
_PARTICLES = {
    "van",
    "von",
    "de",
    "der",
    "den",
    "del",
    "della",
    "da",
    "di",
    "du",
    "bin",
    "al",
    "el",
    "le",
    "la",
    "ibn",
    "ten",
    "ter",
    "y",
}
# Words that mark an organisation or a job title, never a person's name.
_NOT_NAME_WORDS = {
    "institute",
    "centre",
    "center",
    "university",
    "forum",
    "fellow",
    "director",
    "professor",
    "council",
    "foundation",
    "school",
    "college",
    "studies",
    "programme",
    "program",
    "department",
    "ministry",
    "senior",
    "research",
    "head",
    "president",
    "editor",
    "group",
    "association",
    "academy",
    "office",
    "chair",
    "lecturer",
    "scholar",
    "analyst",
    "member",
    "the",
    "of",
    "and",
    "for",
    "on",
    "at",
    "in",
    "panel",
    "policy",
    "international",
    "affairs",
    "society",
    "review",
    "times",
    "news",
    "press",
    "service",
    "agency",
    "committee",
    "bank",
    "visiting",
    "associate",
    "assistant",
    "deputy",
    "executive",
    "chief",
    "founder",
    "partner",
    "welcome",
    "thank",
    "thanks",
    "questions",
    "question",
    "answer",
    "audience",
}
_ROLE_WORDS = {
    "fellow",
    "director",
    "professor",
    "lecturer",
    "scholar",
    "analyst",
    "researcher",
    "editor",
    "head",
    "president",
    "chair",
    "adviser",
    "advisor",
    "associate",
    "minister",
    "ambassador",
    "correspondent",
    "member",
    "founder",
    "partner",
    "officer",
    "manager",
    "dean",
    "chief",
    "secretary",
    "coordinator",
    "strategist",
    "journalist",
    "author",
}
_LIST_KEYS = {
    "participants": SPEAKER,
    "speakers": SPEAKER,
    "panellists": SPEAKER,
    "panelists": SPEAKER,
    "panel": SPEAKER,
    "guests": INTERVIEWEE,
    "guest": INTERVIEWEE,
    "interviewee": INTERVIEWEE,
    "chair": CHAIR,
    "chairs": CHAIR,
    "co-chairs": CHAIR,
    "chaired by": CHAIR,
    "moderator": MODERATOR,
    "moderated by": MODERATOR,
    "host": HOST,
    "hosts": HOST,
    "hosted by": HOST,
    "interviewer": INTERVIEWER,
    "interviewed by": INTERVIEWER,
    "author": AUTHOR,
    "authors": AUTHOR,
    "written by": AUTHOR,
    "by": AUTHOR,
}
_HEADER = re.compile(
    r"^\s*(?P<key>participants|speakers|panell?ists|panel|guests?|interviewee|chairs?|co-chairs"
    r"|moderator|host|hosts|interviewer|authors?)\s*:\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^\s*(?P<key>written by|by|authors?\s*:)\s+(?P<rest>[^\n]{3,200})$", re.IGNORECASE
)
# The clause after "chaired by": up to a full stop that ends a sentence (not "Dr."), or ";".
_PROSE = re.compile(
    r"\b(?P<key>chaired by|moderated by|hosted by|interviewed by|joined by)\s+"
    r"(?P<rest>.+?)(?:(?<!\bDr)(?<!\bProf)(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\b[A-Z])\.(?=\s|$)|;|$)",
    re.IGNORECASE,
)
_WORD = r"(?:[A-ZÀ-ÖØ-Þ]\.|[A-ZÀ-ÖØ-Þ][\w'’-]*)"
# Words just before a capitalised run that make it an affiliation, not a person.
_AFFILIATION_LEAD = re.compile(r"(?:\b(?:of|at|from|with)(?:\s+the)?|\()\s*$", re.IGNORECASE)
_NAME = re.compile(
    rf"(?:(?P<title>(?:Dr|Prof|Professor|Mr|Ms|Mrs|Sir|Dame|Ambassador|General)\.?)\s+)?"
    rf"(?P<name>{_WORD}(?:\s+(?:(?:van|von|de|der|del|da|di|bin|al|le|la)\s+)?{_WORD}){{1,3}})"
)
_PAREN = re.compile(r"\s*\((?P<inside>[^()]*)\)\s*$")
_BULLET = re.compile(r"^\s*(?:[-•*–—·]|\d+[.)])\s+")


@dataclass(frozen=True)
class Participant:
    """A person the document names, with what it says about them."""

    name: str
    title: str = ""
    role: str = ""
    organisation: str = ""
    country: str = ""
    part: str = SPEAKER

    @property
    def no_views(self) -> bool:
        return self.part in NO_VIEWS_PARTS

    @property
    def surname(self) -> str:
        words = self.name.split()
        # "ZHAO Long": a surname written in capitals comes first.
        if len(words) > 1 and words[0].isupper() and not words[-1].isupper():
            return words[0]
        return words[-1]

    def label_keys(self) -> set[str]:
        """The ways a label may name this person, normalised."""
        words = self.name.split()
        keys = {self.name, self.surname, words[0]}
        if self.title:
            keys |= {f"{self.title} {self.surname}", f"{self.title} {self.name}"}
        return {normalise(k) for k in keys}


def normalise(label: str) -> str:
    """A label compared without case, dots, extra spaces or a leading title."""
    words = label.replace(".", " ").replace("’", "'").split()
    while len(words) > 1 and (words[0].casefold() in TITLES or f"{words[0]}.".casefold() in TITLES):
        words = words[1:]
    return " ".join(words).casefold()


def strip_title(name: str) -> tuple[str, str]:
    """(title, name) for "Dr. Jane Roe"; ("", name) when there is no title."""
    words = name.split()
    titles = []
    while len(words) > 1 and words[0].casefold() in TITLES:
        titles.append(words.pop(0))
    return " ".join(titles), " ".join(words)


def looks_like_name(value: str) -> bool:
    """Two to five capitalised words, no digits, none of them an organisation or role word."""
    _, name = strip_title(value.strip())
    words = name.split()
    if not 2 <= len(words) <= 5 or any(ch.isdigit() for ch in name):
        return False
    for word in words:
        bare = word.strip(".,'’-")
        if bare.casefold() in _PARTICLES:
            continue
        if not bare or not bare[0].isupper() or bare.casefold() in _NOT_NAME_WORDS:
            return False
    return True


def parse_entry(text: str, part: str = SPEAKER) -> Participant | None:
    """One participants-list entry: "Prof. Jane Roe, Senior Fellow, Some Institute (Country)"."""
    text = _BULLET.sub("", text).strip().rstrip(";.")
    for dash in (" — ", " – ", " - "):
        text = text.replace(dash, ", ")
    inside = ""
    if paren := _PAREN.search(text):
        inside, text = paren["inside"].strip(), text[: paren.start()].strip()
    chunks = [c.strip() for c in text.split(",") if c.strip()]
    if not chunks:
        return None
    first = chunks.pop(0)
    if paren_in_name := re.match(r"^(?P<name>[^(]+)\((?P<org>[^)]*)\)$", first):
        first, chunks = paren_in_name["name"].strip(), [paren_in_name["org"], *chunks]
    if not looks_like_name(first) or len(first.split()) > 6:
        return None
    title, name = strip_title(first)
    role = organisation = country = ""
    if chunks:
        if len(chunks) == 1 and not _is_role(chunks[0]):
            organisation = chunks[0]
        else:
            role, organisation = ", ".join(chunks[:-1]), chunks[-1]
            if _is_role(organisation) and not role:
                role, organisation = organisation, ""
    if " at " in role and not organisation:
        role, organisation = role.split(" at ", 1)
    elif " at " in organisation and not role:
        role, organisation = organisation.split(" at ", 1)
    if inside:
        if organisation:
            country = inside
        elif "," in inside:
            organisation, country = (s.strip() for s in inside.rsplit(",", 1))
        else:
            organisation = inside
    organisation = re.sub(r"^(?:of |the )+", "", organisation.strip(), flags=re.IGNORECASE)
    return Participant(name, title, role.strip(), organisation.strip(), country, part)


def _is_role(chunk: str) -> bool:
    return any(w.strip(".").casefold() in _ROLE_WORDS for w in chunk.split())


def parse_names(text: str, part: str) -> list[Participant]:
    """The people of a byline or an inline list: "A and B", "A, B & C", "A (X); B (Y)"."""
    people = []
    for piece in re.split(r";|\s+&\s+|,?\s+and\s+", text):
        entry = parse_entry(piece, part)
        if entry is None:
            continue
        # "By Jane Roe, John Poe": a second name read as an organisation.
        if entry.organisation and looks_like_name(entry.organisation) and not entry.role:
            people += [replace(entry, organisation=""), Participant(entry.organisation, part=part)]
        else:
            people.append(entry)
    return people


def parse_prose(sentence: str) -> list[Participant]:
    """People introduced in a sentence: "chaired by Dr Jane Roe, joined by John Poe of X"."""
    people = []
    for match in _PROSE.finditer(sentence):
        part = _LIST_KEYS.get(match["key"].casefold(), SPEAKER)
        if match["key"].casefold() == "joined by":
            part = SPEAKER
        rest = match["rest"]
        names = [
            m
            for m in _NAME.finditer(rest)
            if looks_like_name(m.group()) and not _AFFILIATION_LEAD.search(rest[: m.start()])
        ]
        for i, found in enumerate(names):
            tail_end = names[i + 1].start() if i + 1 < len(names) else len(rest)
            tail = rest[found.end() : tail_end].strip(" ,")
            tail = re.sub(r",?\s*(?:and|who is|who's)$", "", tail).strip(" ,")
            organisation = role = ""
            if tail.startswith("("):
                organisation = tail.strip("() ")
            elif m := re.match(r"^(?:of|from)\s+(?:the\s+)?(?P<org>.+)$", tail):
                organisation = m["org"]
            elif " at " in tail:
                role, organisation = (s.strip() for s in tail.split(" at ", 1))
                organisation = re.sub(r"^the\s+", "", organisation)
            people.append(
                Participant(
                    found["name"], found["title"] or "", role, organisation.strip(), "", part
                )
            )
            if match["key"].casefold() != "joined by":
                break
    return people


def header_line(line: str) -> tuple[str, str] | None:
    """(part, rest) when the line is a header key such as "Moderator: …" or "Participants:"."""
    if match := _HEADER.match(line):
        return _LIST_KEYS[match["key"].casefold()], match["rest"].strip()
    return None


def byline(line: str) -> list[Participant]:
    """The authors a byline names ("By A and B", "Written by A.", "Author: A"), else []."""
    match = _BYLINE.match(line.strip())
    if not match or len(match["rest"].split()) > 16:
        return []
    return parse_names(match["rest"].strip().rstrip("."), AUTHOR)
