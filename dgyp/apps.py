"""The core app: audit trail, working-day calendar, notifications, private attachments."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "dgyp"
    label = "core"
    verbose_name = _("Core")
