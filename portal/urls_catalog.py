"""Public pages of the catalog (mounted at /catalogue/, names `portal:catalog_*`)."""

from django.urls import path

from .views import catalog

urlpatterns = [
    path("", catalog.catalogue_current, name="catalog_current"),
    path("<int:year>/", catalog.catalogue_edition, name="catalog_edition"),
    path("<int:year>/call/", catalog.catalogue_call, name="catalog_call"),
]
