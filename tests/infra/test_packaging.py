"""A non-editable install (`pip install .`, as in the Dockerfile) ships every module.

`site/` installs as `rtes_site`, so a forgotten subpackage or data file would only
show up in production. Build the wheel from a copy of the sources, without network.
"""

import shutil
import subprocess
import sys
import zipfile

from .helpers import PROJECT_DIR, child_env, run_python

# Source folder -> import name.
PACKAGES = {
    "site": "rtes_site",
    "territories": "territories",
    "practices": "practices",
    "search": "search",
}
BUILD_FILES = ("pyproject.toml", "setup.py", "README.md")


def source_files() -> set[str]:
    """Every file of the packages, named as it must appear in the wheel."""
    names = set()
    for folder, package in PACKAGES.items():
        for path in (PROJECT_DIR / folder).rglob("*"):
            relative = path.relative_to(PROJECT_DIR / folder)
            if path.is_file() and "__pycache__" not in relative.parts:
                names.add(f"{package}/{relative.as_posix()}")
    return names


def build_wheel(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    for name in BUILD_FILES:
        if (PROJECT_DIR / name).exists():
            shutil.copy(PROJECT_DIR / name, source / name)
    for folder in PACKAGES:
        shutil.copytree(
            PROJECT_DIR / folder,
            source / folder,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
    result = subprocess.run(  # noqa: S603
        [
            *(sys.executable, "-m", "pip", "wheel", "--no-deps"),
            *("--no-build-isolation", "--disable-pip-version-check"),
            *(str(source), "--wheel-dir", str(tmp_path / "dist")),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    return wheel


def test_wheel_contains_every_module_and_data_file(tmp_path):
    expected = source_files()
    assert "rtes_site/settings.py" in expected
    assert "territories/migrations/__init__.py" in expected

    wheel = build_wheel(tmp_path)
    shipped = set(zipfile.ZipFile(wheel).namelist())

    assert sorted(expected - shipped) == []
    assert not any(name.startswith("site/") for name in shipped)

    # The installed copy, not the checkout, boots Django and its apps.
    target = tmp_path / "installed"
    zipfile.ZipFile(wheel).extractall(target)
    env = child_env(
        tmp_path / "var",
        DJANGO_DEBUG="true",
        PYTHONPATH=str(target),
        RTES_PROJECT_DIR=str(PROJECT_DIR),
    )
    code = (
        "import django, rtes_site, territories, practices, search; django.setup();"
        "from django.core.management import call_command; call_command('check');"
        "print([m.__file__ for m in (rtes_site, territories, practices, search)])"
    )
    # Run outside the checkout, whose folders would shadow the installed copy.
    result = run_python(code, env, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(str(target)) == len(PACKAGES), result.stdout
