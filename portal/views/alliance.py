"""Public pages of the quality technical service alliance (no login): the call, the proposed
list with the comment form, and the member list with the disqualified institutions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from alliance import selectors, services
from alliance.enums import CallState
from alliance.forms import PublicCommentForm
from alliance.models import AllianceCall, AllianceMember
from dgyp.exceptions import DomainError
from dgyp.models import PublicNotice
from dgyp.request_context import client_ip_of


def _alliance_notices(limit: int = 8) -> list[PublicNotice]:
    types = ContentType.objects.get_for_models(AllianceCall, AllianceMember).values()
    return list(
        PublicNotice.objects.filter(subject_type__in=list(types)).order_by("-published_at", "-id")[
            :limit
        ]
    )


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    calls = list(selectors.calls_public()[:5])
    return render(
        request,
        "portal/alliance/index.html",
        {
            "calls": calls,
            "current": calls[0] if calls else None,
            "member_count": selectors.members_public().count(),
            "notices": _alliance_notices(),
        },
    )


@require_safe
def call(request: HttpRequest, pk: int) -> HttpResponse:
    the_call = selectors.call_public_get(pk=pk)
    return render(
        request,
        "portal/alliance/call.html",
        {
            "call": the_call,
            "accepting": selectors.calls_open_for_applications().filter(pk=the_call.pk).exists(),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def proposed(request: HttpRequest, pk: int) -> HttpResponse:
    """The proposed list; while the comment period runs, anyone may comment with their real
    name and a contact (also when signed in: the public comment is always a public one)."""
    the_call = selectors.consultation_call_get(pk=pk, public=True)
    proposed_list = selectors.proposed_applications(call=the_call)
    period_open = selectors.comment_period_open(the_call)
    form = PublicCommentForm(
        request.POST if request.method == "POST" else None,
        proposed=proposed_list.filter(state="proposed"),
    )
    status = 200
    if request.method == "POST":
        if not period_open:
            form.add_error(None, _("The comment period is over."))
            status = 400
        elif form.is_valid():
            if form.cleaned_data.get("website"):
                # The hidden field was filled in: a robot. Answer as if recorded.
                messages.success(request, _("Thank you: your comment has been recorded."))
                return redirect("portal:alliance_proposed", pk=the_call.pk)
            try:
                services.comment_submit_public(
                    call=the_call,
                    name=form.cleaned_data["name"],
                    contact=form.cleaned_data["contact"],
                    body=form.cleaned_data["body"],
                    is_objection=form.cleaned_data["is_objection"],
                    application=form.cleaned_data["application"],
                    client_ip=client_ip_of(request),
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = 429 if exc.code == "rate_limited" else 400
            else:
                messages.success(request, _("Thank you: your comment has been recorded."))
                return redirect("portal:alliance_proposed", pk=the_call.pk)
        else:
            status = 400
    return render(
        request,
        "portal/alliance/proposed.html",
        {
            "call": the_call,
            "proposed": list(proposed_list),
            "form": form,
            "period_open": period_open,
            "established": the_call.state == CallState.ESTABLISHED,
        },
        status=status,
    )


@require_safe
def members(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/alliance/members.html",
        {
            "members": list(selectors.members_public()),
            "disqualified": list(selectors.members_disqualified_public()),
        },
    )
