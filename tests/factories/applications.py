"""Factories of applications: a published catalogue, calls, departments, and applications in
any state of the qualification stage (rows created directly in that state, with a version and
the files a submitted application has)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.utils import timezone

from accounts.enums import OrganisationKind, Role
from accounts.models import Organisation, User
from applications import services
from applications.enums import ApplicationState, EvaluationDimension
from applications.models import Application, ApplicationMaterial, Call, SupplementRequest
from catalog.models import CatalogEdition, Category, Industry, ProductStandard
from dgyp.attachments import attachment_create

from .accounts import EnterpriseFactory, OrganisationFactory, make_member, samr_organisation
from .core import make_pdf_upload


@contextmanager
def stage_registry() -> Iterator[None]:
    """Menu entries and dashboard panels of applications for the duration (restored after, so
    tests of other apps never see entries whose URLs their URLconf lacks)."""
    import importlib
    import sys

    from dgyp import dashboard, navigation

    items, panels = list(navigation._items), list(dashboard._panels)
    module = sys.modules.get("applications.navigation")
    if module is None:
        importlib.import_module("applications.navigation")
    else:
        importlib.reload(module)
    try:
        yield
    finally:
        navigation._items[:] = items
        dashboard._panels[:] = panels


def published_edition(year: int = 2026) -> CatalogEdition:
    """The published catalogue with two categories, each with a product standard."""
    edition = CatalogEdition.objects.filter(state="published").first()
    if edition is not None:
        return edition
    staff = User.objects.filter(memberships__role=Role.SAMR_STAFF).first() or make_member(
        Role.SAMR_STAFF, samr_organisation()
    )
    # Created directly in its final state (django-fsm allows an initial value; only assigning
    # a protected state later is refused).
    edition = CatalogEdition.objects.create(
        year=year,
        title=f"{year}年度东莞优品产品类别目录",
        suggestion_deadline=dt.date(year - 1, 10, 31),
        state="published",
        published_at=timezone.now(),
        created_by=staff,
    )
    electronics = Industry.objects.get(code="electronics")
    furniture = Industry.objects.get(code="furniture")
    for order, (code, name, industry, std) in enumerate(
        [
            ("DGYP-01", "智能终端", electronics, ("GB/T 18287-2013", "移动电话用锂离子蓄电池")),
            ("DGYP-02", "实木家具", furniture, ("GB/T 3324-2017", "木家具通用技术条件")),
        ]
    ):
        category = Category.objects.create(
            edition=edition, code=code, name=name, industry=industry, scope=name, order=order
        )
        ProductStandard.objects.create(category=category, number=std[0], title=std[1])
    return edition


def category(code: str = "DGYP-01") -> Category:
    return published_edition().categories.get(code=code)


def make_call(
    *,
    state: str = "published",
    opens_on: dt.date | None = None,
    closes_on: dt.date | None = None,
    title: str | None = None,
    edition: CatalogEdition | None = None,
    **fields: Any,
) -> Call:
    today = timezone.localdate()
    edition = edition or published_edition()
    staff = User.objects.filter(memberships__role=Role.SAMR_STAFF).first() or make_member(
        Role.SAMR_STAFF, samr_organisation()
    )
    return Call.objects.create(
        year=edition.year,
        title=title or f"{edition.year}年东莞优品申报（{uuid.uuid4().hex[:6]}）",
        edition=edition,
        notice="请符合条件的企业按要求申报。",
        opens_on=opens_on or today - dt.timedelta(days=10),
        closes_on=closes_on or today + dt.timedelta(days=30),
        state=state,
        published_at=timezone.now() if state != "draft" else None,
        created_by=staff,
        **fields,
    )


def make_department(name: str = "东莞市工业和信息化局") -> tuple[Organisation, User]:
    org = OrganisationFactory(kind=OrganisationKind.DEPARTMENT, name=name)
    return org, make_member(Role.DEPARTMENT, org)


COMPLETE_FIELDS: dict[str, Any] = {
    "models_specs": "DG-100、DG-200",
    "trademark": "莞品",
    "annual_output": "120万台",
    "annual_sales_yuan": "125000000.00",
    "self_evaluation": {d: f"{d} 自评：符合要求。" for d in EvaluationDimension.values},
}


def attach_all_materials(application: Application, by: User) -> None:
    for material in application.call.required_materials:
        attachment = attachment_create(
            upload=make_pdf_upload(f"{material['code']}.pdf"),
            by=by,
            purpose=services.MATERIAL_PURPOSE,
            owner_organisation=application.enterprise,
        )
        ApplicationMaterial.objects.create(
            application=application, code=material["code"], attachment=attachment, uploaded_by=by
        )


def make_application(
    *,
    state: str = ApplicationState.DRAFT,
    enterprise: Organisation | None = None,
    user: User | None = None,
    call: Call | None = None,
    category_code: str = "DGYP-01",
    product_name: str | None = None,
    complete: bool = True,
    reviewer: User | None = None,
    state_changed_at: dt.datetime | None = None,
    with_files: bool = True,
) -> Application:
    """An application in `state`, created directly (no transitions, no audit events): for
    tests of what happens from that state on."""
    call = call or Call.objects.filter(state="published").first() or make_call()
    enterprise = enterprise or EnterpriseFactory()
    if user is None:
        user = User.objects.filter(
            memberships__organisation=enterprise, memberships__role=Role.ENTERPRISE
        ).first() or make_member(Role.ENTERPRISE, enterprise)
    cat = call.edition.categories.get(code=category_code)
    name = product_name if product_name is not None else f"智能音箱{uuid.uuid4().hex[:6]}"
    fields: dict[str, Any] = {}
    if complete:
        fields = dict(COMPLETE_FIELDS)
        fields["product_standard"] = cat.standards.first()
    submitted = state != ApplicationState.DRAFT
    app = Application.objects.create(
        call=call,
        enterprise=enterprise,
        category=cat,
        created_by=user,
        client_key=uuid.uuid4(),
        product_name=name,
        product_key=services.normalise_product_name(name),
        state=state,
        submitted_at=timezone.now() if submitted else None,
        reference=services._next_reference(call) if submitted else None,
        reviewer=reviewer,
        state_changed_at=state_changed_at or timezone.now(),
        **fields,
    )
    if complete and with_files:
        attach_all_materials(app, user)
    if submitted:
        services._next_version(app)
    if state == ApplicationState.SUPPLEMENT_REQUESTED:
        SupplementRequest.objects.create(
            application=app,
            round=1,
            items=["补充近一年检验报告"],
            working_days=5,
            deadline=timezone.localdate() + dt.timedelta(days=7),
            requested_by=reviewer or make_member(Role.SAMR_STAFF, samr_organisation()),
        )
    return app


def reload(application: Application) -> Application:
    return Application.objects.get(pk=application.pk)
