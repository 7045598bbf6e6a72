"""The source reader's text: the original, block by block, with every quote marked.

Markup is built by escaping the source text and inserting tags at computed offsets, never by
trusting the text. A quote that spans several passages is split at their edges; quotes that
cross each other are split so the tags nest: only a quote's first piece carries its
`id` (the URL fragment), every piece carries `data-record` so the whole quote can be lit up.
The text content of each block's markup is exactly text[block.start:block.end].
"""

from dataclasses import dataclass, field

from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString

from corpus.models.taxonomy import LIKELIHOODS
from corpus.pages.links import link_to


@dataclass(frozen=True)
class QuoteMark:
    """A span of the source to mark, and how its mark links back to its record."""

    anchor: str  # "stance-12": the element id and the URL fragment
    kind: str  # "stance" | "assessment"
    start: int
    end: int
    number: int  # footnote number, in reading order
    title: str  # hover text: who, on what, which position
    css: str  # extra classes: the kind of record, "q-draft"
    record: object = field(compare=False, repr=False)
    # The record's permalink, its expert's page and its issue's or scenario's page.
    url: str = field(default="", compare=False)
    expert_url: str = field(default="", compare=False)
    subject_url: str = field(default="", compare=False)


@dataclass
class Block:
    """One element of the reader: a passage (`index` set) or stray text between passages."""

    start: int
    end: int
    html: SafeString
    index: int | None = None
    after_blank_line: bool = True

    @property
    def element_id(self) -> str:
        return f"p{self.index}" if self.index is not None else ""


@dataclass
class Turn:
    """Consecutive blocks held by the same speaker or author (or by nobody)."""

    speaker_label: str
    expert: object | None
    blocks: list[Block] = field(default_factory=list)
    # A transcript turn opens with a line that is just the speaker's name.
    opens_with_label: bool = False
    expert_url: str = ""
    # "NAME:" before the turn's first passage, held by no passage: the document's own label,
    # shown as the turn's speaker rather than as a stray line of the turn before.
    label_block: Block | None = None


def quote_marks(stances, assessments) -> list[QuoteMark]:
    """Marks for records (expert and issue/scenario loaded), numbered in reading order."""
    spans = [(s.quote_start, s.quote_end, "stance", s) for s in stances] + [
        (a.quote_start, a.quote_end, "assessment", a) for a in assessments
    ]
    if not spans:
        return []
    spans.sort(key=lambda span: (span[0], -span[1], span[2], span[3].pk))
    # Every mark's links from one reversed prefix per route, not a reverse() per mark.
    record_url = {"stance": link_to("stance"), "assessment": link_to("assessment")}
    expert_url = link_to("expert")
    subject_url = {"stance": link_to("issue"), "assessment": link_to("scenario")}
    return [
        QuoteMark(
            anchor=f"{kind}-{record.pk}",
            kind=kind,
            start=start,
            end=end,
            number=number,
            title=_title(kind, record),
            css=_css(kind, record),
            record=record,
            url=record_url[kind](record.pk),
            expert_url=expert_url(record.expert.slug),
            subject_url=subject_url[kind](_subject(kind, record).slug),
        )
        for number, (start, end, kind, record) in enumerate(spans, start=1)
    ]


def _subject(kind: str, record):
    return record.issue if kind == "stance" else record.scenario


def _title(kind: str, record) -> str:
    if kind == "stance":
        sign = f"{record.position:+d}".replace("-", "−") if record.position else "0"
        what = f"on {record.issue.name}: {sign} ({record.issue.label_for(record.position)})"
    else:
        label = LIKELIHOODS.get(record.likelihood, "")
        what = f"on “{record.scenario.title}”: {record.likelihood}/5 ({label})"
    state = "" if record.is_published else f" [{record.get_status_display().lower()}]"
    return f"{record.expert.name} {what}{state}"


def _css(kind: str, record) -> str:
    classes = [f"q-{kind}"]
    if record.is_draft:
        classes.append("q-draft")
    elif record.is_retired:
        classes.append("q-retired")
    return " ".join(classes)


def reader_turns(text: str, passages, marks: list[QuoteMark]) -> list[Turn]:
    """The text as turns of blocks; passages in order, plus any visible text between them."""
    blocks = _blocks(text, passages)
    _mark_blocks(text, blocks, marks)
    turns: list[Turn] = []
    expert_url = None  # reversed once, on the first turn with an expert
    label_block = None
    for i, (block, passage) in enumerate(blocks):
        if passage is None and _labels_next(text, block, blocks[i + 1 : i + 2]):
            label_block = block
            continue
        speaker = (_label(passage), passage.expert_id) if passage else ("", None)
        last = turns[-1] if turns else None
        if label_block or last is None or (last.speaker_label, _expert_id(last.expert)) != speaker:
            expert = passage.expert if passage else None
            if expert is not None:
                expert_url = expert_url or link_to("expert")
            last = Turn(speaker[0], expert, expert_url=expert_url(expert.slug) if expert else "")
            last.opens_with_label = bool(speaker[0]) and (
                text[block.start : block.end].strip() == speaker[0]
            )
            last.label_block, label_block = label_block, None
            turns.append(last)
        last.blocks.append(block)
    return turns


def _labels_next(text: str, block: Block, following: list) -> bool:
    """Whether a stray block is just the "NAME:" label of the passage after it."""
    if not following or following[0][1] is None:
        return False
    label = following[0][1].speaker_label
    return bool(label) and text[block.start : block.end].rstrip(":").strip() == label


def _label(passage) -> str:
    """The document's own name for the speaker, else the expert's name."""
    if passage.speaker_label or passage.expert is None:
        return passage.speaker_label
    return passage.expert.name


def _expert_id(expert) -> int | None:
    return expert.pk if expert is not None else None


def _blocks(text: str, passages) -> list[tuple[Block, object]]:
    """(block, passage or None) pairs covering every visible character of text, in order."""
    pairs = []
    cursor = 0
    for passage in sorted(passages, key=lambda p: p.start):
        if passage.start < cursor:  # overlapping passages: show each character once
            continue
        _add_gap(text, cursor, passage.start, pairs)
        gap = text[cursor : passage.start]
        block = Block(
            passage.start,
            passage.end,
            SafeString(""),
            index=passage.index,
            after_blank_line=not pairs or gap.count("\n") != 1,
        )
        pairs.append((block, passage))
        cursor = passage.end
    _add_gap(text, cursor, len(text), pairs)
    return pairs


def _add_gap(text: str, start: int, end: int, pairs: list) -> None:
    gap = text[start:end]
    if gap.strip():
        lead = len(gap) - len(gap.lstrip())
        trail = len(gap.rstrip())
        pairs.append((Block(start + lead, start + trail, SafeString("")), None))


def _mark_blocks(text: str, pairs, marks: list[QuoteMark]) -> None:
    opened: set[str] = set()  # anchors whose first piece (with the id) is already out
    for block, _ in pairs:
        inside = [m for m in marks if m.start < block.end and m.end > block.start]
        block.html = _mark_span(text, block.start, block.end, inside, opened)


def _mark_span(text: str, start: int, end: int, marks: list[QuoteMark], opened: set) -> SafeString:
    """text[start:end] escaped, with a properly nested <mark> for each piece of each quote."""
    clip = {m.anchor: (max(m.start, start), min(m.end, end)) for m in marks}
    points = sorted({start, end, *(p for span in clip.values() for p in span)})
    # Longer quotes open first, so they are the outer tags and split least.
    by_start = sorted(marks, key=lambda m: (clip[m.anchor][0], -clip[m.anchor][1], m.number))
    stack: list[QuoteMark] = []
    out: list = []
    position = start
    for point in points:
        out.append(text[position:point])
        position = point
        ending = [m for m in stack if clip[m.anchor][1] == point]
        if ending:
            depth = min(stack.index(m) for m in ending)
            reopen = [m for m in stack[depth:] if m not in ending]
            out.extend(SafeString("</mark>") for _ in stack[depth:])
            del stack[depth:]
            out.extend(_reference(m) for m in ending if _last_piece(text, m, point, end))
            for mark in reopen:
                out.append(_open(mark, opened))
                stack.append(mark)
        for mark in by_start:
            if clip[mark.anchor][0] == point and point < end:
                out.append(_open(mark, opened))
                stack.append(mark)
    return format_html_join("", "{}", ((conditional_escape(piece),) for piece in out))


def _last_piece(text: str, mark: QuoteMark, point: int, end: int) -> bool:
    """True where a quote ends, or where only whitespace between passages is left of it."""
    return mark.end == point or (point == end and not text[point : mark.end].strip())


def _open(mark: QuoteMark, opened: set) -> SafeString:
    classes = f"q {mark.css}"
    if mark.anchor in opened:
        return format_html(
            '<mark class="{} q-more" data-record="{}" title="{}">', classes, mark.anchor, mark.title
        )
    opened.add(mark.anchor)
    return format_html(
        '<mark id="{}" class="{}" data-record="{}" title="{}" tabindex="-1">',
        mark.anchor,
        classes,
        mark.anchor,
        mark.title,
    )


def _reference(mark: QuoteMark) -> SafeString:
    """The footnote number after a quote: opens its record's card (a native popover).

    The number is drawn by CSS from data-number, not written as text, so the passage's text
    content stays exactly the source's words (selections are turned into offsets from it).
    """
    return format_html(
        '<button type="button" class="q-ref" popovertarget="card-{}" data-record="{}" '
        'data-number="{}" aria-label="Quote {}: {}"></button>',
        mark.anchor,
        mark.anchor,
        mark.number,
        mark.number,
        mark.title,
    )
