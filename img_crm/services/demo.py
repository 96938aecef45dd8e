"""A realistic sample network for trying the app: fictional people and programs.

Who and what the sample holds is data, in ``sample.toml`` beside this module;
this module gives it a history. Dates are relative to ``today`` and the random
choices are seeded, so the same day always gives the same sample.
"""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session

from img_crm import clock
from img_crm.domain.enums import (
    ActivityKind,
    ApplicationStatus,
    LetterStatus,
    LetterType,
    ProgramVisa,
    Stage,
    TieKind,
)
from img_crm.domain.plan import interview_season, letters_portal_open, submission_day
from img_crm.domain.signals import SignalKind, SignalState
from img_crm.errors import UserError
from img_crm.services.demo_history import log_history
from img_crm.store.activities import add_activity
from img_crm.store.contacts import add_contact, update_contact
from img_crm.store.letters import add_letter, assign_letter
from img_crm.store.programs import add_program, tie_contact, update_program
from img_crm.store.reports import store_is_empty
from img_crm.store.settings import all_settings, set_setting

SAMPLE = Path(__file__).with_name("sample.toml")


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: str
    institution: str
    stage: Stage
    email: str
    timezone: str
    us_based: bool
    tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Sample:
    """``sample.toml``, read and typed."""

    specialty: str
    people: list[Person]
    programs: list[dict[str, Any]]
    research_tasks: list[str]
    interviews: list[dict[str, Any]]
    waiting_reply: dict[str, Any]
    waiting_invitation: dict[str, Any]
    letters: list[dict[str, Any]]


def read_sample(path: Path = SAMPLE) -> Sample:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return Sample(
        specialty=data["specialty"],
        people=[
            Person(
                p["name"],
                p["role"],
                p["institution"],
                Stage(p["stage"]),
                p["email"],
                p["timezone"],
                p["us_based"],
                tuple(p["tags"]),
            )
            for p in data["person"]
        ],
        programs=list(data["program"]),
        research_tasks=list(data["research_tasks"]),
        interviews=list(data["interview"]),
        waiting_reply=dict(data["waiting_reply"]),
        waiting_invitation=dict(data["waiting_invitation"]),
        letters=list(data["letter"]),
    )


@dataclass(frozen=True, slots=True)
class DemoSummary:
    contacts: int
    programs: int
    activities: int
    letters: int


def _ladder(target: Stage) -> list[Stage]:
    return list(Stage)[: target.rank + 1]


def load_demo(session: Session, *, today: date | None = None) -> DemoSummary:
    """Fill an empty store with the sample network; refuse a store with data."""
    if not store_is_empty(session):
        raise UserError("The store already has data; sample data is only added to an empty store.")
    today = today or clock.today()
    rng = random.Random(today.toordinal())
    sample = read_sample()
    specialty = sample.specialty
    settings = all_settings(session)
    set_setting(
        session, key="target_specialty", value=settings.get("target_specialty") or specialty
    )
    # One story on any day: in interview season, an applicant in the middle
    # of it (interviews coming, a letter uploaded, the plan followed so far);
    # between seasons, one building toward the first Match whose applications
    # are at least six months away (no interviews, no letter uploaded yet).
    season = interview_season(today)
    year = season or today.year + 1
    while season is None and submission_day(year) < today + timedelta(days=180):
        year += 1
    if settings.get("match_year"):
        year = int(settings["match_year"])
    set_setting(session, key="match_year", value=str(year))
    in_season = season == year

    program_ids: dict[str, int] = {}
    for program in sample.programs:
        visa = ProgramVisa(program["visa"])
        share = program.get("img_share")
        program_ids[program["institution"]] = add_program(
            session,
            data={
                "name": program["name"],
                "institution": program["institution"],
                "specialty": specialty,
                "city": program["city"],
                "state": program["state"],
                "program_type": program["type"],
                "tier": program.get("tier"),
                "visa": visa.value,
                "img_share": share,
                "timezone": program["timezone"],
                "signal_visa_info": visa in (ProgramVisa.BOTH, ProgramVisa.J1, ProgramVisa.H1B),
                "signal_img_residents": (share or 0) >= 30,
                "flag_no_visa": visa is ProgramVisa.NONE,
            },
            today=today - timedelta(days=170),
        )

    contact_ids: dict[str, int] = {}
    activities = 0
    for index, person in enumerate(sample.people):
        name, role, institution, stage = person.name, person.role, person.institution, person.stage
        # Cold contacts were written to recently; the others over the last half year.
        days_ago = rng.randint(4, 45) if stage is Stage.COLD else 175 - index * 3
        first = today - timedelta(days=days_ago)
        contact_id = add_contact(
            session,
            data={
                "name": name,
                "title": "Dr." if "Coordinator" not in role else "",
                "role": role,
                "institution": institution,
                "specialty": specialty,
                "email": person.email,
                "timezone": person.timezone,
                "us_based": person.us_based,
                "stage": Stage.COLD.value,
                "first_contacted": first,
                "tags": list(person.tags),
                "notes": "Sample contact: a fictional person."
                if index
                else "Met at the hospital-medicine webinar; prefers short updates on Fridays.",
            },
            today=first,
        )
        contact_ids[name] = contact_id
        if institution in program_ids:
            tie_contact(
                session,
                program_id=program_ids[institution],
                contact_id=contact_id,
                kind=TieKind.KNOWS_PD.value if "Program" in role else TieKind.WORKS.value,
            )
        ladder = _ladder(stage)
        step_days = 160 // max(len(ladder), 1)
        for rung, after in enumerate(ladder[1:], start=1):
            moved = min(first + timedelta(days=rung * step_days), today)
            update_contact(
                session, contact_id=contact_id, changes={"stage": after.value}, today=moved
            )
        activities += log_history(
            session,
            rng,
            sample.research_tasks,
            contact_id,
            program_ids.get(institution),
            stage,
            first,
            today,
        )

    _eligibility(session, year, today)
    if in_season:
        _season(session, sample, program_ids, today, submission_day(year))
    else:  # a year out: one gold signal planned where the sponsor has a tie
        _signals(session, sample, program_ids, SignalState.PLANNED, today)

    # A reply that is waiting for an answer, so the sample shows the 24-hour rule.
    waiting = sample.waiting_reply
    activities += 1
    add_activity(
        session,
        data={
            "kind": ActivityKind.REPLY_RECEIVED.value,
            "occurred_on": today - timedelta(days=waiting["days_ago"]),
            "contact_id": contact_ids[waiting["contact"]],
            "description": waiting["description"],
        },
    )

    for letter in sample.letters:
        status = LetterStatus(letter["status"])
        if status is LetterStatus.UPLOADED and not letters_portal_open(year, today):
            status = LetterStatus.AGREED  # ERAS takes letters from June before the Match
        letter_id = add_letter(
            session,
            writer_id=contact_ids[letter["writer"]],
            letter_type=LetterType(letter["type"]).value,
            specialty=specialty,
            status=status.value,
            on=today - timedelta(days=letter["days_ago"]),
        )
        for institution in list(program_ids)[:4]:
            assign_letter(session, letter_id=letter_id, program_id=program_ids[institution])
    if in_season:
        _followed_plan(session, year, today)
    session.flush()
    return DemoSummary(len(sample.people), len(sample.programs), activities, len(sample.letters))


def _signals(
    session: Session,
    sample: Sample,
    program_ids: dict[str, int],
    state: SignalState,
    today: date,
) -> None:
    """Tier-1 and tier-2 programs take signals; the gold one goes to the first
    tier-1 program that can sponsor a visa, silver ones (once sent) to the next two."""
    from img_crm.services.signals import place_signal
    from img_crm.store.signals import set_accepts_signals

    open_to_visas = []
    for program in sample.programs:
        if program.get("tier") in (1, 2):
            program_id = program_ids[program["institution"]]
            set_accepts_signals(session, program_id=program_id, accepts=True)
            if ProgramVisa(program["visa"]) is not ProgramVisa.NONE:
                open_to_visas.append(program_id)
    kinds = [SignalKind.GOLD] + ([SignalKind.SILVER] * 2 if state is SignalState.SENT else [])
    for program_id, kind in zip(open_to_visas, kinds, strict=False):
        place_signal(session, program_id=program_id, kind=kind, state=state, today=today)


def _eligibility(session: Session, year: int, today: date) -> None:
    """The ECFMG steps kept on time: each one whose target date has passed
    was done a month before it (OET with its scores and an expiry after the
    Match); those still ahead are not done yet."""
    from img_crm.domain.eligibility import check
    from img_crm.services.eligibility import record_step
    from img_crm.services.profile import load_profile

    for item in check(year, load_profile(session).visa, {}, today):
        done = item.due - timedelta(days=30)
        if done > today:
            continue
        scored = item.step.scored
        record_step(
            session,
            key=item.step.key,
            done_on=done,
            score="B B B B" if scored else None,
            expires_on=done + timedelta(days=730) if scored else None,
        )


def _season(
    session: Session,
    sample: Sample,
    program_ids: dict[str, int],
    today: date,
    applied_on: date,
) -> None:
    """In interview season: the signals sent and the applications gone (the
    day ERAS opened, where a visa is possible), two invitations answered with
    a date (in the programs' own zones, on weekdays, as programs hold them)
    and one still waiting for an answer."""
    from img_crm.domain.invitations import InvitationStatus
    from img_crm.services.invitations import answer, receive
    from img_crm.store.signals import set_applied

    _signals(session, sample, program_ids, SignalState.SENT, applied_on)
    for program in sample.programs:
        if ProgramVisa(program["visa"]) is not ProgramVisa.NONE:
            program_id = program_ids[program["institution"]]
            update_program(
                session,
                program_id=program_id,
                changes={"application_status": ApplicationStatus.APPLIED.value},
                today=applied_on,
            )
            set_applied(session, program_id=program_id, applied_on=applied_on)
    # 10:00 on the sample's day, as the clock's own days begin (a test may
    # load the sample for another day than the clock's).
    now = datetime.combine(today, time(10, 0)).astimezone()
    for n, interview in enumerate(sample.interviews):
        day = today + timedelta(days=interview["days_ahead"])
        while day.weekday() >= 5:
            day += timedelta(days=1)
        local = datetime.combine(day, time(interview["hour"], 0))
        program_id = program_ids[interview["institution"]]
        came = now - timedelta(days=9 - n * 2)
        respond = datetime.combine(came.date() + timedelta(days=4), time(17, 0))
        invitation_id, _warning = receive(
            session,
            program_id=program_id,
            respond_by=respond,
            offered=[local, local + timedelta(days=7)],
            received_at=came,
        )
        answer(
            session,
            invitation_id=invitation_id,
            status=InvitationStatus.SCHEDULED,
            interview_local=local,
            answered_at=came + timedelta(days=1),  # the sample answered the next day
        )
    waiting = sample.waiting_invitation
    program_id = program_ids[waiting["institution"]]
    first = today + timedelta(days=waiting["days_ahead"])
    while first.weekday() >= 5:
        first += timedelta(days=1)
    receive(
        session,
        program_id=program_id,
        respond_by=datetime.combine(today + timedelta(days=2), time(17, 0)),
        offered=[datetime.combine(first + timedelta(days=7 * k), time(8, 0)) for k in range(3)],
        received_at=now - timedelta(hours=20),
    )


def _followed_plan(session: Session, match_year: int, today: date) -> None:
    """The plan as drawn 15 months before applications, each task that ended
    before today done: the sample applicant followed it to get here."""
    from dataclasses import replace

    from img_crm.domain.plan import default_plan
    from img_crm.store.plan import save_plan

    drawn = submission_day(match_year) - timedelta(days=450)
    tasks = [replace(t, done=t.end < today) for t in default_plan(match_year, drawn)]
    save_plan(session, tasks=tasks)
