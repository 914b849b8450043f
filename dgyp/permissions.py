"""Role checks for views: a decorator answering 403 to the wrong role (login for anonymous)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from dgyp.exceptions import PermissionDenied as DomainPermissionDenied


def role_required(*roles: str) -> Callable:
    """The view needs a signed-in user holding one of `roles` (any role when none given)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if roles and not user.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_roles = frozenset(roles)  # type: ignore[attr-defined]
        return wrapped

    return decorator


def require_role(by: Any, *roles: str) -> None:
    """In a service: the acting user must be signed in and hold one of `roles`."""
    if by is None or not getattr(by, "is_authenticated", False) or not by.has_role(*roles):
        raise DomainPermissionDenied()
