"""Stored values as the driver gives them, and what the fast read and bulk
write paths need to handle them without SQLAlchemy's per-cell processing."""

from __future__ import annotations

from datetime import date, datetime
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
