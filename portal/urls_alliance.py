"""Public pages of the alliance (mounted at /alliance/ in the portal namespace).

The signed-in pages share the prefix (alliance/urls.py); these paths never collide with them."""

from django.urls import path

from .views import alliance

urlpatterns = [
    path("", alliance.index, name="alliance_index"),
    path("call/<int:pk>/", alliance.call, name="alliance_call"),
    path("proposed/<int:pk>/", alliance.proposed, name="alliance_proposed"),
    path("members/", alliance.members, name="alliance_members"),
]
