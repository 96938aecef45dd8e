"""The Linux package end to end: validators, contents, install, launch, remove.

Run by `make package-test` (which builds the .deb first) and by CI; deselected
from `make test` because building the bundle takes minutes.
"""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from img_crm import APP_ID, __version__

pytestmark = pytest.mark.package

ROOT = Path(__file__).resolve().parents[2]
INSTALL_DIR = Path("/usr/lib/img-crm")
BUNDLE = "usr/lib/img-crm"
# The xcb libraries Qt's X11 plugin loads and PySide6 does not bundle.
REQUIRED_DEPENDS = {
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxkbcommon-x11-0",
    "libegl1",
    "libfontconfig1",
}


@pytest.fixture(scope="module")
def deb() -> Path:
    path = ROOT / "dist" / f"img-crm_{__version__}_amd64.deb"
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `make package` first")
    return path


@pytest.fixture(scope="module")
def unpacked(deb: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("deb-root")
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    return root


def control(deb: Path) -> dict[str, str]:
    text = subprocess.run(
        ["dpkg-deb", "-f", str(deb)], check=True, capture_output=True, text=True
    ).stdout
    return dict(re.findall(r"^([\w-]+): (.*)$", text, re.M))


def test_lintian_reports_no_errors(deb: Path) -> None:
    result = subprocess.run(
        ["lintian", "--tag-display-limit", "0", str(deb)], capture_output=True, text=True
    )
    errors = [line for line in result.stdout.splitlines() if line.startswith("E:")]
    assert errors == []
    assert result.returncode == 0, result.stdout + result.stderr


def test_desktop_file_and_metainfo_validate(unpacked: Path) -> None:
    desktop = unpacked / "usr/share/applications" / f"{APP_ID}.desktop"
    metainfo = unpacked / "usr/share/metainfo" / f"{APP_ID}.metainfo.xml"
    result = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout == "", result.stdout
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(metainfo)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout
    text = metainfo.read_text(encoding="utf-8")
    assert f'<release version="{__version__}"' in text
    assert "<screenshot" in text and f"{APP_ID}.desktop" in text


def test_control_names_version_size_and_xcb_depends(deb: Path) -> None:
    fields = control(deb)
    assert fields["Package"] == "img-crm"
    assert fields["Version"] == __version__
    assert fields["Architecture"] == "amd64"
    depends = {part.split()[0] for part in re.split(r"[,|]", fields["Depends"])}
    assert depends >= REQUIRED_DEPENDS
    assert deb.stat().st_size < 80 * 2**20


def test_package_holds_the_bundle_link_icons_and_docs(unpacked: Path) -> None:
    link = unpacked / "usr/bin/img-crm"
    assert link.is_symlink() and os.readlink(link) == f"/{BUNDLE}/img-crm"
    assert os.access(unpacked / BUNDLE / "img-crm", os.X_OK)
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        icon = unpacked / f"usr/share/icons/hicolor/{size}x{size}/apps/img-crm.png"
        assert icon.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (unpacked / "usr/share/icons/hicolor/scalable/apps/img-crm.svg").is_file()
    assert (unpacked / "usr/share/man/man1/img-crm.1.gz").is_file()
    assert "License: Expat" in (unpacked / "usr/share/doc/img-crm/copyright").read_text()
    assert (unpacked / BUNDLE / "_internal/resources/icons/img-crm.svg").is_file()
    assert not (unpacked / "opt").exists()  # dpkg would try to remove /opt, which no package owns


def _elf_needs(root: Path) -> dict[str, set[str]]:
    """soname -> the bundle's ELF files that need it, for sonames the bundle lacks."""
    carried = {path.name for path in root.rglob("*")}
    needs: dict[str, set[str]] = {}
    for path in root.rglob("*"):
        if path.is_symlink() or not path.is_file() or "libqgtk3" in path.name:
            continue
        with open(path, "rb") as handle:
            if handle.read(4) != b"\x7fELF":
                continue
        dump = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True).stdout
        for soname in re.findall(r"^\s+NEEDED\s+(\S+)", dump, re.M):
            if soname not in carried:
                needs.setdefault(soname, set()).add(path.name)
    return needs


def test_bundle_carries_the_python_runtime_it_was_built_with(unpacked: Path) -> None:
    internal = unpacked / BUNDLE / "_internal"
    assert list(internal.glob("libpython3.*.so*")), "the interpreter's shared library"
    dynload = next(internal.glob("python3.*/lib-dynload"))
    modules = {path.name.split(".")[0] for path in dynload.iterdir()}
    # The compiled standard library the app needs (Debian's python3 builds zlib
    # and a few others into libpython itself, so they are not listed here).
    assert {"_sqlite3", "_ssl", "_hashlib", "_ctypes", "_decimal", "_json"} <= modules


def test_depends_list_every_system_library_the_bundle_links(deb: Path, unpacked: Path) -> None:
    depends = {part.split()[0] for part in re.split(r"[,|]", control(deb)["Depends"])}
    cache = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True).stdout
    where = dict(re.findall(r"^\s+(\S+) \(libc6,x86-64[^)]*\) => (\S+)", cache, re.M))
    uncovered = []
    for soname, users in sorted(_elf_needs(unpacked / BUNDLE).items()):
        path = where.get(soname)
        assert path, f"{soname} (needed by {sorted(users)[:3]}) is not on this system"
        owner = subprocess.run(
            ["dpkg", "-S", os.path.realpath(path)], capture_output=True, text=True
        ).stdout.split(":", 1)[0]
        if owner and owner not in depends:
            uncovered.append(f"{soname} from {owner}")
    assert uncovered == []
    # With the runtime inside, its modules' libraries are dependencies too
    # (Ubuntu 24.04 and Debian 13 renamed some with a t64 suffix).
    assert {"libssl3", "libsqlite3-0", "libffi8"} <= {name.removesuffix("t64") for name in depends}


def test_every_bundled_component_ships_its_licence_and_is_listed(unpacked: Path) -> None:
    internal = unpacked / BUNDLE / "_internal"
    index = (internal / "licenses" / "README.txt").read_text(encoding="utf-8")
    listed = re.findall(r"^(\S+) (\S+): (.+)$", index, re.M)
    names = {name for name, _, _ in listed}
    assert {"Python", "PySide6_Essentials", "shiboken6", "SQLAlchemy", "sqlmodel"} <= names
    assert {"pydantic", "RapidFuzz", "vobject", "icalendar", "tzdata", "platformdirs"} <= names
    files = re.findall(r"^    (licenses/\S+)$", index, re.M)
    for relative in files:
        assert (internal / relative).stat().st_size > 0, relative
    for name in names:
        # A real licence text, not only an AUTHORS list.
        texts = [f for f in files if f.startswith(f"licenses/{name}/") and "AUTHORS" not in f]
        assert any((internal / f).stat().st_size > 500 for f in texts), name
    lgpl = (internal / "licenses/PySide6_Essentials/LGPL-3.0.txt").read_text(encoding="utf-8")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in lgpl
    # (The spec stops the build when a bundled distribution has no licence text.)
    copyright_text = (unpacked / "usr/share/doc/img-crm/copyright").read_text(encoding="utf-8")
    for name, version, licence in listed:
        assert f" {name} {version}: {licence}" in copyright_text


def run_as_root(*command: str) -> subprocess.CompletedProcess[str]:
    prefix = [] if os.geteuid() == 0 else ["sudo", "-n"]
    return subprocess.run([*prefix, *command], capture_output=True, text=True)


def test_installs_launches_from_the_desktop_entry_and_removes(deb: Path, tmp_path: Path) -> None:
    if os.geteuid() != 0 and run_as_root("true").returncode != 0:
        pytest.skip("installing a .deb needs root or password-less sudo")
    installed = run_as_root("dpkg", "-i", str(deb))
    assert installed.returncode == 0, installed.stdout + installed.stderr
    try:
        # Every library the bundle links must resolve on this system (the GTK
        # theme plugin is optional: Qt skips it when GTK is absent).
        unresolved = []
        for path in INSTALL_DIR.rglob("*.so*"):
            if path.is_symlink() or "libqgtk3" in path.name:
                continue
            ldd = subprocess.run(["ldd", str(path)], capture_output=True, text=True).stdout
            unresolved += [
                f"{path.name}: {line.strip()}" for line in ldd.splitlines() if "not found" in line
            ]
        assert unresolved == []

        desktop = Path("/usr/share/applications") / f"{APP_ID}.desktop"
        entry = configparser.ConfigParser(interpolation=None)
        entry.read(desktop, encoding="utf-8")
        command = entry["Desktop Entry"]["Exec"].split()[0]
        resolved = shutil.which(command, path="/usr/local/bin:/usr/bin:/bin")
        assert resolved is not None
        assert Path(resolved).resolve() == INSTALL_DIR / "img-crm"

        # A clean environment: no venv, no source checkout on the path.
        env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
        launched = subprocess.run(
            [resolved, "--self-test"],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
        )
        assert launched.returncode == 0, launched.stdout + launched.stderr
        assert f"img-crm {__version__} self-test passed" in launched.stdout
    finally:
        removed = run_as_root("dpkg", "-r", "img-crm")
    assert removed.returncode == 0, removed.stdout + removed.stderr
    assert "warning" not in (removed.stdout + removed.stderr).casefold()
    assert not INSTALL_DIR.exists()
    assert not Path("/usr/bin/img-crm").exists()


def test_windows_and_macos_icons_hold_every_size() -> None:
    from PIL import Image

    icons = ROOT / "build" / "icons"
    with Image.open(icons / "img-crm.ico") as ico:
        assert set(ico.info["sizes"]) == {(n, n) for n in (16, 24, 32, 48, 64, 128, 256)}
    with Image.open(icons / "img-crm.icns") as icns:
        assert (512, 512, 1) in icns.info["sizes"] or icns.size[0] >= 512
