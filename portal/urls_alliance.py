"""Public pages of the alliance."""

urlpatterns: list = []
