"""The RTES Django project, importable as ``rtes_site`` (see pyproject.toml)."""

from .celery import app as celery_app

__all__ = ("celery_app",)
