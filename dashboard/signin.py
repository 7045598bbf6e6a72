"""What the header remembers about a user from the moment they sign in.

Whether to offer the editing links is decided once, at sign-in, and kept in the session:
looking permissions up costs two queries, and doing so on every page would charge every
viewer for links they never see. The flag only shows or hides links; every editing view
checks the permission itself. A role changed later shows in the header at the next sign-in.
"""

from corpus.roles import REVIEWER

# request.session[EDITS] is True for users who may record and change stances.
EDITS = "vantage_edits"
# request.session[MANAGES] is True for reviewers and administrators, who manage accounts.
MANAGES = "vantage_manages"


def manages_accounts(user) -> bool:
    """Reviewers and administrators invite people, set their roles and deactivate them."""
    return user.is_active and (user.is_superuser or user.groups.filter(name=REVIEWER).exists())


def remember_role(sender, request, user, **kwargs):
    """user_logged_in receiver: note in the session which links the header offers."""
    request.session[EDITS] = user.has_perm("corpus.change_stance")
    request.session[MANAGES] = manages_accounts(user)
