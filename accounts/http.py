"""Typing help for views: a request whose user is a signed-in portal user."""

from django.http import HttpRequest

from .models import User


class AuthedRequest(HttpRequest):
    """A request past `role_required`: its user is a signed-in portal user."""

    user: User  # type: ignore[assignment]
