"""Imports go one way (docs/architecture.md): tracker ← recommendations ← panels ← reporting."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Each app, and the apps it may import.
ALLOWED = {
    "tracker": set(),
    "recommendations": {"tracker"},
    "panels": {"tracker", "recommendations"},
    "reporting": {"tracker", "recommendations", "panels"},
}
LINES_PER_MODULE = 400


def modules(app):
    return sorted(path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts)


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names & set(ALLOWED)


@pytest.mark.parametrize("app", ALLOWED)
def test_each_app_imports_only_the_apps_to_its_left(app):
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) - ALLOWED[app] - {app})
        for path in modules(app)
    }
    assert {path: apps for path, apps in wrong.items() if apps} == {}


@pytest.mark.parametrize("app", ALLOWED)
def test_no_module_outgrows_400_lines(app):
    long = {
        str(path.relative_to(ROOT)): lines
        for path in modules(app)
        if (lines := len(path.read_text().splitlines())) > LINES_PER_MODULE
    }
    assert long == {}


def test_the_checker_sees_an_import_that_goes_the_wrong_way(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text("from panels.models import Finding\nimport reporting.views\nfrom . import local\n")
    assert imported_apps(module) == {"panels", "reporting"}
