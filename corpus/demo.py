"""Demo accounts: one user per role, with a fresh password printed on each run."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from corpus.roles import ROLES


def create_demo_users() -> list[tuple[str, str, str]]:
    """(role, username, password) for each role; passwords are reset every run."""
    user_model = get_user_model()
    logins = []
    for role in ROLES:
        username = role
        password = f"{role}-{secrets.token_urlsafe(9)}"
        user, _ = user_model.objects.get_or_create(username=username)
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        logins.append((role, username, password))
    admin, _ = user_model.objects.get_or_create(username="admin")
    admin_password = f"admin-{secrets.token_urlsafe(9)}"
    admin.is_staff = admin.is_superuser = True
    admin.set_password(admin_password)
    admin.save()
    logins.append(("admin", "admin", admin_password))
    return logins
