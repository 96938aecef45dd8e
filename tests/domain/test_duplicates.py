from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from img_crm.domain.duplicates import candidates_for, compare, find_pairs, name_score


@dataclass(frozen=True)
class P:
    id: int
    name: str
    email: str = ""
    institution: str = ""
    more: tuple[str, ...] = ()

    @property
    def emails(self) -> tuple[str, ...]:
        return tuple(e for e in (self.email, *self.more) if e)


@dataclass(frozen=True)
class Indexed:
    """A person as the duplicate index takes them: every email, in order."""

    id: int
    name: str
    emails: tuple[str, ...]
    institution: str


def test_same_email_is_a_duplicate_whatever_the_name() -> None:
    match = compare(P(1, "A", "X@Example.org"), P(2, "B", "x@example.org"))
    assert match is not None and match.score == 100 and match.reason == "same email"


def test_any_email_in_common_is_a_duplicate() -> None:
    """A contact's second address matches another's first (the university
    address one file has, the hospital one another)."""
    a = P(1, "A. Rao", "arao@hospital.example.org", more=("rao@university.example.edu",))
    b = P(2, "Anita Rao", "Rao@University.example.edu")
    match = compare(a, b)
    assert match is not None and match.reason == "same email"
    assert [(m.first_id, m.second_id) for m in find_pairs([a, b])] == [(1, 2)]
    found = candidates_for(
        name="X", emails=["", "rao@university.example.edu"], institution="", people=[a, b]
    )
    assert [m.first_id for m in found] == [1, 2]
    assert compare(a, P(3, "A. Rao", "other@example.org")) is None


def test_accent_and_order_insensitive_names_at_the_same_institution() -> None:
    assert name_score("Nguyễn Thị Minh Khai", "nguyen thi minh khai") == 100
    a = P(1, "Nguyễn Thị Minh Khai", institution="Brookside Medical Center")
    b = P(2, "Minh Khai Nguyen", institution="brookside  medical center")
    assert compare(a, b) is not None
    elsewhere = P(3, "Minh Khai Nguyen", institution="Lakeview")
    assert compare(a, elsewhere) is None
    assert compare(a, P(4, "Emily Carter", institution="Brookside Medical Center")) is None


def test_find_pairs_lists_each_pair_once_best_first() -> None:
    people = [
        P(1, "Ana Lima", "ana@x.org", "Lakeview"),
        P(2, "Ana  Lima", "ana@x.org", "Lakeview"),
        P(3, "Søren Ågård", "", "Lakeview"),
        P(4, "Soren Agard", "", "Lakeview"),
        P(5, "Someone Else", "", "Lakeview"),
    ]
    pairs = find_pairs(people)
    assert [(m.first_id, m.second_id) for m in pairs] == [(1, 2), (3, 4)]


def test_candidates_for_a_new_contact() -> None:
    people = [P(1, "Ana Lima", "ana@x.org", "Lakeview"), P(2, "Bo Chen", "", "Lakeview")]
    found = candidates_for(name="Bo  Chen", emails=[], institution="Lakeview", people=people)
    assert [m.first_id for m in found] == [2]
    assert (
        candidates_for(name="Bo Chen", emails=[], institution="Lakeview", people=people, exclude=2)
        == []
    )


def test_index_gives_the_same_verdicts_as_comparing_everyone() -> None:
    """The indexed, batched check must agree with compare() on every pair."""
    import random

    from img_crm.domain.duplicates import DuplicateIndex, compare

    rng = random.Random(3)
    first = ["Ana", "Anna", "José", "Jose", "Nguyễn", "Nguyen", "Олег", "王", "Zoë", "Zoe"]
    last = ["Peña", "Pena", "Smith", "Smyth", "Khai", "Петров", "小明"]
    places = ["Mercy Hospital", "mercy  hospital", "MERCY HOSPITAL", "Lakeview", ""]
    people = [
        Indexed(
            n,
            f"{rng.choice(first)} {rng.choice(last)}",
            tuple(rng.sample(["", f"x{n % 7}@e.org", f"y{n % 5}@e.org"], 2)),
            rng.choice(places),
        )
        for n in range(1, 160)
    ]
    index = DuplicateIndex(people[:100])
    assert sum(len(index.matches(c)) for c in people[100:]) > 50  # not a vacuous check
    for candidate in people[100:]:
        expected = {p.id: m for p in people[:100] if (m := compare(p, candidate)) is not None}
        got = {m.first_id: m for m in index.matches(candidate)}
        assert got.keys() == expected.keys()
        for key, match in got.items():
            assert (match.score, match.reason) == (expected[key].score, expected[key].reason)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="abé Zz\u00a0\t-'", max_size=20),
    st.text(alphabet="abé Zz\u00a0\t-'", max_size=20),
)
def test_sorted_words_scored_by_ratio_are_token_sort_ratio(a: str, b: str) -> None:
    """The index scores pre-sorted words with ``fuzz.ratio`` (faster than
    sorting per pair); it must be the ``token_sort_ratio`` of ``name_score``."""
    from rapidfuzz import fuzz

    from img_crm.domain.duplicates import _sorted_words, name_score

    assert fuzz.ratio(_sorted_words(a), _sorted_words(b)) == name_score(a, b)


def test_people_added_after_a_check_are_found_as_the_import_adds_them() -> None:
    """An import checks a row, then adds it: a place's names, folded at its
    first check, take in everyone added later, and places never checked are
    never folded."""
    from img_crm.domain import duplicates
    from img_crm.domain.duplicates import DuplicateIndex, compare

    index = DuplicateIndex(
        [Indexed(1, "Zoë Peña", (), "Mercy Hospital"), Indexed(2, "Ana Lima", (), "Lakeview")]
    )
    rows = [
        Indexed(-1, "Zoe Pena", (), "MERCY  hospital"),
        Indexed(-2, "Zoé  Peña", (), "Mercy Hospital"),
        Indexed(-3, "Zoe Pena", (), "mercy hospital"),
    ]
    seen: list[Indexed] = [Indexed(1, "Zoë Peña", (), "Mercy Hospital")]
    for row in rows:
        expected = {p.id for p in seen if compare(p, row) is not None}
        assert {m.first_id for m in index.matches(row)} == expected and expected
        index.add(row)
        seen.append(row)
    assert set(index._names) == {duplicates._place("Mercy Hospital")}  # Lakeview never folded
