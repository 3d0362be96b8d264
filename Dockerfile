# Production image: the project installed as a package (`pip install .`), served by
# gunicorn. The same image runs the Celery worker and beat (see docker-compose.yml).
FROM python:3.11-slim

# RTES_PROJECT_DIR: templates/, static/ and locale/ are read from the copied project.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=rtes_site.settings \
    RTES_PROJECT_DIR=/app \
    RTES_VAR_DIR=/app/var \
    DJANGO_MEDIA_ROOT=/data/media

RUN useradd --create-home --uid 1000 rtes

WORKDIR /app

# Dependencies first, in their own layer: a code change does not reinstall them.
COPY pyproject.toml ./
RUN python -c "import subprocess, sys, tomllib; \
deps = tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']; \
subprocess.check_call([sys.executable, '-m', 'pip', 'install', *deps])"

# The .mo files are committed; static files are collected once, at build time
# (the throwaway key only lets the settings load; nothing is signed with it).
COPY . .
RUN pip install --no-deps . \
    && rm -rf build ./*.egg-info \
    && DJANGO_SECRET_KEY=collectstatic-build-step-only \
       python manage.py collectstatic --noinput --verbosity=0 \
    && mkdir -p /app/var/celery /app/var/mail /data/media \
    && chown -R rtes:rtes /app/var /data

USER rtes
EXPOSE 8000

CMD ["gunicorn", "rtes_site.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-"]
