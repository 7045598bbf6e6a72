"""Saved views and decks: build a briefing in the browser, step through it, share it read-only."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from corpus.models import Deck, DeckSlide, SavedView
from corpus.pages.saved_views import saved_view_rows
from dashboard.access import get_managed, may_manage, read_access
from dashboard.csv_export import file_name
from dashboard.forms.present import DeckForm
from dashboard.pptx_export import EVIDENCE_ROWS
from dashboard.pptx_export import deck_pptx as deck_pptx_bytes
from dashboard.rendering import render_page
from dashboard.slides import (
    SlideError,
    build_slide,
    evidence_parts,
    evidence_slide,
    slide_pages,
    with_page,
)
from dashboard.views.present import slide_response, stage_ratio

SAY_CHOOSE_VIEW = "Choose one of the saved views to add to the deck."
PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


@read_access
def saved_views(request):
    views = list(SavedView.objects.select_related("created_by"))
    saved = request.GET.get("saved", "")
    # The confirmation after "Save view" on a slide: the view just kept, to add to a deck.
    just_saved = next((v for v in views if saved.isascii() and str(v.pk) == saved), None)
    may_build = request.user.has_perm("corpus.change_deck")
    context = {
        "views": [(row, may_manage(request.user, row.view)) for row in saved_view_rows(views)],
        "just_saved": just_saved,
        "my_decks": list(Deck.objects.managed_by(request.user)) if may_build else [],
        "may_build": may_build,
    }
    return render(request, "present/saved_views.html", context)


def _pk(request, field: str, message: str) -> str:
    value = request.POST.get(field, "")
    if not (value.isascii() and value.isdigit()):
        raise BadRequest(f"{field}: {message}")
    return value


@login_required
@permission_required("corpus.change_deck", raise_exception=True)
@require_POST
def add_to_deck(request):
    """Add a saved view to one of the user's decks (or to a new one) from the saved views."""
    saved = get_object_or_404(SavedView, pk=_pk(request, "saved_view", SAY_CHOOSE_VIEW))
    title = request.POST.get("new_deck", "").strip()
    if title:
        if not request.user.has_perm("corpus.add_deck"):
            raise PermissionDenied("Making a deck is for presenters.")
        form = DeckForm({"title": title})
        if not form.is_valid():
            raise BadRequest(f"New deck title: {' '.join(form.errors['title'])}")
        deck = form.save(commit=False)
        deck.created_by = request.user
        deck.save()
    else:
        deck = get_managed(
            request, Deck, _pk(request, "deck", "Choose one of your decks to add the view to.")
        )
    if deck.slides.filter(saved_view=saved).exists():
        messages.info(request, f"“{saved}” is already a slide in “{deck}”.")
    else:
        slide = deck.add(saved)
        messages.success(
            request,
            format_html(
                'Added “{}” to <a href="{}">{}</a> as slide {}.',
                saved,
                deck.get_absolute_url(),
                deck,
                slide.position,
            ),
        )
    return redirect("saved-views")


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
    # Where each slide starts when presented: a continued table slide takes several numbers,
    # and so do the evidence slides a slide brings with it.
    slides = []
    for number, (item, page, part) in enumerate(_frames(deck, evidence=True), 1):
        if page == 1 and not part:
            item.first_number, item.pages, item.evidence_slides = number, 0, 0
            slides.append(item)
        if part:
            item.evidence_slides += 1
        else:
            item.pages += 1
    chosen = {s.saved_view_id for s in slides}
    return {
        "deck": deck,
        "can_manage": may_manage(user, deck),
        "slides": slides,
        "version": Deck.order_version(s.pk for s in slides),
        "available": [v for v in SavedView.objects.all() if v.pk not in chosen],
    }


@read_access
def deck(request, pk):
    deck = get_object_or_404(Deck, pk=pk)
    return render_page(
        request, "present/deck.html", _deck_context(deck, request.user), fragment="slides"
    )


class StaleOrder(Exception):
    """The page asking for a reorder showed an order that has changed since."""


def _deck_change(view):
    """Decorator stack shared by the deck builder's POST actions; answers with the slide list.

    The action runs with the deck's row locked, so two reorders cannot interleave; one sent
    from a page that showed an older order (StaleOrder) changes nothing and answers 409 with
    the deck's current order to make the change again on.
    """

    @login_required
    @permission_required("corpus.change_deck", raise_exception=True)
    @require_POST
    def wrapper(request, pk, *args, **kwargs):
        deck = get_managed(request, Deck, pk)
        status, said = 200, ""
        try:
            with transaction.atomic():
                deck = Deck.objects.select_for_update().get(pk=deck.pk)
                said = view(request, deck, *args, **kwargs) or ""
        except StaleOrder:
            status = 409
            said = (
                "Not moved: this deck's order was changed elsewhere (another tab or presenter) "
                "since this page showed it. Here is its current order; move the slide again."
            )
        context = {**_deck_context(deck, request.user), "said": said, "stale": status == 409}
        return render_page(request, "present/deck.html", context, fragment="slides", status=status)

    return wrapper


def _check_version(request, deck):
    sent = request.POST.get("version", "")
    if not sent:
        raise BadRequest("version: the order this page showed is missing; reload the deck.")
    if sent != deck.current_version():
        raise StaleOrder


@_deck_change
def deck_add(request, deck):
    saved = get_object_or_404(SavedView, pk=_pk(request, "saved_view", SAY_CHOOSE_VIEW))
    slide = deck.add(saved)
    return f"Added “{saved}” as slide {slide.position}."


@_deck_change
def deck_move(request, deck, slide_pk):
    slide = get_object_or_404(
        DeckSlide.objects.select_related("saved_view"), pk=slide_pk, deck=deck
    )
    _check_version(request, deck)
    deck.move(slide, -1 if request.POST.get("direction") == "up" else 1)
    slide.refresh_from_db(fields=["position"])
    return f"Moved “{slide.saved_view}” to slide {slide.position} of {deck.slides.count()}."


@_deck_change
def deck_reorder(request, deck):
    """The whole order at once (a drag, or arrow keys on a slide's handle): slide pks."""
    _check_version(request, deck)
    order = request.POST.get("order", "").split(",")
    if not all(pk.isascii() and pk.isdigit() for pk in order):
        raise BadRequest("order: a comma-separated list of the deck's slides.")
    try:
        deck.reorder([int(pk) for pk in order])
    except ValueError as exc:
        raise BadRequest(f"order: {exc}") from None
    moved = request.POST.get("moved", "")
    slide = (
        deck.slides.select_related("saved_view").filter(pk=moved).first()
        if moved.isascii() and moved.isdigit()
        else None
    )
    if slide is None:
        return "Slides reordered."
    return f"Moved “{slide.saved_view}” to slide {slide.position} of {len(order)}."


@_deck_change
def deck_evidence(request, deck, slide_pk):
    """Present the slide's evidence slides after it, or no longer."""
    slide = get_object_or_404(
        DeckSlide.objects.select_related("saved_view"), pk=slide_pk, deck=deck
    )
    deck.toggle_evidence(slide)
    if slide.evidence:
        return f"“{slide.saved_view}” is now followed by its evidence slides."
    return f"“{slide.saved_view}” is no longer followed by its evidence slides."


@_deck_change
def deck_remove(request, deck, slide_pk):
    slide = get_object_or_404(
        DeckSlide.objects.select_related("saved_view"), pk=slide_pk, deck=deck
    )
    deck.remove(slide)
    return f"Removed “{slide.saved_view}” from the deck."


@login_required
@permission_required("corpus.share_deck", raise_exception=True)
@require_POST
def deck_share(request, pk):
    get_managed(request, Deck, pk).share()
    messages.success(request, "Share link created: anyone with it can step through the deck.")
    return redirect("deck", pk=pk)


@login_required
@permission_required("corpus.share_deck", raise_exception=True)
@require_POST
def deck_revoke(request, pk):
    get_managed(request, Deck, pk).revoke_share()
    messages.success(
        request, "Share link revoked: the old link now answers “not valid” to anyone who opens it."
    )
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


def _frames(deck, evidence: bool = False) -> list[tuple]:
    """Each slide of the deck once per page it continues on: [(deck slide, page, part)],
    part 0. With `evidence`, as presented: a slide that asks for its evidence is followed by
    its evidence slides (parts 1, 2, …; the handout and PowerPoint always add them)."""
    frames = []
    pages_of = {}  # slides showing the same view count their pages once
    for item in deck.slides.select_related("saved_view"):
        saved = item.saved_view
        shown = (saved.kind, saved.target, saved.query)
        if shown not in pages_of:
            pages_of[shown] = slide_pages(saved.kind, saved.target, QueryDict(saved.query))
        pages = pages_of[shown]
        for page in range(1, pages + 1):
            frames.append((item, page, 0))
            if evidence and item.evidence:
                parts = len(_evidence_parts(item, page))
                frames.extend((item, page, part) for part in range(1, parts + 1))
    return frames


def _evidence_parts(item, page) -> list:
    try:
        return evidence_parts(_frame_slide(item, page).evidence, EVIDENCE_ROWS)
    except SlideError:
        return []


def _frame_slide(item, page, part=0):
    saved = item.saved_view
    params = QueryDict(saved.query)
    slide = build_slide(saved.kind, saved.target, with_page(params, page) if page > 1 else params)
    slide.title = saved.title or slide.title
    if part:
        return evidence_slide(slide, evidence_parts(slide.evidence, EVIDENCE_ROWS)[part - 1])
    return slide


def _nth_frame(deck, number):
    frames = _frames(deck, evidence=True)
    if not 1 <= number <= len(frames):
        raise Http404("No such slide in this deck.")
    return frames, frames[number - 1]


def _present(request, deck, number, url_name, key, exit_url, notes=True):
    frames, (current, page, part) = _nth_frame(deck, number)
    saved = current.saved_view
    try:
        slide = _frame_slide(current, page, part)
    except SlideError as exc:
        return render(request, "present/invalid.html", {"message": str(exc)}, status=400)

    # A deck shown at 4:3 stays at 4:3 from slide to slide.
    keep = "?ratio=4:3" if stage_ratio(request) == "4:3" else ""

    def at(n):
        return reverse(url_name, args=[key, n]) + keep if 1 <= n <= len(frames) else ""

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
    frames, (current, _, _) = _nth_frame(deck, number)
    slides = [item for item, _, _ in frames]
    context = {"deck": deck, "slides": slides, "number": number, "current": current}
    return render(request, "present/notes.html", context)


# Signed in only, as for the speaker notes it carries (public read shows no notes).
@login_required
def deck_pptx(request, pk):
    """The deck as PowerPoint: native charts and tables, notes, evidence slides."""
    deck = get_object_or_404(Deck, pk=pk)
    frames = []
    for item, page, _ in _frames(deck):
        try:
            frames.append((_frame_slide(item, page), item.saved_view.note))
        except SlideError:
            continue
    site = f"{request.scheme}://{request.get_host()}"
    response = HttpResponse(deck_pptx_bytes(frames, site), content_type=PPTX_TYPE)
    name = file_name("deck", deck.title, extension="pptx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@read_access
def deck_print(request, pk):
    return _print(request, get_object_or_404(Deck, pk=pk))


def _print(request, deck):
    printed = []
    for item, page, _ in _frames(deck):
        try:
            slide = _frame_slide(item, page)
        except SlideError:
            continue
        # The handout always carries the evidence: each slide's footnotes on slides after it.
        slide.evidence_parts = evidence_parts(slide.evidence, EVIDENCE_ROWS)
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
    context = {"deck": deck, "frames": _frames(deck, evidence=True), "token": token}
    return render(request, "present/shared.html", context)


def shared_slide(request, token, number):
    deck = _shared_deck(token)
    exit_url = reverse("shared", args=[token])
    return _present(request, deck, number, "shared-slide", token, exit_url, notes=False)


def shared_print(request, token):
    return _print(request, _shared_deck(token))
