"""Importing an exported record in the browser: upload, preview, then apply on confirmation.

Between the two steps the uploaded text waits in a server-side file named by a random
token that only this session holds; nothing is written to the database until "Apply".
"""

import secrets
import tempfile
import time
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from corpus.errors import IngestError
from corpus.exchange import apply_import, parse_import
from corpus.import_preview import LABELS, preview_import
from dashboard.forms.imports import ImportForm

# An import may create taxonomy, sources and published records: reviewers only.
IMPORT_PERMISSIONS = [
    "corpus.review_stance",
    "corpus.review_scenarioassessment",
    "corpus.add_issue",
    "corpus.add_scenario",
    "corpus.add_source",
    "corpus.add_expert",
]
STASH_DIR = Path(tempfile.gettempdir()) / "vantage-imports"
STASH_MAX_AGE = 24 * 3600
_SESSION_KEY = "vantage_import"


def _stash(request, text: str, name: str) -> str:
    """Keep the uploaded text until it is applied; return the token naming it."""
    STASH_DIR.mkdir(mode=0o700, exist_ok=True)
    for old in STASH_DIR.glob("*.json"):
        if old.stat().st_mtime < time.time() - STASH_MAX_AGE:
            old.unlink(missing_ok=True)
    _discard(request)
    token = secrets.token_urlsafe(16)
    (STASH_DIR / f"{token}.json").write_text(text, encoding="utf-8")
    request.session[_SESSION_KEY] = {"token": token, "name": name}
    return token


def _discard(request) -> None:
    stash = request.session.pop(_SESSION_KEY, None)
    if stash:
        (STASH_DIR / f"{stash['token']}.json").unlink(missing_ok=True)


@login_required
@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
@require_http_methods(["GET", "POST"])
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["file"].name
        context = {
            "form": ImportForm(),
            "name": name,
            "token": _stash(request, form.text, name),
            "preview": preview_import(form.plan),
        }
    return render(request, "editing/import.html", context)


@login_required
@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
@require_POST
def import_apply(request):
    stash = request.session.get(_SESSION_KEY)
    if not stash or not secrets.compare_digest(stash["token"], request.POST.get("token", "")):
        messages.error(request, "Nothing is waiting to be imported: upload the file again.")
        return redirect("import")
    if "cancel" in request.POST:
        _discard(request)
        messages.info(request, "Import cancelled; nothing was changed.")
        return redirect("import")
    path = STASH_DIR / f"{stash['token']}.json"
    try:
        # Checked again: the database may have changed since the preview.
        plan = parse_import(path.read_text(encoding="utf-8"), stash["name"])
        created = apply_import(plan, by=request.user)
    except FileNotFoundError:
        messages.error(request, "The uploaded file has expired: upload it again.")
        return redirect("import")
    except IngestError as exc:
        messages.error(request, f"Nothing was imported: {exc.lines[0]} ({len(exc.lines)} problems)")
        return redirect("import")
    except IntegrityError:
        # Someone saved a clashing record between the check and the write; all rolled back.
        messages.error(request, "Nothing was imported: the record changed meanwhile. Try again.")
        return redirect("import")
    finally:
        _discard(request)
    summary = ", ".join(f"{n} {LABELS[k].lower()}" for k, n in created.items() if n)
    messages.success(request, f"Imported {stash['name']}: {summary or 'nothing new'}.")
    return redirect("import")
