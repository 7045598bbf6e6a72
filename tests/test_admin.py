"""Every model is in the admin, and each changelist opens with its columns and filters."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from corpus.models import __all__ as corpus_models


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("root-admin", "root@example.org", "pw")
    client.force_login(user)
    return client


INLINE_ONLY = {"DeckSlide"}  # edited inside its deck


def test_every_corpus_model_is_registered():
    registered = {m.__name__ for m in admin.site._registry}
    inlines = {
        inline.model.__name__
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
    }
    assert set(corpus_models) <= registered | (inlines & INLINE_ONLY)


@pytest.mark.parametrize("name", sorted(set(corpus_models) - INLINE_ONLY))
def test_changelist_opens_on_the_seed_corpus(admin_client, seeded, name):
    model = next(m for m in admin.site._registry if m.__name__ == name)
    url = reverse(f"admin:corpus_{model._meta.model_name}_changelist")
    response = admin_client.get(url, {"q": "China"})
    assert response.status_code == 200
