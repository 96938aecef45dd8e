"""Key/value settings (the profile and small app flags) in the ``setting`` table."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session, col

from img_crm.domain.models import Setting


def all_settings(session: Session) -> dict[str, str]:
    return {
        key: value for key, value in session.execute(select(col(Setting.key), col(Setting.value)))
    }


def get_setting(session: Session, *, key: str, default: str = "") -> str:
    row = session.execute(select(col(Setting.value)).where(col(Setting.key) == key)).first()
    return default if row is None else str(row[0])


def set_setting(session: Session, *, key: str, value: str) -> None:
    existing = session.get(Setting, key)
    if existing is None:
        session.add(Setting(key=key, value=value))
    else:
        existing.value = value
    session.flush()
