"""Invented documents for the intake tests, each with who really holds every turn.

Nobody here is a seed person. Each document is a header (lines held by nobody) and turns:
(label as written, the full name of who holds it or None for nobody, text). Turn texts open
with words found nowhere else in their document, so a turn can be found in any rendering.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Turn:
    label: str | None
    holder: str | None
    text: str


@dataclass(frozen=True)
class Document:
    slug: str
    title: str
    kind: str
    style: str  # "colon": LABEL: text · "name-line": label alone on a line · "article"
    header: tuple[str, ...]
    turns: tuple[Turn, ...]
    # People the record already holds before the document is added: (name, aliases, org).
    people: tuple[str, ...] = ()
    # Real people who hold no turn of their own (a co-author).
    coauthors: tuple[str, ...] = ()

    def text(self) -> str:
        blocks = list(self.header)
        for turn in self.turns:
            if self.style == "colon" and turn.label:
                blocks.append(f"{turn.label}: {turn.text}")
            elif self.style == "name-line" and turn.label:
                blocks += [turn.label, turn.text]
            else:
                blocks.append(turn.text)
        return "\n\n".join(blocks) + "\n"

    def speakers(self) -> set[str]:
        return {t.holder for t in self.turns if t.holder} | set(self.coauthors)


_FILLER = (
    "We should be careful about reading too much into single summits, because the record of "
    "the last decade shows how often declarations ran ahead of delivery on the ground."
)

COLON_PANEL = Document(
    slug="colon-panel",
    title="The Arctic and the Steppe",
    kind="transcript",
    style="colon",
    header=(
        "The Arctic and the Steppe: a panel on the partnership",
        "Participants:",
        "Chair: Dr Helena Marsh, Director, Lindqvist Forum (Sweden)",
        "Prof. Tomasz Orlowski, Senior Fellow, Vistula Institute (Poland)",
        "Dr Amara Okafor, Research Director, Gulf of Guinea Policy Centre (Nigeria)",
        "Kenji Watanabe, Visiting Scholar, Kansai Strategic Studies (Japan)",
    ),
    turns=(
        Turn(
            "MARSH",
            None,
            "Welcome to this evening's discussion. Let me open by asking how "
            "close the partnership really is.",
        ),
        Turn(
            "ORLOWSKI",
            "Tomasz Orlowski",
            "Frankly it is an alliance in all but name. The "
            "joint exercises and the arms trade tell us that. " + _FILLER,
        ),
        Turn(
            "OKAFOR",
            "Amara Okafor",
            "Respectfully I disagree. It is a marriage of "
            "convenience, and it will fray in Central Asia. " + _FILLER,
        ),
        Turn(
            "WATANABE",
            "Kenji Watanabe",
            "Seen from Tokyo it looks like alignment without "
            "alliance, nothing more and nothing less. " + _FILLER,
        ),
        Turn(None, None, "[Applause]"),
        Turn("Marsh", None, "Turning to Ukraine, does Beijing back Moscow in substance?"),
        Turn(
            "Orlowski",
            "Tomasz Orlowski",
            "Without doubt it backs Moscow in substance, "
            "through components and through trade. " + _FILLER,
        ),
        Turn(
            "OKAFOR",
            "Amara Okafor",
            "Beijing keeps its distance, with reservations, and "
            "[inaudible] the sanctions regime shapes what its banks will do.",
        ),
        Turn("AUDIENCE MEMBER", None, "Quick question from the back: what about BRICS?"),
        Turn(
            "WATANABE",
            "Kenji Watanabe",
            "BRICS remains a loose club with divergent aims, not a joint platform. " + _FILLER,
        ),
        Turn("MARSH", None, "Closing remarks, please, in one sentence each."),
        Turn(
            "ORLOWSKI",
            "Tomasz Orlowski",
            "Watch the Arctic, where the two will need each other most.",
        ),
    ),
    people=("Amara Okafor|Dr Okafor|Gulf of Guinea Policy Centre", "Daniel Orlowski||"),
)

NAME_LINE_PANEL = Document(
    slug="name-line-panel",
    title="Bridges and rivalries",
    kind="transcript",
    style="name-line",
    header=(
        "Bridges and rivalries: a roundtable transcript",
        "This is the full transcript of the roundtable, chaired by Rosa Delgado. She was joined "
        "by Piotr Nowak of the Baltic Futures Lab, Ingrid Solberg (Nordic Security Network) and "
        "Dr Yusuf Demir.",
    ),
    turns=(
        Turn(
            "Rosa Delgado",
            None,
            "Good afternoon and thanks for joining us; Piotr, the first word is yours.",
        ),
        Turn(
            "Piotr Nowak",
            "Piotr Nowak",
            "Thank you, Rosa. Moscow needs Beijing far more "
            "than Beijing needs Moscow, and that asymmetry grows. " + _FILLER,
        ),
        Turn(
            "Ingrid Solberg",
            "Ingrid Solberg",
            "Looking north, the Arctic shows rivalry under a cooperative surface. " + _FILLER,
        ),
        Turn(
            "Dr Yusuf Demir",
            "Yusuf Demir",
            "From Ankara we see a partnership that is deep but asymmetric. " + _FILLER,
        ),
        Turn("Rosa Delgado", None, "Yusuf, is Taiwan more likely now?"),
        Turn(
            "Yusuf Demir",
            "Yusuf Demir",
            "Honestly the war is a cautionary tale for "
            "Beijing, so somewhat less likely. " + _FILLER,
        ),
        Turn(
            "Piotr Nowak",
            "Piotr Nowak",
            "Let me add that sanctions taught Beijing to prepare its own economy first.",
        ),
        Turn("Ingrid Solberg", "Ingrid Solberg", "Briefly, I share that view on Taiwan."),
    ),
)

INTERVIEW = Document(
    slug="interview",
    title="An interview on mediation",
    kind="transcript",
    style="colon",
    header=(
        "Mediation and its limits: an interview",
        "Interviewer: Clara Whitfield, Editor, The Meridian Review",
        "Interviewee: Ambassador Farid Haddad, Senior Adviser, Levant Policy Forum (Lebanon)",
    ),
    turns=(
        Turn("Q", None, "Ambassador, can China act as an effective mediator in Ukraine?"),
        Turn(
            "A",
            "Farid Haddad",
            "Mediation requires trust from both sides, and Kyiv does "
            "not extend it to Beijing. " + _FILLER,
        ),
        Turn("Q", None, "So the twelve-point paper was for show?"),
        Turn(
            "A", "Farid Haddad", "Partly for show, partly for the Global South audience. " + _FILLER
        ),
        Turn("Q", None, "And on Central Asia?"),
        Turn(
            "A", "Farid Haddad", "Competition there is real, but both capitals manage it quietly."
        ),
    ),
)

ARTICLE = Document(
    slug="article",
    title="A shield, not a sword",
    kind="article",
    style="article",
    header=("A shield, not a sword: reading the partnership",),
    turns=(
        Turn("By Lucia Ferraro and Henrik Dahl", None, "By Lucia Ferraro and Henrik Dahl"),
        Turn(
            None,
            "Lucia Ferraro",
            "Observers in Brussels often treat the partnership as a bloc in the making. " + _FILLER,
        ),
        Turn(
            None,
            "Lucia Ferraro",
            "As Mikhail Sorokin of the Ural Institute put it to us, "
            "\u201cthe partnership is a shield, not a sword.\u201d",
        ),
        Turn(
            None,
            "Lucia Ferraro",
            "Our own reading is that the relationship is deep but "
            "bounded by Beijing's interest in Western markets. " + _FILLER,
        ),
        Turn(
            None,
            "Lucia Ferraro",
            "Finally, neither capital wants a formal alliance, and none is coming.",
        ),
    ),
    coauthors=("Henrik Dahl",),
)

# Labels carrying the speaker's affiliation, a "chaired by" sentence and a bulleted speakers
# list, questions from the floor and inaudible passages: the layouts seen on event pages.
SEMINAR = Document(
    slug="seminar",
    title="Whither the Eurasian partnership",
    kind="transcript",
    style="colon",
    header=(
        "Whither the Eurasian partnership? Seminar transcript",
        "The seminar was chaired by Ambassador Henrik Vass, a former envoy to Beijing.",
        "Speakers:",
        "- Prof. Liesel Brandt \u2014 Chair of Security Studies, Hanse University (Germany)",
        "- Dr. Tariq Nadeem \u2014 Senior Analyst, Karakoram Research Council (Pakistan)",
    ),
    turns=(
        Turn(
            "AMBASSADOR VASS",
            None,
            "Let us start straight away. Professor Brandt, is an axis forming?",
        ),
        Turn(
            "Prof. Brandt (Hanse University)",
            "Liesel Brandt",
            "No axis at all. What we see is a convergence of interests that stops short of "
            "commitment. " + _FILLER,
        ),
        Turn(
            "Dr. Nadeem (Karakoram Research Council)",
            "Tariq Nadeem",
            "I would put it more strongly: the two coordinate their diplomacy at the UN more "
            "closely than ever. " + _FILLER,
        ),
        Turn(None, None, "[Laughter]"),
        Turn(
            "Question from the audience (Maria, a student)",
            None,
            "Is India the swing state here?",
        ),
        Turn(
            "DR. NADEEM",
            "Tariq Nadeem",
            "Certainly India is the swing state, and Moscow knows it. (Unclear) the arms "
            "contracts matter most.",
        ),
        Turn(None, None, "[inaudible]"),
        Turn("PROF. BRANDT", "Liesel Brandt", "Agreed, India holds the balance on this."),
        Turn("Audience question", None, "What about energy and the pipelines?"),
        Turn(
            "Prof. Brandt",
            "Liesel Brandt",
            "Energy is the glue of this partnership, and pipelines take decades to build.",
        ),
        Turn("AMBASSADOR VASS", None, "We must stop there; thank you both."),
    ),
    # Someone else named Brandt is already in the record: the speakers list says who this is.
    people=("Rolf Brandt||",),
)

# Full names in capitals as labels, then surnames alone; the interviewer named in a sentence.
CONVERSATION = Document(
    slug="conversation",
    title="In conversation: the limits of partnership",
    kind="transcript",
    style="colon",
    header=(
        "In conversation: the limits of partnership",
        "Interviewed by Tom Ashby, Contributing Editor, Northern Review. Our guest is "
        "Dr. Mei-Ling Chou of the Formosa Policy Lab.",
    ),
    turns=(
        Turn("TOM ASHBY", None, "Doctor, thank you for joining us. How do you read the summit?"),
        Turn(
            "MEI-LING CHOU",
            "Mei-Ling Chou",
            "As theatre, mostly. The substance was thin and the communiqué repeated old lines. "
            + _FILLER,
        ),
        Turn("TOM ASHBY", None, "And what about Taiwan?"),
        Turn(
            "MEI-LING CHOU",
            "Mei-Ling Chou",
            "Beijing watches Ukraine closely; the lesson it draws is caution, not boldness.",
        ),
        Turn(None, None, "[Crosstalk]"),
        Turn("ASHBY", None, "One last question. Will the partnership last?"),
        Turn(
            "CHOU",
            "Mei-Ling Chou",
            "It will last as long as both face the same pressure from Washington.",
        ),
    ),
)

ALL = (COLON_PANEL, NAME_LINE_PANEL, INTERVIEW, ARTICLE, SEMINAR, CONVERSATION)
