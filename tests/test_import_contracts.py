"""The import contracts (pyproject.toml [tool.importlinter]) hold, and break when a module that is not
the web layer imports it: an existing module (orders/cart.py) or one that an app adds tomorrow."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(cwd / "pyproject.toml")],
        cwd=cwd,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_contracts_hold_on_the_code_as_it_is():
    run = lint_imports(ROOT)
    assert run.returncode == 0, run.stdout[-3000:]
    assert "0 broken" in run.stdout


def test_a_module_outside_the_web_layer_importing_it_breaks_the_contract(tmp_path):
    # given a copy of the project where cart.py imports the orders' forms, and a new module of the
    # live app (which no list names) imports django-ninja
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "templates", "static", "fonts", "migrations", "demo")
    for package in ("chophien", "config"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    cart = tmp_path / "chophien/orders/cart.py"
    cart.write_text(cart.read_text() + "\nfrom chophien.orders import forms  # noqa\n")
    (tmp_path / "chophien/live/brand_new.py").write_text("import ninja  # noqa\n")

    # when
    run = lint_imports(tmp_path)

    # then
    assert run.returncode == 1, run.stdout[-3000:]
    assert "chophien.orders.cart -> chophien.orders.forms" in run.stdout
    assert "chophien.live.brand_new -> ninja" in run.stdout
    assert "2 kept, 1 broken" in run.stdout
