"""Forms of the accounts pages: sign-in, invitations and role changes."""

from django.contrib.auth.forms import AuthenticationForm


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
