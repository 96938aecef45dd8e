"""The licence files of everything the bundle carries, for the PyInstaller spec.

Every Python distribution whose modules end up in the bundle contributes the
licence files its wheel ships (``*.dist-info/licenses/*``, or ``LICENSE*``,
``COPYING*``, ``NOTICE*``, ``AUTHORS*`` beside its metadata); the Python
runtime contributes its ``LICENSE.txt``. PySide6 and shiboken6 wheels carry
none, so the GNU LGPL 3 and GPL 3 texts they are used under come from
``packaging/licenses/``. A bundled distribution without any licence text stops
the build: nothing ships whose terms we cannot show.

The bundle gets ``licenses/<component>/<file>`` and ``licenses/README.txt``,
an index of every component, its version, its licence and its files; the
.deb's copyright file repeats that index.
"""

from __future__ import annotations

import importlib.metadata as metadata
import re
import sys
import sysconfig
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
LICENCE_FILE = re.compile(r"^(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.IGNORECASE)
#: Distributions whose wheels ship no licence file, and the texts that apply.
FALLBACK_TEXTS = {
    "pyside6": ["LGPL-3.0.txt", "GPL-3.0.txt"],
    "pyside6-essentials": ["LGPL-3.0.txt", "GPL-3.0.txt"],
    "pyside6-addons": ["LGPL-3.0.txt", "GPL-3.0.txt"],
    "shiboken6": ["LGPL-3.0.txt", "GPL-3.0.txt"],
}
#: The app itself is licensed in the repository's LICENSE, not a third party.
OWN = {"img-crm"}


@dataclass(slots=True)
class Component:
    name: str
    version: str
    licence: str
    files: list[tuple[Path, str]] = field(default_factory=list)  # (source, name in bundle)


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _licence_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return str(expression)
    declared = str(meta.get("License") or "").strip()
    if declared and "\n" not in declared and len(declared) <= 80:
        return declared
    classifiers = [
        c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")
    ]
    return " / ".join(classifiers) or "see the files"


def _licence_files(dist: metadata.Distribution) -> list[tuple[Path, str]]:
    """(file, its name under the component's folder) for each licence file."""
    found = []
    for entry in dist.files or ():
        parts = Path(str(entry)).parts
        if not parts or not parts[0].endswith(".dist-info"):
            continue
        if len(parts) > 2 and parts[1] == "licenses":
            name = "/".join(parts[2:])
        elif len(parts) == 2 and LICENCE_FILE.match(parts[1]):
            name = parts[1]
        else:
            continue
        path = Path(str(dist.locate_file(entry)))
        if path.is_file():
            found.append((path, name))
    return found


def distributions_of(top_level_modules: Iterable[str]) -> list[metadata.Distribution]:
    """The installed distributions that provide these top-level modules."""
    owners = metadata.packages_distributions()
    names = {
        _normal(owner)
        for module in top_level_modules
        for owner in owners.get(module, ())
        if _normal(owner) not in OWN
    }
    by_name = {_normal(d.metadata["Name"]): d for d in metadata.distributions()}
    return [by_name[name] for name in sorted(names) if name in by_name]


def python_component() -> Component:
    version = ".".join(map(str, sys.version_info[:3]))
    component = Component("Python", version, "PSF-2.0")
    for candidate in (
        Path(sysconfig.get_path("stdlib")) / "LICENSE.txt",
        Path(sys.base_prefix) / "LICENSE.txt",
        Path(f"/usr/share/doc/python{sys.version_info[0]}.{sys.version_info[1]}/copyright"),
    ):
        if candidate.is_file():
            component.files.append((candidate, f"licenses/Python/{candidate.name}"))
            break
    return component


def components(top_level_modules: Iterable[str]) -> list[Component]:
    """Python and every bundled distribution, each with its licence files."""
    found = [python_component()]
    for dist in distributions_of(top_level_modules):
        name, version = dist.metadata["Name"], dist.version
        component = Component(name, version, _licence_of(dist))
        for path, relative in _licence_files(dist):
            component.files.append((path, f"licenses/{name}/{relative}"))
        if not component.files:
            for text in FALLBACK_TEXTS.get(_normal(name), ()):
                component.files.append((HERE / "licenses" / text, f"licenses/{name}/{text}"))
        found.append(component)
    missing = [c.name for c in found if not c.files]
    if missing:
        raise SystemExit(
            "no licence text found for " + ", ".join(missing) + ": add it to "
            "packaging/third_party.py's FALLBACK_TEXTS with the text in packaging/licenses/"
        )
    return found


def index(found: list[Component]) -> str:
    """``licenses/README.txt``: one block per component."""
    lines = [
        "Third-party components in this bundle, each under its own licence.",
        "The full texts are in the folders named below, beside this file.",
        "",
    ]
    for component in found:
        lines.append(f"{component.name} {component.version}: {component.licence}")
        lines.extend(f"    {bundle_name}" for _, bundle_name in component.files)
    return "\n".join(lines) + "\n"
