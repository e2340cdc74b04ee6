"""Pages of community-work restitution: tasks, recording hours, the supervisor's confirmations,
and the report of hours and euros per tenancy and per task (also as XLSX)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abitare.accounts.http import MemberRequest, membership_required
from abitare.core import spreadsheets
from abitare.core.access import access
from abitare.core.audit import log_reads
from abitare.core.exceptions import DomainError
from abitare.core.exports import export_response, requested_format
from abitare.core.forms import submit
from abitare.core.idempotency import submitted_once
from abitare.core.models import AccessLogEntry
from abitare.core.money import money
from abitare.core.pages import act, form_page
from abitare.tenancies.forms.recovery import ReasonForm, SessionForm, TaskForm
from abitare.tenancies.models import CommunityWorkSession
from abitare.tenancies.permissions import COMMUNITY_SUPERVISE, RECOVERY
from abitare.tenancies.selectors import community as selectors
from abitare.tenancies.selectors.tenancy import tenancy_list
from abitare.tenancies.services import community as services


@access(RECOVERY)
@require_http_methods(["GET", "POST"])
@membership_required
def task_list(request: MemberRequest) -> HttpResponse:
    """The tasks of community work, with their supervisor; a new task below."""
    if requested_format(request):
        return export_response(request, "tenancies.community_hours", actor=request.membership)
    membership = request.membership
    form = TaskForm(request.POST or None, supervisors=selectors.supervisor_choices(actor=membership))
    if submit(form, lambda data: services.task_create(actor=membership, **data)):
        messages.success(request, _("Task added."))
        return redirect("tenancies:community-task-list")
    sessions = selectors.session_list(actor=membership)
    page = Paginator(sessions, 30).get_page(request.GET.get("page"))
    log_reads(request, list(page.object_list), actor=request.membership)
    context = {"tasks": selectors.task_list(actor=membership), "form": form, "page": page}
    return render(request, "tenancies/community_task_list.html", context, status=400 if form.errors else 200)


@access(RECOVERY)
@require_http_methods(["GET", "POST"])
@submitted_once
def session_create(request: MemberRequest) -> HttpResponse:
    """Record hours worked; they wait for the task supervisor's confirmation."""
    membership = request.membership

    def save(data: dict[str, Any]) -> Any:
        data = dict(data)
        reference = data.pop("tenancy").strip()
        tenancy = tenancy_list(actor=membership).filter(reference__iexact=reference).first()
        if tenancy is None:
            raise DomainError(_("No tenancy of yours has this reference."), field="tenancy")
        return services.session_record(actor=membership, tenancy=tenancy, **data)

    form = SessionForm(
        request.POST or None,
        tasks=selectors.task_list(actor=membership, active_only=True),
        initial={"worked_on": datetime.date.today(), "tenancy": request.GET.get("tenancy", "")},
    )
    return form_page(
        request,
        form,
        heading=_("Record community-work hours"),
        intro=_("The hours change nothing on the ledger until the task's supervisor confirms them."),
        trail=[(_("Community work"), reverse("tenancies:community-task-list"))],
        save=save,
        done=reverse("tenancies:community-task-list"),
        success=_("Hours recorded: they wait for the supervisor's confirmation."),
        submit_label=_("Record the hours"),
    )


@access(COMMUNITY_SUPERVISE)
@membership_required
def session_queue(request: MemberRequest) -> HttpResponse:
    """Hours waiting for the signed-in user's confirmation (the tasks they supervise)."""
    membership = request.membership
    sessions = selectors.sessions_to_confirm(actor=membership, supervisor=membership.user)
    log_reads(request, list(sessions), actor=request.membership)
    return render(request, "tenancies/community_confirm.html", {"sessions": sessions, "reject": ReasonForm()})


def _session(request: MemberRequest, pk: int) -> CommunityWorkSession:
    session = selectors.session_get(actor=request.membership, pk=pk)
    if session is None:
        raise Http404
    return session


@access(COMMUNITY_SUPERVISE)
@require_POST
@submitted_once
@membership_required
def session_confirm(request: MemberRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    return act(
        request,
        lambda: services.session_confirm(actor=request.membership, session=session),
        done=reverse("tenancies:community-confirm"),
        success=lambda confirmed: (
            _("Hours confirmed: %(amount)s credited to %(tenancy)s.")
            % {"amount": money(confirmed.amount), "tenancy": confirmed.tenancy.reference}
        ),
    )


@access(COMMUNITY_SUPERVISE)
@require_POST
@membership_required
def session_reject(request: MemberRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    form = ReasonForm(request.POST)
    return act(
        request,
        lambda: services.session_reject(actor=request.membership, session=session, reason=form.cleaned_data["reason"]),
        form=form,
        invalid=_("Say why the hours are rejected."),
        done=reverse("tenancies:community-confirm"),
        success=_("Hours rejected: nothing was credited."),
    )


def _period(request: HttpRequest) -> tuple[datetime.date | None, datetime.date | None]:
    def day(name: str) -> datetime.date | None:
        try:
            return datetime.date.fromisoformat(request.GET.get(name, ""))
        except ValueError:
            return None

    return day("from"), day("to")


@access(RECOVERY)
@membership_required
def report(request: MemberRequest) -> HttpResponse:
    date_from, date_to = _period(request)
    data = selectors.community_report(actor=request.membership, date_from=date_from, date_to=date_to)
    return render(
        request, "tenancies/community_report.html", {"report": data, "date_from": date_from, "date_to": date_to}
    )


@access(RECOVERY)
@membership_required
def report_xlsx(request: MemberRequest) -> HttpResponse:
    date_from, date_to = _period(request)
    membership = request.membership
    data: dict[str, Any] = selectors.community_report(actor=membership, date_from=date_from, date_to=date_to)
    book = spreadsheets.Spreadsheet()
    for title, label, rows in [
        (_("By tenancy"), _("Tenancy"), data["by_tenancy"]),
        (_("By task"), _("Task"), data["by_task"]),
    ]:
        sheet = book.sheet(title)
        sheet.append([label, _("Hours confirmed"), _("Euro credited"), _("Hours waiting"), _("Sessions")], bold=True)
        for row in rows:
            sheet.append([row.label, row.confirmed_hours, row.credited, row.pending_hours, row.sessions])
    log_reads(
        request,
        list(selectors.session_list(actor=membership)[:1000]),
        channel=AccessLogEntry.Channel.EXPORT,
        purpose="community-work report",
        actor=request.membership,
    )
    response = HttpResponse(book.to_bytes(), content_type=spreadsheets.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="lavoro-di-comunita.xlsx"'
    return response
