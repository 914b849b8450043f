"""The role-based menu. Apps register their entries in AppConfig.ready(); the shell renders them
for the roles the user holds, so the core knows no app."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: frozenset[str]  # empty: every signed-in user
    order: int = 100
    section: str = ""

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_items: list[NavItem] = []


def register(
    *,
    label: str | Promise,
    url_name: str,
    roles: Iterable[str] = (),
    order: int = 100,
    section: str = "",
) -> None:
    item = NavItem(label, url_name, frozenset(str(r) for r in roles), order, section)
    if item not in _items:
        _items.append(item)


def items_for(role_names: frozenset[str], current_path: str) -> list[dict]:
    visible = [i for i in _items if not i.roles or i.roles & role_names]
    result = []
    for item in sorted(visible, key=lambda i: (i.order, str(i.label))):
        url = item.url
        result.append(
            {
                "label": item.label,
                "url": url,
                "active": current_path == url or (url != "/" and current_path.startswith(url)),
                "section": item.section,
            }
        )
    return result
