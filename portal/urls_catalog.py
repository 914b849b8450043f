"""Public pages of the catalog."""

urlpatterns: list = []
