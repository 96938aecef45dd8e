"""What a filter on one of the user's fields keeps (#24)."""

from __future__ import annotations

import pytest

from img_crm.domain.custom_fields import FieldDef, FieldKind, RecordKind
from img_crm.domain.field_filters import NO_CHOICE, FieldFilter, keeps_all


def _field(kind: FieldKind, choices: tuple[str, ...] = ()) -> FieldDef:
    return FieldDef(1, RecordKind.CONTACT, "Mine", kind, choices, 0)


VISA = _field(FieldKind.CHOICE, ("J-1", "H-1B", "Green card"))


@pytest.mark.parametrize(
    ("chosen", "kept"),
    [
        (FieldFilter(VISA, wanted=frozenset({"J-1", "H-1B"})), ["J-1", "H-1B"]),
        (FieldFilter(VISA, wanted=frozenset({NO_CHOICE})), [None, ""]),
        (FieldFilter(VISA, no_value=True), [None, ""]),
        (FieldFilter(_field(FieldKind.YES_NO), wanted=frozenset({"yes"})), ["yes"]),
        # "no" is also a value never set: the records still to tick
        (FieldFilter(_field(FieldKind.YES_NO), wanted=frozenset({"no"})), ["no", None, ""]),
        (FieldFilter(_field(FieldKind.TEXT), words="cardio BOSTON"), ["Cardiology, Boston"]),
        (FieldFilter(_field(FieldKind.TEXT), words="ĐẶNG"), ["Dr Đặng's lab"]),
        (FieldFilter(_field(FieldKind.TEXT)), ["Cardiology, Boston", "Dr Đặng's lab", "2.5"]),
        (FieldFilter(_field(FieldKind.NUMBER), low="2.5", high="10"), ["2.5", "10"]),
        (FieldFilter(_field(FieldKind.NUMBER), low="-1"), ["2.5", "10", "100", "-1"]),
        (FieldFilter(_field(FieldKind.NUMBER), high="2.5"), ["2.5", "-1"]),
        (FieldFilter(_field(FieldKind.DATE), low="2026-01-01", high="2026-06-30"), ["2026-01-01"]),
        (FieldFilter(_field(FieldKind.DATE), high="2025-12-31"), ["2025-12-31"]),
    ],
)
def test_a_filter_keeps_exactly_these(chosen: FieldFilter, kept: list[str | None]) -> None:
    values: list[str | None] = [
        None,
        "",
        "J-1",
        "H-1B",
        "Green card",
        "yes",
        "no",
        "Cardiology, Boston",
        "Dr Đặng's lab",
        "2.5",
        "10",
        "100",
        "-1",
        "2026-01-01",
        "2025-12-31",
        "2026-07-01",
    ]
    kinds = {
        FieldKind.CHOICE: {None, "", "J-1", "H-1B", "Green card"},
        FieldKind.YES_NO: {None, "", "yes", "no"},
        FieldKind.TEXT: {None, "", "Cardiology, Boston", "Dr Đặng's lab", "2.5"},
        FieldKind.NUMBER: {None, "", "2.5", "10", "100", "-1"},
        FieldKind.DATE: {None, "", "2026-01-01", "2025-12-31", "2026-07-01"},
    }
    stored = [v for v in values if v in kinds[chosen.field.kind]]
    assert [v for v in stored if chosen.keeps(v)] == [v for v in stored if v in kept]


def test_a_record_passes_only_every_filter() -> None:
    score = FieldDef(2, RecordKind.CONTACT, "Score", FieldKind.NUMBER, (), 1)
    both = [FieldFilter(VISA, wanted=frozenset({"J-1"})), FieldFilter(score, low="3")]
    assert keeps_all(both, {1: "J-1", 2: "4"})
    assert not keeps_all(both, {1: "J-1", 2: "2"})
    assert not keeps_all(both, {2: "4"})
    assert not keeps_all(both, None)
    assert keeps_all([], None)


def test_a_filter_follows_its_field_defined_anew() -> None:
    from img_crm.domain.field_filters import still_fits

    chosen = FieldFilter(VISA, wanted=frozenset({"J-1", "H-1B", NO_CHOICE}))
    renamed = FieldDef(1, RecordKind.CONTACT, "Visa", FieldKind.CHOICE, ("J-1", "O-1"), 0)
    fitted = still_fits(chosen, renamed)
    assert fitted is not None and fitted.field == renamed
    assert fitted.wanted == frozenset({"J-1", NO_CHOICE})  # H-1B is gone
    only_gone = FieldFilter(VISA, wanted=frozenset({"H-1B"}))
    assert still_fits(only_gone, renamed) is None
    assert still_fits(FieldFilter(VISA, no_value=True), renamed) == FieldFilter(
        renamed, no_value=True
    )
    text = FieldDef(1, RecordKind.CONTACT, "Visa", FieldKind.TEXT, (), 0)
    assert still_fits(chosen, text) is None  # another kind
