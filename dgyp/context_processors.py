"""What every page's shell needs: the menu for the user's roles and the unread count."""

from django.http import HttpRequest

from dgyp import navigation
from dgyp.notifications import unread_count


def shell(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "unread_notifications": 0}
    roles: frozenset[str] = getattr(user, "role_names", frozenset())
    return {
        "nav_items": navigation.items_for(roles, request.path),
        "unread_notifications": unread_count(user),
        "user_roles": sorted(roles),
    }
