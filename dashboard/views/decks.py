"""Saved views and decks: build a briefing in the browser, step through it, share it read-only."""

import re

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from corpus.models import Deck, DeckSlide, SavedView
from dashboard.access import get_managed, may_manage, read_access
from dashboard.csv_export import file_name
from dashboard.forms.present import DeckForm
from dashboard.pptx_export import EVIDENCE_ROWS
from dashboard.pptx_export import deck_pptx as deck_pptx_bytes
from dashboard.rendering import render_page
from dashboard.slides import SlideError, build_slide, slide_pages, with_page
from dashboard.views.present import slide_response, stage_ratio

PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


@read_access
def saved_views(request):
    views = list(SavedView.objects.select_related("created_by"))
    context = {
        "views": [(view, may_manage(request.user, view)) for view in views],
        "decks": Deck.objects.all(),
    }
    return render(request, "present/saved_views.html", context)


@login_required
@permission_required("corpus.delete_savedview", raise_exception=True)
@require_POST
def delete_saved_view(request, pk):
    view = get_managed(request, SavedView, pk)
    if DeckSlide.objects.filter(saved_view=view).exists():
        return render(
            request,
            "present/invalid.html",
            {"message": "This view is still a slide in a deck; remove it from the deck first."},
            status=409,
        )
    view.delete()
    return redirect("saved-views")


@read_access
def decks(request):
    if request.method == "POST":
        return _create_deck(request)
    return render(request, "present/decks.html", {"decks": Deck.objects.all(), "form": DeckForm()})


@login_required
@permission_required("corpus.add_deck", raise_exception=True)
def _create_deck(request):
    form = DeckForm(request.POST)
    if not form.is_valid():
        return render(
            request, "present/decks.html", {"decks": Deck.objects.all(), "form": form}, status=400
        )
    deck = form.save(commit=False)
    deck.created_by = request.user
    deck.save()
    return redirect(deck)


def _deck_context(deck, user):
    slides = list(deck.slides.select_related("saved_view"))
    # Where each slide starts when presented: a continued table slide takes several numbers.
    number = 1
    for item in slides:
        saved = item.saved_view
        item.first_number = number
        item.pages = slide_pages(saved.kind, saved.target, QueryDict(saved.query))
        number += item.pages
    chosen = {s.saved_view_id for s in slides}
    return {
        "deck": deck,
        "can_manage": may_manage(user, deck),
        "slides": slides,
        "available": [v for v in SavedView.objects.all() if v.pk not in chosen],
    }


@read_access
def deck(request, pk):
    deck = get_object_or_404(Deck, pk=pk)
    return render_page(
        request, "present/deck.html", _deck_context(deck, request.user), fragment="slides"
    )


def _deck_change(view):
    """Decorator stack shared by the deck builder's POST actions; answers with the slide list."""

    @login_required
    @permission_required("corpus.change_deck", raise_exception=True)
    @require_POST
    def wrapper(request, pk, *args, **kwargs):
        deck = get_managed(request, Deck, pk)
        view(request, deck, *args, **kwargs)
        return render_page(
            request, "present/deck.html", _deck_context(deck, request.user), fragment="slides"
        )

    return wrapper


@_deck_change
def deck_add(request, deck):
    pk = request.POST.get("saved_view", "")
    if not (pk.isascii() and pk.isdigit()):
        raise BadRequest("Choose one of the saved views to add to the deck.")
    saved = get_object_or_404(SavedView, pk=pk)
    deck.add(saved)


@_deck_change
def deck_move(request, deck, slide_pk):
    slide = get_object_or_404(DeckSlide, pk=slide_pk, deck=deck)
    deck.move(slide, -1 if request.POST.get("direction") == "up" else 1)


@_deck_change
def deck_remove(request, deck, slide_pk):
    deck.remove(get_object_or_404(DeckSlide, pk=slide_pk, deck=deck))


@login_required
@permission_required("corpus.share_deck", raise_exception=True)
@require_POST
def deck_share(request, pk):
    get_managed(request, Deck, pk).share()
    return redirect("deck", pk=pk)


@login_required
@permission_required("corpus.share_deck", raise_exception=True)
@require_POST
def deck_revoke(request, pk):
    get_managed(request, Deck, pk).revoke_share()
    return redirect("deck", pk=pk)


@login_required
@permission_required("corpus.add_deck", raise_exception=True)
@require_POST
def deck_duplicate(request, pk):
    """A presenter's own copy of someone's deck (same saved views, in the same order)."""
    original = get_object_or_404(Deck, pk=pk)
    copy = Deck.objects.create(title=f"{original.title} (copy)", created_by=request.user)
    for slide in original.slides.select_related("saved_view"):
        copy.add(slide.saved_view)
    return redirect(copy)


@login_required
@permission_required("corpus.add_savedview", raise_exception=True)
@require_POST
def duplicate_saved_view(request, pk):
    original = get_object_or_404(SavedView, pk=pk)
    SavedView.objects.create(
        title=f"{original.title} (copy)",
        kind=original.kind,
        target=original.target,
        query=original.query,
        note=original.note,
        created_by=request.user,
    )
    return redirect("saved-views")


def _frames(deck) -> list[tuple]:
    """Each slide of the deck once per page it continues on: [(deck slide, page number)]."""
    frames = []
    for item in deck.slides.select_related("saved_view"):
        saved = item.saved_view
        pages = slide_pages(saved.kind, saved.target, QueryDict(saved.query))
        frames.extend((item, page) for page in range(1, pages + 1))
    return frames


def _frame_slide(item, page):
    saved = item.saved_view
    params = QueryDict(saved.query)
    slide = build_slide(saved.kind, saved.target, with_page(params, page) if page > 1 else params)
    slide.title = saved.title or slide.title
    return slide


def _nth_frame(deck, number):
    frames = _frames(deck)
    if not 1 <= number <= len(frames):
        raise Http404("No such slide in this deck.")
    return frames, frames[number - 1]


def _present(request, deck, number, url_name, key, exit_url, notes=True):
    frames, (current, page) = _nth_frame(deck, number)
    saved = current.saved_view
    try:
        slide = _frame_slide(current, page)
    except SlideError as exc:
        return render(request, "present/invalid.html", {"message": str(exc)}, status=400)

    def at(n):
        return reverse(url_name, args=[key, n]) if 1 <= n <= len(frames) else ""

    context = {
        "deck": deck,
        "number": number,
        "count": len(frames),
        "prev_url": at(number - 1),
        "next_url": at(number + 1),
        "exit_url": exit_url,
        "notes_url": reverse("deck-notes", args=[deck.pk, number]) if notes else "",
        "note": saved.note if notes else "",
    }
    return slide_response(request, slide, context)


@read_access
def deck_slide(request, pk, number):
    deck = get_object_or_404(Deck, pk=pk)
    exit_url = deck.get_absolute_url()
    # Speaker notes are for signed-in presenters, even when reading is public.
    notes = request.user.is_authenticated
    return _present(request, deck, number, "deck-slide", deck.pk, exit_url, notes=notes)


@login_required
def deck_notes(request, pk, number):
    deck = get_object_or_404(Deck, pk=pk)
    frames, (current, _) = _nth_frame(deck, number)
    slides = [item for item, _ in frames]
    context = {"deck": deck, "slides": slides, "number": number, "current": current}
    return render(request, "present/notes.html", context)


# Signed in only, as for the speaker notes it carries (public read shows no notes).
@login_required
def deck_pptx(request, pk):
    """The deck as PowerPoint: native charts and tables, notes, evidence slides."""
    deck = get_object_or_404(Deck, pk=pk)
    frames = []
    for item, page in _frames(deck):
        try:
            frames.append((_frame_slide(item, page), item.saved_view.note))
        except SlideError:
            continue
    response = HttpResponse(deck_pptx_bytes(frames), content_type=PPTX_TYPE)
    name = file_name("deck", deck.title, extension="pptx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@read_access
def deck_print(request, pk):
    return _print(request, get_object_or_404(Deck, pk=pk))


def _print(request, deck):
    printed = []
    for item, page in _frames(deck):
        try:
            slide = _frame_slide(item, page)
        except SlideError:
            continue
        # The handout always carries the evidence: each slide's footnotes on slides after it.
        slide.evidence_parts = [
            {
                "first": start + 1,
                "last": start + len(chunk),
                "rows": list(enumerate(chunk, start=start + 1)),
            }
            for start in range(0, len(slide.evidence), EVIDENCE_ROWS)
            if (chunk := slide.evidence[start : start + EVIDENCE_ROWS])
        ]
        printed.append(slide)
    context = {"deck": deck, "printed": printed, "ratio": stage_ratio(request)}
    return render(request, "present/print.html", context)


_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,100}")


def _shared_deck(token):
    # No login: the unguessable token is the credential; a revoked token no longer matches.
    # Tokens are secrets.token_urlsafe(): anything else (a NUL, say) names no deck at all.
    deck = Deck.objects.filter(share_token=token).first() if _TOKEN.fullmatch(token) else None
    if deck is None:
        raise Http404("This share link is not valid, or its owner has revoked it.")
    return deck


def shared_deck(request, token):
    deck = _shared_deck(token)
    context = {"deck": deck, "frames": _frames(deck), "token": token}
    return render(request, "present/shared.html", context)


def shared_slide(request, token, number):
    deck = _shared_deck(token)
    exit_url = reverse("shared", args=[token])
    return _present(request, deck, number, "shared-slide", token, exit_url, notes=False)


def shared_print(request, token):
    return _print(request, _shared_deck(token))
