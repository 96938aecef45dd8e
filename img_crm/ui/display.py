"""Is there a screen to open the window on? Asked before Qt starts.

Qt's X11 plugin ends the process with an abort (exit 134) when it cannot reach
a display, after a message that blames a library ("xcb-cursor0 or
libxcb-cursor0 is needed") even when the library is installed. Over SSH or in
a console that is the first thing a new user sees, so the GUI start-up asks
here first and says what is wrong in one sentence. No Qt is imported here.
"""

from __future__ import annotations

import ctypes
import os
import re
import sys
import time
from collections.abc import Mapping
from pathlib import Path

# An X server with no other client (Xvfb, xvfb-run) resets when its last client
# leaves, and refuses connections for a moment while it does. The probe retries
# for this long, and keeps its own connection open until Qt has one
# (release_probe), so that closing the probe cannot start such a reset.
RESET_WAIT_S = 2.0
_held: list[tuple[ctypes.CDLL, int]] = []


def display_problem(
    environ: Mapping[str, str] | None = None, platform: str | None = None
) -> str | None:
    """One sentence saying why no window can be opened, or None when one can."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return None  # Windows and macOS always have a screen; a chosen platform is respected
    x11, wayland = environ.get("DISPLAY", ""), environ.get("WAYLAND_DISPLAY", "")
    if not x11 and not wayland:
        return (
            "There is no display to open the window on (neither DISPLAY nor "
            "WAYLAND_DISPLAY is set): start img-crm from your desktop, connect with "
            "`ssh -X`, or use a command such as `img-crm today` (see `img-crm --help`)."
        )
    if x11 and not wayland and x11_reachable(x11, hold=True) is False:
        return (
            f"The display {x11} cannot be opened (its X server is not running, or this "
            "user may not use it): start img-crm from your desktop, or use a command "
            "such as `img-crm today` (see `img-crm --help`)."
        )
    return None


def x11_reachable(display: str, *, hold: bool = False) -> bool | None:
    """Whether Xlib can open ``display``; None when Xlib itself is not installed
    (then Qt's own message, about the missing library, is the right one).

    With ``hold`` the connection stays open until release_probe()."""
    try:
        xlib = ctypes.CDLL("libX11.so.6")
    except OSError:
        return None
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    deadline = time.monotonic() + (RESET_WAIT_S if _may_be_resetting(display) else 0.0)
    while not (handle := xlib.XOpenDisplay(display.encode())):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    if hold:
        _held.append((xlib, handle))
    else:
        xlib.XCloseDisplay(handle)
    return True


def _may_be_resetting(display: str) -> bool:
    """A local display whose socket is missing has no server to wait for."""
    local = re.fullmatch(r"(?:unix)?:(\d+)(?:\.\d+)?", display)
    return local is None or Path(f"/tmp/.X11-unix/X{local[1]}").exists()


def release_probe() -> None:
    """Close the probe's connection; called once Qt holds its own."""
    while _held:
        xlib, handle = _held.pop()
        xlib.XCloseDisplay(handle)
