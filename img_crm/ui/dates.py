"""Python dates to Qt's and back, and "today" for the date editors (from the one clock)."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, QTime

from img_crm import clock


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def qdatetime(moment: datetime) -> QDateTime:
    """A naive local datetime as Qt's (seconds kept, microseconds dropped)."""
    return QDateTime(qdate(moment.date()), QTime(moment.hour, moment.minute, moment.second))


def qtoday() -> QDate:
    return qdate(clock.today())
