"""A task the worker test loads with `--include`: it leaves a file behind."""

from pathlib import Path

from rtes_site.celery import app


@app.task(name="tests.infra.touch")
def touch(path: str) -> str:
    Path(path).write_text("done")
    return path
