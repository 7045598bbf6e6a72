"""The four roles and what each may do, as Django groups and permissions."""

VIEWER, EDITOR, REVIEWER, PRESENTER = "viewer", "editor", "reviewer", "presenter"
ROLES = (VIEWER, PRESENTER, EDITOR, REVIEWER)

_MODELS = [
    "organisation",
    "expert",
    "expertalias",
    "source",
    "passage",
    "issue",
    "scenario",
    "stance",
    "scenarioassessment",
    "event",
]
# Editors record what documents say; the taxonomy itself is the reviewers' to change.
_EDITOR_WRITES = [
    "organisation",
    "expert",
    "expertalias",
    "source",
    "passage",
    "stance",
    "scenarioassessment",
    "event",
]

# Every role may look at saved views and decks and present them; presenters make them (and
# own what they make: dashboard.access.may_manage); reviewers may also manage anyone's.
_LOOK = [f"view_{m}" for m in ("savedview", "deck", "deckslide")]
_PRESENTATION = [
    f"{action}_{m}"
    for m in ("savedview", "deck", "deckslide")
    for action in ("view", "add", "change", "delete")
] + ["share_deck"]

ROLE_PERMISSIONS = {
    VIEWER: [f"view_{m}" for m in _MODELS] + _LOOK,
    PRESENTER: [f"view_{m}" for m in _MODELS] + _PRESENTATION,
    EDITOR: [f"view_{m}" for m in _MODELS]
    + [f"{action}_{m}" for m in _EDITOR_WRITES for action in ("add", "change")]
    + _LOOK,
    REVIEWER: [f"{action}_{m}" for m in _MODELS for action in ("view", "add", "change", "delete")]
    + ["review_stance", "review_scenarioassessment", "review_event"]
    + _PRESENTATION
    + ["manage_any_deck"],
}


def sync_role_groups(group_model, permission_model) -> None:
    """Create the groups and give each exactly its permissions (works in migrations too)."""
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=role)
        perms = permission_model.objects.filter(
            content_type__app_label="corpus", codename__in=codenames
        )
        group.permissions.set(perms)
