"""Every model of Vantage lives in the corpus app; dashboard only reads through these."""

# Read models: derived tables, not part of the record (no admin), kept by corpus/read_models.py.
from corpus.models import read_models  # noqa: F401
from corpus.models.events import Event
from corpus.models.generations import Generation
from corpus.models.people import Expert, ExpertAlias, Organisation
from corpus.models.presentation import Deck, DeckSlide, SavedView
from corpus.models.records import ScenarioAssessment, Stance
from corpus.models.review import PendingChange, PeopleChange
from corpus.models.sources import Passage, PassageReview, PendingSource, Source, SourceFile
from corpus.models.taxonomy import Issue, Scenario

__all__ = [
    "Deck",
    "DeckSlide",
    "Event",
    "Expert",
    "ExpertAlias",
    "Generation",
    "Issue",
    "Organisation",
    "Passage",
    "PassageReview",
    "PendingChange",
    "PendingSource",
    "PeopleChange",
    "SavedView",
    "Scenario",
    "ScenarioAssessment",
    "Source",
    "SourceFile",
    "Stance",
]
