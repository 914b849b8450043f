"""Builders of the alliance: calls, applications and alliances in a given stage, made through the
services (so every row is one the system itself could have written)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone

from accounts.enums import OrganisationKind, Role
from accounts.models import Organisation, User
from alliance import services
from alliance.enums import InstitutionType, Recommendation
from alliance.models import AllianceCall, AllianceMember, InstitutionApplication
from catalog.models import Industry
from tests.factories.accounts import OrganisationFactory, make_member
from tests.factories.core import make_pdf_upload

TWO_MATERIALS = [
    {"code": "business_licence", "label": "营业执照"},
    {"code": "commitment", "label": "诚信承诺书"},
]


def staff() -> User:
    return make_member(Role.SAMR_STAFF)


def institution_with_user(name: str | None = None, **user_fields) -> tuple[Organisation, User]:
    kwargs = {"kind": OrganisationKind.INSTITUTION}
    if name:
        kwargs["name"] = name
    organisation = OrganisationFactory(**kwargs)
    return organisation, make_member(Role.INSTITUTION, organisation, **user_fields)


def association_with_user(name: str | None = None) -> tuple[Organisation, User]:
    kwargs = {"kind": OrganisationKind.ASSOCIATION}
    if name:
        kwargs["name"] = name
    organisation = OrganisationFactory(**kwargs)
    return organisation, make_member(Role.ASSOCIATION, organisation)


def industry(code: str = "electronics") -> Industry:
    return Industry.objects.get(code=code)


def make_call(
    *,
    by: User | None = None,
    publish: bool = True,
    deadline: dt.datetime | None = None,
    materials: Sequence[dict[str, str]] = TWO_MATERIALS,
    title: str = "2026年度联盟机构申报通知",
) -> AllianceCall:
    """A call (open unless `publish=False`) whose deadline is in ten days by default."""
    by = by or staff()
    call = services.call_create(
        title=title,
        year=2026,
        criteria="具有独立法人资格，取得CMA或CNAS资质。",
        required_materials=list(materials),
        deadline=deadline or timezone.now() + dt.timedelta(days=10),
        by=by,
    )
    if publish:
        call = services.call_publish(call=call, by=by)
    return call


def pass_deadline(call: AllianceCall, by: User) -> AllianceCall:
    return services.call_set_deadline(
        call=call, deadline=timezone.now() - dt.timedelta(minutes=1), by=by
    )


def make_application(
    *,
    call: AllianceCall,
    user: User | None = None,
    institution: Organisation | None = None,
    submit: bool = True,
    materials: bool = True,
    institution_type: str = InstitutionType.TESTING,
    industries: Sequence[str] = ("electronics",),
    name: str | None = None,
) -> InstitutionApplication:
    """A complete application (submitted unless `submit=False`) of a new institution."""
    if user is None:
        institution, user = institution_with_user(name)
    assert institution is not None
    application = services.application_create(
        call=call,
        institution=institution,
        by=user,
        fields=list(Industry.objects.filter(code__in=industries)),
        institution_type=institution_type,
        introduction="本机构成立于2005年，拥有检验检测人员80名。",
        cma_number="201919001234",
        cma_scope="电子电器产品",
        cnas_number="",
        cnas_scope="",
    )
    if materials:
        for material in call.required_materials:
            services.application_upload_material(
                application=application,
                code=material["code"],
                upload=make_pdf_upload(f"{material['label']}.pdf"),
                by=user,
            )
    if submit:
        application = services.application_submit(application=application, by=user)
    return application


def user_of(application: InstitutionApplication) -> User:
    return User.objects.filter(memberships__organisation=application.institution).first()


def reviewing_call(
    n: int = 1, *, by: User | None = None, accept: bool = True, **call_kwargs
) -> tuple[AllianceCall, list[InstitutionApplication]]:
    """A closed call (acceptance and screening) with `n` submitted (and accepted) applications."""
    by = by or staff()
    call = make_call(by=by, **call_kwargs)
    applications = [make_application(call=call) for _ in range(n)]
    call = services.call_close(call=pass_deadline(call, by), by=by)
    if accept:
        applications = [services.application_accept(application=a, by=by) for a in applications]
    return call, applications


def consulting_call(
    n: int = 1, *, by: User | None = None, comment_days: int = 7
) -> tuple[AllianceCall, list[InstitutionApplication]]:
    """A call whose proposed list (n institutions) is out for comment."""
    by = by or staff()
    call, applications = reviewing_call(n, by=by)
    applications = [
        services.application_list_decide(application=a, action="propose", by=by)
        for a in applications
    ]
    call = services.call_start_consultation(
        call=call, comment_deadline=timezone.localdate() + dt.timedelta(days=comment_days), by=by
    )
    return call, applications


def end_comment_period(call: AllianceCall, by: User) -> AllianceCall:
    return services.call_set_comment_deadline(
        call=call, comment_deadline=timezone.localdate() - dt.timedelta(days=1), by=by
    )


def established_alliance(
    n: int = 1, *, by: User | None = None, industries: Sequence[str] = ("electronics",)
) -> tuple[AllianceCall, list[AllianceMember]]:
    """An established alliance with `n` active members (new institutions)."""
    by = by or staff()
    call = make_call(by=by)
    applications = [make_application(call=call, industries=industries) for _ in range(n)]
    call = services.call_close(call=pass_deadline(call, by), by=by)
    for application in applications:
        application = services.application_accept(application=application, by=by)
        services.application_list_decide(application=application, action="propose", by=by)
    call = services.call_start_consultation(
        call=call, comment_deadline=timezone.localdate() + dt.timedelta(days=3), by=by
    )
    call = services.call_establish(call=end_comment_period(call, by), by=by)
    members = list(AllianceMember.objects.filter(application__call=call).order_by("id"))
    return call, members


def assign_and_recommend(
    application: InstitutionApplication, by: User, recommend: bool = True
) -> None:
    association, association_user = association_with_user()
    [assignment] = services.screening_assign(
        application=application, associations=[association], by=by
    )
    services.screening_record(
        assignment=assignment,
        recommendation=Recommendation.RECOMMEND if recommend else Recommendation.NOT_RECOMMEND,
        reason="资质齐全",
        by=association_user,
    )


__all__ = [
    "TWO_MATERIALS",
    "assign_and_recommend",
    "association_with_user",
    "consulting_call",
    "end_comment_period",
    "established_alliance",
    "industry",
    "institution_with_user",
    "make_application",
    "make_call",
    "pass_deadline",
    "reviewing_call",
    "staff",
    "user_of",
]
