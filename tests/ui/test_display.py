"""Starting the window with no screen: one sentence and exit 1, never Qt's abort."""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from img_crm.ui.display import display_problem, release_probe, x11_reachable


def _has_xlib() -> bool:
    try:
        ctypes.CDLL("libX11.so.6")
    except OSError:
        return False
    return True


def test_no_display_variable_is_said_in_one_sentence() -> None:
    problem = display_problem({}, "linux")
    assert problem is not None and problem.count(". ") == 0 and problem.endswith(".")
    assert "DISPLAY" in problem and "img-crm today" in problem


def test_a_chosen_platform_and_other_systems_are_left_to_qt() -> None:
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({}, "win32") is None
    assert display_problem({}, "darwin") is None


@pytest.mark.skipif(not _has_xlib(), reason="libX11 is not installed")
def test_an_unreachable_x_display_is_named() -> None:
    assert x11_reachable(":97") is False
    problem = display_problem({"DISPLAY": ":97"}, "linux")
    assert problem is not None and problem.startswith("The display :97 cannot be opened")


def _gui(env: dict[str, str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "img_crm", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 and Wayland are Linux's")
def test_the_app_without_a_display_exits_1_with_the_sentence(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    result = _gui(env, tmp_path / "data")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("img-crm: There is no display")
    assert "xcb" not in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "data").exists()  # nothing was created on the way out


@contextmanager
def _xvfb() -> Iterator[str]:
    """A new Xvfb on a free display (-displayfd: it writes the number once it
    is ready), without -noreset, so it resets when its last client leaves."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as ready:
            display = ":" + ready.readline().strip()
        assert display != ":", "Xvfb did not start"
        yield display
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.skipif(shutil.which("Xvfb") is None or not _has_xlib(), reason="needs Xvfb and libX11")
def test_a_running_x_server_is_reachable() -> None:
    with _xvfb() as display:
        assert x11_reachable(display) is True
        assert display_problem({"DISPLAY": display}, "linux") is None
        release_probe()


@pytest.mark.skipif(shutil.which("Xvfb") is None or not _has_xlib(), reason="needs Xvfb and libX11")
def test_a_server_resetting_after_its_last_client_is_waited_for() -> None:
    # Xvfb without -noreset resets when its only client leaves and refuses
    # connections meanwhile; on a busy machine a probe right after a close
    # used to find it mid-reset (1 in 3 tries with both cores busy).
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        for _ in range(12):
            with _xvfb() as display:
                assert x11_reachable(display) is True  # closes: the server resets
                assert x11_reachable(display) is True
    finally:
        for process in busy:
            process.kill()
            process.wait()
