"""Services (writes) of the product-category catalogue (产品类别目录): editions through their
stages, suggestions and their decisions, categories and standards, research notes, comments.

Every write locks the edition row first, so that it cannot interleave with a stage change (a
standard removed while the edition is being published, a comment added while it is closed).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from accounts.enums import OrganisationKind, OrganisationStatus, Role
from accounts.models import Membership, Organisation, User
from accounts.selectors import users_holding
from dgyp.audit import audit_record
from dgyp.enums import AuditEventType
from dgyp.exceptions import DomainError, PermissionDenied, TransitionNotAllowed
from dgyp.models import PublicNotice
from dgyp.notices import notice_publish
from dgyp.notifications import notify
from dgyp.permissions import require_role
from dgyp.transitions import apply_transition

from .enums import DEFAULT_CATEGORY_TARGET, EditionState, SuggestionState
from .models import (
    CatalogEdition,
    Category,
    CategorySuggestion,
    ConsultationComment,
    ConsultedDepartment,
    Industry,
    ProductStandard,
    ResearchNote,
)

PREPARING_STATES = (EditionState.COLLECTING, EditionState.RESEARCHING, EditionState.CONSULTING)
SUGGESTER_ROLES = (Role.ASSOCIATION, Role.ENTERPRISE)


def today() -> dt.date:
    """The date in Dongguan (Asia/Shanghai): deadlines are whole days there."""
    return timezone.localdate()


def _date(value: dt.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


# --- product standards (执行标准) ----------------------------------------------------------

# A standard's number: the issuer's prefix (GB, GB/T, QB/T, NY/T, DB44/T, T/DGYP, ISO, ...) and
# the serial with its parts and year (6675.1-2014, 62133-2:2017). Full-width forms are accepted.
_PREFIX = r"[A-Za-z]+(?:[0-9]+(?=[/／]))?(?:[/／][A-Za-z]+)?"  # DB44/T: digits only before /
_SERIAL = r"[0-9][0-9.]*(?:[-—–－][0-9][0-9.]*)*(?:[:：][0-9]{4})?"
_NUMBER_RE = re.compile(rf"^(?P<prefix>{_PREFIX})\s*(?P<serial>{_SERIAL})$")
_LINE_RE = re.compile(rf"^(?P<prefix>{_PREFIX})\s*(?P<serial>{_SERIAL})\s+(?P<title>\S.*)$")
_DASHES = str.maketrans({"—": "-", "–": "-", "－": "-", "／": "/", "：": ":"})


@dataclass(frozen=True)
class StandardLine:
    number: str
    title: str


def _normalise_number(prefix: str, serial: str) -> str:
    return f"{prefix.translate(_DASHES).upper()} {serial.translate(_DASHES)}"


def standard_number_normalise(value: str) -> str:
    """“gb/t18287—2013” → “GB/T 18287-2013”; refuses what is not a standard number."""
    match = _NUMBER_RE.match(value.replace("\u3000", " ").strip())
    if match is None:
        raise DomainError(
            _("“%(value)s” is not a standard number such as GB/T 18287-2013.") % {"value": value},
            code="standard_number",
        )
    return _normalise_number(match["prefix"], match["serial"])


def standards_parse(text: str) -> tuple[list[StandardLine], list[str]]:
    """Read one standard per line (“number title”). Returns the standards (the first line of a
    number wins) and the non-empty lines that are not standards."""
    standards: dict[str, StandardLine] = {}
    rejected: list[str] = []
    for raw in text.splitlines():
        line = " ".join(raw.replace("\u3000", " ").split())
        if not line:
            continue
        match = _LINE_RE.match(line)
        if match is None or len(match["title"]) > 200:
            rejected.append(line)
            continue
        number = _normalise_number(match["prefix"], match["serial"])
        if len(number) > 50:
            rejected.append(line)
            continue
        standards.setdefault(number, StandardLine(number, match["title"].strip()))
    return list(standards.values()), rejected


def standards_from_text(text: str, *, required: bool = False) -> list[StandardLine]:
    """The standards of `text`, refusing any line that is not “number title”."""
    standards, rejected = standards_parse(text)
    if rejected:
        raise DomainError(
            _(
                "Write each product standard on its own line as its number and title, e.g. "
                "“GB/T 18287-2013 移动电话用锂离子电池”. Not understood: %(lines)s"
            )
            % {"lines": "; ".join(rejected)},
            code="standard_lines",
        )
    if required and not standards:
        raise DomainError(_("Give at least one product standard."), code="standard_required")
    return standards


# --- checks ----------------------------------------------------------------------------------


def _lock_edition(edition: CatalogEdition) -> CatalogEdition:
    return CatalogEdition.objects.select_for_update().get(pk=edition.pk)


def _require_editable(edition: CatalogEdition) -> None:
    if not edition.is_editable:
        raise DomainError(
            _(
                "The %(year)s catalogue is %(stage)s: its categories and standards can no "
                "longer be changed."
            )
            % {"year": edition.year, "stage": edition.get_state_display()},
            code="read_only",
        )


def _require_stage(edition: CatalogEdition, action: str) -> None:
    if not can_proceed(getattr(edition, action)):
        raise TransitionNotAllowed(
            _("This step is not possible while the %(year)s catalogue is “%(stage)s”.")
            % {"year": edition.year, "stage": edition.get_state_display()},
            code="wrong_stage",
        )


def _required_text(value: str, message: str, code: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message, code=code)
    return value


def _holds_role_in(user: Any, roles: Iterable[str], organisation: Organisation) -> bool:
    return (
        user.has_role(*roles)
        and organisation.is_active
        and Membership.objects.filter(
            user=user, organisation=organisation, role__in=list(roles)
        ).exists()
    )


def _users(**membership_filter: Any) -> QuerySet[User]:
    """Active users holding a membership that matches, in an active organisation."""
    filters = {f"memberships__{k}": v for k, v in membership_filter.items()}
    return User.objects.filter(
        is_active=True, memberships__organisation__status=OrganisationStatus.ACTIVE, **filters
    ).distinct()


def _alliance_institution_users() -> QuerySet[User]:
    return _users(
        role=Role.INSTITUTION,
        organisation__kind=OrganisationKind.INSTITUTION,
        organisation__is_alliance_member=True,
    )


def _department_organisations() -> QuerySet[Organisation]:
    """The member units that can be consulted: departments with an active department user."""
    return Organisation.objects.filter(
        kind=OrganisationKind.DEPARTMENT,
        status=OrganisationStatus.ACTIVE,
        memberships__role=Role.DEPARTMENT,
        memberships__user__is_active=True,
    ).distinct()


# --- editions (目录版本) ----------------------------------------------------------------------


def edition_create(
    *,
    year: int,
    title: str,
    description: str,
    suggestion_deadline: dt.date,
    target_count: int = DEFAULT_CATEGORY_TARGET,
    by: Any,
) -> CatalogEdition:
    """征集: open a year's catalogue for suggestions from associations and enterprises.

    Only one edition is prepared at a time; the year must follow the newest edition's.
    """
    require_role(by, Role.SAMR_STAFF)
    title = _required_text(title, _("Give the edition a title."), "title_required")
    if target_count < 1:
        raise DomainError(_("The target must be at least one category."), code="target")
    if suggestion_deadline < today():
        raise DomainError(_("The suggestion deadline cannot be in the past."), code="deadline_past")
    with transaction.atomic():
        editions = list(CatalogEdition.objects.select_for_update().order_by("-year"))
        preparing = next((e for e in editions if e.state in PREPARING_STATES), None)
        if preparing is not None:
            raise DomainError(
                _(
                    "The %(year)s catalogue is still being prepared (%(stage)s). Publish it "
                    "before creating the next edition."
                )
                % {"year": preparing.year, "stage": preparing.get_state_display()},
                code="edition_in_preparation",
            )
        if any(e.year == year for e in editions):
            raise DomainError(
                _("There is already a catalogue for %(year)s.") % {"year": year},
                code="year_exists",
            )
        if editions and year < editions[0].year:
            raise DomainError(
                _("The year must be after %(year)s, the year of the newest catalogue.")
                % {"year": editions[0].year},
                code="year_order",
            )
        edition = CatalogEdition.objects.create(
            year=year,
            title=title,
            description=description.strip(),
            suggestion_deadline=suggestion_deadline,
            target_count=target_count,
            created_by=by,
        )
        audit_record(
            event_type=AuditEventType.CATALOG_EDITION_CREATED,
            actor=by,
            target=edition,
            to_state=edition.state,
            payload={
                "year": year,
                "suggestion_deadline": suggestion_deadline,
                "target_count": target_count,
            },
        )
        deadline_text = _(
            "Industry associations and enterprises may submit suggestions on the portal until "
            "%(date)s."
        ) % {"date": _date(suggestion_deadline)}
        notice_publish(
            kind=PublicNotice.Kind.CALL,
            title=_("Call for suggestions for the %(year)s product-category catalogue")
            % {"year": year},
            body="\n\n".join(p for p in (edition.description, deadline_text) if p),
            by=by,
            subject=edition,
            link=reverse("portal:catalog_call", args=[year]),
        )
        notify(
            recipients=_users(role=Role.ASSOCIATION),
            key=f"catalog.edition_created:{edition.pk}",
            title=_("Suggestions are collected for the %(year)s product-category catalogue")
            % {"year": year},
            body=deadline_text,
            url=reverse("catalog:suggestion_list"),
        )
    return edition


def edition_start_research(*, edition: CatalogEdition, by: Any) -> CatalogEdition:
    """组织联盟机构研究: close the collection and ask the alliance institutions to research.

    Staff may close the collection before the announced deadline (the office decides the
    timetable); the audit event records that it was closed early.
    """
    require_role(by, Role.SAMR_STAFF)
    with transaction.atomic():
        locked = _lock_edition(edition)
        _require_stage(locked, "start_research")
        if not locked.categories.exists():
            raise DomainError(
                _("Add at least one category before starting the research."),
                code="no_category",
            )
        result = apply_transition(
            instance=locked,
            action="start_research",
            by=by,
            event_type=AuditEventType.CATALOG_EDITION_TRANSITION,
            payload={
                "closed_before_deadline": today() <= locked.suggestion_deadline,
                "categories": locked.categories.count(),
                "undecided_suggestions": locked.suggestions.filter(
                    state=SuggestionState.SUBMITTED
                ).count(),
            },
        )
        notify(
            recipients=_alliance_institution_users(),
            key=f"catalog.research_started:{locked.pk}",
            title=_("Please research the draft %(year)s product-category catalogue")
            % {"year": locked.year},
            body=_(
                "For each category, give your view on the standards, the market and the "
                "Dongguan producers, and your recommendation."
            ),
            url=reverse("catalog:research"),
        )
    return result


def edition_start_consultation(
    *, edition: CatalogEdition, deadline: dt.date, by: Any
) -> CatalogEdition:
    """征求成员单位意见: send the draft catalogue to the member units until `deadline`."""
    require_role(by, Role.SAMR_STAFF)
    with transaction.atomic():
        locked = _lock_edition(edition)
        _require_stage(locked, "start_consultation")
        if deadline <= today():
            raise DomainError(
                _("The consultation deadline must be after today."), code="deadline_past"
            )
        if not locked.categories.exists():
            raise DomainError(_("The catalogue has no category to consult on."), code="no_category")
        undecided = locked.suggestions.filter(state=SuggestionState.SUBMITTED).count()
        if undecided:
            raise DomainError(
                _(
                    "%(count)s suggestions still wait for a decision: adopt, merge or decline "
                    "them before the consultation."
                )
                % {"count": undecided},
                code="undecided_suggestions",
            )

        def set_deadline(e: CatalogEdition) -> None:
            e.consultation_deadline = deadline

        departments = list(_department_organisations())
        result = apply_transition(
            instance=locked,
            action="start_consultation",
            by=by,
            event_type=AuditEventType.CATALOG_EDITION_TRANSITION,
            payload={"deadline": deadline, "departments": [d.pk for d in departments]},
            before_save=set_deadline,
        )
        ConsultedDepartment.objects.bulk_create(
            [ConsultedDepartment(edition=result, organisation=d) for d in departments]
        )
        notify(
            recipients=_users(role=Role.DEPARTMENT, organisation__in=[d.pk for d in departments]),
            key=f"catalog.consultation_started:{locked.pk}",
            title=_("Your comments on the draft %(year)s product-category catalogue")
            % {"year": locked.year},
            body=_("Please comment, or reply that you have no comments, by %(date)s.")
            % {"date": _date(deadline)},
            url=reverse("catalog:consultation"),
        )
    return result


@dataclass(frozen=True)
class PublishProblem:
    code: str
    message: str


class PublishRefused(DomainError):
    """The edition cannot be published yet; `problems` says every reason."""

    def __init__(self, problems: list[PublishProblem]):
        self.problems = problems
        super().__init__(" ".join(p.message for p in problems), code=problems[0].code)


def edition_publish_problems(edition: CatalogEdition) -> list[PublishProblem]:
    """What stands between a consulting edition and its publication (empty: none)."""
    problems: list[PublishProblem] = []
    categories = list(edition.categories.order_by("order", "code").prefetch_related("standards"))
    if not categories:
        problems.append(PublishProblem("no_category", _("The catalogue has no category.")))
    without = [c for c in categories if not c.standards.all()]
    if without:
        problems.append(
            PublishProblem(
                "category_without_standard",
                _("These categories have no product standard: %(categories)s.")
                % {"categories": ", ".join(str(c) for c in without)},
            )
        )
    unresolved = edition.comments.filter(resolved_at__isnull=True).count()
    if unresolved:
        problems.append(
            PublishProblem(
                "unresolved_comments",
                _("%(count)s comments of member units are not answered yet.")
                % {"count": unresolved},
            )
        )
    deadline = edition.consultation_deadline
    if deadline is not None and today() <= deadline:
        consulted = list(edition.consulted_departments.all())
        answered = sum(1 for c in consulted if c.answered_at is not None)
        if not consulted or answered < len(consulted):
            problems.append(
                PublishProblem(
                    "consultation_open",
                    _(
                        "The consultation runs until %(date)s and %(answered)s of %(total)s "
                        "consulted member units have answered: publish after that date, or "
                        "once every unit has answered."
                    )
                    % {"date": _date(deadline), "answered": answered, "total": len(consulted)},
                )
            )
    return problems


def edition_publish(*, edition: CatalogEdition, by: Any) -> CatalogEdition:
    """正式发布: the edition becomes the current catalogue; the previous one is superseded.

    Refused while a category has no standard or a comment is unanswered, and until the
    consultation deadline has passed unless every consulted member unit has answered.
    """
    require_role(by, Role.SAMR_STAFF)
    with transaction.atomic():
        locked = _lock_edition(edition)
        _require_stage(locked, "publish")
        problems = edition_publish_problems(locked)
        if problems:
            raise PublishRefused(problems)
        previous = (
            CatalogEdition.objects.select_for_update()
            .filter(state=EditionState.PUBLISHED)
            .exclude(pk=locked.pk)
            .first()
        )
        if previous is not None:
            apply_transition(
                instance=previous,
                action="supersede",
                by=by,
                event_type=AuditEventType.CATALOG_EDITION_TRANSITION,
                payload={"superseded_by": locked.year},
            )
        now = timezone.now()

        def stamp(e: CatalogEdition) -> None:
            e.published_at = now

        result = apply_transition(
            instance=locked,
            action="publish",
            by=by,
            event_type=AuditEventType.CATALOG_EDITION_TRANSITION,
            payload={
                "categories": locked.categories.count(),
                "supersedes": previous.year if previous is not None else None,
            },
            before_save=stamp,
        )
        link = reverse("portal:catalog_current")
        notice_publish(
            kind=PublicNotice.Kind.ANNOUNCEMENT,
            title=_("“%(title)s” published") % {"title": result.title},
            body=_(
                "The %(year)s 东莞优品 product-category catalogue is published with "
                "%(count)s categories. Enterprises may apply for products of these categories."
            )
            % {"year": result.year, "count": locked.categories.count()},
            by=by,
            subject=result,
            link=link,
        )
        suggester_orgs = CategorySuggestion.objects.filter(edition=result).values("organisation")
        suggesters = _users(role__in=SUGGESTER_ROLES, organisation__in=suggester_orgs)
        notify(
            recipients=[*suggesters, *_alliance_institution_users()],
            key=f"catalog.published:{result.pk}",
            title=_("The %(year)s product-category catalogue is published") % {"year": result.year},
            url=link,
        )
    return result


# --- suggestions (目录建议) -------------------------------------------------------------------


def _clean_suggestion(
    name: str, industry: Industry, scope: str, product_standards: str, reasons: str
) -> dict[str, Any]:
    cleaned = {
        "name": _required_text(name, _("Give the category's name."), "name_required"),
        "industry": industry,
        "scope": _required_text(scope, _("Describe the products the category covers."), "scope"),
        "product_standards": product_standards.strip(),
        "reasons": _required_text(reasons, _("Give your reasons."), "reasons_required"),
    }
    standards_from_text(product_standards, required=True)
    return cleaned


def _require_collecting(edition: CatalogEdition) -> None:
    if edition.state != EditionState.COLLECTING:
        raise DomainError(
            _("Suggestions for the %(year)s catalogue are no longer collected.")
            % {"year": edition.year},
            code="not_collecting",
        )
    if today() > edition.suggestion_deadline:
        raise DomainError(
            _("The suggestion period ended on %(date)s.")
            % {"date": _date(edition.suggestion_deadline)},
            code="deadline_passed",
        )


def suggestion_submit(
    *,
    edition: CatalogEdition,
    organisation: Organisation,
    name: str,
    industry: Industry,
    scope: str,
    product_standards: str,
    reasons: str,
    by: Any,
) -> CategorySuggestion:
    """提出目录建议: an association or enterprise suggests a category, until the deadline."""
    if not _holds_role_in(by, SUGGESTER_ROLES, organisation):
        raise PermissionDenied()
    cleaned = _clean_suggestion(name, industry, scope, product_standards, reasons)
    with transaction.atomic():
        locked = _lock_edition(edition)
        _require_collecting(locked)
        suggestion = CategorySuggestion.objects.create(
            edition=locked, organisation=organisation, submitted_by=by, **cleaned
        )
        audit_record(
            event_type=AuditEventType.CATALOG_SUGGESTION_SUBMITTED,
            actor=by,
            organisation=organisation,
            target=suggestion,
            to_state=suggestion.state,
            payload={"edition": locked.year, "name": suggestion.name},
        )
        notify(
            recipients=users_holding(role=Role.SAMR_STAFF),
            key=f"catalog.new_suggestion:{suggestion.pk}",
            title=_("New category suggestion: %(name)s (%(org)s)")
            % {"name": suggestion.name, "org": organisation.name},
            url=reverse("catalog:suggestion_review_list", args=[locked.pk]),
            email=False,
        )
    return suggestion


def suggestion_update(
    *,
    suggestion: CategorySuggestion,
    name: str,
    industry: Industry,
    scope: str,
    product_standards: str,
    reasons: str,
    by: Any,
) -> CategorySuggestion:
    """Correct one's own suggestion while it waits for a decision and the period is open."""
    if not _holds_role_in(by, SUGGESTER_ROLES, suggestion.organisation):
        raise PermissionDenied()
    cleaned = _clean_suggestion(name, industry, scope, product_standards, reasons)
    with transaction.atomic():
        _require_collecting(_lock_edition(suggestion.edition))
        locked = CategorySuggestion.objects.select_for_update().get(pk=suggestion.pk)
        if locked.state != SuggestionState.SUBMITTED:
            raise DomainError(
                _("This suggestion has been decided and can no longer be changed."),
                code="decided",
            )
        for field, value in cleaned.items():
            setattr(locked, field, value)
        locked.save(update_fields=list(cleaned))
        audit_record(
            event_type=AuditEventType.CATALOG_SUGGESTION_SUBMITTED,
            actor=by,
            organisation=locked.organisation,
            target=locked,
            payload={"edited": True, "name": locked.name},
        )
    return locked


def _notify_decision(suggestion: CategorySuggestion, title: str, body: str) -> None:
    notify(
        recipients=_users(role__in=SUGGESTER_ROLES, organisation=suggestion.organisation_id),
        key=f"catalog.suggestion_decided:{suggestion.pk}",
        title=title,
        body=body,
        url=reverse("catalog:suggestion_detail", args=[suggestion.pk]),
    )


def _decide(
    suggestion: CategorySuggestion,
    action: str,
    by: Any,
    *,
    category: Category | None,
    note: str,
    payload: dict[str, Any],
) -> CategorySuggestion:
    now = timezone.now()

    def record(s: CategorySuggestion) -> None:
        s.category = category
        s.decision_note = note
        s.decided_at = now
        s.decided_by = by

    return apply_transition(
        instance=suggestion,
        action=action,
        by=by,
        event_type=AuditEventType.CATALOG_SUGGESTION_DECIDED,
        payload={"decision": action, **payload},
        before_save=record,
    )


def suggestion_adopt(
    *,
    suggestion: CategorySuggestion,
    code: str,
    name: str,
    industry: Industry,
    scope: str,
    standards_text: str,
    by: Any,
) -> Category:
    """采纳: the suggestion becomes a new category, with the standards staff confirmed."""
    require_role(by, Role.SAMR_STAFF)
    with transaction.atomic():
        edition = _lock_edition(suggestion.edition)
        _require_editable(edition)
        category = _category_create(
            edition,
            code=code,
            name=name,
            industry=industry,
            scope=scope,
            standards_text=standards_text,
            by=by,
            origin={"from_suggestion": suggestion.pk},
        )
        decided = _decide(
            suggestion,
            "adopt",
            by,
            category=category,
            note="",
            payload={"category": category.pk, "code": category.code},
        )
        _notify_decision(
            decided,
            _("Your catalogue suggestion “%(name)s” was adopted") % {"name": decided.name},
            _("It is now the category %(category)s of the draft %(year)s catalogue.")
            % {"category": category, "year": edition.year},
        )
    return category


def suggestion_merge(
    *, suggestion: CategorySuggestion, category: Category, by: Any
) -> CategorySuggestion:
    """合并: the suggestion is covered by an existing category (a duplicate)."""
    return suggestion_merge_many(suggestions=[suggestion], category=category, by=by)[0]


def suggestion_merge_many(
    *, suggestions: Iterable[CategorySuggestion], category: Category, by: Any
) -> list[CategorySuggestion]:
    """Merge several suggestions into one category at once: all or none."""
    require_role(by, Role.SAMR_STAFF)
    chosen = list(suggestions)
    if not chosen:
        raise DomainError(_("Choose the suggestions to merge."), code="nothing_chosen")
    with transaction.atomic():
        edition = _lock_edition(category.edition)
        _require_editable(edition)
        wrong = [s for s in chosen if s.edition_id != edition.pk]
        if wrong:
            raise DomainError(
                _("A suggestion can only be merged into a category of its own edition."),
                code="other_edition",
            )
        current = CategorySuggestion.objects.select_for_update().in_bulk([s.pk for s in chosen])
        decided = [s for s in current.values() if s.state != SuggestionState.SUBMITTED]
        if decided:
            raise DomainError(
                _(
                    "Only suggestions waiting for a decision can be merged. Already decided: %(names)s"
                )
                % {"names": ", ".join(s.name for s in decided)},
                code="decided",
            )
        merged = []
        for suggestion in chosen:
            done = _decide(
                suggestion,
                "merge",
                by,
                category=category,
                note="",
                payload={"category": category.pk, "code": category.code},
            )
            _notify_decision(
                done,
                _("Your catalogue suggestion “%(name)s” was merged into a category")
                % {"name": done.name},
                _("It is covered by the category %(category)s of the draft %(year)s catalogue.")
                % {"category": category, "year": edition.year},
            )
            merged.append(done)
    return merged


def suggestion_decline(
    *, suggestion: CategorySuggestion, reason: str, by: Any
) -> CategorySuggestion:
    """不予采纳, with the reason the suggester is told."""
    require_role(by, Role.SAMR_STAFF)
    reason = _required_text(reason, _("Give the reason for declining."), "reason_required")
    with transaction.atomic():
        edition = _lock_edition(suggestion.edition)
        _require_editable(edition)
        done = _decide(suggestion, "decline", by, category=None, note=reason, payload={})
        _notify_decision(
            done,
            _("Your catalogue suggestion “%(name)s” was not adopted") % {"name": done.name},
            _("Reason: %(reason)s") % {"reason": reason},
        )
    return done


# --- categories and standards -----------------------------------------------------------------


def _check_unique(edition: CatalogEdition, code: str, name: str, exclude: int | None) -> None:
    others = Category.objects.filter(edition=edition)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if others.filter(code=code).exists():
        raise DomainError(
            _("The code %(code)s is already used in this catalogue.") % {"code": code},
            code="code_taken",
        )
    if others.filter(name=name).exists():
        raise DomainError(
            _("A category named %(name)s is already in this catalogue.") % {"name": name},
            code="name_taken",
        )


def _clean_category(code: str, name: str, scope: str) -> tuple[str, str, str]:
    return (
        _required_text(code, _("Give the category's code."), "code_required"),
        _required_text(name, _("Give the category's name."), "name_required"),
        _required_text(scope, _("Describe the products the category covers."), "scope"),
    )


def _category_create(
    edition: CatalogEdition,
    *,
    code: str,
    name: str,
    industry: Industry,
    scope: str,
    standards_text: str,
    by: Any,
    order: int | None = None,
    origin: dict[str, Any] | None = None,
) -> Category:
    code, name, scope = _clean_category(code, name, scope)
    standards = standards_from_text(standards_text)
    _check_unique(edition, code, name, None)
    if order is None:
        order = (edition.categories.aggregate(m=Max("order"))["m"] or 0) + 1
    category = Category.objects.create(
        edition=edition, code=code, name=name, industry=industry, scope=scope, order=order
    )
    ProductStandard.objects.bulk_create(
        [ProductStandard(category=category, number=s.number, title=s.title) for s in standards]
    )
    audit_record(
        event_type=AuditEventType.CATALOG_CATEGORY_SAVED,
        actor=by,
        target=category,
        payload={
            "created": True,
            "edition": edition.year,
            "code": code,
            "name": name,
            "industry": industry.code,
            "standards": [s.number for s in standards],
            **(origin or {}),
        },
    )
    return category


def category_create(
    *,
    edition: CatalogEdition,
    code: str,
    name: str,
    industry: Industry,
    scope: str,
    standards_text: str = "",
    order: int | None = None,
    by: Any,
) -> Category:
    """Staff add a category directly (not from a suggestion)."""
    require_role(by, Role.SAMR_STAFF)
    with transaction.atomic():
        locked = _lock_edition(edition)
        _require_editable(locked)
        return _category_create(
            locked,
            code=code,
            name=name,
            industry=industry,
            scope=scope,
            standards_text=standards_text,
            order=order,
            by=by,
        )


def category_update(
    *,
    category: Category,
    code: str,
    name: str,
    industry: Industry,
    scope: str,
    order: int,
    by: Any,
) -> Category:
    require_role(by, Role.SAMR_STAFF)
    code, name, scope = _clean_category(code, name, scope)
    with transaction.atomic():
        edition = _lock_edition(category.edition)
        _require_editable(edition)
        locked = Category.objects.select_for_update().get(pk=category.pk)
        _check_unique(edition, code, name, locked.pk)
        changes = {
            field: [str(getattr(locked, field)), str(value)]
            for field, value in {
                "code": code,
                "name": name,
                "industry": industry,
                "scope": scope,
                "order": order,
            }.items()
            if getattr(locked, field) != value
        }
        locked.code, locked.name, locked.industry, locked.scope, locked.order = (
            code,
            name,
            industry,
            scope,
            order,
        )
        locked.save()
        audit_record(
            event_type=AuditEventType.CATALOG_CATEGORY_SAVED,
            actor=by,
            target=locked,
            payload={"changes": changes},
        )
    return locked


def category_remove(*, category: Category, by: Any) -> None:
    """Remove a category from a draft (its standards and research notes go with it)."""
    require_role(by, Role.SAMR_STAFF)
    with transaction.atomic():
        edition = _lock_edition(category.edition)
        _require_editable(edition)
        locked = Category.objects.select_for_update().get(pk=category.pk)
        payload = {
            "edition": edition.year,
            "code": locked.code,
            "name": locked.name,
            "standards": list(locked.standards.values_list("number", flat=True)),
            "research_notes": locked.research_notes.count(),
            "suggestions": list(locked.suggestions.values_list("pk", flat=True)),
        }
        audit_record(
            event_type=AuditEventType.CATALOG_CATEGORY_REMOVED,
            actor=by,
            target=locked,
            payload=payload,
        )
        locked.delete()


def _standard_fields(number: str, title: str) -> tuple[str, str]:
    number = standard_number_normalise(number)
    title = _required_text(title, _("Give the standard's title."), "title_required")
    return number, title


def standard_add(*, category: Category, number: str, title: str, by: Any) -> ProductStandard:
    require_role(by, Role.SAMR_STAFF)
    number, title = _standard_fields(number, title)
    with transaction.atomic():
        _require_editable(_lock_edition(category.edition))
        if category.standards.filter(number=number).exists():
            raise DomainError(
                _("%(number)s is already a standard of this category.") % {"number": number},
                code="standard_taken",
            )
        standard = ProductStandard.objects.create(category=category, number=number, title=title)
        audit_record(
            event_type=AuditEventType.CATALOG_STANDARD_SAVED,
            actor=by,
            target=standard,
            payload={"created": True, "category": category.code, "number": number},
        )
    return standard


def standard_update(
    *, standard: ProductStandard, number: str, title: str, by: Any
) -> ProductStandard:
    require_role(by, Role.SAMR_STAFF)
    number, title = _standard_fields(number, title)
    with transaction.atomic():
        _require_editable(_lock_edition(standard.category.edition))
        locked = ProductStandard.objects.select_for_update().get(pk=standard.pk)
        if (
            ProductStandard.objects.filter(category=locked.category_id, number=number)
            .exclude(pk=locked.pk)
            .exists()
        ):
            raise DomainError(
                _("%(number)s is already a standard of this category.") % {"number": number},
                code="standard_taken",
            )
        before = {"number": locked.number, "title": locked.title}
        locked.number, locked.title = number, title
        locked.save()
        audit_record(
            event_type=AuditEventType.CATALOG_STANDARD_SAVED,
            actor=by,
            target=locked,
            payload={"before": before, "number": number, "title": title},
        )
    return locked


def standard_remove(*, standard: ProductStandard, by: Any) -> None:
    require_role(by, Role.SAMR_STAFF)
    with transaction.atomic():
        _require_editable(_lock_edition(standard.category.edition))
        locked = ProductStandard.objects.select_for_update().get(pk=standard.pk)
        audit_record(
            event_type=AuditEventType.CATALOG_STANDARD_REMOVED,
            actor=by,
            target=locked,
            payload={"category": standard.category.code, "number": locked.number},
        )
        locked.delete()


def category_set_group_standard(
    *,
    category: Category,
    number: str,
    title: str,
    effective: dt.date | None,
    by: Any,
) -> Category:
    """团体标准: record (or clear) the category's 东莞优品 group standard and its effective date.

    The one change allowed on a published catalogue: the group standard is issued after it.
    An empty number clears it.
    """
    require_role(by, Role.SAMR_STAFF)
    number, title = (number or "").strip(), (title or "").strip()
    if number:
        number = standard_number_normalise(number)
        if not title or effective is None:
            raise DomainError(
                _("A group standard needs its number, title and effective date."),
                code="group_standard_incomplete",
            )
    else:
        title, effective = "", None
    with transaction.atomic():
        edition = _lock_edition(category.edition)
        if edition.state == EditionState.SUPERSEDED:
            raise DomainError(
                _("The %(year)s catalogue has been superseded and can no longer be changed.")
                % {"year": edition.year},
                code="read_only",
            )
        locked = Category.objects.select_for_update().get(pk=category.pk)
        before = {
            "number": locked.group_standard_number,
            "title": locked.group_standard_title,
            "effective": locked.group_standard_effective,
        }
        locked.group_standard_number = number
        locked.group_standard_title = title
        locked.group_standard_effective = effective
        locked.save(
            update_fields=[
                "group_standard_number",
                "group_standard_title",
                "group_standard_effective",
            ]
        )
        audit_record(
            event_type=AuditEventType.CATALOG_CATEGORY_SAVED,
            actor=by,
            target=locked,
            payload={
                "group_standard": {"number": number, "title": title, "effective": effective},
                "before": before,
                "edition_stage": edition.state,
            },
        )
    return locked


# --- research (联盟机构研究) ----------------------------------------------------------------


def may_research(*, user: Any, institution: Organisation) -> bool:
    """An institution user of an active alliance member may write research notes for it."""
    return (
        institution.kind == OrganisationKind.INSTITUTION
        and institution.is_alliance_member
        and _holds_role_in(user, [Role.INSTITUTION], institution)
    )


def research_note_save(
    *,
    category: Category,
    institution: Organisation,
    standard_advancedness: str,
    market: str,
    dongguan_producers: int,
    recommendation: str,
    by: Any,
) -> ResearchNote:
    """研究意见: an alliance institution's note on a category (one per institution, updatable)."""
    if not may_research(user=by, institution=institution):
        raise PermissionDenied()
    fields = {
        "standard_advancedness": _required_text(
            standard_advancedness,
            _("Give your view on how advanced the standards are."),
            "advancedness_required",
        ),
        "market": _required_text(
            market, _("Describe the market and consumer demand."), "market_required"
        ),
        "dongguan_producers": dongguan_producers,
        "recommendation": recommendation,
        "author": by,
    }
    if dongguan_producers < 0:
        raise DomainError(_("The number of producers cannot be negative."), code="producers")
    with transaction.atomic():
        edition = _lock_edition(category.edition)
        if edition.state != EditionState.RESEARCHING:
            raise DomainError(
                _("Research notes can be written only while the catalogue is under research."),
                code="not_researching",
            )
        note, created = ResearchNote.objects.update_or_create(
            category=category, institution=institution, defaults=fields
        )
        audit_record(
            event_type=AuditEventType.CATALOG_RESEARCH_NOTE_SAVED,
            actor=by,
            organisation=institution,
            target=note,
            payload={
                "created": created,
                "category": category.code,
                "recommendation": recommendation,
                "dongguan_producers": dongguan_producers,
            },
        )
    return note


# --- consultation (征求成员单位意见) -------------------------------------------------------


def _require_consulting(edition: CatalogEdition) -> None:
    if edition.state != EditionState.CONSULTING:
        raise DomainError(
            _("The %(year)s catalogue is not open for comments.") % {"year": edition.year},
            code="not_consulting",
        )
    if edition.consultation_deadline is not None and today() > edition.consultation_deadline:
        raise DomainError(
            _("The consultation ended on %(date)s.")
            % {"date": _date(edition.consultation_deadline)},
            code="deadline_passed",
        )


def _require_department(by: Any, organisation: Organisation) -> None:
    if organisation.kind != OrganisationKind.DEPARTMENT or not _holds_role_in(
        by, [Role.DEPARTMENT], organisation
    ):
        raise PermissionDenied()


def _record_answer(edition: CatalogEdition, organisation: Organisation, *, no_comments: bool):
    answer, _created = ConsultedDepartment.objects.get_or_create(
        edition=edition, organisation=organisation
    )
    answer.answered_at = answer.answered_at or timezone.now()
    answer.no_comments = no_comments
    answer.save(update_fields=["answered_at", "no_comments"])
    return answer


def comment_submit(
    *,
    edition: CatalogEdition,
    organisation: Organisation,
    body: str,
    category: Category | None = None,
    by: Any,
) -> ConsultationComment:
    """成员单位意见: a department comments on the draft, as a whole or on one category."""
    _require_department(by, organisation)
    body = _required_text(body, _("Write your comment."), "body_required")
    with transaction.atomic():
        locked = _lock_edition(edition)
        _require_consulting(locked)
        if category is not None and category.edition_id != locked.pk:
            raise DomainError(
                _("The category is not part of this catalogue."), code="other_edition"
            )
        comment = ConsultationComment.objects.create(
            edition=locked, category=category, organisation=organisation, author=by, body=body
        )
        _record_answer(locked, organisation, no_comments=False)
        audit_record(
            event_type=AuditEventType.CATALOG_COMMENT_SUBMITTED,
            actor=by,
            organisation=organisation,
            target=comment,
            payload={"edition": locked.year, "category": category.code if category else None},
        )
        notify(
            recipients=users_holding(role=Role.SAMR_STAFF),
            key=f"catalog.comment_submitted:{comment.pk}",
            title=_("%(org)s commented on the draft %(year)s catalogue")
            % {"org": organisation.name, "year": locked.year},
            url=reverse("catalog:comment_list", args=[locked.pk]),
            email=False,
        )
    return comment


def consultation_reply_no_comments(
    *, edition: CatalogEdition, organisation: Organisation, by: Any
) -> ConsultedDepartment:
    """无意见: the department has read the draft and has nothing to add."""
    _require_department(by, organisation)
    with transaction.atomic():
        locked = _lock_edition(edition)
        _require_consulting(locked)
        if ConsultationComment.objects.filter(edition=locked, organisation=organisation).exists():
            raise DomainError(
                _("Your unit has already commented on this catalogue."), code="already_commented"
            )
        answer = _record_answer(locked, organisation, no_comments=True)
        audit_record(
            event_type=AuditEventType.CATALOG_COMMENT_SUBMITTED,
            actor=by,
            organisation=organisation,
            target=answer,
            payload={"edition": locked.year, "no_comments": True},
        )
    return answer


def comment_resolve(*, comment: ConsultationComment, response: str, by: Any) -> ConsultationComment:
    """答复: staff answer a member unit's comment (what was changed, or why not)."""
    require_role(by, Role.SAMR_STAFF)
    response = _required_text(response, _("Write the response."), "response_required")
    with transaction.atomic():
        edition = _lock_edition(comment.edition)
        if edition.state != EditionState.CONSULTING:
            raise DomainError(
                _("Comments can be answered only during the consultation."),
                code="not_consulting",
            )
        locked = ConsultationComment.objects.select_for_update().get(pk=comment.pk)
        if locked.is_resolved:
            raise DomainError(_("This comment has already been answered."), code="resolved")
        locked.response = response
        locked.resolved_at = timezone.now()
        locked.resolved_by = by
        locked.save(update_fields=["response", "resolved_at", "resolved_by"])
        audit_record(
            event_type=AuditEventType.CATALOG_COMMENT_RESOLVED,
            actor=by,
            target=locked,
            payload={"edition": edition.year},
        )
        notify(
            recipients=[locked.author],
            key=f"catalog.comment_resolved:{locked.pk}",
            title=_("Your comment on the draft %(year)s catalogue was answered")
            % {"year": edition.year},
            body=response,
            url=reverse("catalog:consultation"),
        )
    return locked


__all__ = [
    "PREPARING_STATES",
    "PublishProblem",
    "PublishRefused",
    "StandardLine",
    "category_create",
    "category_remove",
    "category_set_group_standard",
    "category_update",
    "comment_resolve",
    "comment_submit",
    "consultation_reply_no_comments",
    "edition_create",
    "edition_publish",
    "edition_publish_problems",
    "edition_start_consultation",
    "edition_start_research",
    "may_research",
    "research_note_save",
    "standard_add",
    "standard_number_normalise",
    "standard_remove",
    "standard_update",
    "standards_from_text",
    "standards_parse",
    "suggestion_adopt",
    "suggestion_decline",
    "suggestion_merge",
    "suggestion_merge_many",
    "suggestion_submit",
    "suggestion_update",
    "today",
]
