"""A realistic sample network for trying the app: fictional people and programs.

Dates are relative to ``today`` and the random choices are seeded, so the same
day always gives the same sample. Names come from several scripts on purpose.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlmodel import Session

from img_crm import clock
from img_crm.domain.enums import (
    ActivityKind,
    Exposure,
    LetterStatus,
    LetterType,
    ProgramType,
    ProgramVisa,
    Stage,
    TieKind,
)
from img_crm.domain.plan import submission_day
from img_crm.errors import UserError
from img_crm.store.activities import add_activity
from img_crm.store.contacts import add_contact, update_contact
from img_crm.store.letters import add_letter, assign_letter
from img_crm.store.programs import add_program, set_interview, tie_contact
from img_crm.store.reports import store_is_empty
from img_crm.store.settings import all_settings, set_setting

IM = "Internal Medicine"

# name, role, institution, stage, email, timezone, us_based, tags
_PEOPLE: list[tuple[str, str, str, Stage, str, str, bool, str]] = [
    (
        "Margaret Hughes",
        "Attending, Hospital Medicine",
        "Brookside Medical Center",
        Stage.SPONSOR,
        "m.hughes@brookside.example.org",
        "America/New_York",
        True,
        "research, hf-project",
    ),
    (
        "राजेश कुमार",
        "Associate Program Director",
        "Lakeview University Hospital",
        Stage.SPONSOR,
        "rkumar@lakeview.example.edu",
        "America/Chicago",
        True,
        "apd, alumni",
    ),
    (
        "王小明",
        "Research PI, Cardiology",
        "Lakeview University Hospital",
        Stage.MENTOR,
        "xiaoming.wang@lakeview.example.edu",
        "America/Chicago",
        True,
        "research, pubmed",
    ),
    (
        "Samuel Okafor",
        "Attending, Internal Medicine",
        "St. Agnes Community Hospital",
        Stage.MENTOR,
        "sokafor@stagnes.example.org",
        "America/New_York",
        True,
        "externship",
    ),
    (
        "Елена Петрова",
        "Attending, Nephrology",
        "Riverside Regional Medical Center",
        Stage.MENTOR,
        "e.petrova@riverside.example.org",
        "America/Los_Angeles",
        True,
        "research",
    ),
    (
        "Fatima Zahra Benali",
        "Hospitalist",
        "Harborview Community Hospital",
        Stage.MENTOR,
        "fz.benali@harborview.example.org",
        "America/New_York",
        True,
        "qi-project",
    ),
    (
        "Tariq Mahmood",
        "Professor of Medicine",
        "Allama Iqbal Teaching Hospital",
        Stage.MENTOR,
        "tariq.mahmood@aith.example.pk",
        "Asia/Karachi",
        False,
        "home-country",
    ),
    (
        "Nguyễn Thị Minh Khai",
        "Attending, Infectious Disease",
        "Brookside Medical Center",
        Stage.WARM,
        "minhkhai.nguyen@brookside.example.org",
        "America/New_York",
        True,
        "research",
    ),
    (
        "محمد الأحمد",
        "Chief Resident, Internal Medicine",
        "Garden State Medical Center",
        Stage.WARM,
        "m.alahmad@gardenstate.example.org",
        "America/New_York",
        True,
        "chief-resident, alumni",
    ),
    (
        "Emily Carter",
        "Attending, Pulmonology",
        "Lakeview University Hospital",
        Stage.WARM,
        "ecarter@lakeview.example.edu",
        "America/Chicago",
        True,
        "pubmed",
    ),
    (
        "अनन्या शर्मा",
        "Attending, Geriatrics",
        "Sunbelt University Medical Center",
        Stage.WARM,
        "ananya.sharma@sunbelt.example.edu",
        "America/Chicago",
        True,
        "alumni",
    ),
    (
        "José Álvarez",
        "Program Coordinator",
        "Gulf Coast Medical Center",
        Stage.WARM,
        "jalvarez@gulfcoast.example.org",
        "America/Chicago",
        True,
        "coordinator",
    ),
    (
        "Hannah Weiss",
        "Attending, Hospital Medicine",
        "Riverside Regional Medical Center",
        Stage.WARM,
        "hweiss@riverside.example.org",
        "America/Los_Angeles",
        True,
        "",
    ),
    (
        "Ayesha Siddiqui",
        "Attending, Endocrinology",
        "Harborview Community Hospital",
        Stage.WARM,
        "asiddiqui@harborview.example.org",
        "America/New_York",
        True,
        "alumni",
    ),
    (
        "Rachel Goldstein",
        "Program Director",
        "Garden State Medical Center",
        Stage.COLD,
        "rgoldstein@gardenstate.example.org",
        "America/New_York",
        True,
        "pd",
    ),
    (
        "Олег Смирнов",
        "Attending, Cardiology",
        "Midwest Lutheran Hospital",
        Stage.COLD,
        "osmirnov@midwestlutheran.example.org",
        "America/Chicago",
        True,
        "pubmed",
    ),
    (
        "Priya Raghunathan",
        "Associate Program Director",
        "Sunbelt University Medical Center",
        Stage.COLD,
        "praghunathan@sunbelt.example.edu",
        "America/Chicago",
        True,
        "apd",
    ),
    (
        "James O'Connor",
        "Attending, Gastroenterology",
        "St. Agnes Community Hospital",
        Stage.COLD,
        "",
        "America/New_York",
        True,
        "linkedin",
    ),
    (
        "María José Peña",
        "Attending, Internal Medicine",
        "Gulf Coast Medical Center",
        Stage.COLD,
        "mjpena@gulfcoast.example.org",
        "America/Chicago",
        True,
        "",
    ),
    (
        "Kwame Mensah",
        "Chief Resident",
        "Midwest Lutheran Hospital",
        Stage.COLD,
        "kmensah@midwestlutheran.example.org",
        "America/Chicago",
        True,
        "chief-resident",
    ),
    (
        "Søren Ågård",
        "Research Fellow, Oncology",
        "Lakeview University Hospital",
        Stage.COLD,
        "soren.agard@lakeview.example.edu",
        "America/Chicago",
        True,
        "research",
    ),
    (
        "陈静",
        "Attending, Hematology",
        "Pacific Crest Medical Center",
        Stage.COLD,
        "jing.chen@pacificcrest.example.org",
        "America/Los_Angeles",
        True,
        "pubmed",
    ),
    (
        "Daniel Mwangi",
        "Attending, Internal Medicine",
        "Desert Valley Medical Center",
        Stage.COLD,
        "dmwangi@desertvalley.example.org",
        "America/Phoenix",
        True,
        "",
    ),
    (
        "Zeynep Yılmaz",
        "Program Director",
        "Pacific Crest Medical Center",
        Stage.COLD,
        "",
        "America/Los_Angeles",
        True,
        "pd, linkedin",
    ),
]

# name, institution, city, state, type, tier, visa, img share, zone
_PROGRAMS: list[
    tuple[str, str, str, str, ProgramType, int | None, ProgramVisa, float | None, str]
] = [
    (
        "Brookside IM Residency",
        "Brookside Medical Center",
        "Brooklyn",
        "NY",
        ProgramType.AFFILIATED,
        1,
        ProgramVisa.BOTH,
        45.0,
        "America/New_York",
    ),
    (
        "Lakeview University IM",
        "Lakeview University Hospital",
        "Chicago",
        "IL",
        ProgramType.UNIVERSITY,
        1,
        ProgramVisa.J1,
        30.0,
        "America/Chicago",
    ),
    (
        "St. Agnes IM Program",
        "St. Agnes Community Hospital",
        "Paterson",
        "NJ",
        ProgramType.COMMUNITY,
        1,
        ProgramVisa.BOTH,
        70.0,
        "America/New_York",
    ),
    (
        "Riverside Regional IM",
        "Riverside Regional Medical Center",
        "Riverside",
        "CA",
        ProgramType.AFFILIATED,
        2,
        ProgramVisa.J1,
        35.0,
        "America/Los_Angeles",
    ),
    (
        "Harborview Community IM",
        "Harborview Community Hospital",
        "Tampa",
        "FL",
        ProgramType.COMMUNITY,
        2,
        ProgramVisa.BOTH,
        60.0,
        "America/New_York",
    ),
    (
        "Garden State IM",
        "Garden State Medical Center",
        "Newark",
        "NJ",
        ProgramType.COMMUNITY,
        2,
        ProgramVisa.J1,
        55.0,
        "America/New_York",
    ),
    (
        "Sunbelt University IM",
        "Sunbelt University Medical Center",
        "Houston",
        "TX",
        ProgramType.UNIVERSITY,
        2,
        ProgramVisa.H1B,
        25.0,
        "America/Chicago",
    ),
    (
        "Gulf Coast IM",
        "Gulf Coast Medical Center",
        "Corpus Christi",
        "TX",
        ProgramType.COMMUNITY,
        2,
        ProgramVisa.BOTH,
        50.0,
        "America/Chicago",
    ),
    (
        "Midwest Lutheran IM",
        "Midwest Lutheran Hospital",
        "Detroit",
        "MI",
        ProgramType.AFFILIATED,
        2,
        ProgramVisa.J1,
        40.0,
        "America/Detroit",
    ),
    (
        "Pacific Crest IM",
        "Pacific Crest Medical Center",
        "Portland",
        "OR",
        ProgramType.UNIVERSITY,
        3,
        ProgramVisa.UNKNOWN,
        10.0,
        "America/Los_Angeles",
    ),
    (
        "Desert Valley IM",
        "Desert Valley Medical Center",
        "Phoenix",
        "AZ",
        ProgramType.COMMUNITY,
        3,
        ProgramVisa.NONE,
        5.0,
        "America/Phoenix",
    ),
    (
        "Northshore University IM",
        "Northshore University Hospital",
        "Boston",
        "MA",
        ProgramType.UNIVERSITY,
        3,
        ProgramVisa.J1,
        8.0,
        "America/New_York",
    ),
]

_RESEARCH_TASKS = [
    "Chart review of 76 patients for the heart-failure readmission project",
    "Cleaned the registry spreadsheet and flagged 14 incomplete records",
    "Drafted the methods section for the sepsis bundle manuscript",
    "Literature search: 42 abstracts screened for the systematic review",
    "Built the REDCap form for the anticoagulation audit",
    "Ran descriptive statistics for the diabetes clinic QI project",
    "Formatted references and figures for the journal resubmission",
]


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
    settings = all_settings(session)
    set_setting(session, key="target_specialty", value=settings.get("target_specialty") or IM)
    # The first Match whose applications are at least six months away.
    year = today.year + 1
    while submission_day(year) < today + timedelta(days=180):
        year += 1
    set_setting(session, key="match_year", value=settings.get("match_year") or str(year))

    program_ids: dict[str, int] = {}
    for name, institution, city, state, kind, tier, visa, share, zone in _PROGRAMS:
        program_ids[institution] = add_program(
            session,
            data={
                "name": name,
                "institution": institution,
                "specialty": IM,
                "city": city,
                "state": state,
                "program_type": kind.value,
                "tier": tier,
                "visa": visa.value,
                "img_share": share,
                "timezone": zone,
                "signal_visa_info": visa in (ProgramVisa.BOTH, ProgramVisa.J1, ProgramVisa.H1B),
                "signal_img_residents": (share or 0) >= 30,
                "flag_no_visa": visa is ProgramVisa.NONE,
            },
            today=today - timedelta(days=170),
        )

    contact_ids: dict[str, int] = {}
    activities = 0
    for index, (name, role, institution, stage, email, zone, us_based, tags) in enumerate(_PEOPLE):
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
                "specialty": IM,
                "email": email,
                "timezone": zone,
                "us_based": us_based,
                "stage": Stage.COLD.value,
                "first_contacted": first,
                "tags": tags,
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
        activities += _log_history(
            session, rng, contact_id, program_ids.get(institution), stage, first, today
        )

    # Two interviews, in the programs' own zones (shown beside the user's).
    for institution, days, hour in (
        ("Brookside Medical Center", 12, 19),
        ("Lakeview University Hospital", 26, 9),
    ):
        set_interview(
            session,
            program_id=program_ids[institution],
            local=datetime.combine(today + timedelta(days=days), time(hour, 0)),
            today=today,
        )

    # A reply that is waiting for an answer, so the sample shows the 24-hour rule.
    activities += 1
    add_activity(
        session,
        data={
            "kind": ActivityKind.REPLY_RECEIVED.value,
            "occurred_on": today - timedelta(days=2),
            "contact_id": contact_ids["Nguyễn Thị Minh Khai"],
            "description": "Sent comments on the abstract draft; asked for the revision by Friday",
        },
    )

    letters = [
        ("Margaret Hughes", LetterType.US_CLINICAL, LetterStatus.UPLOADED, 60),
        ("Samuel Okafor", LetterType.US_CLINICAL, LetterStatus.PACKET_SENT, 20),
        ("王小明", LetterType.RESEARCH, LetterStatus.AGREED, 10),
        ("Tariq Mahmood", LetterType.HOME_CLINICAL, LetterStatus.ASKED, 25),
    ]
    for writer, letter_type, status, days_ago in letters:
        letter_id = add_letter(
            session,
            writer_id=contact_ids[writer],
            letter_type=letter_type.value,
            specialty=IM,
            status=status.value,
            on=today - timedelta(days=days_ago),
        )
        for institution in list(program_ids)[:4]:
            assign_letter(session, letter_id=letter_id, program_id=program_ids[institution])
    session.flush()
    return DemoSummary(len(_PEOPLE), len(_PROGRAMS), activities, len(letters))


def _log_history(
    session: Session,
    rng: random.Random,
    contact_id: int,
    program_id: int | None,
    stage: Stage,
    first: date,
    today: date,
) -> int:
    """A plausible trail of work for one contact, deeper for higher stages."""
    span = max((today - first).days, 1)

    def on(fraction: float) -> date:
        return first + timedelta(days=int(span * fraction))

    entries: list[dict[str, object]] = [
        {
            "kind": ActivityKind.OUTREACH_SENT,
            "occurred_on": first,
            "description": "First email offering help with data collection",
        }
    ]
    if stage.rank >= Stage.WARM.rank:
        entries.append(
            {
                "kind": ActivityKind.REPLY_RECEIVED,
                "occurred_on": on(0.08),
                "description": "Replied with a small chart-review task",
                "outcome": "Task agreed",
            }
        )
        entries.append(
            {
                "kind": ActivityKind.RESEARCH_TASK,
                "occurred_on": on(0.3),
                "hours": 6.0,
                "description": rng.choice(_RESEARCH_TASKS),
                "outcome": "Delivered two days early",
            }
        )
    if stage is Stage.WARM and rng.random() < 0.7:
        entries.append(
            {
                "kind": ActivityKind.RESEARCH_TASK,
                "occurred_on": on(rng.uniform(0.85, 0.97)),
                "hours": 5.0,
                "description": rng.choice(_RESEARCH_TASKS),
                "outcome": "Sent with a short summary",
            }
        )
    if stage.rank >= Stage.MENTOR.rank:
        for fraction in (0.45, 0.6, 0.75):
            entries.append(
                {
                    "kind": ActivityKind.RESEARCH_TASK,
                    "occurred_on": on(fraction),
                    "hours": float(rng.choice((4, 6, 8, 10))),
                    "description": rng.choice(_RESEARCH_TASKS),
                    "outcome": "Done",
                }
            )
        entries.append(
            {
                "kind": ActivityKind.MEETING,
                "occurred_on": on(0.5),
                "description": "Video call about mentoring and next steps",
                "outcome": "Agreed to meet monthly",
            }
        )
        entries.append(
            {
                "kind": ActivityKind.MEETING,
                "occurred_on": on(0.9),
                "description": "Monthly check-in",
            }
        )
    if stage is Stage.SPONSOR:
        entries.append(
            {
                "kind": ActivityKind.CLINICAL_EXPERIENCE,
                "occurred_on": on(0.55),
                "hours": 160.0,
                "exposure": Exposure.EXTERNSHIP.value,
                "setting": "Inpatient medicine wards",
                "description": "Four-week hands-on externship on the teaching service",
            }
        )
        entries.append(
            {
                "kind": ActivityKind.PRESENTATION,
                "occurred_on": on(0.7),
                "description": "Presented the readmission data at noon conference",
            }
        )
        entries.append(
            {
                "kind": ActivityKind.PAPER_SUBMITTED,
                "occurred_on": on(0.8),
                "description": "Abstract submitted to the regional ACP meeting",
            }
        )
        entries.append(
            {
                "kind": ActivityKind.PAPER_ACCEPTED,
                "occurred_on": on(0.95),
                "description": "Abstract accepted as a poster",
            }
        )
    elif stage is Stage.MENTOR and rng.random() < 0.6:
        entries.append(
            {
                "kind": ActivityKind.CLINICAL_EXPERIENCE,
                "occurred_on": on(0.65),
                "hours": 80.0,
                "exposure": Exposure.OBSERVERSHIP.value,
                "setting": "Outpatient clinic",
                "description": "Two-week structured observership in clinic",
            }
        )
    if stage is Stage.COLD and rng.random() < 0.5:
        entries.append(
            {
                "kind": ActivityKind.OUTREACH_SENT,
                "occurred_on": on(0.2),
                "description": "Polite follow-up after no reply",
            }
        )
    at_program = {ActivityKind.CLINICAL_EXPERIENCE, ActivityKind.PRESENTATION}
    for entry in entries:
        if entry["kind"] in at_program:
            entry["program_id"] = program_id
        entry["kind"] = str(entry["kind"])
        add_activity(session, data={**entry, "contact_id": contact_id})
    return len(entries)
