"""What the views of applications share."""

from __future__ import annotations

from django.http import HttpRequest

from accounts.models import User


class AuthedRequest(HttpRequest):
    """A request past `role_required`: its user is a signed-in portal user."""

    user: User  # type: ignore[assignment]
