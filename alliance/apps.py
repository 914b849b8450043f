"""质量技术服务联盟: the alliance of testing, certification and standardisation bodies."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllianceConfig(AppConfig):
    name = "alliance"
    verbose_name = _("Quality technical service alliance")

    def ready(self) -> None:
        from . import navigation, services  # noqa: F401  (services: who may read materials)

        navigation.register_all()
