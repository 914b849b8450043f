"""Core pages: notifications inbox, audit trail (auditors), working-day calendar, file download."""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from dgyp import calendar as cal
from dgyp.attachments import attachment_can_view
from dgyp.audit import audit_record
from dgyp.enums import AuditEventType
from dgyp.exceptions import DomainError
from dgyp.forms import AuditFilterForm, CalendarDayForm, CalendarYearForm
from dgyp.models import Attachment, AuditEvent, CalendarDay, CalendarYear, Notification
from dgyp.notifications import notification_mark_read
from dgyp.paging import paginate
from dgyp.permissions import role_required
from dgyp.roles import Role

# --- notifications -------------------------------------------------------------------------


@role_required()
def inbox(request: HttpRequest) -> HttpResponse:
    qs = Notification.objects.filter(recipient_id=request.user.pk)
    if request.GET.get("unread"):
        qs = qs.filter(read_at__isnull=True)
    page, query_string = paginate(request, qs, 20)
    return render(
        request,
        "core/inbox.html",
        {
            "page_obj": page,
            "unread_only": bool(request.GET.get("unread")),
            "query_string": query_string,
        },
    )


@require_POST
@role_required()
def inbox_mark_all_read(request: HttpRequest) -> HttpResponse:
    count = notification_mark_read(user=request.user)
    messages.success(request, _("%(n)d notifications marked as read.") % {"n": count})
    return redirect("core:inbox")


@require_POST
@role_required()
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    note = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notification_mark_read(user=request.user, notification_ids=[note.pk])
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts=None):
        return redirect(note.url)
    return redirect("core:inbox")


# --- audit trail -----------------------------------------------------------------------------


def _filtered_events(form: AuditFilterForm):
    qs = AuditEvent.objects.select_related("actor", "actor_organisation", "target_type")
    if not form.is_bound:
        return qs.order_by("-id")
    if not form.is_valid():
        return qs.none()
    data = form.cleaned_data
    if data["event_type"]:
        qs = qs.filter(event_type=data["event_type"])
    if data["actor"]:
        qs = qs.filter(actor__username__icontains=data["actor"])
    if data["target"]:
        qs = qs.filter(Q(target_repr__icontains=data["target"]) | Q(target_id=data["target"]))
    tz = timezone.get_current_timezone()
    if data["date_from"]:
        qs = qs.filter(created_at__gte=dt.datetime.combine(data["date_from"], dt.time.min, tz))
    if data["date_to"]:
        end = dt.datetime.combine(data["date_to"] + dt.timedelta(days=1), dt.time.min, tz)
        qs = qs.filter(created_at__lt=end)
    return qs.order_by("-id")


@require_safe
@role_required(Role.AUDITOR)
def audit_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    qs = _filtered_events(form)
    page, query_string = paginate(request, qs, 50)
    return render(
        request,
        "core/audit_list.html",
        {"form": form, "page_obj": page, "query_string": query_string},
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_safe
@role_required(Role.AUDITOR)
def audit_export(request: HttpRequest) -> HttpResponseBase:
    """CSV of the filtered trail (UTF-8 with BOM so that Excel opens the Chinese correctly)."""
    form = AuditFilterForm(request.GET or None)
    qs = _filtered_events(form)
    audit_record(
        event_type=AuditEventType.AUDIT_EXPORTED,
        actor=request.user,
        payload={"filters": {k: v for k, v in request.GET.items() if v}},
    )
    writer = csv.writer(_Echo())
    header = [
        _("ID"),
        _("Time"),
        _("Actor"),
        _("Organisation"),
        _("Event type"),
        _("Object type"),
        _("Object ID"),
        _("Object"),
        _("From state"),
        _("To state"),
        _("Details"),
        _("IP address"),
        _("Hash"),
    ]

    def rows():
        yield "\ufeff"
        yield writer.writerow(header)
        for e in qs.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    e.id,
                    timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                    e.actor.username if e.actor else "",
                    e.actor_organisation.name if e.actor_organisation else "",
                    e.get_event_type_display(),
                    e.target_type.model if e.target_type else "",
                    e.target_id,
                    e.target_repr,
                    e.from_state,
                    e.to_state,
                    e.payload,
                    e.ip_address or "",
                    e.hash,
                ]
            )

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response


# --- working-day calendar -----------------------------------------------------------------


def _can_edit_calendar(request: HttpRequest) -> bool:
    user: Any = request.user
    return bool(user.has_role(Role.SAMR_STAFF))


@role_required(Role.SAMR_STAFF, Role.AUDITOR)
def calendar_overview(request: HttpRequest) -> HttpResponse:
    years = (
        CalendarYear.objects.annotate(
            holidays=Count("days", filter=Q(days__kind=CalendarDay.Kind.HOLIDAY)),
            workdays=Count("days", filter=Q(days__kind=CalendarDay.Kind.WORKDAY)),
        )
        .select_related("updated_by")
        .order_by("year")
    )  # Meta.ordering is dropped with GROUP BY
    covered = {y.year for y in years}
    importable = [y for y in cal.package_years() if y not in covered and y >= 2020]
    today = timezone.localdate()
    return render(
        request,
        "core/calendar_overview.html",
        {
            "years": years,
            "importable": importable,
            "year_form": CalendarYearForm(),
            "next_year": today.year + 1,
            "next_year_covered": (today.year + 1) in covered,
            "can_edit": _can_edit_calendar(request),
        },
    )


@role_required(Role.SAMR_STAFF, Role.AUDITOR)
def calendar_year(request: HttpRequest, year: int) -> HttpResponse:
    cal_year = get_object_or_404(CalendarYear.objects.select_related("updated_by"), year=year)
    return _calendar_year_page(request, cal_year, CalendarDayForm(initial={"date": None}))


def _calendar_year_page(request, cal_year, form, status=200):
    return render(
        request,
        "core/calendar_year.html",
        {
            "cal_year": cal_year,
            "days": cal_year.days.order_by("date"),
            "form": form,
            "can_edit": _can_edit_calendar(request),
        },
        status=status,
    )


@require_POST
@role_required(Role.SAMR_STAFF)
def calendar_day_set(request: HttpRequest, year: int) -> HttpResponse:
    cal_year = get_object_or_404(CalendarYear, year=year)
    form = CalendarDayForm(request.POST)
    if form.is_valid():
        date = form.cleaned_data["date"]
        if date.year != year:
            form.add_error("date", _("The date must be in %(year)s.") % {"year": year})
        else:
            cal.calendar_day_set(
                date=date,
                kind=form.cleaned_data["kind"],
                name=form.cleaned_data["name"],
                by=request.user,
            )
            messages.success(request, _("%(date)s saved.") % {"date": date.isoformat()})
            return redirect("core:calendar_year", year=year)
    return _calendar_year_page(request, cal_year, form, status=400)


@require_POST
@role_required(Role.SAMR_STAFF)
def calendar_day_remove(request: HttpRequest, year: int) -> HttpResponse:
    try:
        date = dt.date.fromisoformat(request.POST.get("date", ""))
    except ValueError as exc:
        raise Http404 from exc
    cal.calendar_day_remove(date=date, by=request.user)
    messages.success(
        request, _("%(date)s follows the Monday–Friday rule again.") % {"date": date.isoformat()}
    )
    return redirect("core:calendar_year", year=year)


@require_POST
@role_required(Role.SAMR_STAFF)
def calendar_year_add(request: HttpRequest) -> HttpResponse:
    action = request.POST.get("action")
    try:
        if action == "import":
            year = int(request.POST.get("year", "0"))
            cal.calendar_year_import(year=year, by=request.user)
        else:
            form = CalendarYearForm(request.POST)
            if not form.is_valid():
                for errors in form.errors.values():
                    for error in errors:
                        messages.error(request, str(error))
                return redirect("core:calendar")
            year = form.cleaned_data["year"]
            cal.calendar_year_create(year=year, notice=form.cleaned_data["notice"], by=request.user)
    except (ValueError, DomainError) as exc:
        messages.error(request, getattr(exc, "message", _("Invalid year.")))
        return redirect("core:calendar")
    messages.success(request, _("The calendar now covers %(year)s.") % {"year": year})
    return redirect("core:calendar_year", year=year)


# --- private files ----------------------------------------------------------------------------

INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png"}


@role_required()
def attachment_download(request: HttpRequest, uuid: str) -> HttpResponseBase:
    attachment = Attachment.objects.filter(uuid=uuid).first()
    # Not found and not allowed look the same: never confirm that a file exists.
    if attachment is None or not attachment_can_view(user=request.user, attachment=attachment):
        raise Http404
    inline = request.GET.get("inline") == "1" and attachment.content_type in INLINE_TYPES
    audit_record(
        event_type=AuditEventType.ATTACHMENT_DOWNLOADED,
        actor=request.user,
        target=attachment,
        payload={"inline": inline},
    )
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=not inline,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    if inline and attachment.content_type == "application/pdf":
        # Chromium's PDF viewer refuses a sandboxed document; the file can only be framed by us.
        response["Content-Security-Policy"] = "frame-ancestors 'self'"
        return response
    response["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    )
    return response
