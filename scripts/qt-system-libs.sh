#!/bin/sh
# Print the Debian/Ubuntu packages Qt needs that this machine lacks, one line,
# space-separated (empty when nothing is missing).
#
#   scripts/qt-system-libs.sh offscreen   # enough for the tests (no display)
#   scripts/qt-system-libs.sh display     # also what the xcb (X11) plugin needs
#
# PySide6's wheels bundle Qt itself but not these system libraries. The xcb
# plugin's own error names only one of them, so we check them all.
set -u
mode=${1:-display}

# soname:package [package-on-newer-releases]
offscreen="libglib-2.0.so.0:libglib2.0-0t64|libglib2.0-0
libEGL.so.1:libegl1
libGL.so.1:libgl1
libfontconfig.so.1:libfontconfig1
libfreetype.so.6:libfreetype6
libdbus-1.so.3:libdbus-1-3
libxkbcommon.so.0:libxkbcommon0"
display="libX11.so.6:libx11-6
libX11-xcb.so.1:libx11-xcb1
libxcb.so.1:libxcb1
libxcb-cursor.so.0:libxcb-cursor0
libxcb-icccm.so.4:libxcb-icccm4
libxcb-image.so.0:libxcb-image0
libxcb-keysyms.so.1:libxcb-keysyms1
libxcb-randr.so.0:libxcb-randr0
libxcb-render-util.so.0:libxcb-render-util0
libxcb-render.so.0:libxcb-render0
libxcb-shape.so.0:libxcb-shape0
libxcb-shm.so.0:libxcb-shm0
libxcb-sync.so.1:libxcb-sync1
libxcb-util.so.1:libxcb-util1
libxcb-xfixes.so.0:libxcb-xfixes0
libxcb-xkb.so.1:libxcb-xkb1
libxkbcommon-x11.so.0:libxkbcommon-x11-0"

[ "$(uname -s)" = Linux ] || exit 0
command -v ldconfig >/dev/null 2>&1 || PATH="$PATH:/sbin:/usr/sbin"
known=$(ldconfig -p 2>/dev/null)

list=$offscreen
[ "$mode" = display ] && list="$offscreen
$display"

missing=""
for entry in $list; do
    soname=${entry%%:*}
    choices=${entry#*:}
    case "$known" in
        *"$soname "*) continue ;;
    esac
    package=${choices%%|*}
    # Pick the name this release knows (Debian 13 renamed some with a t64 suffix).
    if command -v apt-cache >/dev/null 2>&1; then
        for candidate in $(echo "$choices" | tr '|' ' '); do
            if apt-cache show "$candidate" >/dev/null 2>&1; then
                package=$candidate
                break
            fi
        done
    fi
    missing="$missing $package"
done
echo "${missing# }"
