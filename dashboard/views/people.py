"""Experts and organisations on their own pages: create, edit, history, merge."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from corpus.changes import people as changes
from corpus.models import Expert, Organisation
from dashboard.forms.people import ExpertForm, MergeForm, OrganisationForm

FORM = "editing/person_form.html"


def _form_page(request, form, title, *, crumbs, extra=None):
    context = {"form": form, "title": title, "crumbs": crumbs, **(extra or {})}
    return render(request, FORM, context)


@login_required
@permission_required("corpus.add_expert", raise_exception=True)
@require_http_methods(["GET", "POST"])
def expert_new(request):
    form = ExpertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            data = form.cleaned_data
            expert = changes.create_expert(
                data["name"],
                data["organisation"],
                role=data["role"],
                bio=data["bio"],
                kind=data["kind"],
                by=request.user,
            )
            changes.set_aliases(expert, form.alias_list())
        messages.success(request, f"Added {expert.name}.")
        return redirect(expert.get_absolute_url())
    return _form_page(request, form, "New expert", crumbs=[("New expert", "")])


@login_required
@permission_required("corpus.change_expert", raise_exception=True)
@require_http_methods(["GET", "POST"])
def expert_edit(request, slug):
    expert = get_object_or_404(Expert, slug=slug)
    form = ExpertForm(request.POST or None, instance=expert)
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in ExpertForm.Meta.fields}
        if outcome := _edited(request, form, expert, values, form.alias_list()):
            return redirect(outcome.record.get_absolute_url())
    expert = Expert.objects.get(pk=expert.pk)  # the form's instance holds the typed values
    crumbs = [(expert.name, expert.get_absolute_url()), ("Edit", "")]
    links = [
        ("History", reverse("expert-history", args=[expert.slug])),
        ("Merge a duplicate into this expert", reverse("expert-merge", args=[expert.slug])),
    ]
    extra = {"links": links, "pending": changes.open_change(expert)}
    return _form_page(request, form, f"Edit {expert.name}", crumbs=crumbs, extra=extra)


def _edited(request, form, record, values, aliases=None):
    """The edit through the door (applied, or pending review); None with the form's error
    when it is refused."""
    try:
        outcome = changes.edit_person(record, values, aliases, by=request.user)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
        return None
    messages.success(request, outcome.message)
    return outcome


@login_required
@permission_required(["corpus.change_expert", "corpus.change_stance"], raise_exception=True)
@require_http_methods(["GET", "POST"])
def expert_merge(request, slug):
    keep = get_object_or_404(Expert, slug=slug)
    form = MergeForm(request.POST or None, keep=keep)
    if request.method == "POST" and form.is_valid():
        duplicate = form.cleaned_data["duplicate"]
        try:
            changes.merge_experts(keep, duplicate, by=request.user)
        except IntegrityError:
            form.add_error(
                "duplicate",
                "Both records hold a stance or assessment on the same quote; delete one first.",
            )
        else:
            messages.success(request, f"Merged {duplicate.name} into {keep.name}.")
            return redirect(keep.get_absolute_url())
    crumbs = [(keep.name, keep.get_absolute_url()), ("Merge", "")]
    return _form_page(
        request,
        form,
        f"Merge a duplicate into {keep.name}",
        crumbs=crumbs,
        extra={"submit": "Merge"},
    )


@login_required
@permission_required("corpus.view_expert", raise_exception=True)
@require_GET
def expert_history(request, slug):
    expert = get_object_or_404(Expert, slug=slug)
    versions = []
    records = list(expert.history.select_related("history_user").order_by("-history_date"))
    for record, older in zip(records, [*records[1:], None], strict=True):
        changed = [c.field for c in record.diff_against(older).changes] if older is not None else []
        versions.append((record, changed))
    context = {
        "expert": expert,
        "versions": versions,
        "crumbs": [(expert.name, expert.get_absolute_url()), ("History", "")],
    }
    return render(request, "editing/expert_history.html", context)


@login_required
@permission_required("corpus.view_organisation", raise_exception=True)
@require_GET
def organisations(request):
    context = {
        "organisations": Organisation.objects.all(),
        "crumbs": [("Organisations", "")],
    }
    return render(request, "editing/organisations.html", context)


@login_required
@permission_required("corpus.add_organisation", raise_exception=True)
@require_http_methods(["GET", "POST"])
def organisation_new(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = changes.create_organisation(
            data["name"], data["country"], data["kind"], by=request.user
        )
        messages.success(request, f"Added {organisation.name}.")
        return redirect("organisations")
    return _form_page(request, form, "New organisation", crumbs=[("New organisation", "")])


@login_required
@permission_required("corpus.change_organisation", raise_exception=True)
@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in OrganisationForm.Meta.fields}
        if _edited(request, form, organisation, values):
            return redirect("organisations")
    organisation = Organisation.objects.get(pk=organisation.pk)
    history = organisation.history.select_related("history_user").order_by("-history_date")
    return _form_page(
        request,
        form,
        f"Edit {organisation.name}",
        crumbs=[("Organisations", reverse("organisations")), ("Edit", "")],
        extra={"history": history, "pending": changes.open_change(organisation)},
    )
