"""Selectors (reads) of applications. Each filters by what the user may see and owns its query
shape: the queue runs one query for its page and one for its counts, whatever the rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.enums import OrganisationKind, Role
from accounts.models import Organisation, User
from dgyp.calendar import CalendarDataMissing, WorkingDayCalendar
from dgyp.enums import AuditEventType
from dgyp.models import AuditEvent

from .enums import (
    QUEUE_STATES,
    REVIEW_STATES,
    ApplicationState,
    CallState,
    EvaluationDimension,
    SupplementState,
)
from .models import Application, Call, OpinionRequest, SupplementRequest

# --- calls -----------------------------------------------------------------------------------


def calls_open(*, today: dt.date | None = None) -> QuerySet[Call]:
    today = today or timezone.localdate()
    return Call.objects.filter(
        state=CallState.PUBLISHED, opens_on__lte=today, closes_on__gte=today
    ).select_related("edition")


def calls_public() -> QuerySet[Call]:
    """Published and closed calls: what the public site shows."""
    return Call.objects.exclude(state=CallState.DRAFT).select_related("edition")


def call_get_public(*, pk: int) -> Call:
    call = calls_public().filter(pk=pk).first()
    if call is None:
        raise Http404
    return call


def call_list_for_user(*, user: User) -> QuerySet[Call]:
    if not user.has_role(Role.SAMR_STAFF, Role.AUDITOR):
        return Call.objects.none()
    return (
        Call.objects.select_related("edition")
        .annotate(application_count=Count("applications", filter=~Q(applications__state="draft")))
        .order_by("-year", "-opens_on", "-id")
    )


def call_get_for_user(*, user: User, pk: int) -> Call:
    call = call_list_for_user(user=user).filter(pk=pk).first()
    if call is None:
        raise Http404
    return call


# --- the enterprise's applications -------------------------------------------------------------


def enterprises_of(*, user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        kind=OrganisationKind.ENTERPRISE,
        memberships__user=user,
        memberships__role=Role.ENTERPRISE,
    ).distinct()


def application_list_for_enterprise_user(*, user: User) -> QuerySet[Application]:
    if not user.has_role(Role.ENTERPRISE):
        return Application.objects.none()
    return (
        Application.objects.filter(enterprise__in=enterprises_of(user=user))
        .select_related("call", "category", "enterprise")
        .prefetch_related(
            Prefetch(
                "supplements",
                queryset=SupplementRequest.objects.filter(state=SupplementState.OPEN),
                to_attr="open_supplements",
            )
        )
        .order_by("-created_at", "-id")
    )


def application_get_for_user(*, user: User, pk: int) -> Application:
    """An application the user may see, else 404: an enterprise user its organisation's; SAMR
    staff and auditors any submitted one (a draft is the enterprise's working copy)."""
    qs = Application.objects.select_related(
        "call", "call__edition", "category", "enterprise", "enterprise__town", "product_standard"
    )
    visible = Q(pk__in=[])
    if user.has_role(Role.ENTERPRISE):
        visible |= Q(enterprise__in=enterprises_of(user=user))
    if user.has_role(Role.SAMR_STAFF, Role.AUDITOR):
        visible |= ~Q(state=ApplicationState.DRAFT)
    qs = qs.filter(visible)
    app = qs.filter(pk=pk).first()
    if app is None:
        raise Http404
    return app


def application_is_own(*, user: User, application: Application) -> bool:
    return (
        user.has_role(Role.ENTERPRISE)
        and enterprises_of(user=user).filter(pk=application.enterprise_id).exists()
    )


def open_supplement(application: Application) -> SupplementRequest | None:
    return application.supplements.filter(state=SupplementState.OPEN).first()


# --- the staff queue (资格审核) -----------------------------------------------------------------

SORTS = {
    "submitted": ("submitted_at", "id"),
    "-submitted": ("-submitted_at", "-id"),
    "waiting": ("state_changed_at", "id"),  # waiting longest first
    "enterprise": ("enterprise__name", "id"),
    "reference": ("reference", "id"),
}
WAITING_CHOICES = (5, 10, 20)  # "waiting more than N days"


@dataclass
class QueueFilters:
    call: int | None = None
    category: int | None = None
    town: int | None = None
    state: str = ""
    waiting: int | None = None
    q: str = ""
    sort: str = "-submitted"
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_params(cls, params: Any) -> QueueFilters:
        def number(name: str) -> int | None:
            value = (params.get(name) or "").strip()
            return int(value) if value.isdigit() else None

        state = params.get("state", "")
        sort = params.get("sort", "-submitted")
        waiting = number("waiting")
        return cls(
            call=number("call"),
            category=number("category"),
            town=number("town"),
            state=state if state in ApplicationState.values and state != "draft" else "",
            waiting=waiting if waiting in WAITING_CHOICES else None,
            q=(params.get("q") or "").strip()[:100],
            sort=sort if sort in SORTS else "-submitted",
        )


def _queue_base(*, user: User, filters: QueueFilters) -> QuerySet[Application]:
    if not user.has_role(Role.SAMR_STAFF, Role.AUDITOR):
        return Application.objects.none()
    qs = Application.objects.exclude(state=ApplicationState.DRAFT)
    if filters.call:
        qs = qs.filter(call_id=filters.call)
    if filters.category:
        qs = qs.filter(category_id=filters.category)
    if filters.town:
        qs = qs.filter(enterprise__town_id=filters.town)
    if filters.waiting:
        qs = qs.filter(state_changed_at__lt=timezone.now() - dt.timedelta(days=filters.waiting))
    if filters.q:
        q = filters.q
        qs = qs.filter(
            Q(enterprise__name__icontains=q)
            | Q(enterprise__credit_code__icontains=q.upper())
            | Q(product_name__icontains=q)
            | Q(reference__icontains=q.upper())
        )
    return qs


def application_queue(*, user: User, filters: QueueFilters) -> QuerySet[Application]:
    """The staff queue: one query per page (enterprise, town, category and call joined)."""
    qs = _queue_base(user=user, filters=filters)
    if filters.state:
        qs = qs.filter(state=filters.state)
    return qs.select_related("enterprise", "enterprise__town", "category", "call").order_by(
        *SORTS[filters.sort]
    )


def application_queue_counts(*, user: User, filters: QueueFilters) -> dict[str, int]:
    """Applications per state under the same filters (except the state): one query."""
    qs = _queue_base(user=user, filters=filters)
    aggregates: dict[str, Any] = {"total": Count("id")}
    for state in QUEUE_STATES:
        aggregates[str(state)] = Count("id", filter=Q(state=state))
    return qs.aggregate(**aggregates)


def waiting_days(application: Application, *, now: dt.datetime | None = None) -> int:
    """Calendar days in the current state (for the queue; deadlines use working days)."""
    now = now or timezone.now()
    return max(0, (timezone.localdate(now) - timezone.localdate(application.state_changed_at)).days)


# --- what the enterprise is told ----------------------------------------------------------------


def working_days_left(
    deadline: dt.date,
    *,
    today: dt.date | None = None,
    calendar: WorkingDayCalendar | None = None,
) -> int | None:
    """Working days from today up to the deadline (None if the calendar does not cover it).
    Pass one `calendar` for many rows: it reads each year once."""
    today = today or timezone.localdate()
    if deadline < today:
        return 0
    try:
        return (calendar or WorkingDayCalendar()).working_days_between(today, deadline)
    except CalendarDataMissing:
        return None


@dataclass
class Status:
    staff_label: str
    enterprise_label: str
    next_step: str
    overdue: bool = False
    deadline: dt.date | None = None
    days_left: int | None = None


def application_status(
    application: Application,
    *,
    supplement: SupplementRequest | None = None,
    today: dt.date | None = None,
    calendar: WorkingDayCalendar | None = None,
) -> Status:
    """The state as staff and as the enterprise read it, with what is expected next."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    today = today or timezone.localdate()
    state = application.state
    staff_label = str(ApplicationState(state).label)
    texts = {
        ApplicationState.DRAFT: (
            _("Draft (not submitted)"),
            _("Complete the form and upload the materials, then submit before %(date)s.")
            % {"date": date_format(application.call.closes_on, "DATE_FORMAT")},
        ),
        ApplicationState.SUBMITTED: (
            _("Submitted, waiting to be accepted"),
            _("Nothing for now: the programme office will start the qualification review."),
        ),
        ApplicationState.QUALIFICATION_REVIEW: (
            _("Under qualification review"),
            _("Nothing for now: you will be notified if anything is missing."),
        ),
        ApplicationState.REJECTED: (
            _("Not qualified"),
            _("The reason is given below. You may apply again for a later call."),
        ),
        ApplicationState.QUALIFIED: (
            _("Qualified, waiting for the expert review"),
            _("Nothing for now: the application will be handed to the expert review."),
        ),
        ApplicationState.EXPERT_REVIEW: (
            _("Expert review"),
            _("Nothing for now: experts drawn by the science association review it."),
        ),
        ApplicationState.WITHDRAWN: (
            _("Withdrawn"),
            _("Nothing: this application is closed."),
        ),
    }
    if state == ApplicationState.SUPPLEMENT_REQUESTED and supplement is not None:
        days = working_days_left(supplement.deadline, today=today, calendar=calendar)
        deadline_text = date_format(supplement.deadline, "DATE_FORMAT")
        overdue = today > supplement.deadline
        if overdue:
            label = _("Supplement overdue (deadline %(date)s)") % {"date": deadline_text}
            next_step = _("The deadline has passed. Contact the programme office.")
        elif days is None:
            label = _("Waiting for supplements (deadline %(date)s)") % {"date": deadline_text}
            next_step = _("Upload the items listed below and resubmit by %(date)s.") % {
                "date": deadline_text
            }
        else:
            label = _(
                "Waiting for supplements (deadline %(date)s, %(days)d working day(s) left)"
            ) % {"date": deadline_text, "days": days}
            next_step = _("Upload the items listed below and resubmit by %(date)s.") % {
                "date": deadline_text
            }
        return Status(
            staff_label=staff_label,
            enterprise_label=label,
            next_step=next_step,
            overdue=overdue,
            deadline=supplement.deadline,
            days_left=days,
        )
    enterprise_label, next_step = texts.get(state, (staff_label, ""))
    return Status(staff_label=staff_label, enterprise_label=enterprise_label, next_step=next_step)


# --- timeline -----------------------------------------------------------------------------------

ENTERPRISE_EVENT_TYPES = [AuditEventType.APPLICATION_CREATED, AuditEventType.APPLICATION_TRANSITION]


def application_events(*, application: Application, for_enterprise: bool) -> list[AuditEvent]:
    """The recorded events of the application, oldest first, in one query. The enterprise sees
    the steps of its application; reviewers also see checklists, notes and opinions."""
    qs = AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(Application),
        target_id=str(application.pk),
    ).select_related("actor")
    if for_enterprise:
        qs = qs.filter(event_type__in=ENTERPRISE_EVENT_TYPES)
    return list(qs.order_by("id"))


@dataclass
class TimelineEntry:
    at: dt.datetime
    title: str
    detail: str = ""
    actor: str = ""
    kind: str = ""


def application_timeline(*, application: Application, for_enterprise: bool) -> list[TimelineEntry]:
    """Every step with its date: recorded events, plus supplement deadlines and answers."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    entries = []
    for event in application_events(application=application, for_enterprise=for_enterprise):
        if event.event_type == AuditEventType.APPLICATION_TRANSITION and event.to_state:
            title = str(ApplicationState(event.to_state).label)
        else:
            title = event.get_event_type_display()
        detail = ""
        payload = event.payload or {}
        if payload.get("reason"):
            detail = str(payload["reason"])
        elif payload.get("items"):
            detail = "；".join(str(i) for i in payload["items"])
            if payload.get("deadline"):
                detail += " " + _("(deadline %(date)s)") % {
                    "date": date_format(dt.date.fromisoformat(payload["deadline"]), "DATE_FORMAT")
                }
        actor = ""
        if event.actor is not None:
            if not for_enterprise or event.actor_organisation_id == application.enterprise_id:
                actor = str(event.actor)
            else:
                # Enterprises see who in their enterprise acted; staff act as the office.
                actor = _("Programme office")
        entries.append(
            TimelineEntry(
                at=event.created_at,
                title=title,
                detail=detail,
                actor=actor,
                kind=event.to_state or event.event_type,
            )
        )
    if not for_enterprise:
        for request in application.opinion_requests.select_related("department").all():
            if request.answered_at:
                entries.append(
                    TimelineEntry(
                        at=request.answered_at,
                        title=_("Opinion of %(dept)s: %(answer)s")
                        % {"dept": request.department.name, "answer": request.get_answer_display()},
                        detail=request.details,
                        kind="opinion",
                    )
                )
    entries.sort(key=lambda e: e.at)
    return entries


# --- versions -----------------------------------------------------------------------------------


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class VersionDiff:
    before_number: int
    after_number: int
    fields: list[FieldChange]
    materials: list[FieldChange]

    @property
    def is_empty(self) -> bool:
        return not self.fields and not self.materials


def _field_labels() -> dict[str, str]:
    from django.utils.translation import gettext as _

    labels = {
        name: str(getattr(Application._meta.get_field(name), "verbose_name", name))
        for name in (
            "product_name",
            "models_specs",
            "trademark",
            "product_standard",
            "product_standard_other",
            "annual_output",
            "annual_sales_yuan",
        )
    }
    for value, label in EvaluationDimension.choices:
        labels[f"self_evaluation.{value}"] = _("Self-evaluation: %(dim)s") % {"dim": label}
    return labels


def version_diff(*, application: Application) -> VersionDiff | None:
    """What changed between the last two versions (fields and files), or None with fewer."""
    from django.utils.translation import gettext as _

    versions = list(application.versions.order_by("-number")[:2])
    if len(versions) < 2:
        return None
    after, before = versions[0], versions[1]
    labels = _field_labels()
    changes = []
    for name, label in labels.items():
        if name.startswith("self_evaluation."):
            dim = name.split(".", 1)[1]
            old = str((before.data.get("self_evaluation") or {}).get(dim, ""))
            new = str((after.data.get("self_evaluation") or {}).get(dim, ""))
        else:
            old, new = str(before.data.get(name, "")), str(after.data.get(name, ""))
        if old != new:
            changes.append(FieldChange(label=label, before=old, after=new))
    material_changes = []
    old_files = before.data.get("materials", {})
    new_files = after.data.get("materials", {})
    call = application.call
    for code in sorted(set(old_files) | set(new_files)):
        old_file, new_file = old_files.get(code), new_files.get(code)
        if (old_file or {}).get("attachment") == (new_file or {}).get("attachment"):
            continue
        material_changes.append(
            FieldChange(
                label=call.material_label(code),
                before=old_file["name"] if old_file else _("(none)"),
                after=new_file["name"] if new_file else _("(removed)"),
            )
        )
    return VersionDiff(
        before_number=before.number,
        after_number=after.number,
        fields=changes,
        materials=material_changes,
    )


# --- opinions (征询监管意见) ----------------------------------------------------------------------


def _departments_of(user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        kind=OrganisationKind.DEPARTMENT,
        memberships__user=user,
        memberships__role=Role.DEPARTMENT,
    )


def opinion_requests_for_user(
    *, user: User, waiting_only: bool = False
) -> QuerySet[OpinionRequest]:
    """A department user's requests: only those sent to their departments. The application is
    shown by enterprise, product and category only (not its materials)."""
    if not user.has_role(Role.DEPARTMENT):
        return OpinionRequest.objects.none()
    qs = OpinionRequest.objects.filter(department__in=_departments_of(user))
    if waiting_only:
        qs = qs.filter(
            answered_at__isnull=True,
            withdrawn_at__isnull=True,
            application__state__in=REVIEW_STATES,
        )
    return qs.select_related(
        "application__enterprise", "application__category", "department"
    ).order_by("answered_at", "due_date", "id")


def opinion_request_get_for_user(*, user: User, pk: int) -> OpinionRequest:
    request = opinion_requests_for_user(user=user).filter(pk=pk).first()
    if request is None:
        raise Http404
    return request


# --- dashboard panels -------------------------------------------------------------------------


def enterprise_panel(user: User) -> dict:
    rows = []
    calendar = WorkingDayCalendar()
    for app in application_list_for_enterprise_user(user=user)[:10]:
        supplement = app.open_supplements[0] if app.open_supplements else None
        rows.append((app, application_status(app, supplement=supplement, calendar=calendar)))
    return {"rows": rows, "open_calls": list(calls_open())}


def staff_panel(user: User) -> dict:
    """Counts per state, overdue supplements and overdue opinions: one query."""
    today = timezone.localdate()
    aggregates: dict[str, Any] = {
        str(state): Count("id", filter=Q(state=state), distinct=True) for state in QUEUE_STATES
    }
    aggregates["overdue_supplements"] = Count(
        "supplements",
        filter=Q(supplements__state=SupplementState.OPEN, supplements__deadline__lt=today),
        distinct=True,
    )
    aggregates["overdue_opinions"] = Count(
        "opinion_requests",
        filter=Q(
            state__in=REVIEW_STATES,
            opinion_requests__answered_at__isnull=True,
            opinion_requests__withdrawn_at__isnull=True,
            opinion_requests__due_date__lt=today,
        ),
        distinct=True,
    )
    counts = Application.objects.exclude(state=ApplicationState.DRAFT).aggregate(**aggregates)
    return {
        "counts": [(s, ApplicationState(s).label, counts[str(s)]) for s in QUEUE_STATES],
        "overdue_supplements": counts["overdue_supplements"],
        "overdue_opinions": counts["overdue_opinions"],
    }


def department_panel(user: User) -> dict:
    """Requests waiting for the department's answer, and how many are overdue: one query."""
    today = timezone.localdate()
    return opinion_requests_for_user(user=user, waiting_only=True).aggregate(
        waiting=Count("id"), overdue=Count("id", filter=Q(due_date__lt=today))
    )
