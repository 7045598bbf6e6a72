"""Queries for the scenario board and scenario pages (assessments)."""


class ScenarioQueries:
    """QuerySet methods for this page; mixed into the record QuerySets."""
