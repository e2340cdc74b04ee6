"""People: search, the person's page, creation and edits, consents, sensitive records and the
data-subject rights (export, erasure)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abitare.accounts.http import MemberRequest, membership_required
from abitare.accounts.models import Membership
from abitare.core.access import access
from abitare.core.audit import log_read, log_reads
from abitare.core.exceptions import DomainError
from abitare.core.exports import export_response, requested_format
from abitare.core.forms import add_domain_error, submit
from abitare.core.models import AccessLogEntry
from abitare.core.pages import act, form_page
from abitare.core.pdf import render_template_pdf
from abitare.registry import selectors, services
from abitare.registry.forms import SENSITIVE_FORMS, ConsentForm, EraseForm, PersonForm, PersonSearchForm
from abitare.registry.models import SENSITIVE_MODELS, Consent, HouseholdMember, Person
from abitare.registry.permissions import ERASURE, PEOPLE, PEOPLE_SENSITIVE, request_may_read_sensitive
from abitare.registry.services.people import LikelyDuplicate

PAGE_SIZE = 25
SENSITIVE_BY_NAME = {model._meta.model_name: model for model in SENSITIVE_MODELS}


def _people() -> tuple[str, str]:
    return _("People"), reverse("registry:person-list")


def _trail(person: Person) -> list[tuple[str, str]]:
    return [_people(), (str(person), reverse("registry:person-detail", args=[person.pk]))]


# People ------------------------------------------------------------------------------------------


@access(PEOPLE)
@membership_required
def person_list(request: MemberRequest) -> HttpResponse:
    """Search by name, Codice Fiscale and neighbourhood; htmx swaps only the results."""
    if requested_format(request):
        return export_response(request, "registry.persons", actor=request.membership)
    membership = request.membership
    form = PersonSearchForm(request.GET or None, membership=membership)
    filters = selectors.PersonFilters.from_query(request.GET)
    page = Paginator(selectors.person_list(actor=membership, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    log_reads(request, list(page.object_list), purpose="search", actor=request.membership)
    template = "registry/person_list.html#results" if request.htmx else "registry/person_list.html"
    return render(request, template, {"form": form, "page": page})


@access(PEOPLE)
@membership_required
def person_detail(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    person = selectors.person_get(actor=membership, pk=pk)
    log_read(request, person, actor=request.membership)
    sensitive = (
        selectors.sensitive_records(actor=membership, person=person) if request_may_read_sensitive(request) else None
    )
    if sensitive:
        log_reads(
            request,
            [record for records in sensitive.values() for record in records],
            purpose="sensitive",
            actor=request.membership,
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
@membership_required
def person_create(request: MemberRequest) -> HttpResponse:
    return _person_form(request, None)


@access(PEOPLE)
@require_http_methods(["GET", "POST"])
@membership_required
def person_edit(request: MemberRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(actor=request.membership, pk=pk)
    return _person_form(request, person)


def _person_form(request: MemberRequest, person: Person | None) -> HttpResponse:
    membership = request.membership
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
@membership_required
def sensitive_add(request: MemberRequest, pk: int, kind: str) -> HttpResponse:
    membership = request.membership
    person = selectors.person_get(actor=membership, pk=pk)
    form_class = SENSITIVE_FORMS.get(kind)
    if form_class is None:
        raise Http404
    model = SENSITIVE_BY_NAME[kind]
    return form_page(
        request,
        form_class(request.POST or None),
        heading=str(model._meta.verbose_name),
        trail=_trail(person),
        save=lambda data: services.sensitive_record_add(actor=membership, person=person, model=model, **data),
        done=reverse("registry:person-detail", args=[person.pk]),
        success=_("Saved."),
    )


@access(PEOPLE)
@require_http_methods(["GET", "POST"])
@membership_required
def consent_add(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    person = selectors.person_get(actor=membership, pk=pk)
    return form_page(
        request,
        ConsentForm(request.POST or None),
        heading=_("New consent"),
        trail=_trail(person),
        save=lambda data: services.consent_record(actor=membership, person=person, **data),
        done=reverse("registry:person-detail", args=[person.pk]),
        success=_("Consent recorded."),
    )


@access(PEOPLE)
@require_POST
@membership_required
def consent_withdraw(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    consent = Consent.objects.filter(pk=pk, person__in=selectors.person_list(actor=membership)).first()
    if consent is None:
        raise Http404
    return act(
        request,
        lambda: services.consent_withdraw(actor=membership, consent=consent),
        done=reverse("registry:person-detail", args=[consent.person_id]),
        success=_("Consent withdrawn."),
    )


# Data-subject rights ------------------------------------------------------------------------------


def _log_export(request: MemberRequest, membership: Membership, person: Person, purpose: str) -> None:
    """The export is a read of the person and, when included, of each sensitive record."""
    log_read(request, person, channel=AccessLogEntry.Channel.EXPORT, purpose=purpose, actor=request.membership)
    sensitive = selectors.sensitive_records(actor=membership, person=person)
    if sensitive:
        records: list[Model] = [record for group in sensitive.values() for record in group]
        log_reads(request, records, channel=AccessLogEntry.Channel.EXPORT, purpose=purpose, actor=request.membership)


@access(PEOPLE)
@membership_required
def person_export_json(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    person = selectors.person_get(actor=membership, pk=pk)
    data = services.person_export(actor=membership, person=person)
    _log_export(request, membership, person, "data-subject export")
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="persona-{person.pk}.json"'
    return response


@access(PEOPLE)
@membership_required
def person_export_pdf(request: MemberRequest, pk: int) -> HttpResponse:

    membership = request.membership
    person = selectors.person_get(actor=membership, pk=pk)
    data = services.person_export(actor=membership, person=person)
    _log_export(request, membership, person, "data-subject export (PDF)")
    pdf = render_template_pdf("registry/person_export.html", {"data": data}, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="persona-{person.pk}.pdf"'
    return response


@access(ERASURE)
@require_http_methods(["GET", "POST"])
@membership_required
def person_erase(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    person = selectors.person_get(actor=membership, pk=pk)
    form = EraseForm(request.POST or None)
    refusals = services.erasure_refusals(person=person)
    if done := submit(form, lambda data: services.person_erase(actor=membership, person=person)):
        messages.success(request, _("The person's data was erased. Reference kept: %(ref)s") % {"ref": done.value})
        return redirect("registry:person-list")
    context = {"form": form, "person": person, "refusals": refusals}
    return render(request, "registry/person_erase.html", context, status=400 if form.errors else 200)
