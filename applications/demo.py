"""Demo data of applications: an open 2026 call and applications in every state of the
qualification stage, driven through the services (used by `manage.py seed_demo`). Idempotent:
each application is keyed by a fixed client key and made only once."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from accounts.enums import Role
from accounts.models import Organisation, User
from accounts.services import membership_grant
from catalog.models import CatalogEdition, Category

from . import services
from .enums import EvaluationDimension
from .models import Application, Call

YEAR = 2026
TITLE = "2026年度“东莞优品”申报"
NOTICE = (
    "根据《东莞优品培育实施方案》，现开展2026年度“东莞优品”申报工作。在东莞市行政区域内依法"
    "注册、近三年无重大质量安全事故的企业，可按《2026年东莞优品产品类别目录》选择一个产品类别，"
    "以一个产品为单位自愿申报。请按要求准备企业自评报告（质量管理、品牌建设、自主创新、绿色发展、"
    "售后服务、社会责任）、相关证书、近一年检验报告和诚信承诺书，在截止日期前通过本平台提交。"
)
_NAMESPACE = uuid.UUID("6f1c2f7e-8a55-4c1e-9a57-2d6b8f0c2026")

# (key, enterprise, industry, product, trademark, target state)
SCENARIOS = [
    ("draft", "东莞演示电子科技有限公司", "electronics", "便携蓝牙音箱 S1", "莞声", "draft"),
    ("submitted", "东莞演示电子科技有限公司", "electronics", "智能门锁 X1", "莞安", "submitted"),
    ("review", "东莞演示家具制造有限公司", "furniture", "实木餐桌 MZ-01", "莞木", "review"),
    ("supplement", "东莞演示食品有限公司", "food", "手工凤凰酥", "莞味", "supplement"),
    ("rejected", "东莞演示玩具实业有限公司", "toys", "毛绒熊 T-30", "莞趣", "rejected"),
    (
        "qualified",
        "东莞演示电子科技有限公司",
        "electronics",
        "工业平板电脑 P8",
        "莞智",
        "qualified",
    ),
    ("expert", "东莞演示家具制造有限公司", "furniture", "实木书柜 SG-2", "莞木", "expert"),
    ("withdrawn", "东莞演示食品有限公司", "food", "椰丝蛋卷", "莞味", "withdrawn"),
]
# Users of the other demo enterprises (the "enterprise" user belongs to the electronics one).
ENTERPRISE_USERS = {
    "东莞演示电子科技有限公司": "enterprise",
    "东莞演示家具制造有限公司": "enterprise2",
    "东莞演示食品有限公司": "enterprise3",
    "东莞演示玩具实业有限公司": "enterprise4",
}


def _pdf(name: str) -> SimpleUploadedFile:
    content = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _published_edition(base: dict) -> CatalogEdition:
    edition = CatalogEdition.objects.filter(state="published").first()
    if edition is None:
        from catalog import demo as catalog_demo

        catalog_demo.load_demo(base)
        edition = CatalogEdition.objects.filter(state="published").first()
    if edition is None:
        raise RuntimeError("the catalogue demo did not publish an edition")
    return edition


def _enterprise_user(base: dict, org: Organisation) -> User:
    username = ENTERPRISE_USERS[org.name]
    if username in base["users"]:
        return base["users"][username]
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"full_name": f"{org.name[2:4]}申报员", "email": f"{username}@demo.dgyp.local"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    membership_grant(user=user, role=Role.ENTERPRISE, organisation=org, by=None)
    base["users"][username] = user
    return user


def _call(base: dict, edition: CatalogEdition) -> Call:
    call = Call.objects.filter(year=YEAR, title=TITLE).first()
    if call is not None:
        return call
    staff = base["users"]["samr"]
    today = timezone.localdate()
    call = services.call_create(
        by=staff,
        year=YEAR,
        title=TITLE,
        edition=edition,
        notice=NOTICE,
        opens_on=today - dt.timedelta(days=30),
        closes_on=max(dt.date(YEAR, 12, 31), today + dt.timedelta(days=14)),
    )
    return services.call_publish(call=call, by=staff)


def _category(edition: CatalogEdition, industry: str) -> Category:
    categories = edition.categories.order_by("order", "code")
    return categories.filter(industry__code=industry).first() or categories.all()[0]


def _fill(app: Application, user: User, product: str, trademark: str) -> Application:
    standard = app.category.standards.first()
    app = services.application_save_draft(
        application=app,
        by=user,
        version=app.version,
        data={
            "product_name": product,
            "models_specs": f"{product} 标准款、升级款",
            "trademark": trademark,
            "product_standard": standard.pk if standard else "",
            "product_standard_other": "" if standard else "Q/DGYP 001-2026",
            "annual_output": "12万件",
            "annual_sales_yuan": "36800000",
            "self_evaluation": {
                d: f"{label}：已建立相应制度并持续改进（演示）。"
                for d, label in EvaluationDimension.choices
            },
        },
    )
    for material in app.call.required_materials:
        services.application_attach_material(
            application=app,
            code=material["code"],
            upload=_pdf(f"{material['label'][:12]}.pdf"),
            by=user,
        )
    return Application.objects.get(pk=app.pk)


def _scenario(base: dict, call: Call, spec: tuple[str, ...]) -> Any:
    key, org_name, industry, product, trademark, target = spec
    client_key = uuid.uuid5(_NAMESPACE, key)
    if Application.objects.filter(client_key=client_key).exists():
        return None
    org = base["organisations"][org_name]
    user = _enterprise_user(base, org)
    staff = base["users"]["samr"]
    app = services.application_start(
        call=call,
        enterprise=org,
        category=_category(call.edition, industry),
        by=user,
        client_key=client_key,
    )
    if target == "draft":
        # Half done: the enterprise comes back to it.
        return services.application_save_draft(
            application=app, by=user, version=app.version, data={"product_name": product}
        )
    app = _fill(app, user, product, trademark)
    app = services.application_submit(application=app, by=user)
    if target == "submitted":
        return app
    if target == "withdrawn":
        return services.application_withdraw(application=app, by=user, reason="产品线调整（演示）")
    app = services.application_start_review(application=app, by=staff)
    department = base["organisations"]["东莞市工业和信息化局"]
    due = timezone.localdate() + dt.timedelta(days=7)
    if target in ("review", "qualified", "expert"):
        services.opinion_requests_send(
            application=app,
            departments=[department],
            due_date=due,
            message="请反馈该企业近三年有无不良监管记录。",
            by=staff,
        )
    if target == "review":
        return app
    if target == "supplement":
        return services.application_request_supplement(
            application=app,
            by=staff,
            items=["近一年产品检验报告已过期，请补充有效期内的报告", "诚信承诺书需加盖企业公章"],
        )
    if target == "rejected":
        return services.application_reject(
            application=app, by=staff, reason="申报产品不属于所选产品类别范围（演示）。"
        )
    for request in app.opinion_requests.all():
        services.opinion_answer(
            request=request, by=base["users"]["department"], answer="no_adverse", details=""
        )
    services.application_mark_checklist(
        application=app, by=staff, marks={c["code"]: (True, "") for c in call.checklist}
    )
    app = services.application_qualify(application=app, by=staff)
    if target == "expert":
        services.applications_hand_over(applications=[app], by=staff)
    return app


def load_demo(base: dict) -> None:
    edition = _published_edition(base)
    call = _call(base, edition)
    for spec in SCENARIOS:
        _scenario(base, call, spec)
