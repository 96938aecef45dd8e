"""Stored values as the driver gives them, and what the fast read and bulk
write paths need to handle them without SQLAlchemy's per-cell processing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any


def column_defaults(model: type[Any]) -> dict[str, Any]:
    """Every column but the key, with the model's default (bulk inserts need them all)."""
    return {
        name: info.default
        for name, info in model.model_fields.items()
        if name != "id" and not info.is_required()
    }


def stamp(value: str | None) -> datetime | None:
    """A stored timestamp (UTC, written without an offset) as an aware datetime."""
    if value is None:
        return None
    if value[-6:-5] in ("+", "-") and value[-3:-2] == ":":  # already has an offset
        return datetime.fromisoformat(value)
    return datetime.fromisoformat(value + "+00:00")  # one C call, not two


def day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def flag(value: int | None) -> bool | None:
    return None if value is None else bool(value)


_MOMENT = "%Y-%m-%d %H:%M:%S.%f"  # how the ORM stores a moment: naive UTC


def stored(value: Any) -> Any:
    """A value as the ORM stores it, for the bulk write path: moments as naive
    UTC text (what ``stamp`` reads back), days as ISO text, flags as 0/1."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        moment = value.astimezone(UTC) if value.tzinfo is not None else value
        return moment.replace(tzinfo=None).strftime(_MOMENT)
    if isinstance(value, date):
        return value.isoformat()
    return value


def typed_columns(model: type[Any]) -> frozenset[str]:
    """The model's columns that hold something other than text (days, moments,
    flags, numbers): the only ones ``stored`` has to convert."""
    return frozenset(
        name for name, info in model.model_fields.items() if info.annotation is not str
    )
