"""Demo data of the catalogue: the published 2026 catalogue, driven through the services from
the call for suggestions to publication (used by `manage.py seed_demo`). Idempotent."""

from __future__ import annotations

import datetime as dt

from accounts.enums import Role
from accounts.models import Membership

from . import services
from .enums import ResearchRecommendation
from .models import CatalogEdition, ConsultedDepartment, Industry

YEAR = 2026
TITLE = "2026年东莞优品产品类别目录"
NOTICE = (
    "为做好2026年“东莞优品”评价工作，市市场监管局面向行业协会、企业征集“东莞优品”产品类别目录建议。"
    "请结合东莞重点培育发展的产业方向、消费者需求和产品质量指标水平先进性提出建议。"
)

# (code, name, industry code, scope, [(standard number, title)])
CATEGORIES = [
    (
        "2026-02",
        "实木家具",
        "furniture",
        "以实木、实木板材为主要基材制作的卧房、客厅、餐厅家具。",
        [
            ("GB/T 3324-2017", "木家具通用技术条件"),
            ("GB 18584-2001", "室内装饰装修材料 木家具中有害物质限量"),
        ],
    ),
    (
        "2026-03",
        "毛绒玩具",
        "toys",
        "以毛绒、布料为面料，内有填充物的供14岁以下儿童玩耍的玩具。",
        [
            ("GB 6675.1-2014", "玩具安全 第1部分：基本规范"),
            ("GB 6675.2-2014", "玩具安全 第2部分：机械与物理性能"),
        ],
    ),
    (
        "2026-04",
        "休闲食品（糕点）",
        "food",
        "预包装糕点、面包等烘焙类休闲食品。",
        [("GB 7099-2015", "食品安全国家标准 糕点、面包")],
    ),
    (
        "2026-05",
        "衬衫",
        "textile",
        "以纺织机织物为主要面料制作的男女衬衫。",
        [
            ("GB/T 2660-2017", "衬衫"),
            ("GB 18401-2010", "国家纺织产品基本安全技术规范"),
        ],
    ),
    (
        "2026-06",
        "锂离子电池",
        "electrical",
        "便携式电子产品用锂离子电池和电池组。",
        [("GB 31241-2022", "便携式电子产品用锂离子电池和电池组 安全技术规范")],
    ),
    (
        "2026-07",
        "智能家电",
        "electrical",
        "具有联网和智能控制功能的家用和类似用途电器。",
        [("GB 4706.1-2005", "家用和类似用途电器的安全 第1部分：通用要求")],
    ),
    (
        "2026-08",
        "荔枝",
        "agriculture",
        "东莞种植的鲜食荔枝（糯米糍、桂味等品种）。",
        [("NY/T 515-2002", "荔枝")],
    ),
]


def load_demo(base: dict) -> None:
    if CatalogEdition.objects.filter(year=YEAR).exists():
        return
    users, orgs = base["users"], base["organisations"]
    staff = users["samr"]
    industries = {i.code: i for i in Industry.objects.all()}
    today = services.today()

    edition = services.edition_create(
        year=YEAR,
        title=TITLE,
        description=NOTICE,
        suggestion_deadline=today,
        target_count=20,
        by=staff,
    )

    # Suggestions: one adopted, a duplicate merged into it, one declined.
    phone = services.suggestion_submit(
        edition=edition,
        organisation=orgs["东莞市电子信息行业协会（演示）"],
        name="智能手机",
        industry=industries["electronics"],
        scope="具备移动通信和智能操作系统的手持终端。",
        product_standards=(
            "GB/T 18287-2013 移动电话用锂离子蓄电池及蓄电池组总规范\n"
            "GB 4943.1-2022 音视频、信息技术和通信技术设备 第1部分：安全要求"
        ),
        reasons="智能手机是东莞电子信息产业的支柱产品，本地品牌企业多，质量指标先进。",
        by=users["association"],
    )
    duplicate = services.suggestion_submit(
        edition=edition,
        organisation=orgs["东莞演示电子科技有限公司"],
        name="手机",
        industry=industries["electronics"],
        scope="各类手机产品。",
        product_standards="GB/T 18287-2013 移动电话用锂离子蓄电池及蓄电池组总规范",
        reasons="我司手机产品出口多国，希望纳入东莞优品评价。",
        by=users["enterprise"],
    )
    cable = services.suggestion_submit(
        edition=edition,
        organisation=orgs["东莞演示电子科技有限公司"],
        name="手机充电线",
        industry=industries["electronics"],
        scope="USB 充电数据线。",
        product_standards="GB 4943.1-2022 音视频、信息技术和通信技术设备 第1部分：安全要求",
        reasons="东莞充电线生产企业众多。",
        by=users["enterprise"],
    )
    smartphone = services.suggestion_adopt(
        suggestion=phone,
        code="2026-01",
        name="智能手机",
        industry=industries["electronics"],
        scope=phone.scope,
        standards_text=phone.product_standards,
        by=staff,
    )
    services.suggestion_merge(suggestion=duplicate, category=smartphone, by=staff)
    services.suggestion_decline(
        suggestion=cable,
        reason="产品范围较窄，建议在下一年度以“电子配件”类别整体研究。",
        by=staff,
    )

    categories = {smartphone.code: smartphone}
    for code, name, industry, scope, standards in CATEGORIES:
        categories[code] = services.category_create(
            edition=edition,
            code=code,
            name=name,
            industry=industries[industry],
            scope=scope,
            standards_text="\n".join(f"{number} {title}" for number, title in standards),
            by=staff,
        )

    # Research: the alliance institutions (if the alliance demo has admitted any yet).
    services.edition_start_research(edition=edition, by=staff)
    for membership in Membership.objects.filter(role=Role.INSTITUTION).select_related(
        "user", "organisation"
    ):
        institution = membership.organisation
        if institution is None or not services.may_research(
            user=membership.user, institution=institution
        ):
            continue
        for category in categories.values():
            services.research_note_save(
                category=category,
                institution=institution,
                standard_advancedness="执行标准为现行国家标准，关键指标达到国内先进水平。",
                market="市场需求稳定，消费者对品质要求高。",
                dongguan_producers=30,
                recommendation=ResearchRecommendation.INCLUDE,
                by=membership.user,
            )

    # Consultation: the member units comment; staff answer; every unit has answered.
    services.edition_start_consultation(
        edition=edition, deadline=today + dt.timedelta(days=14), by=staff
    )
    comment = services.comment_submit(
        edition=edition,
        organisation=orgs["东莞市工业和信息化局"],
        category=categories["2026-07"],
        body="建议在适用范围中明确包含智能照明产品。",
        by=users["department"],
    )
    services.comment_resolve(
        comment=comment,
        response="智能照明产品拟在下一年度目录中单独研究，本年度暂不纳入。",
        by=staff,
    )
    for answer in ConsultedDepartment.objects.filter(edition=edition, answered_at__isnull=True):
        member = Membership.objects.filter(
            organisation=answer.organisation, role=Role.DEPARTMENT, user__is_active=True
        ).first()
        if member is not None:
            services.consultation_reply_no_comments(
                edition=edition, organisation=answer.organisation, by=member.user
            )

    services.edition_publish(edition=edition, by=staff)
    # The group standard is issued after the catalogue (团体标准).
    services.category_set_group_standard(
        category=categories["2026-02"],
        number="T/DGYP 001-2026",
        title="“东莞优品”评价规范 实木家具",
        effective=dt.date(2026, 10, 1),
        by=staff,
    )
