"""Demo data of the alliance (`manage.py seed_demo`): the 2025–2026 alliance, established, with
four member institutions, driven through the services as people would. Idempotent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from accounts.enums import OrganisationKind, Role
from accounts.models import Organisation, User
from accounts.services import membership_grant
from accounts.validators import uscc_check_character
from catalog.models import Industry

from . import services
from .enums import CommentResolution, InstitutionType, Recommendation
from .models import AllianceCall, AllianceMember, ListComment

CALL_TITLE = "2025—2026年度“东莞优品”质量技术服务联盟机构申报通知"
CRITERIA = (
    "一、在中华人民共和国境内依法设立，具有独立法人资格；\n"
    "二、检验检测机构须取得资质认定（CMA）或实验室认可（CNAS），认证机构须经国家认证认可监督管理委员会批准，"
    "标准化服务机构须具备相应的标准化研究和服务能力；\n"
    "三、近三年内无违法违规记录，未被列入严重违法失信名单；\n"
    "四、熟悉东莞重点产业，愿意为“东莞优品”目录筛选、企业评审、产品检测等工作提供技术支持。"
)

# (credit code prefix or None for an existing organisation, name, username, full name, type,
#  CMA, CNAS, industry codes)
INSTITUTIONS: list[tuple[str | None, str, str, str, str, str, str, list[str]]] = [
    (
        None,
        "东莞演示产品质量检测中心",
        "institution",
        "吴检测",
        InstitutionType.TESTING,
        "201919123456",
        "CNAS L12345",
        ["electronics", "electrical", "toys"],
    ),
    (
        None,
        "东莞演示认证服务有限公司",
        "institution2",
        "冯认证",
        InstitutionType.CERTIFICATION,
        "",
        "CNAS C098",
        ["furniture", "consumer"],
    ),
    (
        "12441900MB2D00003",
        "东莞演示标准化研究院",
        "institution3",
        "何标准",
        InstitutionType.STANDARDISATION,
        "",
        "",
        ["equipment", "materials"],
    ),
    (
        "12441900MB2D00004",
        "东莞演示食品药品检验所",
        "institution4",
        "蒋食检",
        InstitutionType.TESTING,
        "201919654321",
        "",
        ["food", "agriculture", "biomedicine"],
    ),
]
# Applies too, but the association does not recommend it: left off the proposed list.
NOT_PROPOSED = (
    "12441900MB2D00005",
    "东莞演示计量检测服务部",
    "institution5",
    "韩计量",
    InstitutionType.TESTING,
    "201919000111",
    "",
    ["textile"],
)


SERVICE_NAMES = {
    InstitutionType.TESTING: "检验检测",
    InstitutionType.CERTIFICATION: "认证",
    InstitutionType.STANDARDISATION: "标准化",
}


def demo_pdf(title: str) -> SimpleUploadedFile:
    """A tiny valid one-page PDF, built in memory."""
    body = (
        b"%PDF-1.4\n"
        b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return SimpleUploadedFile(f"{title}.pdf", body, content_type="application/pdf")


def _institution_user(prefix: str | None, name: str, username: str, full_name: str, base: dict):
    if prefix is None:
        organisation = base["organisations"][name]
    else:
        organisation, _created = Organisation.objects.get_or_create(
            credit_code=prefix + uscc_check_character(prefix),
            defaults={
                "name": name,
                "kind": OrganisationKind.INSTITUTION,
                "registered_address": f"广东省东莞市松山湖演示大道{prefix[-2:]}号",
                "legal_representative": "演示法人",
                "contact_name": full_name,
                "contact_mobile": f"1370000{prefix[-4:]}",
            },
        )
    user = base["users"].get(username)
    if user is None:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "email": f"{username}@demo.dgyp.local",
                "mobile": "13900000000",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        membership_grant(user=user, role=Role.INSTITUTION, organisation=organisation, by=None)
        base["users"][username] = user
    base["organisations"][name] = organisation
    return organisation, user


def _apply(call: AllianceCall, spec: tuple, base: dict) -> Any:
    prefix, name, username, full_name, kind, cma, cnas, industries = spec
    organisation, user = _institution_user(prefix, name, username, full_name, base)
    application = services.application_create(
        call=call,
        institution=organisation,
        by=user,
        fields=list(Industry.objects.filter(code__in=industries)),
        institution_type=kind,
        introduction=f"{name}是一家专业从事{SERVICE_NAMES[kind]}服务的机构，"
        "拥有专业技术人员和完善的质量管理体系。",
        cma_number=cma,
        cma_scope="电子电器、轻工产品等检验检测" if cma else "",
        cnas_number=cnas,
        cnas_scope="按认可证书附件所列能力范围" if cnas else "",
    )
    for material in call.required_materials:
        services.application_upload_material(
            application=application,
            code=material["code"],
            upload=demo_pdf(material["label"]),
            by=user,
        )
    return services.application_submit(application=application, by=user)


def load_demo(base: dict) -> None:
    if AllianceCall.objects.filter(title=CALL_TITLE).exists():
        return
    staff = base["users"]["samr"]
    association_user = base["users"]["association"]
    association = base["organisations"]["东莞市电子信息行业协会（演示）"]
    department_user = base["users"]["department"]
    now = timezone.now()

    # 1. The call is drafted and published; institutions apply before the deadline.
    call = services.call_create(
        title=CALL_TITLE,
        year=2025,
        criteria=CRITERIA,
        required_materials=AllianceCall._meta.get_field("required_materials").get_default(),
        deadline=now + dt.timedelta(days=30),
        by=staff,
    )
    call = services.call_publish(call=call, by=staff)
    applications = [_apply(call, spec, base) for spec in INSTITUTIONS]
    left_off = _apply(call, NOT_PROPOSED, base)

    # 2. The deadline passes (demo: moved into the past), staff close the call and accept.
    call = services.call_set_deadline(call=call, deadline=now - dt.timedelta(days=1), by=staff)
    call = services.call_close(call=call, by=staff)
    for application in [*applications, left_off]:
        accepted = services.application_accept(application=application, by=staff)
        [assignment] = services.screening_assign(
            application=accepted, associations=[association], by=staff
        )
        recommend = application is not left_off
        services.screening_record(
            assignment=assignment,
            recommendation=Recommendation.RECOMMEND if recommend else Recommendation.NOT_RECOMMEND,
            reason="资质齐全，技术能力满足要求，建议纳入。"
            if recommend
            else "检验检测能力与重点产品目录关联度不高，暂不建议纳入。",
            by=association_user,
        )

    # 3. The proposed list goes out for comment.
    for application in applications:
        services.application_list_decide(application=application, action="propose", by=staff)
    services.application_list_decide(application=left_off, action="not_propose", by=staff)
    call = services.call_start_consultation(
        call=call, comment_deadline=timezone.localdate() + dt.timedelta(days=7), by=staff
    )
    services.comment_submit_department(
        call=call,
        body="建议联盟机构加强对中小企业的检测服务指导。",
        application=None,
        by=department_user,
    )
    services.comment_submit_public(
        call=call,
        name="林演示",
        contact="13800001234",
        body="希望联盟机构公开收费标准。",
        client_ip="127.0.0.1",
    )
    for comment in ListComment.objects.filter(call=call):
        services.comment_resolve(
            comment=comment,
            resolution=CommentResolution.NOTED,
            response="感谢您的意见，已转联盟机构参考。",
            by=staff,
        )

    # 4. The comment period ends (demo: moved into the past) and the alliance is established.
    call = services.call_set_comment_deadline(
        call=call, comment_deadline=timezone.localdate() - dt.timedelta(days=1), by=staff
    )
    services.call_establish(call=call, by=staff)

    # 5. An enterprise rates a member.
    enterprise_user = base["users"]["enterprise"]
    member = AllianceMember.objects.get(application=applications[0])
    services.rating_save(
        member=member,
        enterprise=base["organisations"]["东莞演示电子科技有限公司"],
        score=5,
        comment="检测周期短，报告规范。",
        by=enterprise_user,
    )
