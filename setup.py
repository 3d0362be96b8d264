"""Package list for setuptools; everything else is in pyproject.toml.

`site/` installs under the import name `rtes_site` (the standard library owns
`site`), which `[tool.setuptools.packages.find]` cannot express; finding the
subpackages here keeps a non-editable install (`pip install .`) complete when a
new subpackage appears.
"""

from setuptools import find_packages, setup

APPS = ("territories", "practices", "search", "digests", "opendata")

setup(
    packages=[
        *find_packages(
            include=[pattern for app in APPS for pattern in (app, f"{app}.*")]
        ),
        "rtes_site",
        *(f"rtes_site.{name}" for name in find_packages("site")),
    ],
)
