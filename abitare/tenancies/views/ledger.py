"""Ledger pages: record a payment, charge a month, reverse an entry with a reason, request a
write-off and (coordinators) decide it, record a savings deposit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from abitare.accounts.http import MemberRequest, membership_required
from abitare.core.access import access
from abitare.core.forms import submit as submit_form
from abitare.core.idempotency import submitted_once
from abitare.tenancies.forms.ledger import (
    ChargeForm,
    PaymentForm,
    ReverseForm,
    SavingsDepositForm,
    WriteOffDecisionForm,
    WriteOffForm,
)
from abitare.tenancies.models import LedgerEntry, SavingsEntry, Tenancy, WriteOffRequest
from abitare.tenancies.permissions import LEDGER_POST, WRITE_OFF_APPROVE
from abitare.tenancies.selectors.tenancy import tenancy_list
from abitare.tenancies.services import ledger as services
from abitare.tenancies.services import savings as savings_services
from abitare.tenancies.views.tenancy import tenancy_or_404


def _action(
    request: HttpRequest,
    *,
    tenancy: Tenancy,
    form: forms.Form,
    title: str,
    intro: str,
    submit: str,
    perform: Callable[[dict[str, Any]], Any],
    done: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """One small form on a tenancy: show it, call the service, show its refusal or go back."""
    if submit_form(form, perform):
        messages.success(request, done)
        return redirect("tenancies:tenancy-detail", pk=tenancy.pk)
    context = {"tenancy": tenancy, "form": form, "title": title, "intro": intro, "submit": submit, **(extra or {})}
    return render(request, "tenancies/tenancy_action.html", context, status=400 if request.method == "POST" else 200)


@access(LEDGER_POST)
@require_http_methods(["GET", "POST"])
@submitted_once
@membership_required
def payment_create(request: MemberRequest, pk: int) -> HttpResponse:
    tenancy = tenancy_or_404(request, pk)
    return _action(
        request,
        tenancy=tenancy,
        form=PaymentForm(request.POST or None, initial={"reference": tenancy.reference}),
        title=_("Record a payment"),
        intro=_("A payment received from the household, e.g. at the desk or by a transfer not yet imported."),
        submit=_("Record the payment"),
        perform=lambda data: services.payment_record(
            actor=request.membership,
            tenancy=tenancy,
            amount=data["amount"],
            value_date=data["value_date"],
            reference=data["reference"],
            payer_iban=data["payer_iban"],
        ),
        done=_("Payment recorded."),
    )


@access(LEDGER_POST)
@require_http_methods(["GET", "POST"])
@submitted_once
@membership_required
def charge_create(request: MemberRequest, pk: int) -> HttpResponse:
    tenancy = tenancy_or_404(request, pk)
    return _action(
        request,
        tenancy=tenancy,
        form=ChargeForm(request.POST or None),
        title=_("Charge a month"),
        intro=_("Charges are issued every month by the system; use this only for a month it missed."),
        submit=_("Charge the month"),
        perform=lambda data: services.charge_post(actor=request.membership, tenancy=tenancy, month=data["month"]),
        done=_("Month charged."),
    )


@access(LEDGER_POST)
@require_http_methods(["GET", "POST"])
@submitted_once
@membership_required
def entry_reverse(request: MemberRequest, pk: int) -> HttpResponse:
    tenancies = tenancy_list(actor=request.membership)
    entry = LedgerEntry.objects.filter(pk=pk, tenancy__in=tenancies.values("pk")).select_related("tenancy").first()
    if entry is None:
        raise Http404
    tenancy = tenancy_or_404(request, entry.tenancy_id)
    return _action(
        request,
        tenancy=tenancy,
        form=ReverseForm(request.POST or None),
        title=_("Reverse an entry"),
        intro=_("The entry stays in the ledger; a new entry of the opposite sign cancels it, with your reason."),
        submit=_("Reverse the entry"),
        perform=lambda data: services.entry_reverse(actor=request.membership, entry=entry, reason=data["reason"]),
        done=_("Entry reversed."),
        extra={"entry": entry},
    )


@access(LEDGER_POST)
@require_http_methods(["GET", "POST"])
@submitted_once
@membership_required
def write_off_create(request: MemberRequest, pk: int) -> HttpResponse:
    tenancy = tenancy_or_404(request, pk)
    return _action(
        request,
        tenancy=tenancy,
        form=WriteOffForm(request.POST or None),
        title=_("Request a write-off"),
        intro=_("A coordinator approves or rejects the request; only an approved write-off changes the balance."),
        submit=_("Send the request"),
        perform=lambda data: services.write_off_request(
            actor=request.membership,
            tenancy=tenancy,
            amount=data["amount"],
            reason=data["reason"],
        ),
        done=_("Write-off requested: a coordinator will decide."),
    )


@access(WRITE_OFF_APPROVE)
@require_http_methods(["GET", "POST"])
@submitted_once
@membership_required
def write_off_decide(request: MemberRequest, pk: int) -> HttpResponse:
    tenancies = tenancy_list(actor=request.membership)
    item = WriteOffRequest.objects.filter(pk=pk, tenancy__in=tenancies.values("pk")).first()
    if item is None:
        raise Http404
    tenancy = tenancy_or_404(request, item.tenancy_id)

    def perform(data: dict[str, Any]) -> Any:
        if data["decision"] == "approve":
            return services.write_off_approve(actor=request.membership, request=item, note=data["note"])
        return services.write_off_reject(actor=request.membership, request=item, note=data["note"])

    return _action(
        request,
        tenancy=tenancy,
        form=WriteOffDecisionForm(request.POST or None),
        title=_("Decide on a write-off"),
        intro=_("Requested: %(amount)s € — %(reason)s") % {"amount": item.amount, "reason": item.reason},
        submit=_("Record the decision"),
        perform=perform,
        done=_("Decision recorded."),
    )


@access(LEDGER_POST)
@require_http_methods(["GET", "POST"])
@submitted_once
@membership_required
def savings_deposit_create(request: MemberRequest, pk: int) -> HttpResponse:
    tenancy = tenancy_or_404(request, pk)
    return _action(
        request,
        tenancy=tenancy,
        form=SavingsDepositForm(request.POST or None, initial={"amount": tenancy.savings_deposit}),
        title=_("Record a savings deposit"),
        intro=_("The monthly deposit of the service contract, returned to the household at exit."),
        submit=_("Record the deposit"),
        perform=lambda data: savings_services.savings_deposit(
            actor=request.membership,
            tenancy=tenancy,
            amount=data["amount"],
            value_date=data["value_date"],
            month=data["value_date"],
        ),
        done=_("Deposit recorded."),
    )


@access(LEDGER_POST)
@require_http_methods(["GET", "POST"])
@submitted_once
@membership_required
def savings_entry_reverse(request: MemberRequest, pk: int) -> HttpResponse:
    tenancies = tenancy_list(actor=request.membership)
    entry = SavingsEntry.objects.filter(pk=pk, tenancy__in=tenancies.values("pk")).first()
    if entry is None:
        raise Http404
    tenancy = tenancy_or_404(request, entry.tenancy_id)
    return _action(
        request,
        tenancy=tenancy,
        form=ReverseForm(request.POST or None),
        title=_("Reverse a savings entry"),
        intro=_("The entry stays; a new entry of the opposite sign cancels it, with your reason."),
        submit=_("Reverse the entry"),
        perform=lambda data: savings_services.savings_entry_reverse(
            actor=request.membership,
            entry=entry,
            reason=data["reason"],
        ),
        done=_("Entry reversed."),
    )
