"""Driving the proposal screen from tests: the form data "accept all" submits."""

from django.urls import reverse

from corpus.models import PendingSource
from corpus.proposal import propose
from dashboard.forms.sources import speaker_forms


def proposal_data(pending: PendingSource, **changes) -> dict:
    """The proposal screen's form as it stands, with changes (e.g. {"s1-action": "new"})."""
    data = {}
    for form in speaker_forms(None, propose(pending.text, pending.layout)):
        for name in form.fields:
            value = form.initial.get(name)
            if value is None:
                continue
            data[form.add_prefix(name)] = value.pk if hasattr(value, "pk") else value
    return data | changes


def accept(client, **changes):
    """Confirm the newest pending source with its proposal (changed as given)."""
    pending = PendingSource.objects.latest("pk")
    url = reverse("source-proposal", args=[pending.pk])
    return client.post(url, proposal_data(pending, **changes))
