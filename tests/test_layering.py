"""The layering holds: the import-linter contracts in pyproject.toml are kept, and a
deliberate violation of each kind breaks its contract.

The core stays Qt-free, so CI and the command line need no display libraries: nothing
under models/ imports PySide6 or desktop_app, statically or when imported.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
FORBIDDEN = ("PySide6", "desktop_app", "shiboken6")


def _imported_modules(source: Path) -> set[str]:
    tree = ast.parse(source.read_text(), filename=str(source))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_no_module_of_the_core_imports_qt_or_the_gui():
    offenders = {
        str(path.relative_to(MODELS.parent)): sorted(
            m for m in _imported_modules(path) if m.split(".")[0] in FORBIDDEN
        )
        for path in MODELS.rglob("*.py")
    }
    offenders = {k: v for k, v in offenders.items() if v}
    assert offenders == {}


def test_importing_every_core_module_loads_no_qt():
    modules = sorted(
        ".".join(p.relative_to(MODELS.parent).with_suffix("").parts).removesuffix(".__init__")
        for p in MODELS.rglob("*.py")
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'desktop_app')]\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr


def _lint_imports(root: Path) -> tuple[int, str]:
    """Run import-linter on the packages under ``root`` with ``root``'s contracts."""
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    lint = lint or shutil.which("lint-imports")
    assert lint, "import-linter is part of the test extra"
    env = dict(os.environ, PYTHONPATH=str(root))
    result = subprocess.run([lint, "--no-cache", "--config", str(root / "pyproject.toml")],
                            cwd=root, env=env, capture_output=True, text=True, timeout=120)
    return result.returncode, " ".join((result.stdout + result.stderr).split())


def test_every_import_contract_is_kept():
    code, report = _lint_imports(ROOT)
    assert code == 0, report
    assert "0 broken" in report


@pytest.mark.parametrize(
    ("module", "violation", "contract"),
    [
        ("models/domain/values.py", "from PySide6.QtCore import QObject",
         "The core (models) never imports the editor or Qt"),
        ("models/domain/model.py", "import models.analysis",
         "Inside the core, each layer imports only the layers below it"),
        ("desktop_app/panels/palette.py", "import desktop_app.main_window",
         "Panels and canvas never import the main window, its menus or the start-up"),
        ("desktop_app/canvas/items/service_item.py", "import desktop_app.canvas.scene",
         "The canvas: view above gestures above scene above level of detail above items"),
        ("desktop_app/files/recent.py", "import desktop_app.files.file_commands",
         "No import cycles between the modules of one package, anywhere"),
    ],
    ids=["qt-in-core", "domain-uses-analysis", "panel-uses-window", "item-uses-scene",
         "cycle-in-files"],
)
def test_a_deliberate_violation_breaks_its_contract(tmp_path, module, violation, contract):
    for package in ("models", "desktop_app"):
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    with (tmp_path / module).open("a", encoding="utf-8") as source:
        source.write(f"\n{violation}  # deliberate\n")
    code, report = _lint_imports(tmp_path)
    assert code == 1, report
    assert f"{contract} BROKEN" in report
