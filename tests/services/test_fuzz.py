"""Hypothesis fuzzing of every importer and of the settings values.

Whatever the input: no crash, a clear ``UserError`` or a result, and nothing
written when it fails. A few hundred cases run by default; the slow-marked
soak runs 10,000 each (``make soak``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from img_crm.domain.profile import SETTING_KEYS, parse_setting
from img_crm.errors import UserError
from img_crm.services import importer
from img_crm.services.import_formats import Format
from img_crm.services.json_io import restore_store_json
from img_crm.services.program_csv import import_programs, read_programs_csv
from img_crm.store.contact_rows import list_contacts
from img_crm.store.db import open_store
from img_crm.store.programs import list_program_rows

DEFAULT_EXAMPLES = 200
SOAK_EXAMPLES = 10_000

# Text that looks like the files people have: headers, separators, odd bytes.
_cells = st.text(
    alphabet=st.sampled_from(list("abcé王محمد ,;:\"'\n\r\t=+-@.0123456789/")) | st.characters(),
    max_size=40,
)
_csv_like = st.one_of(
    st.lists(st.lists(_cells, max_size=6).map(",".join), max_size=8).map("\n".join),
    st.builds(
        lambda rows: (
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            + "\n".join(rows)
        ),
        st.lists(st.lists(_cells, min_size=7, max_size=7).map(",".join), max_size=5),
    ),
    st.builds(
        lambda rows: "Name,Given Name,E-mail 1 - Value,Organization 1 - Name\n" + "\n".join(rows),
        st.lists(st.lists(_cells, min_size=4, max_size=4).map(",".join), max_size=5),
    ),
    st.builds(
        lambda body: f"BEGIN:VCARD\nVERSION:3.0\n{body}\nEND:VCARD\n",
        st.lists(
            st.sampled_from(["FN:", "EMAIL:", "N:", "ORG:", "TEL;TYPE=x:"]).flatmap(
                lambda key: _cells.map(lambda v: key + v.replace("\n", " "))
            ),
            max_size=6,
        ).map("\n".join),
    ),
)


def _check_import(folder: Path, name: str, text: str, fmt: Format | None) -> None:
    path = folder / name
    # Lone surrogates become invalid UTF-8 bytes: the non-UTF-8 path gets fuzzed too.
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    store = open_store(folder / "store")
    try:
        try:
            found, records = importer.load(path, fmt)
            with store.session() as session:
                plan = importer.plan(session, records, source=name, fmt=found)
                importer.apply(session, plan)
        except UserError as exc:
            assert str(exc)  # a message, not a traceback
            with store.session() as session:
                assert list_contacts(session) == []  # nothing half-written
    finally:
        store.close()


def _fuzz_importers(examples: int) -> Callable[..., None]:
    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        text=_csv_like,
        fmt=st.sampled_from([None, Format.CSV, Format.LINKEDIN, Format.GOOGLE, Format.VCARD]),
    )
    def run(tmp_path_factory: pytest.TempPathFactory, text: str, fmt: Format | None) -> None:
        folder = tmp_path_factory.mktemp("fuzz")
        suffix = ".vcf" if fmt is Format.VCARD else ".csv"
        _check_import(folder, f"input{suffix}", text, fmt)

    return run


def _fuzz_programs_and_json(examples: int) -> Callable[..., None]:
    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        text=_csv_like,
        document=st.recursive(
            st.none() | st.booleans() | st.integers() | _cells,
            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_cells, inner, max_size=3),
            max_leaves=12,
        ),
    )
    def run(tmp_path_factory: pytest.TempPathFactory, text: str, document: object) -> None:
        folder = tmp_path_factory.mktemp("fuzz")
        store = open_store(folder / "store")
        try:
            path = folder / "programs.csv"
            path.write_bytes(("name,tier,visa,img_share\n" + text).encode("utf-8", "surrogatepass"))
            try:
                records = read_programs_csv(path)
                with store.session() as session:
                    import_programs(session, records=records)
            except UserError:
                with store.session() as session:
                    assert list_program_rows(session) == []
            for candidate in (
                document,
                {"format": "img-crm", "schema_version": 2, "tables": document},
            ):
                if not isinstance(candidate, dict):
                    continue
                try:
                    with store.session() as session:
                        restore_store_json(session, candidate)
                except UserError as exc:
                    assert str(exc)
                with store.session() as session:
                    assert list_contacts(session) == []  # restore is all or nothing
        finally:
            store.close()

    return run


def _fuzz_settings(examples: int) -> Callable[..., None]:
    @settings(max_examples=examples, deadline=None)
    @given(key=st.sampled_from([*SETTING_KEYS, "colour", ""]) | _cells, value=_cells)
    def run(key: str, value: str) -> None:
        try:
            stored = parse_setting(key, value)
        except UserError as exc:
            # One sentence that names the setting it refuses, for the form to point at.
            assert exc.where == key and str(exc).endswith(".")
            named = key if key in SETTING_KEYS else repr(key)
            assert named in str(exc)
        else:
            assert parse_setting(key, stored) == stored  # what is stored reads back the same

    return run


test_fuzz_importers = _fuzz_importers(DEFAULT_EXAMPLES)
test_fuzz_programs_csv_and_json_restore = _fuzz_programs_and_json(DEFAULT_EXAMPLES)
test_fuzz_settings = _fuzz_settings(DEFAULT_EXAMPLES * 2)
test_soak_importers = pytest.mark.slow(_fuzz_importers(SOAK_EXAMPLES))
test_soak_programs_csv_and_json_restore = pytest.mark.slow(_fuzz_programs_and_json(SOAK_EXAMPLES))
test_soak_settings = pytest.mark.slow(_fuzz_settings(SOAK_EXAMPLES))
