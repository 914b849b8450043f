"""URL configuration."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("core/", include("dgyp.urls_core")),
    # Working pages of each stage (signed-in users), in lifecycle order.
    path("catalog/", include("catalog.urls")),
    path("alliance/", include("alliance.urls")),  # public alliance pages: portal, same prefix
    path("applications/", include("applications.urls")),
    path("", include("portal.urls")),
]
