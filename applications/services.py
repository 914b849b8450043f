"""Services (writes) of applications: calls, the enterprise's draft and submission, and the
qualification review (资格审核) with supplements and departments' opinions."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.enums import OrganisationKind, Role
from accounts.models import EnterpriseBan, Membership, Organisation, User
from accounts.selectors import users_holding
from accounts.validators import validate_uscc
from catalog.enums import EditionState
from catalog.models import CatalogEdition, Category, ProductStandard
from dgyp.attachments import DEFAULT_KINDS, attachment_create, register_access_rule
from dgyp.audit import audit_record
from dgyp.calendar import CalendarDataMissing, add_working_days
from dgyp.enums import AuditEventType
from dgyp.exceptions import DomainError, PermissionDenied
from dgyp.models import Attachment, PublicNotice
from dgyp.notices import notice_publish
from dgyp.notifications import notify
from dgyp.permissions import require_role
from dgyp.transitions import apply_transition

from .enums import (
    REVIEW_STATES,
    SUBMITTED_OPEN_STATES,
    ApplicationState,
    CallState,
    EvaluationDimension,
    OpinionAnswer,
    SupplementState,
)
from .models import (
    Application,
    ApplicationMaterial,
    ApplicationVersion,
    Call,
    ChecklistMark,
    OpinionRequest,
    ReviewNote,
    SupplementRequest,
)

MATERIAL_PURPOSE = "application.material"
OPINION_PURPOSE = "application.opinion"

# Fields of the draft the enterprise fills in, and how an autosave reads them.
DRAFT_TEXT_LIMITS = {
    "product_name": 100,
    "models_specs": 5000,
    "trademark": 100,
    "product_standard_other": 200,
    "annual_output": 100,
}
SELF_EVALUATION_LIMIT = 5000
# States in which the enterprise edits the content: a draft, and an answer to a supplement.
EDITABLE_STATES = (ApplicationState.DRAFT, ApplicationState.SUPPLEMENT_REQUESTED)
MAX_SUPPLEMENT_WORKING_DAYS = 30
SUPERSEDED_MESSAGE = gettext_noop(
    "The category's catalogue edition is no longer the published one; applications for it "
    "are closed."
)


def _require_member(by: Any, organisation: Organisation) -> None:
    if by is None or not by.has_role(Role.ENTERPRISE):
        raise PermissionDenied()
    if not Membership.objects.filter(
        user=by, organisation=organisation, role=Role.ENTERPRISE
    ).exists():
        raise PermissionDenied()


def _enterprise_users(application: Application) -> QuerySet[User]:
    return users_holding(role=Role.ENTERPRISE, organisation_ids=[application.enterprise_id])


def _department_users(department_id: int) -> QuerySet[User]:
    return users_holding(role=Role.DEPARTMENT, organisation_ids=[department_id])


def _day(value: dt.date) -> str:
    """A date as people read it in the active language (2026年12月2日)."""
    return date_format(value, "DATE_FORMAT")


def normalise_product_name(name: str) -> str:
    """The product name as compared for "one open application per product": spaces removed,
    case folded (全角 letters and spaces included)."""
    return "".join(name.split()).casefold()[:100]


# --- calls (申报批次) ------------------------------------------------------------------------


def materials_from_labels(labels: Iterable[str], previous: list[dict] | None = None) -> list[dict]:
    """Required materials from one label per line; a label already known keeps its code, so
    files uploaded for it stay attached to it."""
    known = {m["label"]: m["code"] for m in (previous or [])}
    used: set[str] = set()
    result = []
    for n, raw in enumerate(labels, 1):
        label = raw.strip()
        if not label:
            continue
        code = known.get(label) or f"material_{n}"
        while code in used:
            code = f"{code}_x"
        used.add(code)
        result.append({"code": code, "label": label[:200], "required": True})
    return result


def checklist_from_labels(labels: Iterable[str], previous: list[dict] | None = None) -> list[dict]:
    """The formal checklist from one item per line (known items keep their codes)."""
    known = {c["label"]: c["code"] for c in (previous or [])}
    used: set[str] = set()
    result = []
    for n, raw in enumerate(labels, 1):
        label = raw.strip()
        if not label:
            continue
        code = known.get(label) or f"item_{n}"
        while code in used:
            code = f"{code}_x"
        used.add(code)
        result.append({"code": code, "label": label[:200]})
    return result


def _check_call_fields(
    *, opens_on: dt.date, closes_on: dt.date, supplement_working_days: int
) -> None:
    if closes_on < opens_on:
        raise DomainError(_("The call cannot close before it opens."))
    if not 1 <= supplement_working_days <= MAX_SUPPLEMENT_WORKING_DAYS:
        raise DomainError(_("The deadline must be between 1 and 30 working days."))


def call_create(
    *,
    by: Any,
    year: int,
    title: str,
    edition: CatalogEdition,
    notice: str,
    opens_on: dt.date,
    closes_on: dt.date,
    required_materials: list[dict] | None = None,
    checklist: list[dict] | None = None,
    supplement_working_days: int = 5,
) -> Call:
    """开设申报批次 (a draft: the public sees it once published)."""
    require_role(by, Role.SAMR_STAFF)
    _check_call_fields(
        opens_on=opens_on, closes_on=closes_on, supplement_working_days=supplement_working_days
    )
    if not title.strip() or not notice.strip():
        raise DomainError(_("Give the call a title and the notice text."))
    fields: dict[str, Any] = {}
    if required_materials is not None:
        fields["required_materials"] = required_materials
    if checklist is not None:
        fields["checklist"] = checklist
    try:
        with transaction.atomic():
            call = Call.objects.create(
                year=year,
                title=title.strip(),
                edition=edition,
                notice=notice.strip(),
                opens_on=opens_on,
                closes_on=closes_on,
                supplement_working_days=supplement_working_days,
                created_by=by,
                **fields,
            )
            audit_record(
                event_type=AuditEventType.APPLICATION_CALL_CREATED,
                actor=by,
                target=call,
                to_state=call.state,
                payload={"year": year, "edition": edition.pk},
            )
    except IntegrityError as exc:
        raise DomainError(
            _("A call with this title already exists for %(year)s.") % {"year": year}
        ) from exc
    return call


def call_update(
    *,
    call: Call,
    by: Any,
    title: str,
    notice: str,
    opens_on: dt.date,
    closes_on: dt.date,
    required_materials: list[dict],
    checklist: list[dict],
    supplement_working_days: int,
) -> Call:
    """Edit a call. Once published only the dates and the notice text may change: enterprises
    are already preparing the materials the call asks for."""
    require_role(by, Role.SAMR_STAFF)
    _check_call_fields(
        opens_on=opens_on, closes_on=closes_on, supplement_working_days=supplement_working_days
    )
    with transaction.atomic():
        locked = Call.objects.select_for_update().get(pk=call.pk)
        if locked.state == CallState.CLOSED:
            raise DomainError(_("A closed call can no longer be changed."))
        changed: dict[str, Any] = {}
        values: dict[str, Any] = {
            "title": title.strip(),
            "notice": notice.strip(),
            "opens_on": opens_on,
            "closes_on": closes_on,
        }
        if locked.state == CallState.DRAFT:
            values.update(
                required_materials=required_materials,
                checklist=checklist,
                supplement_working_days=supplement_working_days,
            )
        elif (
            required_materials != locked.required_materials
            or checklist != locked.checklist
            or supplement_working_days != locked.supplement_working_days
        ):
            raise DomainError(
                _(
                    "The materials, the checklist and the supplement deadline of a published "
                    "call cannot change; only its dates and notice text can."
                )
            )
        for name, value in values.items():
            if getattr(locked, name) != value:
                changed[name] = value
                setattr(locked, name, value)
        if not changed:
            return locked
        try:
            with transaction.atomic():
                locked.save()
        except IntegrityError as exc:
            raise DomainError(
                _("A call with this title already exists for %(year)s.") % {"year": locked.year}
            ) from exc
        audit_record(
            event_type=AuditEventType.APPLICATION_CALL_TRANSITION,
            actor=by,
            target=locked,
            payload={"changed": sorted(changed)},
        )
    return locked


def call_public_url(call: Call) -> str:
    """The call's public page (portal), or "" while the public site does not serve it."""
    try:
        return reverse("portal:call_detail", args=[call.pk])
    except NoReverseMatch:
        return ""


def call_publish(*, call: Call, by: Any) -> Call:
    """发布: the call appears on the public site and every enterprise user is told (by Celery)."""
    require_role(by, Role.SAMR_STAFF)
    if call.edition.state != EditionState.PUBLISHED:
        raise DomainError(_("The call must use the published catalogue edition."))
    if not call.required_codes:
        raise DomainError(_("List at least one required material."))
    if not call.checklist:
        raise DomainError(_("List at least one item of the formal checklist."))
    if call.closes_on < timezone.localdate():
        raise DomainError(_("The closing date has passed; change the dates first."))
    with transaction.atomic():
        call = apply_transition(
            instance=call,
            action="publish",
            by=by,
            event_type=AuditEventType.APPLICATION_CALL_TRANSITION,
            before_save=lambda c: setattr(c, "published_at", timezone.now()),
        )
        notice_publish(
            kind=PublicNotice.Kind.CALL,
            title=call.title,
            body=call.notice,
            by=by,
            subject=call,
            link=call_public_url(call),
        )
        from dgyp.tasks import notify_role

        transaction.on_commit(
            partial(
                notify_role.delay,
                Role.ENTERPRISE.value,
                f"call.published:{call.pk}",
                _("Applications are open: %(title)s") % {"title": call.title},
                _("Apply from %(start)s to %(end)s in the portal.")
                % {"start": _day(call.opens_on), "end": _day(call.closes_on)},
                reverse("applications:mine"),
            )
        )
    return call


def call_close(*, call: Call, by: Any) -> Call:
    """结束: no new application or submission; the review of submitted ones goes on."""
    require_role(by, Role.SAMR_STAFF)
    return apply_transition(
        instance=call, action="close", by=by, event_type=AuditEventType.APPLICATION_CALL_TRANSITION
    )


# --- the enterprise's application ----------------------------------------------------------


def application_start(
    *, call: Call, enterprise: Organisation, category: Category, by: Any, client_key: uuid.UUID
) -> Application:
    """Open a draft. The same `client_key` (a double click, a refresh) returns the same draft."""
    existing = Application.objects.filter(client_key=client_key).first()
    if existing is not None:
        if existing.created_by_id != by.pk:
            raise PermissionDenied()
        return existing
    _require_member(by, enterprise)
    if not call.is_open:
        raise DomainError(_("This call is not open for applications."))
    if category.edition_id != call.edition_id:
        raise DomainError(_("This category is not in the call's catalogue."))
    if call.edition.state != EditionState.PUBLISHED:
        raise DomainError(_(SUPERSEDED_MESSAGE))
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call,
                enterprise=enterprise,
                category=category,
                created_by=by,
                client_key=client_key,
            )
            audit_record(
                event_type=AuditEventType.APPLICATION_CREATED,
                actor=by,
                organisation=enterprise,
                target=application,
                to_state=application.state,
                payload={"call": call.pk, "category": category.pk},
            )
    except IntegrityError:
        # The same key saved by a concurrent request a moment ago.
        return Application.objects.get(client_key=client_key, created_by=by)
    return application


def _refuse_after_supplement_deadline(app: Application, today: dt.date | None) -> None:
    """During a supplement the enterprise may edit only until the deadline (as for resubmitting).
    Call inside the transaction that locked the application."""
    if app.state != ApplicationState.SUPPLEMENT_REQUESTED:
        return
    supplement = (
        SupplementRequest.objects.filter(application_id=app.pk, state=SupplementState.OPEN)
        .order_by("-round")
        .first()
    )
    if supplement is not None and (today or timezone.localdate()) > supplement.deadline:
        raise DomainError(
            _("The deadline (%(date)s) has passed. Contact the programme office.")
            % {"date": _day(supplement.deadline)}
        )


class StaleDraft(DomainError):
    """The draft was saved from another window since this one loaded it."""


def application_save_draft(
    *,
    application: Application,
    by: Any,
    data: dict[str, Any],
    version: int,
    today: dt.date | None = None,
) -> Application:
    """Autosave (自动保存) and "save draft". Not audited field by field: a draft is the
    enterprise's working copy until it is submitted, when the whole content is recorded as a
    version. While a supplement is requested the enterprise edits the same way, and the next
    version shows the reviewer what changed."""
    _require_member(by, application.enterprise)
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=application.pk)
        if app.state not in EDITABLE_STATES:
            raise DomainError(_("The application has been submitted and can no longer be changed."))
        _refuse_after_supplement_deadline(app, today)
        if version != app.version:
            raise StaleDraft(
                _(
                    "This application was changed in another window or by a colleague. Reload the "
                    "page to see the latest version; your unsaved text is kept in this browser."
                ),
                code="stale",
            )
        for name, limit in DRAFT_TEXT_LIMITS.items():
            if name in data:
                setattr(app, name, str(data[name] or "").strip()[:limit])
        if "product_name" in data:
            app.product_key = normalise_product_name(app.product_name)
        if "annual_sales_yuan" in data:
            app.annual_sales_yuan = _parse_yuan(data["annual_sales_yuan"])
        if "product_standard" in data:
            app.product_standard = _standard_of_category(app.category_id, data["product_standard"])
        if "self_evaluation" in data and isinstance(data["self_evaluation"], dict):
            app.self_evaluation = {
                d: str(data["self_evaluation"].get(d, "") or "").strip()[:SELF_EVALUATION_LIMIT]
                for d in EvaluationDimension.values
            }
        app.version += 1
        try:
            with transaction.atomic():
                app.save()
        except IntegrityError as exc:
            raise DomainError(_duplicate_product_message()) from exc
    return app


def _duplicate_product_message() -> str:
    return _(
        "Your enterprise already has an open application for this product. Continue that one "
        "instead, or withdraw it first."
    )


def _parse_yuan(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).replace(",", "").replace("，", "").strip())
    except InvalidOperation as exc:
        raise DomainError(_("Annual sales must be an amount in yuan, e.g. 12500000.00.")) from exc
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e14"):
        raise DomainError(_("Annual sales must be an amount in yuan, e.g. 12500000.00."))
    return amount.quantize(Decimal("0.01"))


def _standard_of_category(category_id: int, value: Any) -> ProductStandard | None:
    if value in (None, ""):
        return None
    try:
        pk = int(value)
    except (TypeError, ValueError) as exc:
        raise DomainError(_("Choose one of the category's product standards.")) from exc
    standard = ProductStandard.objects.filter(category_id=category_id, pk=pk).first()
    if standard is None:
        raise DomainError(_("Choose one of the category's product standards."))
    return standard


def application_attach_material(
    *, application: Application, code: str, upload: Any, by: Any, today: dt.date | None = None
) -> ApplicationMaterial:
    """Add a file for a material: while a draft, or while a supplement is requested."""
    _require_member(by, application.enterprise)
    with transaction.atomic():
        app = (
            Application.objects.select_for_update()
            .select_related("call", "enterprise")
            .get(pk=application.pk)
        )
        if app.state not in EDITABLE_STATES:
            raise DomainError(
                _("Files can be added only to a draft or when supplements are requested.")
            )
        _refuse_after_supplement_deadline(app, today)
        if code not in {m["code"] for m in app.call.required_materials}:
            raise DomainError(_("This call does not ask for that material."))
        attachment = attachment_create(
            upload=upload,
            by=by,
            purpose=MATERIAL_PURPOSE,
            owner_organisation=app.enterprise,
            allowed=DEFAULT_KINDS,
        )
        material = ApplicationMaterial.objects.create(
            application=app, code=code, attachment=attachment, uploaded_by=by
        )
        # The draft changed: a tab that loaded the page before must not overwrite it blindly.
        Application.objects.filter(pk=app.pk).update(version=app.version + 1)
    return material


def application_remove_material(
    *, material: ApplicationMaterial, by: Any, today: dt.date | None = None
) -> None:
    """Remove a file from a draft (the file itself is kept: it may be in the audit trail)."""
    _require_member(by, material.application.enterprise)
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=material.application_id)
        if app.state not in EDITABLE_STATES:
            raise DomainError(_("Files can be removed only from a draft or during a supplement."))
        _refuse_after_supplement_deadline(app, today)
        ApplicationMaterial.objects.filter(pk=material.pk, removed_at__isnull=True).update(
            removed_at=timezone.now()
        )
        Application.objects.filter(pk=app.pk).update(version=app.version + 1)


def current_materials(application: Application) -> dict[str, ApplicationMaterial]:
    """The newest file of each material that has not been removed."""
    current: dict[str, ApplicationMaterial] = {}
    for m in application.materials.filter(removed_at__isnull=True).select_related("attachment"):
        if m.code not in current:  # ordered newest first per code
            current[m.code] = m
    return current


def _context_problems(application: Application, today: dt.date) -> list[str]:
    """Who may apply, where and when: the call, the enterprise, the category."""
    call, enterprise = application.call, application.enterprise
    problems: list[str] = []
    if not call.is_open_on(today):
        problems.append(
            _("The call is not open (applications are accepted from %(start)s to %(end)s).")
            % {"start": _day(call.opens_on), "end": _day(call.closes_on)}
        )
    try:
        validate_uscc(enterprise.credit_code or "")
    except ValidationError as exc:
        problems.append(
            _("The enterprise's unified social credit code is not a valid Dongguan code: %(why)s")
            % {"why": " ".join(exc.messages)}
        )
    if not enterprise.is_active:
        problems.append(_("The enterprise's account is deactivated."))
    ban = (
        EnterpriseBan.objects.filter(
            enterprise=enterprise, starts_on__lte=today, ends_on__gte=today
        )
        .order_by("-ends_on")
        .first()
    )
    if ban is not None:
        problems.append(
            _(
                "The enterprise may not apply until %(date)s: a certificate was revoked "
                "(3-year ban)."
            )
            % {"date": _day(ban.ends_on)}
        )
    if application.category.edition_id != call.edition_id:
        problems.append(_("The category is not in the call's catalogue."))
    elif application.category.edition.state != EditionState.PUBLISHED:
        problems.append(_(SUPERSEDED_MESSAGE))
    return problems


def content_problems(application: Application) -> list[str]:
    """What the enterprise still has to fill in or upload."""
    call = application.call
    problems: list[str] = []
    if not application.product_name.strip():
        problems.append(_("Enter the product name."))
    if not application.models_specs.strip():
        problems.append(_("Enter the models and specifications."))
    if not application.product_standard_id and not application.product_standard_other.strip():
        problems.append(_("Choose the product standard the product follows."))
    missing_dimensions = [
        str(label)
        for value, label in EvaluationDimension.choices
        if not str(application.self_evaluation.get(value, "")).strip()
    ]
    if missing_dimensions:
        problems.append(
            _("Complete the self-evaluation for: %(dims)s.")
            % {"dims": "、".join(missing_dimensions)}
        )
    present = current_materials(application)
    missing = [call.material_label(code) for code in call.required_codes if code not in present]
    if missing:
        problems.append(
            _("Upload the required materials: %(list)s.") % {"list": "；".join(missing)}
        )
    return problems


def duplicate_of(application: Application) -> Application | None:
    """Another open, submitted application of the enterprise for the same product."""
    if not application.product_key:
        return None
    return (
        Application.objects.filter(
            enterprise_id=application.enterprise_id,
            product_key=application.product_key,
            state__in=SUBMITTED_OPEN_STATES,
        )
        .exclude(pk=application.pk)
        .first()
    )


def eligibility_problems(application: Application, *, today: dt.date | None = None) -> list[str]:
    """What prevents submitting now, each in words the enterprise understands (empty: none)."""
    today = today or timezone.localdate()
    problems = _context_problems(application, today) + content_problems(application)
    other = duplicate_of(application)
    if other is not None:
        problems.append(
            _(
                "Your enterprise already has an open application for this product (%(ref)s). "
                "Continue that one instead, or withdraw it first."
            )
            % {"ref": other.reference}
        )
    return problems


def subsidy_rule_notice(application: Application) -> list[str]:
    """The subsidy caps (2 products per enterprise, 1 per category), said when they may apply:
    when the enterprise has other applications that are still in the running."""
    others = list(
        Application.objects.filter(
            enterprise_id=application.enterprise_id, state__in=SUBMITTED_OPEN_STATES
        )
        .exclude(pk=application.pk)
        .values_list("category_id", flat=True)
    )
    notes: list[str] = []
    if others:
        notes.append(
            _(
                "You may apply for several products. The one-time subsidy (up to 50,000 yuan per "
                "recognised product) goes to at most 2 products of one enterprise; your "
                "enterprise has %(n)d other application(s) in progress."
            )
            % {"n": len(others)}
        )
    if application.category_id in others:
        notes.append(
            _(
                "Another application of your enterprise is in the same category: at most 1 "
                "product per category receives the subsidy."
            )
        )
    return notes


class SubmitRefused(DomainError):
    """Submitting is refused; `problems` says each reason."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(" ".join(problems), code="not_eligible")


def snapshot(app: Application) -> dict[str, Any]:
    """What a version records: the fields the enterprise fills in and the current files."""
    return {
        "product_name": app.product_name,
        "models_specs": app.models_specs,
        "trademark": app.trademark,
        "product_standard": str(app.product_standard) if app.product_standard_id else "",
        "product_standard_other": app.product_standard_other,
        "annual_output": app.annual_output,
        "annual_sales_yuan": str(app.annual_sales_yuan)
        if app.annual_sales_yuan is not None
        else "",
        "self_evaluation": dict(app.self_evaluation),
        "materials": {
            code: {
                "attachment": m.attachment_id,
                "uuid": str(m.attachment.uuid),
                "name": m.attachment.original_name,
                "sha256": m.attachment.sha256,
            }
            for code, m in sorted(current_materials(app).items())
        },
    }


def _next_version(app: Application) -> ApplicationVersion:
    number = (app.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return ApplicationVersion.objects.create(application=app, number=number, data=snapshot(app))


def _next_reference(call: Call) -> str:
    """DGYP-<year>-<n>, numbered through the year. Serialised by the lock the caller takes on
    the year's calls; references are never removed, so the count only grows."""
    count = Application.objects.filter(call__year=call.year, reference__isnull=False).count()
    return f"DGYP-{call.year}-{count + 1:05d}"


def application_submit(
    *, application: Application, by: Any, today: dt.date | None = None
) -> Application:
    """提交: check eligibility, lock the content (version 1), give it a reference number."""
    _require_member(by, application.enterprise)
    with transaction.atomic():
        year = Call.objects.values_list("year", flat=True).get(pk=application.call_id)
        list(Call.objects.select_for_update().filter(year=year).order_by("pk"))
        app = Application.objects.select_related(
            "call", "enterprise", "category__edition", "product_standard"
        ).get(pk=application.pk)
        if app.state != ApplicationState.DRAFT:
            raise DomainError(_("This application has already been submitted."))
        problems = eligibility_problems(app, today=today)
        if problems:
            raise SubmitRefused(problems)

        def stamp(a: Application) -> None:
            a.submitted_at = timezone.now()
            a.reference = _next_reference(app.call)

        try:
            app = apply_transition(
                instance=app,
                action="submit",
                by=by,
                event_type=AuditEventType.APPLICATION_TRANSITION,
                before_save=stamp,
            )
        except IntegrityError as exc:
            raise DomainError(_duplicate_product_message()) from exc
        _next_version(app)
        notify(
            recipients=_enterprise_users(app),
            key=f"application.submitted:{app.pk}",
            title=_("Application %(ref)s submitted") % {"ref": app.reference},
            body=_("The programme office will check it. You can follow every step on its page."),
            url=reverse("applications:detail", args=[app.pk]),
        )
    return app


def application_withdraw(*, application: Application, by: Any, reason: str = "") -> Application:
    """撤回: the enterprise withdraws an application that is not yet decided."""
    _require_member(by, application.enterprise)
    reason = reason.strip()[:1000]
    with transaction.atomic():
        app = apply_transition(
            instance=application,
            action="withdraw",
            by=by,
            event_type=AuditEventType.APPLICATION_TRANSITION,
            payload={"reason": reason},
            before_save=lambda a: setattr(a, "decision_reason", reason),
        )
        SupplementRequest.objects.filter(application=app, state=SupplementState.OPEN).update(
            state=SupplementState.CLOSED
        )
        if app.reviewer_id:
            notify(
                recipients=[app.reviewer],
                key=f"application.withdrawn:{app.pk}",
                title=_("%(ref)s was withdrawn by the enterprise") % {"ref": app.reference},
                body=reason,
                url=reverse("applications:review", args=[app.pk]),
            )
    return app


# --- qualification review (资格审核) ----------------------------------------------------------


def application_start_review(*, application: Application, by: Any) -> Application:
    """受理: a reviewer takes the submitted application."""
    require_role(by, Role.SAMR_STAFF)
    with transaction.atomic():
        app = apply_transition(
            instance=application,
            action="start_review",
            by=by,
            event_type=AuditEventType.APPLICATION_TRANSITION,
            before_save=lambda a: setattr(a, "reviewer", by),
        )
        notify(
            recipients=_enterprise_users(app),
            key=f"application.review_started:{app.pk}",
            title=_("%(ref)s has been accepted for the qualification review")
            % {"ref": app.reference},
            body=_("The programme office is checking the application's qualification."),
            url=reverse("applications:detail", args=[app.pk]),
        )
    return app


def applications_start_review(
    *, applications: Iterable[Application], by: Any
) -> tuple[list[Application], list[str]]:
    """批量受理: each submitted application; the others are reported, the rest go on."""
    require_role(by, Role.SAMR_STAFF)
    done, refused = [], []
    for application in applications:
        try:
            done.append(application_start_review(application=application, by=by))
        except DomainError as exc:
            refused.append(f"{application}: {exc.message}")
    return done, refused


def _require_in_review(application: Application) -> None:
    state = Application.objects.filter(pk=application.pk).values_list("state", flat=True).first()
    if state not in REVIEW_STATES:
        raise DomainError(_("This is possible only during the qualification review."))


def application_mark_checklist(
    *, application: Application, by: Any, marks: dict[str, tuple[bool | None, str]]
) -> None:
    """Record the reviewer's marks on the call's formal checklist (形式审查)."""
    require_role(by, Role.SAMR_STAFF)
    codes = {c["code"] for c in application.call.checklist}
    unknown = set(marks) - codes
    if unknown:
        raise DomainError(_("Unknown checklist item."))
    with transaction.atomic():
        Application.objects.select_for_update().filter(pk=application.pk).first()
        _require_in_review(application)
        for code, (ok, note) in marks.items():
            ChecklistMark.objects.update_or_create(
                application=application,
                code=code,
                defaults={
                    "ok": ok,
                    "note": note.strip()[:500],
                    "marked_by": by,
                    "marked_at": timezone.now(),
                },
            )
        audit_record(
            event_type=AuditEventType.APPLICATION_CHECKLIST_MARKED,
            actor=by,
            target=application,
            payload={code: ok for code, (ok, _note) in marks.items()},
        )


def application_add_note(*, application: Application, by: Any, body: str) -> ReviewNote:
    """审核备注: a working note of the reviewers (never shown to the enterprise)."""
    require_role(by, Role.SAMR_STAFF)
    if not body.strip():
        raise DomainError(_("The note is empty."))
    with transaction.atomic():
        note = ReviewNote.objects.create(application=application, author=by, body=body.strip())
        audit_record(
            event_type=AuditEventType.APPLICATION_NOTE_ADDED,
            actor=by,
            target=application,
            payload={"note": note.pk},
        )
    return note


def application_request_supplement(
    *,
    application: Application,
    by: Any,
    items: Iterable[str],
    working_days: int | None = None,
    today: dt.date | None = None,
) -> SupplementRequest:
    """一次性告知: every missing item in one request, with a deadline in working days."""
    require_role(by, Role.SAMR_STAFF)
    items = [i.strip()[:500] for i in items if i and i.strip()]
    if not items:
        raise DomainError(_("List at least one item the enterprise must supply."))
    days = working_days or application.call.supplement_working_days
    if not 1 <= days <= MAX_SUPPLEMENT_WORKING_DAYS:
        raise DomainError(_("The deadline must be between 1 and 30 working days."))
    try:
        deadline = add_working_days(today or timezone.localdate(), days)
    except CalendarDataMissing as exc:
        raise DomainError(str(exc)) from exc
    with transaction.atomic():
        app = apply_transition(
            instance=application,
            action="request_supplement",
            by=by,
            event_type=AuditEventType.APPLICATION_TRANSITION,
            payload={"items": items, "working_days": days, "deadline": deadline},
        )
        round_ = (app.supplements.aggregate(n=Max("round"))["n"] or 0) + 1
        request = SupplementRequest.objects.create(
            application=app,
            round=round_,
            items=items,
            working_days=days,
            deadline=deadline,
            requested_by=by,
        )
        notify(
            recipients=_enterprise_users(app),
            key=f"application.supplement:{app.pk}:{round_}",
            title=_("Please supply materials for %(ref)s by %(date)s")
            % {"ref": app.reference, "date": _day(deadline)},
            body="\n".join(f"{n}. {item}" for n, item in enumerate(items, 1)),
            url=reverse("applications:detail", args=[app.pk]),
        )
    return request


def application_resubmit(
    *, application: Application, by: Any, note: str = "", today: dt.date | None = None
) -> Application:
    """The enterprise answers the supplement request and sends the application back; the new
    version lets the reviewer see what changed."""
    _require_member(by, application.enterprise)
    today = today or timezone.localdate()
    with transaction.atomic():
        supplement = (
            SupplementRequest.objects.select_for_update()
            .filter(application=application, state=SupplementState.OPEN)
            .first()
        )
        if supplement is None:
            raise DomainError(_("No supplement is requested for this application."))
        if today > supplement.deadline:
            raise DomainError(
                _("The deadline (%(date)s) has passed. Contact the programme office.")
                % {"date": _day(supplement.deadline)}
            )
        current = Application.objects.select_related("call", "product_standard").get(
            pk=application.pk
        )
        problems = content_problems(current)
        if problems:
            raise SubmitRefused(problems)
        try:
            app = apply_transition(
                instance=application,
                action="resubmit",
                by=by,
                event_type=AuditEventType.APPLICATION_TRANSITION,
                payload={"round": supplement.round},
            )
        except IntegrityError as exc:
            raise DomainError(_duplicate_product_message()) from exc
        supplement.state = SupplementState.ANSWERED
        supplement.answered_at = timezone.now()
        supplement.answer_note = note.strip()[:2000]
        supplement.save(update_fields=["state", "answered_at", "answer_note"])
        _next_version(app)
        if app.reviewer_id:
            notify(
                recipients=[app.reviewer],
                key=f"application.resubmitted:{app.pk}:{supplement.round}",
                title=_("%(ref)s: the enterprise supplied the materials") % {"ref": app.reference},
                url=reverse("applications:review", args=[app.pk]),
            )
    return app


def application_reject(*, application: Application, by: Any, reason: str) -> Application:
    """不通过, with the reason sent to the enterprise (also for a missed supplement deadline)."""
    require_role(by, Role.SAMR_STAFF)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Give the reason; it is sent to the enterprise."))
    with transaction.atomic():
        app = apply_transition(
            instance=application,
            action="reject",
            by=by,
            event_type=AuditEventType.APPLICATION_TRANSITION,
            payload={"reason": reason},
            before_save=lambda a: setattr(a, "decision_reason", reason),
        )
        SupplementRequest.objects.filter(application=app, state=SupplementState.OPEN).update(
            state=SupplementState.CLOSED
        )
        notify(
            recipients=_enterprise_users(app),
            key=f"application.rejected:{app.pk}",
            title=_("%(ref)s did not pass the qualification review") % {"ref": app.reference},
            body=reason,
            url=reverse("applications:detail", args=[app.pk]),
        )
    return app


def qualification_blockers(application: Application) -> list[str]:
    """What must be done before the application can pass: every checklist item confirmed and
    every requested opinion answered."""
    problems = []
    marks = {m.code: m.ok for m in application.checklist_marks.all()}
    unmet = [c["label"] for c in application.call.checklist if marks.get(c["code"]) is not True]
    if unmet:
        problems.append(_("Checklist items not confirmed: %(list)s.") % {"list": "；".join(unmet)})
    waiting = [
        r.department.name
        for r in application.opinion_requests.select_related("department")
        if not r.is_answered and not r.is_withdrawn
    ]
    if waiting:
        problems.append(_("Opinions still awaited from: %(list)s.") % {"list": "、".join(waiting)})
    return problems


def application_qualify(*, application: Application, by: Any) -> Application:
    """通过资格审核: every checklist item confirmed and every requested opinion answered."""
    require_role(by, Role.SAMR_STAFF)
    with transaction.atomic():
        Application.objects.select_for_update().filter(pk=application.pk).first()
        problems = qualification_blockers(application)
        if problems:
            raise DomainError(" ".join(problems))
        app = apply_transition(
            instance=application,
            action="qualify",
            by=by,
            event_type=AuditEventType.APPLICATION_TRANSITION,
        )
        notify(
            recipients=_enterprise_users(app),
            key=f"application.qualified:{app.pk}",
            title=_("%(ref)s passed the qualification review") % {"ref": app.reference},
            body=_("Next: the expert review organised by the science association (市科协)."),
            url=reverse("applications:detail", args=[app.pk]),
        )
    return app


def applications_hand_over(
    *, applications: Iterable[Application], by: Any
) -> tuple[list[Application], list[str]]:
    """移送市科协: each qualified application to the expert review; the others are reported and
    the rest go on (each application is its own transaction)."""
    require_role(by, Role.SAMR_STAFF)
    done, refused = [], []
    for application in applications:
        try:
            with transaction.atomic():
                app = apply_transition(
                    instance=application,
                    action="hand_over",
                    by=by,
                    event_type=AuditEventType.APPLICATION_TRANSITION,
                )
                notify(
                    recipients=_enterprise_users(app),
                    key=f"application.handed_over:{app.pk}",
                    title=_("%(ref)s is with the expert review") % {"ref": app.reference},
                    body=_("The science association (市科协) organises the expert review."),
                    url=reverse("applications:detail", args=[app.pk]),
                )
            done.append(app)
        except DomainError as exc:
            refused.append(f"{application}: {exc.message}")
    if done:
        _tell_sast_of_hand_over(done)
    return done, refused


def _tell_sast_of_hand_over(applications: list[Application]) -> None:
    """One notification to the science association's staff for the batch handed over."""
    ids = sorted(a.pk for a in applications)
    lines = [
        f"{a.reference} · {a.enterprise.name} · {a.product_name}"
        for a in sorted(applications, key=lambda a: a.reference or "")
    ]
    key = "application.handed_over_batch:" + ",".join(str(i) for i in ids)
    if len(key) > 200:  # the key's column; a long batch is named by a digest of its ids
        key = "application.handed_over_batch:sha256:" + hashlib.sha256(key.encode()).hexdigest()
    with transaction.atomic():
        notify(
            recipients=users_holding(role=Role.SAST_STAFF),
            key=key,
            title=_("%(n)d application(s) handed over for the expert review")
            % {"n": len(applications)},
            body="\n".join(lines),
        )


def supplements_notify_overdue(*, today: dt.date | None = None) -> int:
    """Tell the reviewer, once, that an enterprise missed a supplement deadline (they may then
    reject the application)."""
    today = today or timezone.localdate()
    told = 0
    overdue = SupplementRequest.objects.filter(
        state=SupplementState.OPEN, deadline__lt=today, overdue_notified_at__isnull=True
    ).values_list("pk", flat=True)
    for pk in list(overdue):
        with transaction.atomic():
            supplement = (
                SupplementRequest.objects.select_for_update(of=("self",))
                .select_related("application__reviewer", "application__enterprise")
                .get(pk=pk)
            )
            if supplement.overdue_notified_at is not None:
                continue
            app = supplement.application
            notify(
                recipients=[app.reviewer or supplement.requested_by],
                key=f"application.supplement_overdue:{supplement.pk}",
                title=_("%(ref)s: the supplement deadline (%(date)s) has passed")
                % {"ref": app.reference, "date": _day(supplement.deadline)},
                body=_("You may reject the application for the missed deadline."),
                url=reverse("applications:review", args=[app.pk]),
            )
            supplement.overdue_notified_at = timezone.now()
            supplement.save(update_fields=["overdue_notified_at"])
            told += 1
    return told


def applications_queue_export(
    *, queryset: QuerySet[Application], filters: dict[str, Any], by: Any
) -> bytes:
    """The queue as XLSX, recorded in the audit trail (who exported which rows, how many)."""
    require_role(by, Role.SAMR_STAFF, Role.AUDITOR)
    from .export import queue_xlsx_counted

    content, rows = queue_xlsx_counted(queryset)
    audit_record(
        event_type=AuditEventType.APPLICATION_QUEUE_EXPORTED,
        actor=by,
        payload={"export": "applications_queue", "filters": filters, "rows": rows},
    )
    return content


# --- supervision opinions (征询监管意见) ---------------------------------------------------------


def opinion_requests_send(
    *,
    application: Application,
    departments: Iterable[Organisation],
    due_date: dt.date,
    message: str,
    by: Any,
) -> list[OpinionRequest]:
    """征询监管意见: ask one or more departments about the applicant, with a date to answer by."""
    require_role(by, Role.SAMR_STAFF)
    if application.state not in REVIEW_STATES:
        raise DomainError(_("Opinions are asked during the qualification review."))
    if due_date <= timezone.localdate():
        raise DomainError(_("The answer date must be after today."))
    departments = list(departments)
    if not departments or any(d.kind != OrganisationKind.DEPARTMENT for d in departments):
        raise DomainError(_("Choose one or more departments."))
    created = []
    with transaction.atomic():
        for department in departments:
            request, was_created = OpinionRequest.objects.get_or_create(
                application=application,
                department=department,
                withdrawn_at=None,
                defaults={"due_date": due_date, "message": message.strip(), "requested_by": by},
            )
            if not was_created:
                continue
            created.append(request)
            notify(
                recipients=_department_users(department.pk),
                key=f"opinion.requested:{request.pk}",
                title=_("Supervision opinion requested about %(name)s, by %(date)s")
                % {"name": application.enterprise.name, "date": _day(due_date)},
                body=message.strip(),
                url=reverse("applications:opinion", args=[request.pk]),
            )
        if not created:
            raise DomainError(
                _("These departments have already been asked about this application.")
            )
        audit_record(
            event_type=AuditEventType.APPLICATION_OPINIONS_REQUESTED,
            actor=by,
            target=application,
            payload={"departments": [r.department_id for r in created], "due_date": due_date},
        )
    return created


def opinion_answer(
    *, request: OpinionRequest, by: Any, answer: str, details: str, upload: Any = None
) -> OpinionRequest:
    """A department answers: no adverse record, or an adverse record with details (and a file)."""
    if (
        by is None
        or not by.has_role(Role.DEPARTMENT)
        or not Membership.objects.filter(
            user=by, organisation_id=request.department_id, role=Role.DEPARTMENT
        ).exists()
    ):
        raise PermissionDenied()
    if answer not in OpinionAnswer.values:
        raise DomainError(_("Choose an answer."))
    if answer == OpinionAnswer.ADVERSE and not details.strip():
        raise DomainError(_("Describe the adverse record."))
    with transaction.atomic():
        locked = (
            OpinionRequest.objects.select_for_update()
            .select_related("application", "department")
            .get(pk=request.pk)
        )
        if locked.is_answered:
            raise DomainError(_("This request has already been answered."))
        if locked.is_withdrawn:
            raise DomainError(_("The programme office has withdrawn this request."))
        if upload is not None:
            locked.attachment = attachment_create(
                upload=upload, by=by, purpose=OPINION_PURPOSE, owner_organisation=locked.department
            )
        locked.answer, locked.details = answer, details.strip()
        locked.answered_by, locked.answered_at = by, timezone.now()
        locked.save()
        audit_record(
            event_type=AuditEventType.APPLICATION_OPINION_ANSWERED,
            actor=by,
            target=locked.application,
            payload={"department": locked.department_id, "answer": answer},
        )
        app = locked.application
        recipient = app.reviewer if app.reviewer_id else locked.requested_by
        notify(
            recipients=[recipient],
            key=f"opinion.answered:{locked.pk}",
            title=_("%(dept)s answered about %(ref)s")
            % {"dept": locked.department.name, "ref": app.reference},
            url=reverse("applications:review", args=[app.pk]),
        )
    return locked


def opinion_request_withdraw(*, request: OpinionRequest, by: Any, reason: str) -> OpinionRequest:
    """撤回征询: staff withdraw a request not yet answered, with the reason (the department sees
    it as withdrawn and it no longer blocks qualifying)."""
    require_role(by, Role.SAMR_STAFF)
    reason = reason.strip()[:1000]
    if not reason:
        raise DomainError(_("Give the reason for withdrawing the request."))
    with transaction.atomic():
        locked = (
            OpinionRequest.objects.select_for_update(of=("self",))
            .select_related("application__enterprise", "department")
            .get(pk=request.pk)
        )
        if locked.is_answered:
            raise DomainError(_("This request has already been answered."))
        if locked.is_withdrawn:
            raise DomainError(_("This request has already been withdrawn."))
        if locked.application.state not in REVIEW_STATES:
            raise DomainError(_("This is possible only during the qualification review."))
        locked.withdrawn_at, locked.withdraw_reason = timezone.now(), reason
        locked.save(update_fields=["withdrawn_at", "withdraw_reason"])
        audit_record(
            event_type=AuditEventType.APPLICATION_OPINIONS_REQUESTED,
            actor=by,
            target=locked.application,
            payload={"withdrawn": locked.pk, "department": locked.department_id, "reason": reason},
        )
        notify(
            recipients=_department_users(locked.department_id),
            key=f"opinion.withdrawn:{locked.pk}",
            title=_("Request withdrawn: supervision opinion about %(name)s")
            % {"name": locked.application.enterprise.name},
            body=reason,
            url=reverse("applications:opinion", args=[locked.pk]),
        )
    return locked


def opinion_requests_remind_overdue(*, today: dt.date | None = None) -> int:
    """Remind the departments of unanswered requests past their date: once a day at most, and
    only while the application is still under review."""
    today = today or timezone.localdate()
    reminded = 0
    overdue = (
        OpinionRequest.objects.filter(
            answered_at__isnull=True,
            withdrawn_at__isnull=True,
            due_date__lt=today,
            application__state__in=REVIEW_STATES,
        )
        .exclude(reminded_on=today)
        .values_list("pk", flat=True)
    )
    for pk in list(overdue):
        with transaction.atomic():
            locked = (
                OpinionRequest.objects.select_for_update()
                .select_related("application__enterprise")
                .get(pk=pk)
            )
            if locked.answered_at or locked.withdrawn_at or locked.reminded_on == today:
                continue
            notify(
                recipients=_department_users(locked.department_id),
                key=f"opinion.overdue:{locked.pk}:{today.isoformat()}",
                title=_("Overdue: supervision opinion about %(name)s (due %(date)s)")
                % {
                    "name": locked.application.enterprise.name,
                    "date": _day(locked.due_date),
                },
                url=reverse("applications:opinion", args=[locked.pk]),
            )
            locked.reminded_on = today
            locked.save(update_fields=["reminded_on"])
            reminded += 1
    return reminded


# --- who may read an application's files ------------------------------------------------------


def _reviewers_may_read(user: Any, attachment: Attachment) -> bool:
    return user.has_role(Role.SAMR_STAFF, Role.AUDITOR)


register_access_rule(MATERIAL_PURPOSE, _reviewers_may_read)
register_access_rule(OPINION_PURPOSE, _reviewers_may_read)
