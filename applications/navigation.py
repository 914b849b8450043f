"""Menu entries and dashboard panels of applications."""

from django.utils.translation import gettext_lazy as _

from accounts.enums import Role
from dgyp import dashboard, navigation

navigation.register(
    label=_("My applications"), url_name="applications:mine", roles=[Role.ENTERPRISE], order=30
)
navigation.register(
    label=_("Qualification review"),
    url_name="applications:queue",
    roles=[Role.SAMR_STAFF, Role.AUDITOR],
    order=30,
)
navigation.register(
    label=_("Calls for applications"),
    url_name="applications:call_list",
    roles=[Role.SAMR_STAFF, Role.AUDITOR],
    order=31,
)
navigation.register(
    label=_("Opinion requests"),
    url_name="applications:opinion_list",
    roles=[Role.DEPARTMENT],
    order=30,
)


def _enterprise_panel(user):
    from .selectors import enterprise_panel

    return enterprise_panel(user)


def _staff_panel(user):
    from .selectors import staff_panel

    return staff_panel(user)


def _department_panel(user):
    from .selectors import department_panel

    return department_panel(user)


dashboard.register_panel(
    template="applications/panels/enterprise.html",
    roles=[Role.ENTERPRISE],
    context=_enterprise_panel,
    order=30,
)
dashboard.register_panel(
    template="applications/panels/staff.html",
    roles=[Role.SAMR_STAFF],
    context=_staff_panel,
    order=30,
)
dashboard.register_panel(
    template="applications/panels/department.html",
    roles=[Role.DEPARTMENT],
    context=_department_panel,
    order=30,
)
