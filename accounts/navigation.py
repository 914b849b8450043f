"""Menu entries of the accounts app."""

from django.utils.translation import gettext_lazy as _

from dgyp import navigation

from .enums import Role

navigation.register(label=_("Dashboard"), url_name="accounts:dashboard", order=0)
navigation.register(
    label=_("Enterprises"), url_name="accounts:enterprise_list", roles=[Role.SAMR_STAFF], order=20
)
navigation.register(
    label=_("Enterprise profile"),
    url_name="accounts:my_organisation",
    roles=[Role.ENTERPRISE],
    order=20,
)
navigation.register(
    label=_("Working-day calendar"),
    url_name="core:calendar",
    roles=[Role.SAMR_STAFF, Role.AUDITOR],
    order=80,
)
navigation.register(
    label=_("Audit trail"), url_name="core:audit_list", roles=[Role.AUDITOR], order=90
)
navigation.register(label=_("Notifications"), url_name="core:inbox", order=95)
