"""Every model of Vantage lives in the corpus app; dashboard only reads through these."""

from corpus.models.generations import Generation
from corpus.models.people import Expert, ExpertAlias, Organisation
from corpus.models.presentation import Deck, DeckSlide, SavedView
from corpus.models.records import ScenarioAssessment, Stance
from corpus.models.review import PendingChange
from corpus.models.sources import Passage, Source
from corpus.models.taxonomy import Issue, Scenario

__all__ = [
    "Deck",
    "DeckSlide",
    "Expert",
    "ExpertAlias",
    "Generation",
    "Issue",
    "Organisation",
    "Passage",
    "PendingChange",
    "SavedView",
    "Scenario",
    "ScenarioAssessment",
    "Source",
    "Stance",
]
