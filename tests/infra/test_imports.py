"""Apps depend downward only, without import circles, and import at the top.

The layers (territories ← practices ← search ← digests ← rtes_site) and the ban on
circles inside an app are import-linter contracts in pyproject.toml; a
function-local import of a project module, the usual way to hide a circle, is
refused here unless a comment beside it says why it cannot be at the top.
"""

import ast
import subprocess
import sys
from pathlib import Path

from .helpers import PROJECT_DIR

APP_FOLDERS = {
    "territories": "territories",
    "practices": "practices",
    "search": "search",
    "digests": "digests",
    "opendata": "opendata",
    "site": "rtes_site",
}
PROJECT_PACKAGES = set(APP_FOLDERS.values())


def test_import_linter_contracts_are_kept():
    linter = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(  # noqa: S603 - our own virtualenv's tool
        [str(linter), "--no-cache"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def local_imports(path: Path) -> list[tuple[int, str, str]]:
    """(line, function, module) of each import of a project module in a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom):
                module = "." * node.level + (node.module or "")
            elif isinstance(node, ast.Import):
                module = node.names[0].name
            else:
                continue
            if module.startswith(".") or module.split(".")[0] in PROJECT_PACKAGES:
                found.append((node.lineno, function.name, module))
    return found


def explained(lines: list[str], lineno: int) -> bool:
    """A comment on the import's line or on the line just above it."""
    return "#" in lines[lineno - 1] or lines[lineno - 2].strip().startswith("#")


def test_no_function_local_import_of_a_project_module_without_a_reason():
    unexplained = []
    for folder in APP_FOLDERS:
        for path in (PROJECT_DIR / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            lines = path.read_text(encoding="utf-8").splitlines()
            for lineno, function, module in local_imports(path):
                if path.name == "apps.py" and function == "ready":
                    continue  # where Django wants signal receivers connected
                if not explained(lines, lineno):
                    relative = path.relative_to(PROJECT_DIR)
                    unexplained.append(f"{relative}:{lineno} {function}: {module}")
    assert unexplained == []
