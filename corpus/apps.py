from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_role_groups(sender, **kwargs):
    # Also after a test flush, which empties auth tables without rerunning data migrations.
    from django.contrib.auth.models import Group, Permission

    from corpus.roles import sync_role_groups

    sync_role_groups(Group, Permission)


class CorpusConfig(AppConfig):
    name = "corpus"
    verbose_name = "Corpus"

    def ready(self):
        post_migrate.connect(_ensure_role_groups, sender=self)
        from corpus import read_models  # noqa: F401 (registers its updater with the door)
        from corpus.changes import scopes

        scopes.connect()
