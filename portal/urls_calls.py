"""Public pages of calls for applications (申报通知). Included in portal/urls.py as
`path("calls/", include("portal.urls_calls"))`, inside the portal namespace."""

from django.urls import path

from .views import calls

urlpatterns = [
    path("", calls.call_list, name="call_list"),
    path("<int:pk>/", calls.call_detail, name="call_detail"),
]
