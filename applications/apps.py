"""企业申报: calls, applications, qualification review, sampling, candidates, publicity."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications")

    def ready(self) -> None:
        # Menu entries, dashboard panels, and who may read application files.
        from . import navigation, services  # noqa: F401
