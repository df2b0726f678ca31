#!/usr/bin/env python3
"""Every runtime dependency's licence is one that AGPL-3.0-or-later (the project's licence) can be
combined with; `make check` runs this.

    .venv/bin/python scripts/check_licenses.py [--lock requirements.lock]

Lists every package pinned in requirements.lock (what production installs; dev tools are not
shipped) with the licence pip-licenses reads from its installed metadata, and exits 1 when one is
not on the allow-list below, is missing, or is installed at another version than the lock's. A
licence expression passes when each of its ``AND`` parts is allowed, or one of its ``OR`` choices
is. A package whose metadata names no licence, or an unusual one, passes only when it is in
REVIEWED: read by hand, at that version, with the reason written down.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Licences whose code may be combined into an AGPL-3.0-or-later work: permissive ones, weak copyleft
# (MPL-2.0 file by file; LGPL), and GPLv3-family copyleft (GPLv3 §13 and AGPLv3 §13 let the two be
# combined; "GPL-2.0-or-later" may be taken as GPL-3.0-or-later). SPDX identifiers and the trove
# classifiers' names, compared case-insensitively. Not here, so refused: GPL-2.0-only and
# LGPL-2.0-only without "or later", EPL, CDDL, SSPL, BUSL, non-commercial or proprietary terms,
# and UNKNOWN.
ALLOWED = {
    name.lower()
    for name in (
        # permissive
        "MIT", "MIT License", "MIT-0", "MIT-CMU", "X11",
        "BSD", "BSD License", "BSD-2-Clause", "BSD-3-Clause", "0BSD",
        "ISC", "ISC License", "ISC License (ISCL)",
        "Apache-2.0", "Apache Software License", "Apache License 2.0", "Apache License, Version 2.0",
        "PSF-2.0", "Python-2.0", "Python Software Foundation License",
        "Zlib", "zlib/libpng License", "HPND", "Historical Permission Notice and Disclaimer (HPND)",
        "BSL-1.0", "Boost Software License 1.0 (BSL-1.0)",
        "Unlicense", "The Unlicense (Unlicense)", "CC0-1.0", "CC0 1.0 Universal (CC0 1.0) Public Domain Dedication",
        "Public Domain",
        # weak copyleft
        "MPL-2.0", "Mozilla Public License 2.0 (MPL 2.0)",
        "LGPL-2.1-only", "LGPL-2.1-or-later", "LGPL-3.0-only", "LGPL-3.0-or-later", "LGPL-2.0-or-later",
        "GNU Lesser General Public License v2 or later (LGPLv2+)",
        "GNU Lesser General Public License v3 (LGPLv3)",
        "GNU Lesser General Public License v3 or later (LGPLv3+)",
        "GNU Library or Lesser General Public License (LGPL)",
        # strong copyleft that AGPL-3.0-or-later can be combined with
        "GPL-2.0-or-later", "GNU General Public License v2 or later (GPLv2+)",
        "GPL-3.0-only", "GPL-3.0-or-later",
        "GNU General Public License v3 (GPLv3)", "GNU General Public License v3 or later (GPLv3+)",
        "AGPL-3.0-only", "AGPL-3.0-or-later",
        "GNU Affero General Public License v3", "GNU Affero General Public License v3 or later (AGPLv3+)",
    )
}  # fmt: skip

# Packages read by hand, at the version locked: (name, version) -> (licence, why it is fine).
REVIEWED: dict[tuple[str, str], tuple[str, str]] = {
    ("vietnam-provinces", "2025.10.1"): (
        "GPL-3.0-or-later",
        "its wheel's metadata names no licence; the project's pyproject.toml at the commit that made "
        "2025.10.1 (github.com/sunshine-tech/VietnamProvinces, dcf452b) says GPL-3.0-or-later, "
        "which AGPL-3.0 §13 lets us combine with",
    ),
}

_LOCKED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s\\;]+)")


@dataclass(frozen=True)
class Dependency:
    name: str
    version: str
    licence: str


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_packages(lock: Path) -> dict[str, str]:
    """name -> version of every package pinned in a pip-compile lock file."""
    pins = {}
    for line in lock.read_text().splitlines():
        if match := _LOCKED.match(line):
            pins[normalized(match[1])] = match[2]
    return pins


def installed_licences(names: list[str]) -> dict[str, Dependency]:
    """What pip-licenses reads for ``names`` in this environment (SPDX expression or classifiers)."""
    pip_licenses = Path(sys.executable).parent / "pip-licenses"
    run = subprocess.run(  # noqa: S603 (our own tool, our own arguments)
        [str(pip_licenses), "--from=mixed", "--format=json", "--packages", *names],
        capture_output=True,
        text=True,
        check=True,
    )
    found = {}
    for row in json.loads(run.stdout):
        dependency = Dependency(normalized(row["Name"]), row["Version"], row["License"])
        found[dependency.name] = dependency
    return found


def is_allowed(licence: str) -> bool:
    """Whether a licence (an SPDX expression, or trove classifiers joined by "; ") is on the list.

    Classifiers listed together all apply (a package may say "Apache; MIT"): each must be allowed.
    In an SPDX expression each AND part must be allowed, or one OR choice. Parentheses and WITH
    exceptions are not unpicked: such an expression is reviewed by hand (REVIEWED)."""
    licence = licence.strip()
    if not licence or licence.upper() == "UNKNOWN":
        return False
    names = [name.strip() for name in licence.split(";")]
    if len(names) > 1 or licence.lower() in ALLOWED:
        return all(name.lower() in ALLOWED for name in names)
    if "(" in licence or " WITH " in licence:
        return False
    if " OR " in licence and " AND " not in licence:
        return any(choice.strip().lower() in ALLOWED for choice in licence.split(" OR "))
    return all(part.strip().lower() in ALLOWED for part in licence.split(" AND "))


def problems(pins: dict[str, str], found: dict[str, Dependency]) -> list[str]:
    """Why the dependencies cannot ship under AGPL-3.0-or-later; empty when they can."""
    wrong = []
    for name, version in sorted(pins.items()):
        dependency = found.get(name)
        if dependency is None:
            wrong.append(f"{name}=={version}: not installed, its licence cannot be read (make install)")
            continue
        if dependency.version != version:
            wrong.append(f"{name}: {dependency.version} installed, {version} locked (make install)")
            continue
        if (name, version) in REVIEWED:
            continue
        if not is_allowed(dependency.licence):
            reviewed_versions = [v for n, v in REVIEWED if n == name]
            hint = f" (reviewed at {', '.join(reviewed_versions)}: review it again)" if reviewed_versions else ""
            wrong.append(f"{name}=={version}: licence {dependency.licence!r} is not known to be compatible{hint}")
    return wrong


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lock", type=Path, default=ROOT / "requirements.lock")
    args = parser.parse_args(argv)
    pins = locked_packages(args.lock)
    found = installed_licences(sorted(pins))
    width = max(len(name) for name in pins) + 2
    for name, version in sorted(pins.items()):
        dependency = found.get(name)
        licence = dependency.licence if dependency else "(not installed)"
        if (name, version) in REVIEWED:
            licence = f"{REVIEWED[name, version][0]} (reviewed: {REVIEWED[name, version][1]})"
        print(f"{name:{width}}{version:14}{licence}")
    wrong = problems(pins, found)
    for problem in wrong:
        print(f"NOT COMPATIBLE with AGPL-3.0-or-later: {problem}", file=sys.stderr)
    print(f"{len(pins)} runtime dependencies from {args.lock.name}: {len(wrong)} problem(s)")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
