"""scripts/check_licenses.py: every runtime dependency's licence can ship under AGPL-3.0-or-later."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("check_licenses", ROOT / "scripts/check_licenses.py")
assert _spec is not None and _spec.loader is not None
check_licenses = importlib.util.module_from_spec(_spec)
sys.modules["check_licenses"] = check_licenses  # dataclasses look their module up there
_spec.loader.exec_module(check_licenses)
Dependency = check_licenses.Dependency


@pytest.mark.parametrize(
    "licence",
    [
        "MIT",
        "MIT License",
        "BSD-3-Clause AND 0BSD AND MIT AND Zlib AND CC0-1.0",
        "Apache Software License; MIT License",
        "LGPL-3.0-only",
        "GNU Lesser General Public License v2 or later (LGPLv2+)",
        "GNU General Public License v2 or later (GPLv2+)",
        "GPL-3.0-or-later",
        "AGPL-3.0-or-later",
        "MPL-2.0 AND MIT",
        "GPL-2.0-only OR MIT",  # a choice: we take MIT
        "PSF-2.0",
    ],
)
def test_licences_that_can_ship_with_agpl_pass(licence):
    assert check_licenses.is_allowed(licence)


@pytest.mark.parametrize(
    "licence",
    [
        "GPL-2.0-only",
        "GNU General Public License v2 (GPLv2)",
        "Other/Proprietary License",
        "Proprietary",
        "UNKNOWN",
        "",
        "SSPL-1.0",
        "BUSL-1.1",
        "CC-BY-NC-4.0",
        "EPL-1.0",
        "MIT AND GPL-2.0-only",  # both apply: the GPL-2.0-only part cannot
        "Apache Software License; Other/Proprietary License",
        "(MIT OR GPL-2.0-only) AND SSPL-1.0",  # not unpicked: reviewed by hand
        "GPL-2.0-only WITH Classpath-exception-2.0",
    ],
)
def test_licences_that_cannot_or_are_not_known_fail(licence):
    assert not check_licenses.is_allowed(licence)


def test_a_gpl2_only_or_proprietary_dependency_fails_the_check():
    pins = {"good": "1.0", "gpl2": "2.0", "closed": "3.0", "gone": "4.0", "moved": "5.0"}
    found = {
        "good": Dependency("good", "1.0", "MIT"),
        "gpl2": Dependency("gpl2", "2.0", "GPL-2.0-only"),
        "closed": Dependency("closed", "3.0", "Other/Proprietary License"),
        "moved": Dependency("moved", "5.1", "MIT"),
    }

    problems = check_licenses.problems(pins, found)

    assert problems == [
        "closed==3.0: licence 'Other/Proprietary License' is not known to be compatible",
        "gone==4.0: not installed, its licence cannot be read (make install)",
        "gpl2==2.0: licence 'GPL-2.0-only' is not known to be compatible",
        "moved: 5.1 installed, 5.0 locked (make install)",
    ]


def test_a_package_reviewed_by_hand_passes_at_its_version_only(monkeypatch):
    monkeypatch.setattr(check_licenses, "REVIEWED", {("odd", "1.0"): ("GPL-3.0-or-later", "read by hand")})
    unknown = {"odd": Dependency("odd", "1.0", "UNKNOWN")}
    assert check_licenses.problems({"odd": "1.0"}, unknown) == []

    newer = {"odd": Dependency("odd", "1.1", "UNKNOWN")}
    assert check_licenses.problems({"odd": "1.1"}, newer) == [
        "odd==1.1: licence 'UNKNOWN' is not known to be compatible (reviewed at 1.0: review it again)"
    ]


def test_the_lock_is_read_with_extras_and_hashes(tmp_path):
    lock = tmp_path / "requirements.lock"
    lock.write_text(
        "--extra-index-url file:///opt/pypi/simple\n"
        "psycopg[binary,pool]==3.3.9 \\\n    --hash=sha256:abc\n"
        "Django==5.2.19 \\\n    --hash=sha256:def\n"
        "    # via -r requirements.in\n"
        "typing_extensions==4.16.0 ; python_version < '3.12'\n"
    )
    assert check_licenses.locked_packages(lock) == {
        "psycopg": "3.3.9",
        "django": "5.2.19",
        "typing-extensions": "4.16.0",
    }


def test_the_project_s_own_dependencies_pass():
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts/check_licenses.py")], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    assert "django " in run.stdout and "BSD-3-Clause" in run.stdout
    assert ": 0 problem(s)" in run.stdout


def test_the_project_says_its_licence():
    text = (ROOT / "LICENSE").read_text()
    assert text.lstrip().startswith(
        "GNU AFFERO GENERAL PUBLIC LICENSE\n                       Version 3, 19 November 2007"
    )
    assert "END OF TERMS AND CONDITIONS" in text
    assert 'license = "AGPL-3.0-or-later"' in (ROOT / "pyproject.toml").read_text()
