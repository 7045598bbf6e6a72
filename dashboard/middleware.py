"""Answers for failures outside a view's own handling: a lost database (503) and, under
DEBUG, the app's own 404/400 as Vantage pages."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

from dashboard.views.errors import debug_exception_response

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


class DatabaseUnavailableMiddleware:
    """Turn a view's OperationalError/InterfaceError into the 503 page.

    The page is rendered without the request (no context processors), so showing it never
    touches the database that just failed. With CONN_HEALTH_CHECKS on, the next request
    opens a fresh connection, so service resumes by itself once the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning(
            "database unavailable for %s %s: %s", request.method, request.path, exception
        )
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


class DebugErrorPagesMiddleware:
    """Under DEBUG, the app's own Http404/BadRequest render Vantage's pages (see errors.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return debug_exception_response(request, exception)
