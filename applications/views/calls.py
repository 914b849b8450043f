"""Calls for applications (申报批次): SAMR staff create, edit, publish and close them; auditors
read them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.enums import Role
from accounts.http import AuthedRequest
from dgyp.exceptions import DomainError, attempt
from dgyp.paging import paginate
from dgyp.permissions import role_required

from .. import selectors, services
from ..enums import CallState
from ..forms import CallForm


@require_safe
@role_required(Role.SAMR_STAFF, Role.AUDITOR)
def call_list(request: AuthedRequest) -> HttpResponse:
    page, query_string = paginate(request, selectors.call_list_for_user(user=request.user), 20)
    return render(
        request,
        "applications/call_list.html",
        {"page_obj": page, "query_string": query_string},
    )


@role_required(Role.SAMR_STAFF)
def call_create(request: AuthedRequest) -> HttpResponse:
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            call = services.call_create(
                by=request.user,
                year=data["year"],
                title=data["title"],
                edition=data["edition"],
                notice=data["notice"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                required_materials=services.materials_from_labels(data["required_materials"]),
                checklist=services.checklist_from_labels(data["checklist"]),
                supplement_working_days=data["supplement_working_days"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The call has been created as a draft."))
            return redirect("applications:call_detail", pk=call.pk)
    return render(request, "applications/call_form.html", {"form": form, "call": None})


@role_required(Role.SAMR_STAFF, Role.AUDITOR)
def call_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """The call; SAMR staff edit it here (everything while a draft, dates and text after)."""
    call = selectors.call_get_for_user(user=request.user, pk=pk)
    may_edit = request.user.has_role(Role.SAMR_STAFF) and call.state != CallState.CLOSED
    if request.method == "POST" and not may_edit:
        raise PermissionDenied
    form = CallForm(request.POST or None, call=call) if may_edit else None
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            services.call_update(
                call=call,
                by=request.user,
                title=data["title"],
                notice=data["notice"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                required_materials=services.materials_from_labels(
                    data["required_materials"], call.required_materials
                ),
                checklist=services.checklist_from_labels(data["checklist"], call.checklist),
                supplement_working_days=data["supplement_working_days"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The call has been saved."))
            return redirect("applications:call_detail", pk=call.pk)
    return render(
        request,
        "applications/call_detail.html",
        {
            "call": call,
            "form": form,
            "may_act": request.user.has_role(Role.SAMR_STAFF),
            "public_url": services.call_public_url(call),
        },
    )


@require_POST
@role_required(Role.SAMR_STAFF)
def call_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    call = selectors.call_get_for_user(user=request.user, pk=pk)
    attempt(
        request,
        lambda: services.call_publish(call=call, by=request.user),
        success=_("The call is published on the public site."),
    )
    return redirect("applications:call_detail", pk=pk)


@require_POST
@role_required(Role.SAMR_STAFF)
def call_close(request: AuthedRequest, pk: int) -> HttpResponse:
    call = selectors.call_get_for_user(user=request.user, pk=pk)
    attempt(
        request,
        lambda: services.call_close(call=call, by=request.user),
        success=_("The call is closed: no new applications are accepted."),
    )
    return redirect("applications:call_detail", pk=pk)
