"""Names and titles people type are bidi-isolated, so a right-to-left override stays inside."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from corpus.changes import people
from corpus.dates import PartialDate
from corpus.extract import extract_pasted
from corpus.models import Deck, SavedView
from corpus.uploads import SourceDetails, hold
from tests.factories import (
    ExpertFactory,
    IssueFactory,
    OrganisationFactory,
    SourceFactory,
    StanceFactory,
    UserFactory,
)

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: reverses the text that follows it
VOID = {"br", "img", "input", "link", "meta", "hr", "wbr", "source", "col", "area", "base"}


class OverrideFinder(HTMLParser):
    """Collects text holding an override that is not inside <bdi> or an element with dir."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: does it isolate?
        self.loose: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            # Filter choices come from form widgets: an <option> cannot hold <bdi>, and a
            # checkbox's label.check is isolated by the stylesheet (unicode-bidi: isolate).
            classes = dict(attrs).get("class") or ""
            isolated = tag in ("bdi", "option", "title") or "check" in classes.split()
            self.stack.append(isolated or any(k == "dir" for k, _ in attrs))

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if RLO in data and not any(self.stack):
            self.loose.append(data.strip())


def loose_overrides(html: str) -> list[str]:
    finder = OverrideFinder()
    finder.feed(html)
    return finder.loose


@pytest.fixture
def hostile(db):
    """Every user-entered name and title carrying an override character."""
    organisation = OrganisationFactory(name=f"{RLO}Institute")
    expert = ExpertFactory(name=f"{RLO}Bonny Lin", slug="bonny", organisation=organisation)
    issue = IssueFactory(name=f"{RLO}Alignment", slug="alignment", question="How close?")
    source = SourceFactory(title=f"{RLO}gnp.exe report")
    stance = StanceFactory(expert=expert, issue=issue, source=source, status="published")
    deck = Deck.objects.create(title=f"{RLO}Briefing")
    deck.add(SavedView.objects.create(title=f"{RLO}Matrix", kind="overview"))
    return {"expert": expert, "issue": issue, "source": source, "stance": stance, "deck": deck}


@pytest.mark.parametrize(
    "page",
    ["overview", "home", "compare", "expert", "issue", "source", "decks", "deck", "saved-views"],
)
def test_an_override_in_a_name_or_title_stays_isolated(viewer_client, hostile, page):
    urls = {
        "overview": reverse("overview"),
        "home": reverse("home"),
        "compare": reverse("compare") + "?experts=bonny",
        "expert": reverse("expert", args=["bonny"]),
        "issue": reverse("issue", args=["alignment"]),
        "source": reverse("source", args=[hostile["source"].pk]),
        "decks": reverse("decks"),
        "deck": reverse("deck", args=[hostile["deck"].pk]),
        "saved-views": reverse("saved-views"),
    }
    response = viewer_client.get(urls[page])
    assert response.status_code == 200
    html = response.content.decode()
    assert RLO in html
    assert loose_overrides(html) == []


@pytest.fixture
def hostile_editing(hostile, reviewer):
    """The same, plus an editor with an override in their user name who proposed an edit of
    the expert and of the organisation, and an upload awaiting its speakers."""
    editor = UserFactory(username=f"{RLO}ed", role="editor")
    people.edit_person(hostile["expert"], {"bio": f"{RLO}Writes."}, by=editor)
    people.edit_person(hostile["expert"].organisation, {"country": f"{RLO}Land"}, by=editor)
    text = f"{RLO}Panel\n\n{RLO}ANNA: The partnership is deep.\n\n{RLO}BORIS: It will fray.\n"
    details = SourceDetails(
        title=f"{RLO}Panel",
        publisher="Example",
        kind="transcript",
        published=PartialDate.parse("2023"),
        url="",
        layout="auto",
        path="",
    )
    pending = hold(extract_pasted(text), details, by=reviewer)
    return {**hostile, "editor": editor, "pending": pending}


@pytest.mark.parametrize(
    "page", ["review", "expert-history", "expert-edit", "organisations", "coding", "proposal"]
)
def test_an_override_stays_isolated_on_editing_pages(reviewer_client, hostile_editing, page):
    expert = hostile_editing["expert"]
    urls = {
        "review": reverse("review"),
        "expert-history": reverse("expert-history", args=[expert.slug]),
        "expert-edit": reverse("expert-edit", args=[expert.slug]),
        "organisations": reverse("organisations"),
        "coding": reverse("source-coding", args=[hostile_editing["source"].pk]),
        "proposal": reverse("source-proposal", args=[hostile_editing["pending"].pk]),
    }
    response = reviewer_client.get(urls[page])
    assert response.status_code == 200
    html = response.content.decode()
    assert RLO in html
    assert loose_overrides(html) == []
