"""Pages of the registry: people, households, ISEE, consents, sensitive records, desk
consultations, data-subject rights and the import. Views parse input, call a service or a
selector, and render; every read of a person's record goes to the access log."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abitare.accounts.http import actor_of
from abitare.accounts.models import Membership
from abitare.core import params
from abitare.core.access import access
from abitare.core.audit import log_read, log_reads
from abitare.core.exceptions import DomainError
from abitare.core.forms import add_domain_error, submit
from abitare.core.models import AccessLogEntry
from abitare.core.pdf import render_template_pdf
from abitare.core.tasks import progress_create
from abitare.registry import selectors, services
from abitare.registry.forms import (
    SENSITIVE_FORMS,
    ConsentForm,
    ConsultationForm,
    EraseForm,
    HouseholdForm,
    ImportForm,
    IseeForm,
    MemberAddForm,
    MemberEndForm,
    PersonForm,
    PersonSearchForm,
)
from abitare.registry.models import SENSITIVE_MODELS, Consent, HouseholdMember, Person
from abitare.registry.permissions import (
    CONSULTATIONS,
    ERASURE,
    PEOPLE,
    PEOPLE_SENSITIVE,
    request_may_read_sensitive,
)
from abitare.registry.services.consultations import NewReferral
from abitare.registry.services.households import NewMember
from abitare.registry.services.imports import template_csv
from abitare.registry.services.people import LikelyDuplicate
from abitare.registry.tasks import import_people_task

PAGE_SIZE = 25
SENSITIVE_BY_NAME = {model._meta.model_name: model for model in SENSITIVE_MODELS}


def _resolve_person(membership: Membership, value: str) -> Person | None:
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        person_id = params.as_id(value)
        return selectors.person_list(actor=membership).filter(pk=person_id).first() if person_id else None
    return selectors.person_by_codice_fiscale(actor=membership, code=value)


# People ------------------------------------------------------------------------------------------


@access(PEOPLE)
def person_list(request: HttpRequest) -> HttpResponse:
    """Search by name, Codice Fiscale and neighbourhood; htmx swaps only the results."""
    membership = actor_of(request)
    form = PersonSearchForm(request.GET or None, membership=membership)
    filters = selectors.PersonFilters.from_query(request.GET)
    page = Paginator(selectors.person_list(actor=membership, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    log_reads(request, list(page.object_list), purpose="search", actor=actor_of(request))
    template = "registry/person_list.html#results" if request.htmx else "registry/person_list.html"  # type: ignore[attr-defined]
    return render(request, template, {"form": form, "page": page})


@access(PEOPLE)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = actor_of(request)
    person = selectors.person_get(actor=membership, pk=pk)
    log_read(request, person, actor=actor_of(request))
    sensitive = (
        selectors.sensitive_records(actor=membership, person=person) if request_may_read_sensitive(request) else None
    )
    if sensitive:
        log_reads(
            request,
            [record for records in sensitive.values() for record in records],
            purpose="sensitive",
            actor=actor_of(request),
        )
    memberships = HouseholdMember.objects.filter(person=person).select_related("household").order_by("-start_date")
    context = {
        "person": person,
        "memberships": memberships,
        "consents": selectors.consent_list(person=person),
        "consultations": person.consultations.select_related("operator")[:20],
        "sensitive": sensitive,
        "sensitive_kinds": [(name, model._meta.verbose_name) for name, model in SENSITIVE_BY_NAME.items()],
        "may_erase": ERASURE.allows(request),
        "today": timezone.localdate(),
    }
    return render(request, "registry/person_detail.html", context)


@access(PEOPLE)
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    return _person_form(request, None)


@access(PEOPLE)
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(actor=actor_of(request), pk=pk)
    return _person_form(request, person)


def _person_form(request: HttpRequest, person: Person | None) -> HttpResponse:
    membership = actor_of(request)
    form = PersonForm(request.POST or None, instance=person, membership=membership)
    duplicates: list[Person] = []
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        confirm = bool(form.cleaned_data.get("confirm_not_duplicate"))
        try:
            if person is None:
                person = services.person_create(actor=membership, confirm_not_duplicate=confirm, **values)
            else:
                territory = values.pop("territory")
                person = services.person_update(
                    actor=membership, person=person, territory=territory, confirm_not_duplicate=confirm, **values
                )
        except LikelyDuplicate as error:
            duplicates = error.duplicates
            add_domain_error(form, error)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("registry:person-detail", pk=person.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "person": person, "duplicates": duplicates}
    return render(request, "registry/person_form.html", context, status=status)


@access(PEOPLE_SENSITIVE)
@require_http_methods(["GET", "POST"])
def sensitive_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    membership = actor_of(request)
    person = selectors.person_get(actor=membership, pk=pk)
    form_class = SENSITIVE_FORMS.get(kind)
    if form_class is None:
        raise Http404
    form = form_class(request.POST or None)
    if submit(
        form,
        lambda data: services.sensitive_record_add(
            actor=membership, person=person, model=SENSITIVE_BY_NAME[kind], **data
        ),
    ):
        messages.success(request, _("Saved."))
        return redirect("registry:person-detail", pk=person.pk)
    context = {"form": form, "person": person, "heading": form_class._meta.model._meta.verbose_name}
    return render(request, "registry/simple_form.html", context, status=400 if form.errors else 200)


@access(PEOPLE)
@require_http_methods(["GET", "POST"])
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    membership = actor_of(request)
    person = selectors.person_get(actor=membership, pk=pk)
    form = ConsentForm(request.POST or None)
    if submit(form, lambda data: services.consent_record(actor=membership, person=person, **data)):
        messages.success(request, _("Consent recorded."))
        return redirect("registry:person-detail", pk=person.pk)
    context = {"form": form, "person": person, "heading": _("New consent")}
    return render(request, "registry/simple_form.html", context, status=400 if form.errors else 200)


@access(PEOPLE)
@require_POST
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    membership = actor_of(request)
    consent = Consent.objects.filter(pk=pk, person__in=selectors.person_list(actor=membership)).first()
    if consent is None:
        raise Http404
    try:
        services.consent_withdraw(actor=membership, consent=consent)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Consent withdrawn."))
    return redirect("registry:person-detail", pk=consent.person_id)


# Data-subject rights ------------------------------------------------------------------------------


def _log_export(request: HttpRequest, membership: Membership, person: Person, purpose: str) -> None:
    """The export is a read of the person and, when included, of each sensitive record."""
    log_read(request, person, channel=AccessLogEntry.Channel.EXPORT, purpose=purpose, actor=actor_of(request))
    sensitive = selectors.sensitive_records(actor=membership, person=person)
    if sensitive:
        records: list[Model] = [record for group in sensitive.values() for record in group]
        log_reads(request, records, channel=AccessLogEntry.Channel.EXPORT, purpose=purpose, actor=actor_of(request))


@access(PEOPLE)
def person_export_json(request: HttpRequest, pk: int) -> HttpResponse:
    membership = actor_of(request)
    person = selectors.person_get(actor=membership, pk=pk)
    data = services.person_export(actor=membership, person=person)
    _log_export(request, membership, person, "data-subject export")
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="persona-{person.pk}.json"'
    return response


@access(PEOPLE)
def person_export_pdf(request: HttpRequest, pk: int) -> HttpResponse:

    membership = actor_of(request)
    person = selectors.person_get(actor=membership, pk=pk)
    data = services.person_export(actor=membership, person=person)
    _log_export(request, membership, person, "data-subject export (PDF)")
    pdf = render_template_pdf("registry/person_export.html", {"data": data}, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="persona-{person.pk}.pdf"'
    return response


@access(ERASURE)
@require_http_methods(["GET", "POST"])
def person_erase(request: HttpRequest, pk: int) -> HttpResponse:
    membership = actor_of(request)
    person = selectors.person_get(actor=membership, pk=pk)
    form = EraseForm(request.POST or None)
    refusals = services.erasure_refusals(person=person)
    if done := submit(form, lambda data: services.person_erase(actor=membership, person=person)):
        messages.success(request, _("The person's data was erased. Reference kept: %(ref)s") % {"ref": done.value})
        return redirect("registry:person-list")
    context = {"form": form, "person": person, "refusals": refusals}
    return render(request, "registry/person_erase.html", context, status=400 if form.errors else 200)


# Households ---------------------------------------------------------------------------------------


@access(PEOPLE)
def household_list(request: HttpRequest) -> HttpResponse:
    membership = actor_of(request)
    form = PersonSearchForm(request.GET or None, membership=membership)
    filters = selectors.PersonFilters.from_query(request.GET)
    page = Paginator(
        selectors.household_list(actor=membership, filters=filters).order_by("name", "id"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    log_reads(request, list(page.object_list), purpose="search", actor=actor_of(request))
    template = "registry/household_list.html#results" if request.htmx else "registry/household_list.html"  # type: ignore[attr-defined]
    return render(request, template, {"form": form, "page": page})


@access(PEOPLE)
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = actor_of(request)
    household = selectors.household_get(actor=membership, pk=pk)
    members = list(household.memberships.all())
    log_read(request, household, actor=actor_of(request))
    log_reads(request, [member.person for member in members], purpose="household", actor=actor_of(request))
    context = {
        "household": household,
        "members": members,
        "attestations": household.isee_attestations.all(),
        "latest_isee": selectors.isee_latest_valid(household=household),
        "member_form": MemberAddForm(),
        "today": timezone.localdate(),
    }
    return render(request, "registry/household_detail.html", context)


@access(PEOPLE)
@require_http_methods(["GET", "POST"])
def household_create(request: HttpRequest) -> HttpResponse:
    membership = actor_of(request)
    form = HouseholdForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reference = data.pop("reference_person")
        members = []
        if reference:
            person = _resolve_person(membership, reference)
            if person is None:
                form.add_error("reference_person", _("No person with this Codice Fiscale or number in your records."))
            else:
                members.append(NewMember(person=person, relationship=HouseholdMember.Relationship.REFERENCE))
        if not form.errors:
            try:
                household = services.household_create(actor=membership, members=members, **data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Household created: now add its members."))
                return redirect("registry:household-detail", pk=household.pk)
    context = {"form": form, "heading": _("New household")}
    return render(request, "registry/simple_form.html", context, status=400 if form.errors else 200)


@access(PEOPLE)
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    membership = actor_of(request)
    household = selectors.household_get(actor=membership, pk=pk)
    form = MemberAddForm(request.POST)
    if form.is_valid():
        person = _resolve_person(membership, form.cleaned_data["person"])
        if person is None:
            form.add_error("person", _("No person with this Codice Fiscale or number in your records."))
        else:
            try:
                services.household_member_add(
                    actor=membership,
                    household=household,
                    person=person,
                    relationship=form.cleaned_data["relationship"],
                    start_date=form.cleaned_data["start_date"],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Member added."))
                return redirect("registry:household-detail", pk=household.pk)
    for field_errors in form.errors.values():
        for message in field_errors:
            messages.error(request, str(message))
    return redirect("registry:household-detail", pk=household.pk)


@access(PEOPLE)
@require_POST
def member_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = actor_of(request)
    member = HouseholdMember.objects.filter(pk=pk, household__in=selectors.household_list(actor=membership)).first()
    if member is None:
        raise Http404
    form = MemberEndForm(request.POST)
    if form.is_valid():
        try:
            services.household_member_end(actor=membership, member=member, end_date=form.cleaned_data["end_date"])
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Membership ended."))
    return redirect("registry:household-detail", pk=member.household_id)


@access(PEOPLE)
@require_http_methods(["GET", "POST"])
def isee_add(request: HttpRequest, pk: int) -> HttpResponse:
    membership = actor_of(request)
    household = selectors.household_get(actor=membership, pk=pk)
    form = IseeForm(request.POST or None)
    if submit(form, lambda data: services.isee_attestation_add(actor=membership, household=household, **data)):
        messages.success(request, _("ISEE attestation recorded."))
        return redirect("registry:household-detail", pk=household.pk)
    context = {"form": form, "household": household, "heading": _("New ISEE attestation")}
    return render(request, "registry/simple_form.html", context, status=400 if form.errors else 200)


# Desk consultations --------------------------------------------------------------------------------


@access(CONSULTATIONS)
def consultation_list(request: HttpRequest) -> HttpResponse:
    membership = actor_of(request)
    page = Paginator(selectors.consultation_list(actor=membership), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "registry/consultation_list.html", {"page": page})


@access(CONSULTATIONS)
@require_http_methods(["GET", "POST"])
def consultation_create(request: HttpRequest) -> HttpResponse:
    """Quick intake: autofocus on the topic, defaults for date and territory, Enter saves."""
    membership = actor_of(request)
    form = ConsultationForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = None
        if data["person"]:
            person = _resolve_person(membership, data["person"])
            if person is None:
                form.add_error("person", _("No person with this Codice Fiscale or number in your records."))
        if not form.errors:
            referrals = (
                [NewReferral(kind=data["referral_kind"], to=data["referral_to"])] if data["referral_kind"] else []
            )
            try:
                services.consultation_record(
                    actor=membership,
                    territory=data["territory"],
                    topic=data["topic"],
                    held_on=data["held_on"],
                    person=person,
                    age_band=data["age_band"],
                    sex=data["sex"],
                    advice=data["advice"],
                    follow_up_on=data["follow_up_on"],
                    referrals=referrals,
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Consultation recorded. Ready for the next one."))
                return redirect("registry:consultation-create")
    return render(request, "registry/consultation_form.html", {"form": form}, status=400 if form.errors else 200)


@access(CONSULTATIONS)
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = selectors.consultation_get(actor=actor_of(request), pk=pk)
    if consultation.person is not None:
        log_read(request, consultation.person, purpose="consultation", actor=actor_of(request))
    return render(request, "registry/consultation_detail.html", {"consultation": consultation})


@access(CONSULTATIONS)
@require_POST
def consultation_follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    membership = actor_of(request)
    consultation = selectors.consultation_get(actor=membership, pk=pk)
    try:
        services.consultation_follow_up_done(actor=membership, consultation=consultation)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Follow-up done."))
    return redirect("web:worklist")


# Import ------------------------------------------------------------------------------------------


@access(PEOPLE)
@require_http_methods(["GET", "POST"])
def people_import(request: HttpRequest) -> HttpResponse:
    """Upload a file made from the template; it is checked and imported in the background."""

    membership = actor_of(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        file_format = "xlsx" if upload.name.lower().endswith(".xlsx") else "csv"
        folder = Path(settings.MEDIA_ROOT) / "imports"
        folder.mkdir(parents=True, exist_ok=True)
        progress = progress_create(owner_id=int(request.user.pk or 0), label=_("Import of households and persons"))
        target = folder / f"{progress.pk}.{file_format}"
        with target.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        import_people_task.enqueue(
            progress_id=str(progress.pk), actor_id=membership.pk, path=str(target), file_format=file_format
        )
        return redirect(reverse("web:task-progress", args=[progress.pk]))
    return render(request, "registry/import.html", {"form": form}, status=400 if form.errors else 200)


@access(PEOPLE)
def people_import_template(request: HttpRequest) -> HttpResponse:

    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="abitare-import-persone.csv"'
    return response
