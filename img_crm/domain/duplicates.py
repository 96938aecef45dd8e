"""Which contacts are probably the same person.

Two signals, as a person would judge: an email address in common (any of
each one's), or names that read the same (accents, case and word order
aside) at the same institution.
Names are compared with rapidfuzz on folded text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from rapidfuzz import fuzz, process

from img_crm.domain.text import fold

NAME_THRESHOLD = 88.0


class Person(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def emails(self) -> Sequence[str]: ...
    @property
    def institution(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Match:
    """A likely duplicate: the two contact ids, a 0-100 score and why."""

    first_id: int
    second_id: int
    score: float
    reason: str


def name_score(a: str, b: str) -> float:
    """How alike two names read, 0-100, ignoring accents, case and word order."""
    return float(fuzz.token_sort_ratio(fold(a), fold(b)))


def _sorted_words(name: str) -> str:
    """The folded name's words in order: ``fuzz.ratio`` of two of these is
    ``token_sort_ratio`` of the names, without sorting them again per pair."""
    return " ".join(sorted(fold(name).split()))


def _same_institution(a: str, b: str) -> bool:
    fa, fb = " ".join(fold(a).split()), " ".join(fold(b).split())
    return bool(fa) and fa == fb


def compare(a: Person, b: Person) -> Match | None:
    """A match between two people, or None when they look different."""
    if {e.casefold() for e in a.emails} & {e.casefold() for e in b.emails}:
        return Match(a.id, b.id, 100.0, "same email")
    if _same_institution(a.institution, b.institution):
        score = name_score(a.name, b.name)
        if score >= NAME_THRESHOLD:
            return Match(a.id, b.id, round(score, 1), "similar name, same institution")
    return None


def find_pairs(people: Sequence[Person]) -> list[Match]:
    """Every likely duplicate pair, best first.

    Only people who share an email or an institution are compared, so the
    cost grows with the size of each group, not the square of the whole list.
    """
    groups: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        for email in {e.casefold() for e in person.emails}:
            groups["@" + email].append(person)
        key = _place(person.institution)
        if key:
            groups["#" + key].append(person)
    seen: dict[tuple[int, int], Match] = {}
    for members in groups.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pair = (min(a.id, b.id), max(a.id, b.id))
                if pair in seen:
                    continue
                match = compare(a, b)
                if match is not None:
                    seen[pair] = Match(pair[0], pair[1], match.score, match.reason)
    return sorted(seen.values(), key=lambda m: (-m.score, m.first_id, m.second_id))


def candidates_for(
    *,
    name: str,
    emails: Sequence[str],
    institution: str,
    people: Iterable[Person],
    exclude: int | None = None,
) -> list[Match]:
    """Existing people a new or edited contact may duplicate, best first."""

    @dataclass(frozen=True)
    class _New:
        id: int
        name: str
        emails: Sequence[str]
        institution: str

    new = _New(-1, name, tuple(e for e in emails if e), institution)
    found = [
        m for person in people if person.id != exclude and (m := compare(person, new)) is not None
    ]
    return sorted(found, key=lambda m: -m.score)


def _place(institution: str) -> str:
    return " ".join(fold(institution).split())


class Sought:
    """The email addresses and places of the people about to be checked: only
    existing people who share one can be their duplicate (``compare``), so a
    check reads no others (``store.contact_rows.contact_facts``)."""

    def __init__(self, people: Iterable[Person]) -> None:
        self._emails: set[str] = set()
        self._places: set[str] = set()
        for person in people:
            self._emails.update(e.casefold() for e in person.emails)
            place = _place(person.institution)
            if place:
                self._places.add(place)

    def email(self, value: str) -> bool:
        return value.casefold() in self._emails

    def institution(self, value: str) -> bool:
        return bool(self._places) and _place(value) in self._places


class DuplicateIndex:
    """People grouped by email and institution, so each check looks at a few, not all.

    Names within an institution are kept folded and scored by rapidfuzz in one
    call per check: an import of 10,000 rows into 10,000 contacts makes about a
    million name comparisons, which a Python loop took seconds to do.

    A place's names are folded when a check first looks there: an import
    into 100,000 contacts folded every one of their names (1.2 s) to compare
    against the few institutions its rows name."""

    def __init__(self, people: Iterable[Person] = ()) -> None:
        self._by_email: dict[str, list[Person]] = defaultdict(list)
        self._by_place: dict[str, list[Person]] = defaultdict(list)
        self._names: dict[str, list[str]] = {}  # by place, once a check looked there
        for person in people:
            self.add(person)

    def add(self, person: Person) -> None:
        for email in {e.casefold() for e in person.emails}:
            self._by_email[email].append(person)
        place = _place(person.institution)
        if place:
            self._by_place[place].append(person)
            names = self._names.get(place)
            if names is not None:
                names.append(_sorted_words(person.name))

    def _names_at(self, place: str) -> list[str]:
        names = self._names.get(place)
        if names is None:
            names = self._names[place] = [_sorted_words(p.name) for p in self._by_place[place]]
        return names

    def matches(self, candidate: Person) -> list[Match]:
        """Likely duplicates of ``candidate`` among the indexed people, best first
        (the same verdicts as ``compare``)."""
        seen: dict[int, Match] = {}
        for email in {e.casefold() for e in candidate.emails}:
            for person in self._by_email.get(email, []):
                if person.id != candidate.id:
                    seen[person.id] = Match(person.id, candidate.id, 100.0, "same email")
        place = _place(candidate.institution)
        members = self._by_place.get(place) if place else None
        if members:
            names = self._names_at(place)
            for _, score, at in process.extract(
                _sorted_words(candidate.name),
                names,
                scorer=fuzz.ratio,
                score_cutoff=NAME_THRESHOLD,
                limit=None,
            ):
                person = members[at]
                if person.id not in seen and person.id != candidate.id:
                    seen[person.id] = Match(
                        person.id, candidate.id, round(score, 1), "similar name, same institution"
                    )
        return sorted(seen.values(), key=lambda m: -m.score)
