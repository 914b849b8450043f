"""Local development: `make run`. SQLite and the filesystem Celery broker unless overridden."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)

# runserver serves static files itself; WhiteNoise then finds them without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
