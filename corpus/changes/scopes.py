"""Cache scopes moved by writes outside the door: experts, organisations, sources, taxonomy.

Each save or delete of one of these models (ingest's sync, uploads, the people pages, the
admin, taxonomy loading) bumps the scopes of the pages that show it, in the write's
transaction. Bulk writes send no signals: their callers call `notify.bump` themselves.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_save

from corpus.changes import notify
from corpus.models import Expert, ExpertAlias, Issue, Organisation, Scenario, Source

NAMES = [notify.RECORD, notify.PEOPLE]


def scopes_of(instance) -> list[str]:
    """What pages showing this expert, organisation, source, issue or scenario key on."""
    if isinstance(instance, Expert):
        return [*NAMES, f"expert:{instance.pk}"]
    if isinstance(instance, ExpertAlias):
        return [notify.PEOPLE, f"expert:{instance.expert_id}"]
    if isinstance(instance, Source):
        return [*NAMES, f"source:{instance.pk}"]
    if isinstance(instance, Issue):
        return [*NAMES, f"issue:{instance.pk}"]
    if isinstance(instance, Scenario):
        return [*NAMES, notify.ASSESSMENTS, f"scenario:{instance.pk}"]
    return NAMES  # an organisation: shown beside every expert of it


def _bump(sender, instance, raw=False, **kwargs):
    if not raw:  # fixture loading: nothing is cached yet
        notify.bump(scopes_of(instance))


def _bump_rights(sender, raw=False, action="post", **kwargs):
    # m2m_changed is sent before and after each change: the bump after it is enough.
    if not raw and not action.startswith("pre_"):
        notify.bump([notify.RIGHTS])


def connect() -> None:
    for model in (Expert, ExpertAlias, Organisation, Source, Issue, Scenario):
        post_save.connect(_bump, sender=model, dispatch_uid=f"scopes-save-{model.__name__}")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"scopes-del-{model.__name__}")
    # Rights: a user's groups or own permissions, a group's permissions, a group or a
    # permission saved or deleted. (Superuser and active flags are part of the cached key.)
    user = get_user_model()
    for through in (user.groups.through, user.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(_bump_rights, sender=through, dispatch_uid=f"rights-{through.__name__}")
    for model in (Group, Permission):
        for signal, name in ((post_save, "save"), (post_delete, "del")):
            signal.connect(
                _bump_rights, sender=model, dispatch_uid=f"rights-{name}-{model.__name__}"
            )
