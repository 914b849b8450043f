"""产品类别目录: the yearly product-category catalogue."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Product-category catalogue")

    def ready(self) -> None:
        from dgyp.dashboard import register_panel
        from dgyp.roles import Role

        from . import (
            navigation,  # noqa: F401  (menu entries)
            selectors,
        )

        register_panel(
            template="catalog/panels/staff.html",
            roles=[Role.SAMR_STAFF],
            context=selectors.panel_staff,
            order=30,
        )
        register_panel(
            template="catalog/panels/suggester.html",
            roles=[Role.ASSOCIATION, Role.ENTERPRISE],
            context=selectors.panel_suggester,
            order=30,
        )
        register_panel(
            template="catalog/panels/institution.html",
            roles=[Role.INSTITUTION],
            context=selectors.panel_institution,
            order=30,
        )
        register_panel(
            template="catalog/panels/department.html",
            roles=[Role.DEPARTMENT],
            context=selectors.panel_department,
            order=30,
        )
