"""Forms of the accounts pages: sign-in, invitations and role changes."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import Group


class SignInForm(AuthenticationForm):
    """Django's sign-in form, refusing an over-long username before it is looked up.

    AuthenticationForm sets the username's max_length after the field is built, so no
    validator enforces it: a 300-character name reached authenticate(), and django-axes'
    failure record (a 255-character column) then broke on PostgreSQL.
    """

    def clean_username(self):
        username = self.cleaned_data["username"]
        if len(username) > self.fields["username"].max_length:
            raise self.get_invalid_login_error()
        return username


def _roles():
    return Group.objects.order_by("name")


class InviteForm(forms.ModelForm):
    """A new account with one role and no password: the invitation link sets one."""

    role = forms.ModelChoiceField(queryset=_roles(), empty_label=None)

    class Meta:
        model = get_user_model()
        fields = ["username", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = _roles()

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        user.save()
        user.groups.set([self.cleaned_data["role"]])
        return user


class AccountForm(forms.ModelForm):
    """An account's roles and whether it may still sign in."""

    groups = forms.ModelMultipleChoiceField(
        queryset=_roles(), required=False, widget=forms.CheckboxSelectMultiple, label="Roles"
    )

    class Meta:
        model = get_user_model()
        fields = ["groups", "is_active"]
        labels = {"is_active": "May sign in"}
        # The users page shows the box with its label only: Django's model help text would
        # leave aria-describedby pointing to a help element that is never rendered.
        help_texts = {"is_active": ""}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = _roles()
