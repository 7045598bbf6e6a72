"""Cache scopes moved by writes outside the door: experts, organisations, sources, taxonomy.

Each save or delete of one of these models (ingest's sync, uploads, the people pages, the
admin, taxonomy loading) bumps the scopes of the pages that show it, in the write's
transaction. Bulk writes send no signals: their callers call `notify.bump` themselves.
"""

from django.db.models.signals import post_delete, post_save

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


def connect() -> None:
    for model in (Expert, ExpertAlias, Organisation, Source, Issue, Scenario):
        post_save.connect(_bump, sender=model, dispatch_uid=f"scopes-save-{model.__name__}")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"scopes-del-{model.__name__}")
