"""Queries for the compare page: 2–4 experts side by side."""


class CompareQueries:
    """QuerySet methods for this page; mixed into the record QuerySets."""
