"""Demo organisations and one user per role (used by `manage.py seed_demo`). Idempotent."""

from accounts.enums import OrganisationKind, Role
from accounts.models import Organisation, Town, User
from accounts.services import membership_grant
from accounts.validators import uscc_check_character

DEMO_PASSWORD = "Dgyp#2026demo"


def _code(prefix17: str) -> str:
    return prefix17 + uscc_check_character(prefix17)


# (credit code prefix, name, kind, town code)
ORGANISATIONS = [
    ("11441900MB2C00001", "东莞市市场监督管理局", OrganisationKind.SAMR, "441900006"),
    ("51441900MJ0000001", "东莞市科学技术协会", OrganisationKind.SAST, "441900003"),
    ("11441900MB2C00002", "东莞市发展和改革局", OrganisationKind.DEPARTMENT, "441900006"),
    ("11441900MB2C00003", "东莞市工业和信息化局", OrganisationKind.DEPARTMENT, "441900006"),
    ("11441900MB2C00004", "东莞市商务局", OrganisationKind.DEPARTMENT, "441900006"),
    ("11441900MB2C00005", "东莞市农业农村局", OrganisationKind.DEPARTMENT, "441900006"),
    (
        "11441900MB2C00006",
        "驻市市场监管局纪检监察组（演示）",
        OrganisationKind.DEPARTMENT,
        "441900006",
    ),
    ("12441900MB2D00001", "东莞演示产品质量检测中心", OrganisationKind.INSTITUTION, "441900401"),
    ("91441900MA4W00002", "东莞演示认证服务有限公司", OrganisationKind.INSTITUTION, "441900004"),
    (
        "51441900MJ0000002",
        "东莞市电子信息行业协会（演示）",
        OrganisationKind.ASSOCIATION,
        "441900003",
    ),
    ("91441900MA4X00001", "东莞演示电子科技有限公司", OrganisationKind.ENTERPRISE, "441900401"),
    ("91441900MA4X00002", "东莞演示家具制造有限公司", OrganisationKind.ENTERPRISE, "441900113"),
    ("91441900MA4X00003", "东莞演示食品有限公司", OrganisationKind.ENTERPRISE, "441900110"),
    ("91441900MA4X00004", "东莞演示玩具实业有限公司", OrganisationKind.ENTERPRISE, "441900102"),
]

# (username, full name, role, organisation name or None)
USERS = [
    ("samr", "王审核", Role.SAMR_STAFF, "东莞市市场监督管理局"),
    ("enterprise", "李企业", Role.ENTERPRISE, "东莞演示电子科技有限公司"),
    ("department", "陈部门", Role.DEPARTMENT, "东莞市工业和信息化局"),
    ("sast", "赵科协", Role.SAST_STAFF, "东莞市科学技术协会"),
    ("expert", "周专家", Role.EXPERT, None),
    ("institution", "吴检测", Role.INSTITUTION, "东莞演示产品质量检测中心"),
    ("association", "郑协会", Role.ASSOCIATION, "东莞市电子信息行业协会（演示）"),
    ("leader", "孙组员", Role.LEADING_GROUP, "东莞市发展和改革局"),
    ("auditor", "钱审计", Role.AUDITOR, "驻市市场监管局纪检监察组（演示）"),
]


def load_demo() -> dict:
    """Create what is missing; return {"organisations": {name: org}, "users": {username: user}}."""
    towns = {t.code: t for t in Town.objects.all()}
    orgs = {}
    for n, (prefix, name, kind, town) in enumerate(ORGANISATIONS):
        org, _ = Organisation.objects.get_or_create(
            credit_code=_code(prefix),
            defaults={
                "name": name,
                "kind": kind,
                "town": towns[town],
                "registered_address": f"广东省东莞市{towns[town].name}演示路{n + 1}号",
                "legal_representative": "演示法人",
                "contact_name": "演示联系人",
                "contact_mobile": f"1380000{n:04d}",
            },
        )
        orgs[name] = org
    users = {}
    for username, full_name, role, org_name in USERS:
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
        membership_grant(
            user=user, role=role, organisation=orgs[org_name] if org_name else None, by=None
        )
        users[username] = user
    return {"organisations": orgs, "users": users}
