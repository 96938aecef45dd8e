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
qt=$(sh "$here/../../scripts/qt-system-libs.sh" display)
echo "${missing# } $qt" | sed 's/^ *//; s/ *$//'
