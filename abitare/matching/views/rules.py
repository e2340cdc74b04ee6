"""Rule sets in force per territory."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from abitare.accounts.http import MemberRequest, membership_required
from abitare.core.access import access
from abitare.core.forms import submit
from abitare.matching import selectors, services
from abitare.matching.forms import RuleForm
from abitare.matching.models import RuleSet
from abitare.matching.permissions import (
    RULES,
    RULES_READ,
)


@access(RULES_READ)
@membership_required
def ruleset_list(request: MemberRequest) -> HttpResponse:
    rule_sets = selectors.rule_set_list(actor=request.membership)
    return render(request, "matching/ruleset_list.html", {"rule_sets": rule_sets, "can_edit": RULES.allows(request)})


@access(RULES)
@require_http_methods(["GET", "POST"])
@membership_required
def ruleset_detail(request: MemberRequest, pk: int) -> HttpResponse:
    rule_set = selectors.rule_set_list(actor=request.membership).filter(pk=pk).first()
    if rule_set is None:
        raise Http404
    form = RuleForm(request.POST or None)
    if submit(form, lambda data: services.rule_add(actor=request.membership, rule_set=rule_set, **data)):
        messages.success(request, _("Rule added."))
        return redirect("matching:ruleset-detail", pk=pk)
    context = {"rule_set": rule_set, "form": form, "kinds": RuleSet.Kind}
    return render(request, "matching/ruleset_detail.html", context, status=400 if form.errors else 200)
