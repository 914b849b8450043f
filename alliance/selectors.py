"""Selectors (reads) of the alliance. Each filters by what the user may see; object access
raises Http404 for what the user may not see (never leak existence)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import OrganisationKind, Role
from accounts.models import Membership, Organisation
from dgyp.enums import AuditEventType
from dgyp.masking import mask_mobile
from dgyp.models import AuditEvent

from .enums import ApplicationState, CallState, CommentResolution, MemberState
from .models import (
    AllianceCall,
    AllianceMember,
    ApplicationMaterial,
    InstitutionApplication,
    InstitutionRating,
    ListComment,
    ScreeningAssignment,
)

STAFF_READERS = (Role.SAMR_STAFF, Role.AUDITOR)


# --- calls -------------------------------------------------------------------------------------


def call_list_for_user(*, user: Any) -> QuerySet[AllianceCall]:
    if not user.has_role(*STAFF_READERS):
        return AllianceCall.objects.none()
    return (
        AllianceCall.objects.select_related("created_by")
        .annotate(application_count=Count("applications", filter=~Q(applications__state="draft")))
        .order_by("-year", "-id")
    )


def call_get_for_user(*, user: Any, pk: int) -> AllianceCall:
    call = AllianceCall.objects.filter(pk=pk).first()
    if call is None or not user.has_role(*STAFF_READERS):
        raise Http404
    return call


def application_counts(*, call: AllianceCall) -> dict[str, int]:
    """How many applications of the call are in each state (drafts included)."""
    rows = (
        InstitutionApplication.objects.filter(call=call)
        .values_list("state")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {state: 0 for state in ApplicationState.values}
    counts.update({state: n for state, n in rows})
    return counts


def calls_open_for_applications() -> QuerySet[AllianceCall]:
    return AllianceCall.objects.filter(state=CallState.OPEN, deadline__gt=timezone.now())


def call_public_get(*, pk: int) -> AllianceCall:
    """A published call (any stage but draft) for the public site."""
    call = AllianceCall.objects.exclude(state=CallState.DRAFT).filter(pk=pk).first()
    if call is None:
        raise Http404
    return call


def calls_public() -> QuerySet[AllianceCall]:
    return AllianceCall.objects.exclude(state=CallState.DRAFT).order_by("-year", "-id")


# --- applications -------------------------------------------------------------------------------


def application_queue(
    *,
    user: Any,
    call: AllianceCall,
    state: str = "",
    institution_type: str = "",
    field: str = "",
    search: str = "",
) -> QuerySet[InstitutionApplication]:
    """The staff queue of a call's applications (drafts are the institutions' business)."""
    if not user.has_role(*STAFF_READERS):
        return InstitutionApplication.objects.none()
    qs = (
        InstitutionApplication.objects.filter(call=call)
        .exclude(state=ApplicationState.DRAFT)
        .select_related("institution")
        .prefetch_related("fields")
        .annotate(
            screening_count=Count("screenings", distinct=True),
            recommended_count=Count(
                "screenings", filter=Q(screenings__recommendation="recommend"), distinct=True
            ),
            screening_pending=Count(
                "screenings", filter=Q(screenings__recommendation=""), distinct=True
            ),
        )
    )
    if state:
        qs = qs.filter(state=state)
    if institution_type:
        qs = qs.filter(institution_type=institution_type)
    if field:
        qs = qs.filter(fields__code=field)
    if search:
        qs = qs.filter(
            Q(institution__name__icontains=search)
            | Q(institution__credit_code__icontains=search.upper())
            | Q(cma_number__icontains=search)
            | Q(cnas_number__icontains=search)
        )
    return qs.order_by("submitted_at", "id").distinct()


def application_get_for_user(*, user: Any, pk: int) -> InstitutionApplication:
    """Staff and auditors see every submitted application; an institution its own; an
    association only those assigned to it. Anything else is 404."""
    qs = InstitutionApplication.objects.select_related("call", "institution", "created_by")
    if user.has_role(*STAFF_READERS):
        qs = qs.exclude(state=ApplicationState.DRAFT)
    elif user.has_role(Role.INSTITUTION):
        qs = qs.filter(
            institution__memberships__user=user, institution__memberships__role=Role.INSTITUTION
        )
    else:
        raise Http404
    application = qs.filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


def applications_of_institution_user(*, user: Any) -> QuerySet[InstitutionApplication]:
    return (
        InstitutionApplication.objects.filter(
            institution__memberships__user=user, institution__memberships__role=Role.INSTITUTION
        )
        .select_related("call", "institution")
        .distinct()
        .order_by("-call__year", "-id")
    )


def institutions_of(*, user: Any) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        kind=OrganisationKind.INSTITUTION,
        memberships__user=user,
        memberships__role=Role.INSTITUTION,
    ).distinct()


def materials_of(*, application: InstitutionApplication) -> list[dict[str, Any]]:
    """Each required material of the call with its current file (or None), in the call's order."""
    current = {
        m.code: m
        for m in ApplicationMaterial.objects.filter(application=application).select_related(
            "attachment"
        )
    }
    return [
        {"code": m["code"], "label": m["label"], "material": current.get(m["code"])}
        for m in application.call.required_materials
    ]


# Internal steps of the programme office and the associations: not shown to the institution.
_STAFF_ONLY_EVENTS = frozenset(
    {
        AuditEventType.ALLIANCE_SCREENING_ASSIGNED,
        AuditEventType.ALLIANCE_SCREENING_RECORDED,
    }
)


def _event_reason(event: AuditEvent) -> str:
    payload = event.payload or {}
    if payload.get("objection_upheld") or payload.get("reason") == "objection upheld":
        return str(_("An objection to the institution was upheld."))
    return str(payload.get("reason") or "")


def application_timeline(
    *, application: InstitutionApplication, for_institution: bool = False
) -> list[AuditEvent]:
    """The audit events of the application itself, oldest first.

    Each event gets `to_state_label`, `reason_text` and `actor_label`. For the institution
    (`for_institution=True`) internal steps are left out, a run of saves of the draft shows as
    one entry, and people outside the institution show as the programme office; staff see all.
    """
    events = list(
        AuditEvent.objects.filter(
            target_type=ContentType.objects.get_for_model(InstitutionApplication),
            target_id=str(application.pk),
        )
        .select_related("actor", "actor_organisation")
        .order_by("id")
    )
    labels = dict(ApplicationState.choices)
    own_people: set[int] = set()
    if for_institution:
        own_people = set(
            Membership.objects.filter(organisation_id=application.institution_id).values_list(
                "user_id", flat=True
            )
        )
    shown: list[AuditEvent] = []
    for event in events:
        if for_institution:
            if event.event_type in _STAFF_ONLY_EVENTS:
                continue
            if (
                event.event_type == AuditEventType.ALLIANCE_APPLICATION_SAVED
                and shown
                and shown[-1].event_type == AuditEventType.ALLIANCE_APPLICATION_SAVED
            ):
                shown[-1] = event  # a run of saves: keep the latest only
                continue
        shown.append(event)
    for event in shown:
        event.to_state_label = labels.get(event.to_state, event.to_state)  # type: ignore[attr-defined]
        event.reason_text = _event_reason(event)  # type: ignore[attr-defined]
        label = ""
        if event.actor is not None:
            label = event.actor.get_full_name() or event.actor.get_username()
            if event.actor_organisation is not None:
                label = f"{label}（{event.actor_organisation.name}）"
            if for_institution and event.actor_id not in own_people:
                label = str(_("Programme office"))
        event.actor_label = label  # type: ignore[attr-defined]
    return shown


def screenings_of(*, application: InstitutionApplication) -> QuerySet[ScreeningAssignment]:
    return application.screenings.select_related("association", "decided_by", "assigned_by")


def associations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.ASSOCIATION, status="active")


# --- screening -----------------------------------------------------------------------------------


def screening_tasks_for_user(*, user: Any) -> QuerySet[ScreeningAssignment]:
    """The assignments of the association(s) the user belongs to — and only those."""
    return (
        ScreeningAssignment.objects.filter(
            association__memberships__user=user, association__memberships__role=Role.ASSOCIATION
        )
        .select_related("application__institution", "application__call", "association")
        .prefetch_related("application__fields")
        .distinct()
        .order_by("-application__call__year", "assigned_at", "id")
    )


def screening_get_for_user(*, user: Any, pk: int) -> ScreeningAssignment:
    assignment = screening_tasks_for_user(user=user).filter(pk=pk).first()
    if assignment is None:
        raise Http404
    return assignment


# --- comments ------------------------------------------------------------------------------------


def mask_contact(value: str) -> str:
    """138****5678 for a mobile, z***@example.cn for an e-mail address."""
    if "@" in value:
        local, _at, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    return mask_mobile(value)


def comment_contact_for(*, user: Any, comment: ListComment) -> str:
    """A public commenter's contact: in full for SAMR staff only, masked for everyone else."""
    if not comment.public_contact:
        return ""
    if user.is_authenticated and user.has_role(Role.SAMR_STAFF):
        return comment.public_contact
    return mask_contact(comment.public_contact)


def comments_for_call(*, user: Any, call: AllianceCall, resolution: str = "") -> list[ListComment]:
    if not user.has_role(*STAFF_READERS):
        return []
    qs = call.comments.select_related(
        "application__institution", "author", "organisation", "resolved_by", "upheld_application"
    )
    if resolution:
        qs = qs.filter(resolution=resolution)
    comments = list(qs.order_by("created_at", "id"))
    for c in comments:
        c.shown_contact = comment_contact_for(user=user, comment=c)  # type: ignore[attr-defined]
    return comments


def comment_get_for_staff(*, user: Any, pk: int) -> ListComment:
    comment = ListComment.objects.select_related("call", "application").filter(pk=pk).first()
    if comment is None or not user.has_role(Role.SAMR_STAFF):
        raise Http404
    return comment


def comments_of_user(*, user: Any, call: AllianceCall) -> QuerySet[ListComment]:
    return call.comments.filter(author=user).select_related("application__institution")


def proposed_applications(*, call: AllianceCall) -> QuerySet[InstitutionApplication]:
    """The list put out for comment: proposed institutions (and, once established, what became
    of them)."""
    states = [ApplicationState.PROPOSED, ApplicationState.ADMITTED, ApplicationState.NOT_ADMITTED]
    return (
        call.applications.filter(state__in=states)
        .select_related("institution")
        .prefetch_related("fields")
        .order_by("institution__name")
    )


def calls_in_consultation() -> QuerySet[AllianceCall]:
    return AllianceCall.objects.filter(state=CallState.CONSULTING).order_by("-year", "-id")


def consultation_call_get(*, pk: int, public: bool = False) -> AllianceCall:
    """A call whose proposed list is out for comment (or, with `public`, was)."""
    states = [CallState.CONSULTING]
    if public:
        states.append(CallState.ESTABLISHED)
    call = AllianceCall.objects.filter(pk=pk, state__in=states).first()
    if call is None:
        raise Http404
    return call


def comment_period_open(call: AllianceCall) -> bool:
    return (
        call.state == CallState.CONSULTING
        and call.comment_deadline is not None
        and timezone.localdate() <= call.comment_deadline
    )


# --- members -------------------------------------------------------------------------------------


def _member_qs() -> QuerySet[AllianceMember]:
    return AllianceMember.objects.select_related("institution", "application").prefetch_related(
        "application__fields"
    )


def members_public() -> QuerySet[AllianceMember]:
    return _member_qs().filter(state=MemberState.ACTIVE).order_by("institution__name")


def members_disqualified_public() -> QuerySet[AllianceMember]:
    return _member_qs().filter(state=MemberState.DISQUALIFIED).order_by("-disqualified_at")


def active_members_for_industry(industry: Any) -> QuerySet[AllianceMember]:
    """Active alliance institutions qualified for a product field (for sampling assignments).
    Disqualified members are never returned."""
    return (
        AllianceMember.objects.filter(
            state=MemberState.ACTIVE,
            institution__is_alliance_member=True,
            application__fields=industry,
        )
        .select_related("institution", "application")
        .distinct()
        .order_by("institution__name")
    )


def member_list_for_staff(*, user: Any, state: str = "") -> QuerySet[AllianceMember]:
    if not user.has_role(*STAFF_READERS):
        return AllianceMember.objects.none()
    rating_avg = (
        InstitutionRating.objects.filter(member=OuterRef("pk"))
        .order_by()
        .values("member")
        .annotate(n=Count("id"))
        .values("n")
    )
    qs = _member_qs().annotate(
        rating_count=Coalesce(Subquery(rating_avg), 0),
        violation_count=Count("violations", distinct=True),
    )
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("state", "institution__name")


def member_get_for_staff(*, user: Any, pk: int) -> AllianceMember:
    member = _member_qs().filter(pk=pk).first()
    if member is None or not user.has_role(*STAFF_READERS):
        raise Http404
    return member


def member_history(*, member: AllianceMember) -> dict[str, Any]:
    return {
        "violations": list(member.violations.select_related("recorded_by")),
        "ratings": list(
            member.ratings.select_related("enterprise", "rated_by").order_by("-updated_at")
        ),
    }


def members_for_rating(*, user: Any) -> list[tuple[AllianceMember, InstitutionRating | None]]:
    """Active members with the enterprise's own rating of each (if any)."""
    enterprise_ids = list(
        Organisation.objects.filter(
            kind=OrganisationKind.ENTERPRISE,
            memberships__user=user,
            memberships__role=Role.ENTERPRISE,
        ).values_list("pk", flat=True)
    )
    members = list(
        members_public().prefetch_related(
            Prefetch(
                "ratings",
                queryset=InstitutionRating.objects.filter(enterprise_id__in=enterprise_ids),
                to_attr="own_ratings",
            )
        )
    )
    return [(m, m.own_ratings[0] if m.own_ratings else None) for m in members]  # type: ignore[attr-defined]


def active_member_get(*, pk: int) -> AllianceMember:
    member = members_public().filter(pk=pk).first()
    if member is None:
        raise Http404
    return member


def enterprise_of(*, user: Any) -> Organisation | None:
    return (
        Organisation.objects.filter(
            kind=OrganisationKind.ENTERPRISE,
            memberships__user=user,
            memberships__role=Role.ENTERPRISE,
        )
        .order_by("id")
        .first()
    )


# --- dashboard panels (a query or two each) --------------------------------------------------------


def panel_staff(user: Any) -> dict[str, Any]:
    """The newest call not yet established, with what waits for staff, in one query."""

    def count(**filters: Any) -> Any:
        return Coalesce(
            Subquery(
                InstitutionApplication.objects.filter(call=OuterRef("pk"), **filters)
                .order_by()
                .values("call")
                .annotate(n=Count("id"))
                .values("n")
            ),
            0,
        )

    open_comments = Coalesce(
        Subquery(
            ListComment.objects.filter(call=OuterRef("pk"), resolution=CommentResolution.OPEN)
            .order_by()
            .values("call")
            .annotate(n=Count("id"))
            .values("n")
        ),
        0,
    )
    pending_screenings = Coalesce(
        Subquery(
            ScreeningAssignment.objects.filter(application__call=OuterRef("pk"), recommendation="")
            .order_by()
            .values("application__call")
            .annotate(n=Count("id"))
            .values("n")
        ),
        0,
    )
    call = (
        AllianceCall.objects.exclude(state=CallState.ESTABLISHED)
        .annotate(
            submitted=count(state=ApplicationState.SUBMITTED),
            accepted=count(state=ApplicationState.ACCEPTED),
            proposed=count(state=ApplicationState.PROPOSED),
            open_comments=open_comments,
            pending_screenings=pending_screenings,
        )
        .order_by("-year", "-id")
        .first()
    )
    return {"call": call}


def panel_institution(user: Any) -> dict[str, Any]:
    applications = list(applications_of_institution_user(user=user)[:3])
    return {"applications": applications}


def panel_association(user: Any) -> dict[str, Any]:
    pending = (
        ScreeningAssignment.objects.filter(
            association__memberships__user=user,
            association__memberships__role=Role.ASSOCIATION,
            recommendation="",
            application__call__state__in=[CallState.OPEN, CallState.REVIEWING],
        )
        .distinct()
        .count()
    )
    return {"pending": pending}


def panel_department(user: Any) -> dict[str, Any]:
    today = timezone.localdate()
    calls = list(
        AllianceCall.objects.filter(state=CallState.CONSULTING, comment_deadline__gte=today)
    )
    return {"calls": calls}


def panel_enterprise(user: Any) -> dict[str, Any]:
    return {}
