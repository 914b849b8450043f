"""States and choices of applications (企业申报) and their review."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CallState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class ApplicationState(models.TextChoices):
    """Every state of DESIGN §2.2, in order; each later stage adds its transitions."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    QUALIFICATION_REVIEW = "qualification_review", _("Qualification review")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
    REJECTED = "rejected", _("Not qualified")
    QUALIFIED = "qualified", _("Qualified")
    EXPERT_REVIEW = "expert_review", _("Expert review")
    EXPERT_PASSED = "expert_passed", _("Passed expert review")
    EXPERT_FAILED = "expert_failed", _("Failed expert review")
    SAMPLING = "sampling", _("Sampling and testing")
    TESTED_PASSED = "tested_passed", _("Passed testing")
    TESTED_FAILED = "tested_failed", _("Failed testing")
    CANDIDATE = "candidate", _("Candidate")
    APPROVED = "approved", _("Approved by the leading group")
    NOT_APPROVED = "not_approved", _("Not approved")
    IN_PUBLICITY = "in_publicity", _("In publicity")
    PUBLISHED = "published", _("Recognised (获评)")
    WITHDRAWN_AFTER_OBJECTION = "withdrawn_after_objection", _("Withdrawn after an objection")
    WITHDRAWN = "withdrawn", _("Withdrawn by the enterprise")


# States in which an application is still "open": no second application for the same product.
OPEN_STATES = [
    ApplicationState.DRAFT,
    ApplicationState.SUBMITTED,
    ApplicationState.QUALIFICATION_REVIEW,
    ApplicationState.SUPPLEMENT_REQUESTED,
    ApplicationState.QUALIFIED,
    ApplicationState.EXPERT_REVIEW,
    ApplicationState.EXPERT_PASSED,
    ApplicationState.SAMPLING,
    ApplicationState.TESTED_PASSED,
    ApplicationState.CANDIDATE,
    ApplicationState.APPROVED,
    ApplicationState.IN_PUBLICITY,
]
# Open states after submission: at most one such application per product of an enterprise.
SUBMITTED_OPEN_STATES = [s for s in OPEN_STATES if s != ApplicationState.DRAFT]
# States the qualification review works on (资格审核).
REVIEW_STATES = [ApplicationState.QUALIFICATION_REVIEW, ApplicationState.SUPPLEMENT_REQUESTED]
# States a decision of this stage closes: no withdrawal, no further change by the enterprise.
DECIDED_STATES = [
    ApplicationState.REJECTED,
    ApplicationState.WITHDRAWN,
    ApplicationState.NOT_APPROVED,
    ApplicationState.EXPERT_FAILED,
    ApplicationState.TESTED_FAILED,
    ApplicationState.PUBLISHED,
    ApplicationState.WITHDRAWN_AFTER_OBJECTION,
]
# The states of this stage, in the order the queue shows their counts.
QUEUE_STATES = [
    ApplicationState.SUBMITTED,
    ApplicationState.QUALIFICATION_REVIEW,
    ApplicationState.SUPPLEMENT_REQUESTED,
    ApplicationState.QUALIFIED,
    ApplicationState.REJECTED,
    ApplicationState.EXPERT_REVIEW,
    ApplicationState.WITHDRAWN,
]

# States from which the enterprise may withdraw ("not yet decided").
WITHDRAWABLE_STATES = [
    ApplicationState.DRAFT,
    ApplicationState.SUBMITTED,
    ApplicationState.QUALIFICATION_REVIEW,
    ApplicationState.SUPPLEMENT_REQUESTED,
    ApplicationState.QUALIFIED,
    ApplicationState.EXPERT_REVIEW,
    ApplicationState.EXPERT_PASSED,
    ApplicationState.SAMPLING,
    ApplicationState.TESTED_PASSED,
    ApplicationState.CANDIDATE,
]


class EvaluationDimension(models.TextChoices):
    """The six dimensions of the 东莞优品 enterprise evaluation standard (实施方案 二(三))."""

    QUALITY = "quality", _("Quality management (质量管理)")
    BRAND = "brand", _("Brand building (品牌建设)")
    INNOVATION = "innovation", _("Independent innovation (自主创新)")
    GREEN = "green", _("Green development (绿色发展)")
    SERVICE = "service", _("After-sales service (售后服务)")
    RESPONSIBILITY = "responsibility", _("Social responsibility (社会责任)")


class OpinionAnswer(models.TextChoices):
    NO_ADVERSE = "no_adverse", _("No adverse record")
    ADVERSE = "adverse", _("Adverse record")


class SupplementState(models.TextChoices):
    OPEN = "open", _("Waiting for the enterprise")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed without an answer")


DEFAULT_CALL_MATERIALS = [
    {
        "code": "self_evaluation",
        "label": "企业自评报告（质量管理、品牌建设、自主创新、绿色发展、售后服务、社会责任）",
        "required": True,
    },
    {"code": "certificates", "label": "相关资质、荣誉及体系认证证书", "required": True},
    {"code": "test_reports", "label": "近一年产品检验检测报告", "required": True},
    {"code": "commitment", "label": "诚信承诺书（承诺书）", "required": True},
]

DEFAULT_CALL_CHECKLIST = [
    {"code": "registered_in_dongguan", "label": "企业在东莞市行政区域内注册"},
    {"code": "category_matches", "label": "申报产品属于所选产品类别"},
    {"code": "materials_complete", "label": "申报材料齐全、规范"},
    {"code": "materials_true", "label": "申报材料真实、有效，盖章签字完整"},
    {"code": "no_major_incident", "label": "近三年无重大质量、安全、环保事故"},
]
