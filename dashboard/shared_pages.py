"""Whole responses of the read pages, cached under their page_key and shared by everyone who
sees the same page; what is the user's own in the site's frame is put in on every request.

A miss renders the page with stand-ins for the user's CSRF token and name (random strings,
new for each render and kept with the entry) and caches the body; a hit reads the entry and
puts this request's token and this user's name in their place, so a warm page costs the
session, the user, the generations and one cache read. The key adds to page_key (which
holds the page's generations, the rights it shows, the day and the full path) what else the
frame shows: signed in or not, the header's links (session flags), page or HTMX fragment.

Nothing is cached when a request has messages waiting, when the view changed the session,
set a cookie or queued a message, answered anything but 200, or read anything of the user
beyond their name, sign-in state and the rights its page declares (RIGHTS_SHOWN): such a
response is the user's own, and goes out uncached.
"""

import hashlib
import secrets

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.functional import LazyObject
from django.utils.html import escape

from corpus.page_cache import CACHE_SECONDS, RIGHTS_SHOWN, audience
from dashboard.rendering import wants_fragment
from dashboard.signin import EDITS, MANAGES

# Headers a view sets that belong to the page (the middleware add theirs on every request).
KEPT_HEADERS = ("Content-Type", "Vary", "HX-Push-Url")
# Larger bodies are served uncached rather than crowd the per-process cache out.
MAX_BODY_BYTES = 2 * 1024 * 1024


def shared_page(request, page: str, key: str, render, *, framed: bool = True):
    """The page's response: from the cache when one for this key exists, else render()'s,
    cached when it holds nothing of this user's but what the stand-ins take the place of.
    `framed=False` for data (JSON) that is the same whoever signed in: one entry for all."""
    if request.method != "GET" or len(messages.get_messages(request)):
        return render()
    frame = _frame(request) if framed else "data"
    full_key = f"shared-page:{page}:{frame}:{key}"
    entry = cache.get(full_key)
    if entry is not None:
        return _response(request, entry)
    stand_in = StandIn(request)
    request.shared_render = stand_in
    session_was_modified = request.session.modified
    try:
        response = render()
    finally:
        del request.shared_render
        stand_in.restore()
    entry = _entry(request, page, response, stand_in, session_was_modified)
    if entry is None:
        return response
    cache.set(full_key, entry, CACHE_SECONDS)
    _replace_older(request, page, frame, full_key)
    return _response(request, entry)


def _replace_older(request, page: str, frame: str, full_key: str) -> None:
    """Drop the entry this one replaces (the same page for the same people at an older
    generation or day), which nothing can read again, so old entries do not pile up."""
    parts = [page, frame, audience(request.user, page), request.get_full_path()]
    slot = "shared-slot:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()
    older = cache.get(slot)
    if older and older != full_key:
        cache.delete(older)
    cache.set(slot, full_key, CACHE_SECONDS)


def shared_render(request) -> bool:
    """Whether this render's response is to be cached whole (for as long as it renders)."""
    return getattr(request, "shared_render", None) is not None


def _frame(request) -> str:
    """What of the frame around the page differs between users beside their name and token."""
    user = request.user
    if not user.is_authenticated:
        return "anonymous"
    session = request.session
    flags = f"{int(bool(session.get(EDITS)))}{int(bool(session.get(MANAGES)))}"
    return f"user:{flags}:{'fragment' if wants_fragment(request) else 'page'}"


def _entry(request, page: str, response, stand_in, session_was_modified: bool):
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    if stand_in.read_more_than_allowed(page):
        return None
    if request.session.modified and not session_was_modified:
        return None
    if len(messages.get_messages(request)):
        return None
    body = response.content
    if len(body) > MAX_BODY_BYTES:
        return None
    headers = {h: response[h] for h in KEPT_HEADERS if response.has_header(h)}
    csrf, name = stand_in.csrf.encode(), stand_in.name.encode()
    return {"pieces": _cut(body, {csrf: _CSRF, name: _NAME}), "headers": headers}


_CSRF, _NAME = b"csrf", b"name"


def _cut(body: bytes, marks: dict[bytes, bytes]) -> list[bytes]:
    """The body cut at the stand-ins: [text, mark, text, mark, …, text] (no regex: each
    render's stand-ins are new, and compiling a pattern each time would fill re's cache)."""
    pieces = [body]
    for stand_in, mark in marks.items():
        cut = []
        for i, piece in enumerate(pieces):
            if i % 2:  # a mark already
                cut.append(piece)
                continue
            parts = piece.split(stand_in)
            for j, part in enumerate(parts):
                if j:
                    cut.append(mark)
                cut.append(part)
        pieces = cut
    return pieces


def _response(request, entry: dict) -> HttpResponse:
    pieces = entry["pieces"]
    if len(pieces) > 1:
        own = {_CSRF: get_token(request).encode()}
        if request.user.is_authenticated:
            own[_NAME] = escape(request.user.get_username()).encode()
        pieces = pieces.copy()
        pieces[1::2] = [own.get(p, b"") for p in pieces[1::2]]
    response = HttpResponse(b"".join(pieces))
    for header, value in entry["headers"].items():
        response[header] = value
    return response


class StandIn:
    """During a shared render: the token and name the template shows instead of the user's
    own, and a record of every permission checked and of anything else read of the user."""

    def __init__(self, request):
        self.csrf = f"csrf{secrets.token_hex(30)}"
        self.name = f"user{secrets.token_hex(12)}"
        self.checked: set[str] = set()
        self.read: set[str] = set()
        self.user = StandInUser(request.user, self)
        # The view checks rights on request.user itself: record those checks too, on the
        # user object behind the lazy request.user, until restore().
        user = request.user
        if isinstance(user, LazyObject):
            user.is_authenticated  # noqa: B018 (loads the user behind the lazy object)
            user = user._wrapped
        self._real = user
        if self._real.is_authenticated:
            self._real.has_perm = self._has_perm
            self._real.has_module_perms = self._has_module_perms

    def _has_perm(self, perm, obj=None):
        self.checked.add(perm if obj is None else f"{perm} on an object")
        return type(self._real).has_perm(self._real, perm, obj)

    def _has_module_perms(self, app_label):
        self.checked.add(f"any of {app_label}")
        return type(self._real).has_module_perms(self._real, app_label)

    def restore(self) -> None:
        for name in ("has_perm", "has_module_perms"):
            vars(self._real).pop(name, None)

    def read_more_than_allowed(self, page: str) -> bool:
        return bool(self.read) or not self.checked <= set(RIGHTS_SHOWN.get(page, ()))

    def context(self) -> dict:
        return {"csrf_token": self.csrf, "user": self.user}


class StandInUser:
    """The user as the shared render's templates see it: their name is a stand-in, their
    sign-in state is kept, and reading anything else makes the page the user's own."""

    def __init__(self, user, stand_in: StandIn):
        self._user, self._stand_in = user, stand_in

    @property
    def is_authenticated(self):
        return self._user.is_authenticated

    @property
    def is_anonymous(self):
        return self._user.is_anonymous

    def get_username(self):
        return self._stand_in.name if self._user.is_authenticated else ""

    def has_perm(self, perm, obj=None):
        return self._user.has_perm(perm, obj)

    def __getattr__(self, name):
        self._stand_in.read.add(name)
        return getattr(self._user, name)

    def __str__(self):
        return self.get_username()


def stand_ins(request):
    """Context processor (last in the list): the stand-ins during a shared render."""
    stand_in = getattr(request, "shared_render", None)
    return stand_in.context() if stand_in is not None else {}
