"""Menu entries and dashboard panels of the alliance, per role."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dgyp import dashboard, navigation
from dgyp.roles import Role

from . import selectors


def register_all() -> None:
    navigation.register(
        label=_("Alliance calls"),
        url_name="alliance:call_list",
        roles=[Role.SAMR_STAFF, Role.AUDITOR],
        order=30,
    )
    navigation.register(
        label=_("Alliance members"),
        url_name="alliance:member_list",
        roles=[Role.SAMR_STAFF, Role.AUDITOR],
        order=31,
    )
    navigation.register(
        label=_("My alliance applications"),
        url_name="alliance:my_applications",
        roles=[Role.INSTITUTION],
        order=30,
    )
    navigation.register(
        label=_("Alliance screening"),
        url_name="alliance:screening_list",
        roles=[Role.ASSOCIATION],
        order=30,
    )
    navigation.register(
        label=_("Proposed alliance list"),
        url_name="alliance:consultation_list",
        roles=[Role.DEPARTMENT],
        order=30,
    )
    navigation.register(
        label=_("Rate alliance institutions"),
        url_name="alliance:rating_list",
        roles=[Role.ENTERPRISE],
        order=30,
    )
    dashboard.register_panel(
        template="alliance/panels/staff.html",
        roles=[Role.SAMR_STAFF],
        context=selectors.panel_staff,
        order=30,
    )
    dashboard.register_panel(
        template="alliance/panels/institution.html",
        roles=[Role.INSTITUTION],
        context=selectors.panel_institution,
        order=30,
    )
    dashboard.register_panel(
        template="alliance/panels/association.html",
        roles=[Role.ASSOCIATION],
        context=selectors.panel_association,
        order=30,
    )
    dashboard.register_panel(
        template="alliance/panels/department.html",
        roles=[Role.DEPARTMENT],
        context=selectors.panel_department,
        order=30,
    )
    dashboard.register_panel(
        template="alliance/panels/enterprise.html",
        roles=[Role.ENTERPRISE],
        context=selectors.panel_enterprise,
        order=30,
    )
