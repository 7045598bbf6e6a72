"""Placeholder until this page is built (issue 3); its owner replaces this module."""

from django.http import Http404


def _not_built(*args, **kwargs):
    raise Http404("This page is being built.")


issue_page = issue_chart_data = _not_built
