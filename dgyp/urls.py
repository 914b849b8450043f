"""URL configuration."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns  # noqa: F401  (kept for a later URL-prefixed site)
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("core/", include("dgyp.urls_core")),
    path("", include("portal.urls")),
]

if settings.DEBUG:
    pass
