"""东莞优品 portal: project package (settings, URLs, Celery) and the core every app uses."""

from .celery import app as celery_app

__all__ = ["celery_app"]
