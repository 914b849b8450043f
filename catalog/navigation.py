"""Menu entries of the catalogue."""

from django.utils.translation import gettext_lazy as _

from dgyp import navigation
from dgyp.roles import Role

navigation.register(
    label=_("Catalogue management"),
    url_name="catalog:edition_list",
    roles=[Role.SAMR_STAFF],
    order=30,
)
# Always shown: the page says when no catalogue is collecting suggestions.
navigation.register(
    label=_("Catalogue suggestions"),
    url_name="catalog:suggestion_list",
    roles=[Role.ASSOCIATION, Role.ENTERPRISE],
    order=30,
)
navigation.register(
    label=_("Catalogue research"), url_name="catalog:research", roles=[Role.INSTITUTION], order=30
)
navigation.register(
    label=_("Catalogue consultation"),
    url_name="catalog:consultation",
    roles=[Role.DEPARTMENT],
    order=30,
)
