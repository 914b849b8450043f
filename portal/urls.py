"""URLs of the public site. Each stage's public pages live in their own module."""

from django.urls import include, path

from .views import home, notices

app_name = "portal"

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz/", home.healthz, name="healthz"),
    path("notices/", notices.notice_list, name="notice_list"),
    path("notices/<int:pk>/", notices.notice_detail, name="notice_detail"),
    path("catalogue/", include("portal.urls_catalog")),
    path("alliance/", include("portal.urls_alliance")),
    path("calls/", include("portal.urls_calls")),
]
