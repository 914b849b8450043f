"""Services (writes) of the quality technical service alliance (质量技术服务联盟).

Annex 1 §三 of the policy: 机构申报 (call and applications) → 受理和审查 (acceptance, association
screening, proposed list) → 征求意见 (member units and the public comment) → 成立和发布 (the
alliance is established and announced) → 后续管理 (enterprises' ratings, disqualification).

Every function checks the acting user's role and the preconditions, writes in one transaction,
records one audit event (state changes through `dgyp.transitions.apply_transition`) and notifies
the people concerned. Deadlines in the future are a rule of the forms, not of these functions, so
that demo data and tests can build calls whose dates have passed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.enums import OrganisationKind, Role
from accounts.models import Organisation
from accounts.selectors import users_holding
from accounts.validators import validate_mobile
from dgyp.attachments import DEFAULT_KINDS, attachment_create, register_access_rule
from dgyp.audit import audit_record
from dgyp.enums import AuditEventType
from dgyp.exceptions import DomainError, PermissionDenied
from dgyp.models import Attachment, PublicNotice
from dgyp.notices import notice_publish
from dgyp.notifications import notify
from dgyp.permissions import require_role
from dgyp.transitions import apply_transition

from .enums import (
    ApplicationState,
    CallState,
    CommentResolution,
    InstitutionType,
    MemberState,
    Recommendation,
)
from .models import (
    AllianceCall,
    AllianceMember,
    ApplicationMaterial,
    InstitutionApplication,
    InstitutionRating,
    ListComment,
    ScreeningAssignment,
    Violation,
)

MATERIAL_PURPOSE = "alliance.material"
# Public comments: at most this many per client address per hour (Django's cache).
PUBLIC_COMMENT_LIMIT = 5
PUBLIC_COMMENT_WINDOW_SECONDS = 3600
MATERIAL_CODE_RE = re.compile(r"^[a-z0-9_]{1,50}$")
MAX_MATERIALS = 20


# --- helpers ---------------------------------------------------------------------------------


def _require_member_of(by: Any, organisation: Organisation, role: str) -> None:
    require_role(by, role)
    if not by.memberships.filter(organisation=organisation, role=role).exists():
        raise PermissionDenied()


def _fmt_datetime(value: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _fmt_date(value: dt.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _require_call_state(call: AllianceCall, *states: str) -> None:
    if call.state not in states:
        raise DomainError(
            _("This is not possible while the call is at the stage “%(stage)s”.")
            % {"stage": call.get_state_display()}
        )


def _now() -> dt.datetime:
    return timezone.now()


def _current(call: AllianceCall | int) -> AllianceCall:
    """The call as it is now in the database (the caller's copy may be stale)."""
    return AllianceCall.objects.get(pk=call if isinstance(call, int) else call.pk)


def clean_required_materials(materials: Sequence[dict[str, str]]) -> list[dict[str, str]]:
    """The call's list of required materials, checked: codes unique and well formed, labels set."""
    cleaned: list[dict[str, str]] = []
    seen: set[str] = set()
    for item in materials:
        code = str(item.get("code", "")).strip()
        label = str(item.get("label", "")).strip()
        if not label:
            raise DomainError(_("Every required material needs a name."))
        if not MATERIAL_CODE_RE.match(code):
            raise DomainError(
                _(
                    "The code “%(code)s” of a material may contain only lower-case letters, "
                    "digits and underscores."
                )
                % {"code": code}
            )
        if code in seen:
            raise DomainError(_("The material code “%(code)s” is used twice.") % {"code": code})
        seen.add(code)
        cleaned.append({"code": code, "label": label[:200]})
    if not cleaned:
        raise DomainError(_("A call asks for at least one material."))
    if len(cleaned) > MAX_MATERIALS:
        raise DomainError(_("A call asks for at most %(n)d materials.") % {"n": MAX_MATERIALS})
    return cleaned


# --- calls (申报通知) --------------------------------------------------------------------------


def call_create(
    *,
    title: str,
    year: int,
    criteria: str,
    required_materials: Sequence[dict[str, str]],
    deadline: dt.datetime,
    by: Any,
) -> AllianceCall:
    """Draft a call: the institution criteria (机构基本条件), the materials asked and the deadline."""
    require_role(by, Role.SAMR_STAFF)
    materials = clean_required_materials(required_materials)
    if not title.strip() or not criteria.strip():
        raise DomainError(_("A call needs a title and the institution criteria."))
    with transaction.atomic():
        call = AllianceCall.objects.create(
            title=title.strip(),
            year=year,
            criteria=criteria.strip(),
            required_materials=materials,
            deadline=deadline,
            created_by=by,
        )
        audit_record(
            event_type=AuditEventType.ALLIANCE_CALL_CREATED,
            actor=by,
            target=call,
            to_state=call.state,
            payload={
                "year": year,
                "deadline": deadline,
                "materials": [m["code"] for m in materials],
            },
        )
    return call


def call_update(
    *,
    call: AllianceCall,
    title: str,
    year: int,
    criteria: str,
    required_materials: Sequence[dict[str, str]],
    deadline: dt.datetime,
    by: Any,
) -> AllianceCall:
    """Edit a draft call. Once published, only the deadline may change (call_set_deadline)."""
    require_role(by, Role.SAMR_STAFF)
    materials = clean_required_materials(required_materials)
    if not title.strip() or not criteria.strip():
        raise DomainError(_("A call needs a title and the institution criteria."))
    with transaction.atomic():
        locked = AllianceCall.objects.select_for_update().get(pk=call.pk)
        if locked.state != CallState.DRAFT:
            raise DomainError(_("A published call can no longer be edited."))
        locked.title = title.strip()
        locked.year = year
        locked.criteria = criteria.strip()
        locked.required_materials = materials
        locked.deadline = deadline
        locked.save(update_fields=["title", "year", "criteria", "required_materials", "deadline"])
        # No event type of its own for an edit: recorded as a (re-)creation marked "edited".
        audit_record(
            event_type=AuditEventType.ALLIANCE_CALL_CREATED,
            actor=by,
            target=locked,
            payload={
                "edited": True,
                "year": year,
                "deadline": deadline,
                "materials": [m["code"] for m in materials],
            },
        )
    return locked


def call_set_deadline(*, call: AllianceCall, deadline: dt.datetime, by: Any) -> AllianceCall:
    """Change the application deadline of a draft or open call (e.g. extend it)."""
    require_role(by, Role.SAMR_STAFF)
    with transaction.atomic():
        locked = AllianceCall.objects.select_for_update().get(pk=call.pk)
        _require_call_state(locked, CallState.DRAFT, CallState.OPEN)
        previous = locked.deadline
        locked.deadline = deadline
        locked.save(update_fields=["deadline"])
        audit_record(
            event_type=AuditEventType.ALLIANCE_CALL_CREATED,
            actor=by,
            target=locked,
            payload={"edited": True, "deadline": deadline, "previous_deadline": previous},
        )
        if locked.state == CallState.OPEN:
            notify(
                recipients=users_holding(
                    role=Role.INSTITUTION,
                    organisation_ids=locked.applications.values_list("institution_id", flat=True),
                ),
                key=f"alliance.call.deadline:{locked.pk}:{deadline.isoformat()}",
                title=_("The deadline of “%(title)s” has changed") % {"title": locked.title},
                body=_("Applications are now accepted until %(deadline)s.")
                % {"deadline": _fmt_datetime(deadline)},
                url=reverse("alliance:my_applications"),
            )
    return locked


def _call_notice_body(call: AllianceCall) -> str:
    lines = [
        call.criteria,
        "",
        _("Application materials:"),
        *[f"{n}. {m['label']}" for n, m in enumerate(call.required_materials, start=1)],
        "",
        _("Applications are accepted online until %(deadline)s.")
        % {"deadline": _fmt_datetime(call.deadline)},
        _(
            "Testing, certification and standardisation bodies register on this portal and apply "
            "under “My alliance applications”."
        ),
    ]
    return "\n".join(lines)


def call_publish(*, call: AllianceCall, by: Any) -> AllianceCall:
    """发布申报通知: open the call, publish the notice, tell the registered institutions."""
    require_role(by, Role.SAMR_STAFF)
    call = _current(call)
    if call.deadline <= _now():
        raise DomainError(
            _("The deadline %(deadline)s has passed: set a later deadline before publishing.")
            % {"deadline": _fmt_datetime(call.deadline)}
        )
    with transaction.atomic():
        published = apply_transition(
            instance=call,
            action="open",
            by=by,
            event_type=AuditEventType.ALLIANCE_CALL_TRANSITION,
            payload={"deadline": call.deadline},
            before_save=lambda c: setattr(c, "opened_at", _now()),
        )
        notice_publish(
            kind=PublicNotice.Kind.CALL,
            title=published.title,
            body=_call_notice_body(published),
            by=by,
            subject=published,
            link=reverse("portal:alliance_call", args=[published.pk]),
        )
        notify(
            recipients=users_holding(role=Role.INSTITUTION),
            key=f"alliance.call.open:{published.pk}",
            title=_("Call for the quality technical service alliance: %(title)s")
            % {"title": published.title},
            body=_("Applications are accepted until %(deadline)s.")
            % {"deadline": _fmt_datetime(published.deadline)},
            url=reverse("alliance:my_applications"),
        )
    return published


def call_close(*, call: AllianceCall, by: Any) -> AllianceCall:
    """截止申报: no more applications; acceptance and screening go on."""
    require_role(by, Role.SAMR_STAFF)
    call = _current(call)
    if call.state == CallState.OPEN and _now() < call.deadline:
        raise DomainError(
            _("Applications are accepted until %(deadline)s: the call can be closed after that.")
            % {"deadline": _fmt_datetime(call.deadline)}
        )
    return apply_transition(
        instance=call,
        action="close",
        by=by,
        event_type=AuditEventType.ALLIANCE_CALL_TRANSITION,
        payload={"applications": call.applications.exclude(state=ApplicationState.DRAFT).count()},
    )


def consultation_problems(call: AllianceCall) -> list[str]:
    problems = []
    waiting = call.applications.filter(state=ApplicationState.SUBMITTED).count()
    if waiting:
        problems.append(
            ngettext(
                "%(n)d submitted application is not yet accepted or returned.",
                "%(n)d submitted applications are not yet accepted or returned.",
                waiting,
            )
            % {"n": waiting}
        )
    if not call.applications.filter(state=ApplicationState.PROPOSED).exists():
        problems.append(_("No institution is on the proposed list."))
    undecided = ScreeningAssignment.objects.filter(
        application__call=call, recommendation=""
    ).count()
    if undecided:
        problems.append(
            ngettext(
                "%(n)d association screening has no recommendation yet.",
                "%(n)d association screenings have no recommendation yet.",
                undecided,
            )
            % {"n": undecided}
        )
    return problems


def call_start_consultation(
    *, call: AllianceCall, comment_deadline: dt.date, by: Any
) -> AllianceCall:
    """建议名单征求意见: publish the proposed list for member units and the public to comment on."""
    require_role(by, Role.SAMR_STAFF)
    if comment_deadline is None:
        raise DomainError(_("Set the date until which comments are accepted."))
    with transaction.atomic():
        locked = AllianceCall.objects.select_for_update().get(pk=call.pk)
        _require_call_state(locked, CallState.REVIEWING)
        problems = consultation_problems(locked)
        if problems:
            raise DomainError(
                _("The proposed list cannot go out for comment yet: %(problems)s")
                % {"problems": " ".join(problems)}
            )
        proposed = list(
            locked.applications.filter(state=ApplicationState.PROPOSED)
            .select_related("institution")
            .order_by("institution__name")
        )
        consulting = apply_transition(
            instance=locked,
            action="start_consultation",
            by=by,
            event_type=AuditEventType.ALLIANCE_CALL_TRANSITION,
            payload={
                "comment_deadline": comment_deadline,
                "proposed": [a.pk for a in proposed],
            },
            before_save=lambda c: setattr(c, "comment_deadline", comment_deadline),
        )
        link = reverse("portal:alliance_proposed", args=[consulting.pk])
        body = "\n".join(
            [
                _(
                    "The following institutions are proposed as members of the 东莞优品 quality "
                    "technical service alliance. Member units of the task group and the public "
                    "are invited to comment until %(date)s."
                )
                % {"date": _fmt_date(comment_deadline)},
                "",
                *[
                    f"{n}. {a.institution.name}（{a.get_institution_type_display()}）"
                    for n, a in enumerate(proposed, start=1)
                ],
                "",
                _("Comments with your real name and a contact can be given on the list's page."),
            ]
        )
        notice_publish(
            kind=PublicNotice.Kind.CONSULTATION,
            title=_("Consultation on the proposed members of the alliance (%(title)s)")
            % {"title": consulting.title},
            body=body,
            by=by,
            subject=consulting,
            link=link,
        )
        notify(
            recipients=users_holding(role=Role.DEPARTMENT),
            key=f"alliance.consultation:{consulting.pk}",
            title=_("Comments invited on the proposed alliance members"),
            body=_("Comments are accepted until %(date)s.") % {"date": _fmt_date(comment_deadline)},
            url=reverse("alliance:consultation_detail", args=[consulting.pk]),
        )
        notify(
            recipients=users_holding(
                role=Role.INSTITUTION, organisation_ids=[a.institution_id for a in proposed]
            ),
            key=f"alliance.consultation.proposed:{consulting.pk}",
            title=_("Your institution is on the proposed list of the alliance"),
            body=_("The list is out for comment until %(date)s.")
            % {"date": _fmt_date(comment_deadline)},
            url=reverse("alliance:my_applications"),
        )
    return consulting


def call_set_comment_deadline(
    *, call: AllianceCall, comment_deadline: dt.date, by: Any
) -> AllianceCall:
    """Change the end of the comment period (e.g. extend it) while the list is out for comment."""
    require_role(by, Role.SAMR_STAFF)
    with transaction.atomic():
        locked = AllianceCall.objects.select_for_update().get(pk=call.pk)
        _require_call_state(locked, CallState.CONSULTING)
        previous = locked.comment_deadline
        locked.comment_deadline = comment_deadline
        locked.save(update_fields=["comment_deadline"])
        audit_record(
            event_type=AuditEventType.ALLIANCE_CALL_CREATED,
            actor=by,
            target=locked,
            payload={
                "edited": True,
                "comment_deadline": comment_deadline,
                "previous_comment_deadline": previous,
            },
        )
    return locked


def call_establish(*, call: AllianceCall, by: Any) -> AllianceCall:
    """成立和发布: admit the proposed institutions without an upheld objection, announce it."""
    require_role(by, Role.SAMR_STAFF)
    with transaction.atomic():
        locked = AllianceCall.objects.select_for_update().get(pk=call.pk)
        _require_call_state(locked, CallState.CONSULTING)
        still_open = locked.comments.filter(resolution=CommentResolution.OPEN).count()
        if still_open:
            raise DomainError(
                ngettext(
                    "%(n)d comment on the proposed list is still open: resolve it first.",
                    "%(n)d comments on the proposed list are still open: resolve them first.",
                    still_open,
                )
                % {"n": still_open}
            )
        today = timezone.localdate()
        if locked.comment_deadline is None or today <= locked.comment_deadline:
            raise DomainError(
                _(
                    "The comment period runs until %(date)s: the alliance can be established "
                    "from the next day on."
                )
                % {"date": _fmt_date(locked.comment_deadline) if locked.comment_deadline else "—"}
            )
        proposed = list(
            locked.applications.filter(state=ApplicationState.PROPOSED)
            .select_related("institution")
            .order_by("institution__name")
        )
        upheld = set(
            locked.comments.filter(resolution=CommentResolution.UPHELD).values_list(
                "upheld_application_id", flat=True
            )
        )
        admitted = [a for a in proposed if a.pk not in upheld]
        refused = [a for a in proposed if a.pk in upheld]
        if not admitted:
            raise DomainError(
                _(
                    "No institution would be admitted: every institution on the proposed list has "
                    "an upheld objection, so the alliance is not established with no members. "
                    "Put institutions on the proposed list of a new call instead."
                )
            )
        now = _now()
        established = apply_transition(
            instance=locked,
            action="establish",
            by=by,
            event_type=AuditEventType.ALLIANCE_CALL_TRANSITION,
            payload={"admitted": [a.pk for a in admitted], "not_admitted": [a.pk for a in refused]},
            before_save=lambda c: setattr(c, "established_at", now),
        )
        for application in admitted:
            apply_transition(
                instance=application,
                action="admit",
                by=by,
                event_type=AuditEventType.ALLIANCE_APPLICATION_TRANSITION,
                payload={"call": established.pk},
            )
            AllianceMember.objects.create(
                institution=application.institution, application=application, joined_at=now
            )
            # A flag upstream (not a workflow state) so that the catalogue can read it.
            Organisation.objects.filter(pk=application.institution_id).update(
                is_alliance_member=True
            )
        for application in refused:
            apply_transition(
                instance=application,
                action="not_admit",
                by=by,
                event_type=AuditEventType.ALLIANCE_APPLICATION_TRANSITION,
                payload={"call": established.pk, "objection_upheld": True},
                before_save=lambda a: setattr(
                    a, "decision_reason", _("An objection to the institution was upheld.")
                ),
            )
        body = "\n".join(
            [
                _(
                    "After consultation of the member units of the task group and the public, "
                    "the 东莞优品 quality technical service alliance is established with the "
                    "following member institutions:"
                ),
                "",
                *[
                    f"{n}. {a.institution.name}（{a.get_institution_type_display()}）"
                    for n, a in enumerate(admitted, start=1)
                ],
            ]
        )
        notice_publish(
            kind=PublicNotice.Kind.ANNOUNCEMENT,
            title=_(
                "Announcement on the establishment of the 东莞优品 quality technical service alliance (%(title)s)"
            )
            % {"title": established.title},
            body=body,
            by=by,
            subject=established,
            link=reverse("portal:alliance_members"),
        )
        notify(
            recipients=users_holding(
                role=Role.INSTITUTION, organisation_ids=[a.institution_id for a in admitted]
            ),
            key=f"alliance.established.admitted:{established.pk}",
            title=_(
                "Your institution is a member of the 东莞优品 quality technical service alliance"
            ),
            url=reverse("alliance:my_applications"),
        )
        notify(
            recipients=users_holding(
                role=Role.INSTITUTION, organisation_ids=[a.institution_id for a in refused]
            ),
            key=f"alliance.established.not_admitted:{established.pk}",
            title=_("Your institution was not admitted to the alliance"),
            body=_("An objection raised during the consultation was upheld."),
            url=reverse("alliance:my_applications"),
        )
    return established


# --- applications (机构申报) -------------------------------------------------------------------

APPLICATION_FIELDS = (
    "institution_type",
    "introduction",
    "cma_number",
    "cma_scope",
    "cnas_number",
    "cnas_scope",
)


def application_is_editable(application: InstitutionApplication) -> bool:
    """The institution may change a draft or returned application while the call is open."""
    return (
        application.state in (ApplicationState.DRAFT, ApplicationState.RETURNED)
        and application.call.state == CallState.OPEN
        and _now() < application.call.deadline
    )


def _require_editable(application: InstitutionApplication) -> None:
    if application.state not in (ApplicationState.DRAFT, ApplicationState.RETURNED):
        raise DomainError(
            _("The application is “%(state)s” and can no longer be changed.")
            % {"state": application.get_state_display()}
        )
    call = application.call
    if call.state != CallState.OPEN or _now() >= call.deadline:
        raise DomainError(
            _("Applications were accepted until %(deadline)s; this one can no longer be changed.")
            % {"deadline": _fmt_datetime(call.deadline)}
        )


def _set_application_data(application: InstitutionApplication, data: dict[str, Any]) -> list[str]:
    changed = []
    for name in APPLICATION_FIELDS:
        if name in data:
            value = (data[name] or "").strip()
            if getattr(application, name) != value:
                setattr(application, name, value)
                changed.append(name)
    if application.institution_type and application.institution_type not in InstitutionType.values:
        raise DomainError(_("Choose the type of institution."))
    return changed


def application_create(
    *,
    call: AllianceCall,
    institution: Organisation,
    by: Any,
    fields: Iterable[Any] = (),
    **data: Any,
) -> InstitutionApplication:
    """Start an application of `institution` to `call` (one per call and institution)."""
    _require_member_of(by, institution, Role.INSTITUTION)
    if institution.kind != OrganisationKind.INSTITUTION:
        raise PermissionDenied()
    if call.state != CallState.OPEN or _now() >= call.deadline:
        raise DomainError(_("This call is not open for applications."))
    if AllianceMember.objects.filter(institution=institution, state=MemberState.ACTIVE).exists():
        raise DomainError(
            _("%(name)s is already a member of the alliance and need not apply again.")
            % {"name": institution.name}
        )
    duplicate = _("%(name)s already has an application for this call; continue that one.") % {
        "name": institution.name
    }
    if InstitutionApplication.objects.filter(call=call, institution=institution).exists():
        raise DomainError(duplicate)
    application = InstitutionApplication(call=call, institution=institution, created_by=by)
    _set_application_data(application, data)
    try:
        with transaction.atomic():
            application.save()
            application.fields.set(list(fields))
            audit_record(
                event_type=AuditEventType.ALLIANCE_APPLICATION_SAVED,
                actor=by,
                target=application,
                to_state=application.state,
                payload={"created": True, "call": call.pk},
            )
    except IntegrityError as exc:  # two clicks at once: the constraint decides
        raise DomainError(duplicate) from exc
    return application


def application_update(
    *,
    application: InstitutionApplication,
    by: Any,
    fields: Iterable[Any] | None = None,
    **data: Any,
) -> InstitutionApplication:
    """Save a draft (or a returned application being corrected); nothing is checked for
    completeness until it is submitted."""
    _require_member_of(by, application.institution, Role.INSTITUTION)
    with transaction.atomic():
        locked = (
            InstitutionApplication.objects.select_for_update(of=("self",))
            .select_related("call")
            .get(pk=application.pk)
        )
        _require_editable(locked)
        changed = _set_application_data(locked, data)
        locked.save()
        if fields is not None:
            new_ids = sorted(f.pk for f in fields)
            if sorted(locked.fields.values_list("pk", flat=True)) != new_ids:
                locked.fields.set(new_ids)
                changed.append("fields")
        audit_record(
            event_type=AuditEventType.ALLIANCE_APPLICATION_SAVED,
            actor=by,
            target=locked,
            payload={"changed": changed},
        )
    return locked


def application_upload_material(
    *, application: InstitutionApplication, code: str, upload: Any, by: Any
) -> ApplicationMaterial:
    """Attach the file of one required material; a new file replaces the old one (whose
    attachment row is kept for the record)."""
    _require_member_of(by, application.institution, Role.INSTITUTION)
    with transaction.atomic():
        locked = (
            InstitutionApplication.objects.select_for_update(of=("self",))
            .select_related("call", "institution")
            .get(pk=application.pk)
        )
        _require_editable(locked)
        codes = [m["code"] for m in locked.call.required_materials]
        if code not in codes:
            raise DomainError(_("This call does not ask for that material."))
        attachment = attachment_create(
            upload=upload,
            by=by,
            purpose=MATERIAL_PURPOSE,
            owner_organisation=locked.institution,
            allowed=DEFAULT_KINDS,
        )
        material = ApplicationMaterial.objects.filter(application=locked, code=code).first()
        replaced = None
        if material is None:
            material = ApplicationMaterial.objects.create(
                application=locked, code=code, attachment=attachment
            )
        else:
            replaced = str(material.attachment.uuid)
            material.attachment = attachment
            material.save(update_fields=["attachment"])
        locked.save(update_fields=["updated_at"])
        audit_record(
            event_type=AuditEventType.ALLIANCE_APPLICATION_SAVED,
            actor=by,
            target=locked,
            payload={
                "material": code,
                "attachment": str(attachment.uuid),
                "replaced": replaced,
                "sha256": attachment.sha256,
            },
        )
    return material


def application_problems(application: InstitutionApplication) -> list[str]:
    """What still keeps the application from being submitted, each named."""
    problems = []
    if not application.institution_type:
        problems.append(_("Choose the type of institution."))
    if not application.introduction.strip():
        problems.append(_("Write the introduction of the institution."))
    # Our rule (docs): a testing body must hold CMA or CNAS; a number needs its scope.
    if application.institution_type == InstitutionType.TESTING and not (
        application.cma_number or application.cnas_number
    ):
        problems.append(_("A testing body must give its CMA or CNAS number (at least one)."))
    if application.cma_number and not application.cma_scope.strip():
        problems.append(_("Give the scope of the CMA certificate."))
    if application.cnas_number and not application.cnas_scope.strip():
        problems.append(_("Give the scope of the CNAS accreditation."))
    if not application.fields.exists():
        problems.append(_("Choose at least one qualified product field."))
    present = set(application.materials.values_list("code", flat=True))
    missing = [m["label"] for m in application.call.required_materials if m["code"] not in present]
    if missing:
        problems.append(_("Missing materials: %(list)s.") % {"list": _("、").join(missing)})
    return problems


def application_submit(*, application: InstitutionApplication, by: Any) -> InstitutionApplication:
    """提交申报 (also a corrected, returned application), before the call's deadline."""
    _require_member_of(by, application.institution, Role.INSTITUTION)
    call = _current(application.call_id)
    if call.state != CallState.OPEN or _now() >= call.deadline:
        raise DomainError(
            _("Applications were accepted until %(deadline)s; it can no longer be submitted.")
            % {"deadline": _fmt_datetime(call.deadline)}
        )
    problems = application_problems(application)
    if problems:
        raise DomainError(
            _("The application cannot be submitted yet. %(problems)s")
            % {"problems": " ".join(problems)}
        )
    with transaction.atomic():
        resubmitted = application.state == ApplicationState.RETURNED
        submitted_at = _now()

        def stamp(a: InstitutionApplication) -> None:
            a.submitted_at = submitted_at

        submitted = apply_transition(
            instance=application,
            action="submit",
            by=by,
            event_type=AuditEventType.ALLIANCE_APPLICATION_TRANSITION,
            payload={"resubmitted": resubmitted},
            before_save=stamp,
        )
        notify(
            recipients=users_holding(role=Role.SAMR_STAFF),
            key=f"alliance.application.submitted:{submitted.pk}:{submitted_at.isoformat()}",
            title=_("Alliance application submitted: %(name)s")
            % {"name": application.institution.name},
            url=reverse("alliance:application_detail", args=[submitted.pk]),
        )
        notify(
            recipients=users_holding(
                role=Role.INSTITUTION, organisation_ids=[application.institution_id]
            ),
            key=f"alliance.application.received:{submitted.pk}:{submitted_at.isoformat()}",
            title=_("Your alliance application has been submitted"),
            body=_("The programme office will examine it and tell you whether it is accepted."),
            url=reverse("alliance:my_application_detail", args=[submitted.pk]),
        )
    return submitted


def application_accept(*, application: InstitutionApplication, by: Any) -> InstitutionApplication:
    """受理: the application is complete and will be screened."""
    require_role(by, Role.SAMR_STAFF)
    _require_call_state(_current(application.call_id), CallState.OPEN, CallState.REVIEWING)
    with transaction.atomic():
        accepted = apply_transition(
            instance=application,
            action="accept",
            by=by,
            event_type=AuditEventType.ALLIANCE_APPLICATION_TRANSITION,
            before_save=lambda a: setattr(a, "decision_reason", ""),
        )
        notify(
            recipients=users_holding(
                role=Role.INSTITUTION, organisation_ids=[application.institution_id]
            ),
            key=f"alliance.application.accepted:{accepted.pk}",
            title=_("Your alliance application has been accepted (受理)"),
            body=_("It now goes to screening by the industry associations."),
            url=reverse("alliance:my_application_detail", args=[accepted.pk]),
        )
    return accepted


def application_return(
    *, application: InstitutionApplication, reason: str, by: Any
) -> InstitutionApplication:
    """不予受理: returned to the institution with the reason; it may correct and resubmit before
    the deadline."""
    require_role(by, Role.SAMR_STAFF)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for returning the application."))
    _require_call_state(_current(application.call_id), CallState.OPEN, CallState.REVIEWING)
    with transaction.atomic():
        returned = apply_transition(
            instance=application,
            action="return_",
            by=by,
            event_type=AuditEventType.ALLIANCE_APPLICATION_TRANSITION,
            payload={"reason": reason},
            before_save=lambda a: setattr(a, "decision_reason", reason),
        )
        notify(
            recipients=users_holding(
                role=Role.INSTITUTION, organisation_ids=[application.institution_id]
            ),
            key=f"alliance.application.returned:{returned.pk}:{_now().isoformat()}",
            title=_("Your alliance application was returned (不予受理)"),
            body=_("Reason: %(reason)s") % {"reason": reason},
            url=reverse("alliance:my_application_detail", args=[returned.pk]),
        )
    return returned


# --- screening (行业协会筛选) -------------------------------------------------------------------


def screening_assign(
    *, application: InstitutionApplication, associations: Iterable[Organisation], by: Any
) -> list[ScreeningAssignment]:
    """Ask one or more industry associations to screen an accepted application."""
    require_role(by, Role.SAMR_STAFF)
    chosen = list(associations)
    if not chosen:
        raise DomainError(_("Choose at least one association."))
    if any(a.kind != OrganisationKind.ASSOCIATION for a in chosen):
        raise DomainError(_("Only industry associations screen applications."))
    with transaction.atomic():
        locked = (
            InstitutionApplication.objects.select_for_update(of=("self",))
            .select_related("call", "institution")
            .get(pk=application.pk)
        )
        _require_call_state(locked.call, CallState.OPEN, CallState.REVIEWING)
        if locked.state != ApplicationState.ACCEPTED:
            raise DomainError(_("Only accepted applications are screened."))
        existing = set(locked.screenings.values_list("association_id", flat=True))
        created = [
            ScreeningAssignment.objects.create(application=locked, association=a, assigned_by=by)
            for a in chosen
            if a.pk not in existing
        ]
        if not created:
            raise DomainError(_("These associations are already screening this application."))
        audit_record(
            event_type=AuditEventType.ALLIANCE_SCREENING_ASSIGNED,
            actor=by,
            target=locked,
            payload={"associations": [s.association_id for s in created]},
        )
        for assignment in created:
            notify(
                recipients=users_holding(
                    role=Role.ASSOCIATION, organisation_ids=[assignment.association_id]
                ),
                key=f"alliance.screening.assigned:{assignment.pk}",
                title=_("Screening requested: %(name)s") % {"name": locked.institution.name},
                body=_("Please screen the application and record your recommendation."),
                url=reverse("alliance:screening_detail", args=[assignment.pk]),
            )
    return created


def screening_record(
    *, assignment: ScreeningAssignment, recommendation: str, reason: str, by: Any
) -> ScreeningAssignment:
    """The association's recommendation with its reason (may be changed until consultation)."""
    _require_member_of(by, assignment.association, Role.ASSOCIATION)
    reason = (reason or "").strip()
    if recommendation not in Recommendation.values:
        raise DomainError(_("Choose whether you recommend the institution."))
    if not reason:
        raise DomainError(_("Give the reason for your recommendation."))
    with transaction.atomic():
        locked = (
            ScreeningAssignment.objects.select_for_update(of=("self",))
            .select_related("application__call", "application__institution")
            .get(pk=assignment.pk)
        )
        _require_call_state(locked.application.call, CallState.OPEN, CallState.REVIEWING)
        locked.recommendation = recommendation
        locked.reason = reason
        locked.decided_by = by
        locked.decided_at = _now()
        locked.save()
        audit_record(
            event_type=AuditEventType.ALLIANCE_SCREENING_RECORDED,
            actor=by,
            target=locked,
            payload={
                "application": locked.application_id,
                "recommendation": recommendation,
                "reason": reason,
            },
        )
        notify(
            recipients=users_holding(role=Role.SAMR_STAFF),
            key=f"alliance.screening.recorded:{locked.pk}:{locked.decided_at.isoformat()}",
            title=_("Screening recommendation for %(name)s")
            % {"name": locked.application.institution.name},
            body=f"{locked.get_recommendation_display()}：{reason}",
            url=reverse("alliance:application_detail", args=[locked.application_id]),
        )
    return locked


# --- the proposed list (建议名单) ---------------------------------------------------------------

_LIST_ACTIONS = {
    "propose": (
        "propose",
        ApplicationState.ACCEPTED,
    ),
    "not_propose": ("not_propose", ApplicationState.ACCEPTED),
    "unpropose": ("unpropose", ApplicationState.PROPOSED),
}


def application_list_decide(
    *, application: InstitutionApplication, action: str, by: Any
) -> InstitutionApplication:
    """Put an accepted application on the proposed list, leave it off, or take it off again
    (before the list goes out for comment)."""
    require_role(by, Role.SAMR_STAFF)
    if action not in _LIST_ACTIONS:
        raise DomainError(_("Unknown action."))
    _require_call_state(_current(application.call_id), CallState.REVIEWING)
    method, _source = _LIST_ACTIONS[action]
    with transaction.atomic():
        decided = apply_transition(
            instance=application,
            action=method,
            by=by,
            event_type=AuditEventType.ALLIANCE_APPLICATION_TRANSITION,
        )
        if action == "not_propose":
            notify(
                recipients=users_holding(
                    role=Role.INSTITUTION, organisation_ids=[application.institution_id]
                ),
                key=f"alliance.application.not_proposed:{decided.pk}",
                title=_("Your institution is not on the proposed list of the alliance"),
                url=reverse("alliance:my_application_detail", args=[decided.pk]),
            )
    return decided


def application_list_decide_many(
    *, applications: Iterable[InstitutionApplication], action: str, by: Any
) -> tuple[list[InstitutionApplication], list[tuple[InstitutionApplication, str]]]:
    """The bulk form of application_list_decide: each application on its own; returns the
    decided ones and those refused with the reason."""
    require_role(by, Role.SAMR_STAFF)
    done: list[InstitutionApplication] = []
    refused: list[tuple[InstitutionApplication, str]] = []
    for application in applications:
        try:
            done.append(application_list_decide(application=application, action=action, by=by))
        except DomainError as exc:
            refused.append((application, str(exc.message)))
    return done, refused


# --- comments on the proposed list (征求意见) --------------------------------------------------


def _require_comment_period(call: AllianceCall) -> None:
    call = _current(call)
    if call.state != CallState.CONSULTING:
        raise DomainError(_("The proposed list is not open for comments."))
    if call.comment_deadline is None or timezone.localdate() > call.comment_deadline:
        raise DomainError(
            _("Comments were accepted until %(date)s.")
            % {"date": _fmt_date(call.comment_deadline) if call.comment_deadline else "—"}
        )


def _check_concerned(call: AllianceCall, application: InstitutionApplication | None) -> None:
    if application is not None and (
        application.call_id != call.pk or application.state != ApplicationState.PROPOSED
    ):
        raise DomainError(_("That institution is not on the proposed list."))


def _notify_staff_of_comment(comment: ListComment) -> None:
    notify(
        recipients=users_holding(role=Role.SAMR_STAFF),
        key=f"alliance.comment:{comment.pk}",
        title=(
            _("Objection to the proposed alliance list")
            if comment.is_objection
            else _("Comment on the proposed alliance list")
        ),
        body=comment.body[:300],
        url=reverse("alliance:comment_list", args=[comment.call_id]),
    )


def comment_submit_department(
    *,
    call: AllianceCall,
    body: str,
    by: Any,
    is_objection: bool = False,
    application: InstitutionApplication | None = None,
) -> ListComment:
    """A member unit's comment (or objection) on the whole list or on one institution."""
    require_role(by, Role.DEPARTMENT)
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Write your comment."))
    organisation = (
        Organisation.objects.filter(memberships__user=by, memberships__role=Role.DEPARTMENT)
        .order_by("id")
        .first()
    )
    _require_comment_period(call)
    _check_concerned(call, application)
    with transaction.atomic():
        comment = ListComment.objects.create(
            call=call,
            application=application,
            author=by,
            organisation=organisation,
            body=body,
            is_objection=is_objection,
        )
        audit_record(
            event_type=AuditEventType.ALLIANCE_COMMENT_SUBMITTED,
            actor=by,
            target=comment,
            payload={
                "call": call.pk,
                "application": application.pk if application else None,
                "objection": is_objection,
            },
        )
        _notify_staff_of_comment(comment)
    return comment


def validate_public_contact(value: str) -> str:
    """A mainland mobile number or an e-mail address; raises DomainError otherwise."""
    value = (value or "").strip()
    if "@" in value:
        try:
            validate_email(value)
        except ValidationError as exc:
            raise DomainError(_("Enter a valid e-mail address or an 11-digit mobile.")) from exc
        return value
    digits = value.replace(" ", "").replace("-", "")
    try:
        validate_mobile(digits)
    except ValidationError as exc:
        raise DomainError(_("Enter a valid e-mail address or an 11-digit mobile.")) from exc
    return digits


def _rate_key(client_ip: str | None) -> str:
    return f"alliance.public-comment:{client_ip or 'unknown'}"


def public_comment_rate_limited(client_ip: str | None) -> bool:
    return int(cache.get(_rate_key(client_ip), 0)) >= PUBLIC_COMMENT_LIMIT


def _count_public_comment(client_ip: str | None) -> None:
    key = _rate_key(client_ip)
    # add() sets the window only on the first comment; incr() keeps its expiry.
    if not cache.add(key, 1, PUBLIC_COMMENT_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, PUBLIC_COMMENT_WINDOW_SECONDS)


def comment_submit_public(
    *,
    call: AllianceCall,
    name: str,
    contact: str,
    body: str,
    is_objection: bool = False,
    application: InstitutionApplication | None = None,
    client_ip: str | None = None,
) -> ListComment:
    """社会公众意见: anyone may comment with their real name and a contact (no account)."""
    name = (name or "").strip()
    body = (body or "").strip()
    if not name:
        raise DomainError(_("Give your real name."))
    contact = validate_public_contact(contact)
    if not body:
        raise DomainError(_("Write your comment."))
    _require_comment_period(call)
    _check_concerned(call, application)
    if public_comment_rate_limited(client_ip):
        raise DomainError(
            _(
                "Too many comments from your network in the last hour. Please try again later, "
                "or contact the programme office."
            ),
            code="rate_limited",
        )
    with transaction.atomic():
        comment = ListComment.objects.create(
            call=call,
            application=application,
            public_name=name[:50],
            public_contact=contact[:100],
            body=body,
            is_objection=is_objection,
        )
        # Personal data stays out of the audit payload (the comment row keeps it).
        audit_record(
            event_type=AuditEventType.ALLIANCE_COMMENT_SUBMITTED,
            target=comment,
            payload={
                "call": call.pk,
                "application": application.pk if application else None,
                "objection": is_objection,
                "public": True,
            },
        )
        _notify_staff_of_comment(comment)
    _count_public_comment(client_ip)
    return comment


def comment_resolve(
    *,
    comment: ListComment,
    resolution: str,
    response: str,
    by: Any,
    upheld_application: InstitutionApplication | None = None,
) -> ListComment:
    """Staff answer a comment: noted (a plain comment), or an objection upheld (the institution
    is not admitted) or dismissed."""
    require_role(by, Role.SAMR_STAFF)
    response = (response or "").strip()
    if not response:
        raise DomainError(_("Write the response to the comment."))
    if resolution not in (
        CommentResolution.NOTED,
        CommentResolution.UPHELD,
        CommentResolution.DISMISSED,
    ):
        raise DomainError(_("Choose how the comment is resolved."))
    with transaction.atomic():
        locked = (
            ListComment.objects.select_for_update(of=("self",))
            .select_related("call", "application")
            .get(pk=comment.pk)
        )
        _require_call_state(locked.call, CallState.CONSULTING)
        if locked.resolution != CommentResolution.OPEN:
            raise DomainError(_("This comment has already been resolved."))
        if locked.is_objection and resolution == CommentResolution.NOTED:
            raise DomainError(_("An objection is either upheld or dismissed."))
        if not locked.is_objection and resolution != CommentResolution.NOTED:
            raise DomainError(_("A comment that is not an objection is noted."))
        if resolution == CommentResolution.UPHELD:
            upheld_application = upheld_application or locked.application
            if upheld_application is None:
                raise DomainError(_("Say which institution the upheld objection concerns."))
            _check_concerned(locked.call, upheld_application)
        else:
            upheld_application = None
        locked.resolution = resolution
        locked.response = response
        locked.upheld_application = upheld_application
        locked.resolved_by = by
        locked.resolved_at = _now()
        locked.save()
        audit_record(
            event_type=AuditEventType.ALLIANCE_COMMENT_RESOLVED,
            actor=by,
            target=locked,
            from_state=CommentResolution.OPEN,
            to_state=resolution,
            payload={
                "response": response,
                "upheld_application": upheld_application.pk if upheld_application else None,
            },
        )
        if locked.author_id:
            notify(
                recipients=[locked.author],
                key=f"alliance.comment.resolved:{locked.pk}",
                title=_("Your comment on the proposed alliance list has been answered"),
                body=f"{locked.get_resolution_display()}：{response}",
                url=reverse("alliance:consultation_detail", args=[locked.call_id]),
            )
    return locked


# --- after establishment (后续管理) -------------------------------------------------------------


def violation_record(
    *, member: AllianceMember, description: str, found_on: dt.date, by: Any
) -> Violation:
    """违法违规记录: what staff found about a member."""
    require_role(by, Role.SAMR_STAFF)
    description = (description or "").strip()
    if not description:
        raise DomainError(_("Describe what was found."))
    if found_on > timezone.localdate():
        raise DomainError(_("The date a violation was found cannot be in the future."))
    with transaction.atomic():
        violation = Violation.objects.create(
            member=member, description=description, found_on=found_on, recorded_by=by
        )
        audit_record(
            event_type=AuditEventType.ALLIANCE_VIOLATION_RECORDED,
            actor=by,
            target=member,
            payload={"violation": violation.pk, "found_on": found_on, "description": description},
        )
    return violation


def member_disqualify(*, member: AllianceMember, reason: str, by: Any) -> AllianceMember:
    """取消资格: the institution leaves the alliance, publicly; its history is kept."""
    require_role(by, Role.SAMR_STAFF)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for the disqualification."))
    with transaction.atomic():
        now = _now()

        def record(m: AllianceMember) -> None:
            m.disqualified_at = now
            m.disqualification_reason = reason

        disqualified = apply_transition(
            instance=member,
            action="disqualify",
            by=by,
            event_type=AuditEventType.ALLIANCE_MEMBER_DISQUALIFIED,
            payload={"reason": reason},
            before_save=record,
        )
        institution = Organisation.objects.get(pk=disqualified.institution_id)
        Organisation.objects.filter(pk=institution.pk).update(is_alliance_member=False)
        notice_publish(
            kind=PublicNotice.Kind.ANNOUNCEMENT,
            title=_(
                "Announcement on the disqualification of %(name)s as an institution of the "
                "东莞优品 quality technical service alliance"
            )
            % {"name": institution.name},
            body=_(
                "%(name)s is disqualified as a member institution of the 东莞优品 quality "
                "technical service alliance from %(date)s.\nReason: %(reason)s"
            )
            % {
                "name": institution.name,
                "date": _fmt_date(timezone.localdate(now)),
                "reason": reason,
            },
            by=by,
            subject=disqualified,
            link=reverse("portal:alliance_members"),
        )
        notify(
            recipients=users_holding(role=Role.INSTITUTION, organisation_ids=[institution.pk]),
            key=f"alliance.member.disqualified:{disqualified.pk}",
            title=_("Your institution has been disqualified from the alliance"),
            body=_("Reason: %(reason)s") % {"reason": reason},
            url=reverse("alliance:my_applications"),
        )
    return disqualified


def rating_save(
    *, member: AllianceMember, enterprise: Organisation, score: int, comment: str, by: Any
) -> InstitutionRating:
    """企业评价: an enterprise rates an active member 1–5 (one rating per pair, updatable).

    Until sampling exists any enterprise may rate; once it does, only enterprises whose
    products the institution tested should (see the alliance report)."""
    _require_member_of(by, enterprise, Role.ENTERPRISE)
    if member.state != MemberState.ACTIVE:
        raise DomainError(_("Only active members of the alliance can be rated."))
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise DomainError(_("Give a score from 1 to 5."))
    with transaction.atomic():
        rating, created = InstitutionRating.objects.update_or_create(
            member=member,
            enterprise=enterprise,
            defaults={"score": score, "comment": (comment or "").strip(), "rated_by": by},
        )
        audit_record(
            event_type=AuditEventType.ALLIANCE_RATING_SAVED,
            actor=by,
            target=member,
            payload={"enterprise": enterprise.pk, "score": score, "created": created},
        )
    return rating


# --- who may read application materials ---------------------------------------------------------


def _may_read_material(user: Any, attachment: Attachment) -> bool:
    """Staff and auditors read every material; an association reads those of the applications
    assigned to it. The institution reads its own through the core's owner rule. Nobody else —
    member units and the public comment on the list without the files."""
    if user.has_role(Role.SAMR_STAFF, Role.AUDITOR):
        return True
    if not user.has_role(Role.ASSOCIATION):
        return False
    return ApplicationMaterial.objects.filter(
        attachment=attachment,
        application__screenings__association__memberships__user=user,
        application__screenings__association__memberships__role=Role.ASSOCIATION,
    ).exists()


register_access_rule(MATERIAL_PURPOSE, _may_read_material)
