"""Every write to experts, their aliases and organisations: create, edit, merge.

Each function takes the user who acts, so simple-history records who did it.
"""

from django.db import transaction
from django.utils.text import slugify

from corpus.changes.records import reassign_expert
from corpus.models import Expert, ExpertAlias, Organisation, Passage
from corpus.participants import normalise


def _saved(instance, by):
    instance._history_user = by
    instance.full_clean()
    instance.save()
    return instance


def free_slug(name: str) -> str:
    """A slug for name that no expert holds yet."""
    base = slugify(name)[:45] or "expert"
    taken = set(Expert.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_organisation(name: str, country: str = "", kind: str = "", *, by=None):
    """The organisation named name (ignoring case), created if the record lacks it."""
    name = " ".join(name.split())
    existing = Organisation.objects.filter(name__iexact=name).first()
    if existing:
        return existing
    return _saved(Organisation(name=name, country=country, kind=kind), by)


def update_organisation(organisation: Organisation, values: dict, *, by=None) -> Organisation:
    for key, value in values.items():
        setattr(organisation, key, value)
    return _saved(organisation, by)


def create_expert(
    name: str, organisation=None, *, role: str = "", bio: str = "", kind=None, by=None
) -> Expert:
    """A new expert named by an editor, with a slug no other expert holds."""
    name = " ".join(name.split())
    expert = Expert(
        slug=free_slug(name),
        name=name,
        organisation=organisation,
        role=role,
        bio=bio,
        kind=kind or Expert.Kind.PERSON,
    )
    return _saved(expert, by)


def update_expert(expert: Expert, values: dict, *, by=None) -> Expert:
    for key, value in values.items():
        setattr(expert, key, value)
    return _saved(expert, by)


def add_alias(expert: Expert, name: str) -> ExpertAlias | None:
    """Record name as another way documents name expert; None if it is already known."""
    name = " ".join(name.split())
    if not name or normalise(name) == normalise(expert.name):
        return None
    if any(normalise(a) == normalise(name) for a in expert.aliases.values_list("name", flat=True)):
        return None
    return ExpertAlias.objects.create(expert=expert, name=name)


def set_aliases(expert: Expert, names: list[str]) -> None:
    """Make expert's aliases exactly names (order and case as given, duplicates dropped)."""
    wanted = {normalise(n): " ".join(n.split()) for n in names if n.strip()}
    for alias in expert.aliases.all():
        if normalise(alias.name) not in wanted:
            alias.delete()
    for name in wanted.values():
        add_alias(expert, name)


def merge_experts(keep: Expert, duplicate: Expert, *, by=None) -> Expert:
    """Fold duplicate into keep: their stances, assessments and passages move, their name and
    aliases become keep's aliases, and duplicate is deleted (its history stays)."""
    if keep.pk == duplicate.pk:
        raise ValueError("An expert cannot be merged with themselves.")
    with transaction.atomic():
        reassign_expert(duplicate, keep, by=by)
        Passage.objects.filter(expert=duplicate).update(expert=keep)
        for name in [duplicate.name, *duplicate.aliases.values_list("name", flat=True)]:
            add_alias(keep, name)
        if not keep.organisation and duplicate.organisation:
            keep.organisation = duplicate.organisation
        for field in ("role", "bio"):
            if not getattr(keep, field) and getattr(duplicate, field):
                setattr(keep, field, getattr(duplicate, field))
        _saved(keep, by)
        duplicate._history_user = by
        duplicate.delete()
    return keep
