"""States and choices of the quality-technical-service alliance (质量技术服务联盟)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InstitutionType(models.TextChoices):
    TESTING = "testing", _("Testing body (检测)")
    CERTIFICATION = "certification", _("Certification body (认证)")
    STANDARDISATION = "standardisation", _("Standardisation body (标准化)")


class CallState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for applications")
    REVIEWING = "reviewing", _("Acceptance and screening")
    CONSULTING = "consulting", _("Proposed list out for comment")
    ESTABLISHED = "established", _("Alliance established")


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted (受理)")
    RETURNED = "returned", _("Returned (不予受理)")
    PROPOSED = "proposed", _("On the proposed list")
    NOT_PROPOSED = "not_proposed", _("Not proposed")
    ADMITTED = "admitted", _("Admitted to the alliance")
    NOT_ADMITTED = "not_admitted", _("Not admitted (objection upheld)")


class Recommendation(models.TextChoices):
    RECOMMEND = "recommend", _("Recommend")
    NOT_RECOMMEND = "not_recommend", _("Do not recommend")


class CommentResolution(models.TextChoices):
    OPEN = "open", _("Awaiting resolution")
    NOTED = "noted", _("Noted (no objection)")
    UPHELD = "upheld", _("Objection upheld")
    DISMISSED = "dismissed", _("Objection dismissed")


class MemberState(models.TextChoices):
    ACTIVE = "active", _("Active member")
    DISQUALIFIED = "disqualified", _("Disqualified (取消资格)")


# Materials an alliance call asks for unless staff change the list (code, label).
DEFAULT_REQUIRED_MATERIALS = [
    {"code": "business_licence", "label": "营业执照或事业单位法人证书"},
    {"code": "accreditation", "label": "资质认定（CMA）/认可（CNAS）证书及能力附表"},
    {"code": "introduction", "label": "机构简介及技术能力说明"},
    {"code": "commitment", "label": "诚信承诺书"},
]
