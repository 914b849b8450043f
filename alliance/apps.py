"""质量技术服务联盟: the alliance of testing, certification and standardisation bodies."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllianceConfig(AppConfig):
    name = "alliance"
    verbose_name = _("Quality technical service alliance")
