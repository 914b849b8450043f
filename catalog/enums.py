"""States and choices of the product-category catalogue (产品类别目录)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EditionState(models.TextChoices):
    COLLECTING = "collecting", _("Collecting suggestions")
    RESEARCHING = "researching", _("Under research")
    CONSULTING = "consulting", _("In consultation")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


class SuggestionState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ADOPTED = "adopted", _("Adopted as a category")
    MERGED = "merged", _("Merged into a category")
    DECLINED = "declined", _("Declined")


class ResearchRecommendation(models.TextChoices):
    INCLUDE = "include", _("Include")
    INCLUDE_WITH_CHANGES = "include_with_changes", _("Include with changes")
    EXCLUDE = "exclude", _("Do not include")


# The programme's yearly target (实施方案 一(三): 20 个产品类别目录).
DEFAULT_CATEGORY_TARGET = 20
