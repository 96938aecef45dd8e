from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QMessageBox

from img_crm.errors import UserError
from img_crm.ui import error_reporting


def test_user_errors_become_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    try:
        raise UserError("There is no contact with id 9.")
    except UserError:
        error_reporting.report(*sys.exc_info())  # type: ignore[arg-type]
    assert shown == ["There is no contact with id 9."]


def test_bugs_show_their_traceback(monkeypatch: pytest.MonkeyPatch, qapp: object) -> None:
    details: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: details.append(box.detailedText()) or 0)
    try:
        raise RuntimeError("Private: discussed my visa denial")
    except RuntimeError:
        error_reporting.report(*sys.exc_info())  # type: ignore[arg-type]
    assert "builtins.RuntimeError" in details[0]
    assert "test_bugs_show_their_traceback" in details[0]  # the frame is named
    assert "visa denial" not in details[0]  # the message (user data) is not
