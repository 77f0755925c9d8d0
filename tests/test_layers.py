"""The import layers of DESIGN.md §4 hold, so a new back-edge fails the suite as well as lint.

The contract itself is [tool.importlinter] in pyproject.toml (run by `make lint`). Views are
outside it, as the web layer over every area; in exchange only app.py may import a view.
"""

import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.no_db


def is_view(module):
    return "views" in module.split(".")


def views_package(module):
    parts = module.split(".")
    return ".".join(parts[:parts.index("views") + 1])


def test_the_import_layers_hold():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True,
                            text=True, env={"PYTHONPATH": str(ROOT), "NO_COLOR": "1",
                                            "PATH": "/usr/bin:/bin"}, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_only_the_app_imports_a_view():
    graph = grimp.build_graph("registry", cache_dir=None)
    wrong = sorted(f"{importer} -> {view}"
                   for view in graph.modules if is_view(view)
                   for importer in graph.find_modules_that_directly_import(view)
                   if importer != "registry.app"
                   and not (is_view(importer) and views_package(importer) == views_package(view)))
    assert not wrong, "views are imported only by registry/app.py: " + ", ".join(wrong)
