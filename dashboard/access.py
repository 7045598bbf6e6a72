"""Who may read: everyone signed in, or anyone when public read-only access is switched on."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login


def read_access(view):
    """Require a login for reading unless VANTAGE_PUBLIC_READ is on."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.VANTAGE_PUBLIC_READ and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
