"""Answers for failures outside a view's own handling: a lost database (503), under DEBUG
the app's own 404/400 as Vantage pages, and a form too large for Django to parse."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, QueryDict
from django.http.multipartparser import FIELD, ChunkIter, LazyStream, Parser
from django.template.loader import render_to_string
from django.utils.datastructures import MultiValueDict
from django.utils.http import parse_header_parameters

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


class OversizedFormMiddleware:
    """A multipart form whose fields exceed DATA_UPLOAD_MAX_MEMORY_SIZE (a huge paste) would
    be refused by Django before any view runs, losing what the editor typed. Read it here
    instead, before the CSRF check: every field up to FIELD_CAP bytes is kept, a larger one
    is dropped and its size noted in request.oversized ({field name: bytes}), so the view can
    answer with a form error and the other fields as typed. Files are not kept either."""

    FIELD_CAP = 16 * 1024  # (and at most DATA_UPLOAD_MAX_NUMBER_FIELDS fields are kept)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._oversized(request):
            self._read(request)
        return self.get_response(request)

    @staticmethod
    def _oversized(request) -> bool:
        if request.method != "POST" or settings.DATA_UPLOAD_MAX_MEMORY_SIZE is None:
            return False
        if not request.META.get("CONTENT_TYPE", "").startswith("multipart/form-data"):
            return False
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return False
        return length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    def _read(self, request) -> None:
        _, options = parse_header_parameters(request.META["CONTENT_TYPE"])
        boundary = options.get("boundary", "")
        post, sizes = QueryDict(mutable=True), {}
        cap = min(self.FIELD_CAP, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        fields_left = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS or 1000
        if boundary:
            stream = LazyStream(ChunkIter(request, 64 * 1024))
            for item_type, meta, field_stream in Parser(stream, boundary.encode("ascii")):
                disposition = meta.get("content-disposition")
                name = disposition[1].get("name", "") if disposition else ""
                if isinstance(name, bytes):
                    name = name.decode("utf-8", errors="replace")
                kept, size = bytearray(), 0
                for chunk in field_stream:
                    size += len(chunk)
                    if item_type == FIELD and size <= cap:
                        kept += chunk
                if item_type == FIELD and size <= cap and fields_left > 0:
                    post.appendlist(name, kept.decode("utf-8", errors="replace"))
                    fields_left -= 1
                elif name:
                    sizes[name] = size
        post._mutable = False
        request._post, request._files = post, MultiValueDict()
        request.oversized = sizes
