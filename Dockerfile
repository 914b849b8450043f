# 东莞优品 portal: one image for web (gunicorn), worker and beat (celery) and migrate.
# See docker-compose.yml for the topology and .env.example for the configuration.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=dgyp.settings.prod \
    DGYP_VAR_DIR=/app/var \
    PRIVATE_MEDIA_ROOT=/data/private

# WeasyPrint's libraries, CJK fonts for the PDF certificates, msgfmt for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk gettext \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 dgyp \
    && useradd --system --uid 10001 --gid dgyp --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin dgyp

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them. pyproject.toml installs
# no package of its own (packages = []): the code runs from /app.
COPY pyproject.toml ./
RUN pip install --no-cache-dir . && rm -rf build ./*.egg-info

COPY . .

# Translations and static files are baked into the image. The settings need a secret key,
# a database and a broker to load: dummy values, for this RUN only (nothing is connected to).
RUN SECRET_KEY=build-only-not-a-secret \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    REDIS_URL=redis://127.0.0.1:6379/0 \
    sh -c 'set -e; \
        if [ -n "$(find . -path "*/LC_MESSAGES/*.po" -print -quit)" ]; then \
            python manage.py compilemessages --ignore=var; \
        fi; \
        python manage.py collectstatic --noinput -v 0; \
        rm -f /tmp/build.sqlite3'

# Writable by the app user: private uploads and the beat schedule (named volumes in
# docker-compose.yml take this ownership when first created) and var/ itself; the code and
# var/staticfiles stay owned by root.
RUN mkdir -p /data/private /data/beat /app/var \
    && chown dgyp:dgyp /data/private /data/beat /app/var

USER dgyp

EXPOSE 8000

CMD ["gunicorn", "dgyp.wsgi:application", "-b", "0.0.0.0:8000", "--workers", "3", "--timeout", "60"]
