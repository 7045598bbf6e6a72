"""Queries for the expert page: every stance and assessment of one expert."""


class ExpertPageQueries:
    """QuerySet methods for this page; mixed into the record QuerySets."""
