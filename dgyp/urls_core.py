"""URLs."""

urlpatterns: list = []
