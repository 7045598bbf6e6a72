"""The error pages: what went wrong in plain words and what to do next, in the site's frame.

The reason comes from the exception where the app raised it (PermissionDenied("…"),
BadRequest("…"), Http404("…")); a bare exception gets the status's general reason.
"""

from datetime import timedelta

from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string


def _reason(exception, default: str) -> str:
    # Django's resolver puts a dict of the patterns it tried here: never show that.
    message = exception.args[0] if exception is not None and exception.args else ""
    return message if isinstance(message, str) and message.strip() else default


def _page(request, status: int, reason: str, **context) -> HttpResponse:
    return render(request, f"errors/{status}.html", {"reason": reason, **context}, status=status)


def bad_request(request, exception=None):
    return _page(request, 400, _reason(exception, "The request was malformed."))


def permission_denied(request, exception=None):
    user = request.user
    roles = sorted(user.groups.values_list("name", flat=True)) if user.is_authenticated else []
    default = (
        "Your account’s role does not allow this."
        if user.is_authenticated
        else "This needs you to be signed in."
    )
    return _page(request, 403, _reason(exception, default), roles=roles)


def page_not_found(request, exception=None):
    return _page(request, 404, _reason(exception, "There is nothing at this address."))


def server_error(request):
    # Rendered without the request: no context processor (session, user) may fail again.
    return HttpResponse(render_to_string("errors/500.html"), status=500)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent without (or with an outdated) security token."""
    return _page(
        request,
        403,
        "The form was sent without a valid security token: it may have been open for a long "
        "time, or your browser blocks cookies for this site.",
        csrf=True,
    )


def lockout(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: too many failed sign-ins, with how long the lock lasts."""
    cool_off = get_cool_off(request) or timedelta(0)
    response = _page(
        request,
        429,
        f"Too many failed sign-ins: after {get_failure_limit(request, credentials)} failures "
        "in a row, this account is locked for this address.",
        duration=_duration(cool_off),
    )
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


def _duration(delta: timedelta) -> str:
    minutes = round(delta.total_seconds() / 60)
    if minutes <= 0:
        return ""
    hours, minutes = divmod(minutes, 60)
    parts = [f"{hours} hour{'s' * (hours != 1)}"] if hours else []
    parts += [f"{minutes} minute{'s' * (minutes != 1)}"] if minutes else []
    return " ".join(parts)


def debug_exception_response(request, exception):
    """Under DEBUG, the app's own 404s and 400s as Vantage pages, not Django's debug pages.

    Django shows its technical page (with the URL list) for a view's Http404 when DEBUG is
    on; a revoked share link is an expected answer, not a bug to debug.
    """
    if not settings.DEBUG:
        return None
    if isinstance(exception, Http404):
        return page_not_found(request, exception)
    if isinstance(exception, BadRequest):
        return bad_request(request, exception)
    return None
