"""Dashboard panels. Apps register a panel per role in AppConfig.ready(); the dashboard page
(accounts) renders the panels of the role being shown, so it imports no later app."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Panel:
    template: str
    roles: frozenset[str]
    context: Callable[[Any], dict]  # (user) -> template context; keep it to a few queries
    order: int = 100


_panels: list[Panel] = []


def register_panel(
    *, template: str, roles: Iterable[str], context: Callable[[Any], dict], order: int = 100
) -> None:
    panel = Panel(template, frozenset(str(r) for r in roles), context, order)
    if all(p.template != template for p in _panels):
        _panels.append(panel)


def panels_for(role: str | None, user: Any) -> list[dict]:
    if role is None:
        return []
    chosen = sorted((p for p in _panels if role in p.roles), key=lambda p: p.order)
    return [{"template": p.template, "context": p.context(user)} for p in chosen]
