"""Queries for the issue page: timeline points, spread by year, stance list."""


class IssuePageQueries:
    """QuerySet methods for this page; mixed into the record QuerySets."""
