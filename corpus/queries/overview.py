"""Queries for the experts × issues matrix, its side panel and the insights strip."""


class OverviewQueries:
    """QuerySet methods for this page; mixed into the record QuerySets."""
