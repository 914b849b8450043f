"""Tests: SQLite by default, PostgreSQL when DATABASE_URL is set (as `make test` does)."""

import atexit
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, env

_tmp = Path(tempfile.mkdtemp(prefix="dgyp-test-"))
atexit.register(shutil.rmtree, _tmp, ignore_errors=True)
PRIVATE_MEDIA_ROOT = _tmp / "private"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = _tmp / "static"
STATIC_ROOT.mkdir()
WHITENOISE_USE_FINDERS = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run in-process unless a test starts a real worker (tests/core/test_celery_worker.py).
CELERY_TASK_ALWAYS_EAGER = env.bool("DGYP_CELERY_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
if not env("REDIS_URL", default=""):
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {}
    DATABASES["default"]["TEST"] = {"NAME": str(_tmp / "test.sqlite3")}
