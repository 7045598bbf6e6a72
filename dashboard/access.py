"""Who may read (everyone signed in, or anyone under public read) and who may manage what."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404


def read_access(view):
    """Require a login for reading unless VANTAGE_PUBLIC_READ is on."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.VANTAGE_PUBLIC_READ and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def may_manage(user, obj) -> bool:
    """Whether user may change, share or delete a deck or saved view: its owner, or a reviewer."""
    if not user.is_authenticated:
        return False
    if user.has_perm("corpus.manage_any_deck"):
        return True
    return obj.created_by_id is not None and obj.created_by_id == user.pk


def get_managed(request, model, pk):
    """The deck or saved view, if the user may manage it: 404 if absent, 403 if not theirs."""
    obj = get_object_or_404(model, pk=pk)
    if not may_manage(request.user, obj):
        raise PermissionDenied(
            f"This {model._meta.verbose_name} belongs to "
            f"{obj.created_by.get_username() if obj.created_by else 'nobody'}: only its owner or "
            "a reviewer may change it. You can duplicate it and change your copy."
        )
    return obj
