"""Accounts: invite people, set their roles, deactivate them, and hand out password links.

There is no mail server to assume, so an invitation or a password reset is a one-time link
shown to the reviewer or administrator who made it (and emailed too when EMAIL_URL is set).
The link is Django's own password-reset token: it stops working once the password is set.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views.decorators.http import require_http_methods, require_POST

from dashboard.forms.accounts import AccountForm, InviteForm
from dashboard.signin import manages_accounts

User = get_user_model()


def _manager(request):
    if not manages_accounts(request.user):
        raise PermissionDenied("Managing accounts is for reviewers and administrators.")


def _changeable(request, pk):
    person = get_object_or_404(User, pk=pk)
    if person.is_superuser and not request.user.is_superuser:
        raise PermissionDenied("Only an administrator may change an administrator's account.")
    return person


def one_time_link(request, person) -> str:
    """The absolute set-password link for person, valid until their password changes."""
    path = reverse(
        "password_reset_confirm",
        args=[
            urlsafe_base64_encode(force_bytes(person.pk)),
            default_token_generator.make_token(person),
        ],
    )
    return request.build_absolute_uri(path)


def _show_link(request, person, purpose: str):
    link = one_time_link(request, person)
    emailed = bool(settings.VANTAGE_EMAIL and person.email)
    if emailed:
        subject = "Your Vantage account" if purpose == "invite" else "Reset your Vantage password"
        body = f"Open this link to set your password for Vantage:\n\n{link}\n\nIt works once."
        send_mail(subject, body, None, [person.email])
    context = {"person": person, "link": link, "purpose": purpose, "emailed": emailed}
    response = render(request, "accounts/link.html", context)
    response["Cache-Control"] = "no-store"  # the link is a credential: never keep a copy
    return response


@login_required
@require_http_methods(["GET", "POST"])
def users(request):
    _manager(request)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _show_link(request, form.save(), "invite")
    people = User.objects.order_by("username").prefetch_related("groups")
    # An administrator's row is only changeable by an administrator: others are not offered
    # forms that would answer 403.
    may_change = request.user.is_superuser
    rows = [
        (person, AccountForm(instance=person, prefix=f"u{person.pk}"))
        if may_change or not person.is_superuser
        else (person, None)
        for person in people
    ]
    status = 400 if form.errors else 200
    return render(request, "accounts/users.html", {"form": form, "rows": rows}, status=status)


@login_required
@require_POST
def account_update(request, pk):
    _manager(request)
    person = _changeable(request, pk)
    form = AccountForm(request.POST, instance=person, prefix=f"u{person.pk}")
    if not form.is_valid():
        messages.error(request, f"{person}: " + " ".join(form.errors.get("groups", ["invalid"])))
        return redirect("users")
    if person == request.user and not form.cleaned_data["is_active"]:
        messages.error(request, "You cannot deactivate your own account.")
        return redirect("users")
    form.save()
    messages.success(request, f"Saved {person}'s account.")
    return redirect("users")


@login_required
@require_POST
def account_reset(request, pk):
    _manager(request)
    return _show_link(request, _changeable(request, pk), "reset")
