#!/bin/sh
# Print the Debian packages `make package` and `make package-test` need that
# this machine lacks, one line, space-separated (empty when nothing is missing).
# The Qt libraries are there because the .deb's Depends are read off the
# libraries the build machine resolves (see build_deb.py).
set -u
here=$(dirname "$0")
missing=""
need_command() {  # command package
    command -v "$1" >/dev/null 2>&1 || missing="$missing $2"
}
need_command dpkg-deb dpkg
need_command objdump binutils
need_command lintian lintian
need_command desktop-file-validate desktop-file-utils
need_command appstreamcli appstream
PATH="$PATH:/sbin:/usr/sbin"
known=$(ldconfig -p 2>/dev/null)
for entry in libwayland-cursor.so.0:libwayland-cursor0 libwayland-egl.so.1:libwayland-egl1 \
             libwayland-client.so.0:libwayland-client0; do
    case "$known" in
        *"${entry%%:*} "*) ;;
        *) missing="$missing ${entry#*:}" ;;
    esac
done
# PyInstaller bundles the interpreter's shared library. pyenv and python.org
# builds carry it; Debian's python3 keeps it in a package of its own.
python=${PYTHON:-python3}
if command -v "$python" >/dev/null 2>&1; then
    lib=$("$python" -c 'import sysconfig as s; print(s.get_config_var("LIBDIR") + "/" + (s.get_config_var("INSTSONAME") or ""))' 2>/dev/null)
    if [ -n "$lib" ] && [ ! -e "$lib" ]; then
        case "$lib" in
            /usr/lib/*) missing="$missing libpython$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" ;;
        esac
    fi
fi
# With "display" (the default), also the Qt libraries the .deb's Depends are read off;
# "--no-qt" leaves them out for a caller that asks scripts/qt-system-libs.sh itself.
if [ "${1:-}" != "--no-qt" ]; then
    missing="$missing $(sh "$here/../../scripts/qt-system-libs.sh" display)"
fi
echo "$missing" | tr ' ' '\n' | awk 'NF && !seen[$0]++' | tr '\n' ' ' | sed 's/ *$//'
echo
