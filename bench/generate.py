"""Benchmark stores: N contacts with 10 activities each, written by the store code.

    python bench/generate.py 10000 [FOLDER]

Stores are cached under build/bench/store-N/ (the same seed always gives the
same store), so repeated `make bench` runs do not rebuild them.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from img_crm.domain.contacts import normalize_contact  # noqa: E402
from img_crm.domain.enums import ActivityKind, Stage  # noqa: E402
from img_crm.store.activities import insert_activities  # noqa: E402
from img_crm.store.contacts import insert_contacts  # noqa: E402
from img_crm.store.db import open_store  # noqa: E402
from img_crm.store.settings import set_setting  # noqa: E402

ACTIVITIES_PER_CONTACT = 10
TODAY = date(2026, 11, 22)
GIVEN = [
    "Nguyễn",
    "Aïcha",
    "José",
    "Zoë",
    "Søren",
    "Ángel",
    "Priya",
    "Olúwaseun",
    "محمد",
    "فاطمة",
    "अनन्या",
    "राहुल",
    "王",
    "李",
    "Олег",
    "Елена",
    "Emily",
    "James",
    "Hannah",
    "Kwame",
    "María",
    "Zeynep",
    "Chloé",
    "Łukasz",
]
FAMILY = [
    "Thị Minh",
    "Álvarez",
    "Ågård",
    "Peña",
    "Mensah",
    "Goldstein",
    "Yılmaz",
    "O'Connor",
    "الأحمد",
    "حسن",
    "शर्मा",
    "वर्मा",
    "小明",
    "静",
    "Смирнов",
    "Петрова",
    "Carter",
    "Weiss",
    "Raghunathan",
    "Mwangi",
    "Dubois",
    "Kowalski",
    "Tanaka",
    "Haddad",
]
INSTITUTIONS = [
    f"{city} {kind}"
    for city in (
        "Boston",
        "Cleveland",
        "Houston",
        "Detroit",
        "Newark",
        "Brooklyn",
        "Chicago",
        "Atlanta",
        "Phoenix",
        "Seattle",
        "Denver",
        "Miami",
        "Baltimore",
        "Pittsburgh",
        "Rochester",
        "Omaha",
    )
    for kind in ("Medical Center", "University Hospital", "Community Hospital", "Clinic")
]
SPECIALTIES = ["Internal Medicine", "Pediatrics", "Family Medicine", "Neurology", "Psychiatry"]
KINDS = [
    ActivityKind.OUTREACH_SENT,
    ActivityKind.REPLY_RECEIVED,
    ActivityKind.MEETING,
    ActivityKind.RESEARCH_TASK,
]
STAGES = [Stage.COLD] * 60 + [Stage.WARM] * 30 + [Stage.MENTOR] * 8 + [Stage.SPONSOR] * 2


def _schema_key() -> str:
    """What a cached store was built by: the migrations' source, so a store
    from a changed (unreleased) schema is rebuilt instead of read wrongly."""
    import hashlib

    from img_crm.store import migrations, schema_v1

    text = Path(migrations.__file__).read_bytes() + Path(schema_v1.__file__).read_bytes()
    return hashlib.sha256(text).hexdigest()


def store_folder(size: int) -> Path:
    return ROOT / "build" / "bench" / f"store-{size}"


def generate(size: int, folder: Path | None = None, *, seed: int = 11) -> Path:
    """Build the store (or reuse a finished one); return its folder."""
    folder = folder or store_folder(size)
    done = folder / "complete"
    if done.exists() and done.read_text(encoding="utf-8") == _schema_key():
        return folder  # built by this schema (a changed one rebuilds it)
    for old in folder.glob("img-crm.sqlite3*"):
        old.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    store = open_store(folder)
    chunk = 5000
    for start in range(0, size, chunk):
        count = min(chunk, size - start)
        rows = []
        for n in range(start, start + count):
            rows.append(
                normalize_contact(
                    {
                        "name": f"{rng.choice(GIVEN)} {rng.choice(FAMILY)} {n}",
                        "institution": rng.choice(INSTITUTIONS),
                        "specialty": rng.choice(SPECIALTIES),
                        "role": "Attending physician",
                        "email": f"person{n}@example.org",
                        "stage": rng.choice(STAGES).value,
                        "tags": "research" if n % 3 == 0 else "",
                        "first_contacted": (
                            TODAY - timedelta(days=rng.randint(30, 700))
                        ).isoformat(),
                    }
                )
            )
        with store.session() as session:
            ids = insert_contacts(session, rows=rows, today=TODAY)
            activities = [
                {
                    "contact_id": contact_id,
                    "occurred_on": TODAY - timedelta(days=rng.randint(0, 600)),
                    "kind": rng.choice(KINDS).value,
                    "description": "Benchmark activity",
                }
                for contact_id in ids
                for _ in range(ACTIVITIES_PER_CONTACT)
            ]
            insert_activities(session, rows=activities)
    with store.session() as session:  # as after the first run: no profile prompt
        set_setting(session, key="ui.profile_prompted", value="1")
    store.close()
    done.write_text(_schema_key(), encoding="utf-8")
    return folder


if __name__ == "__main__":
    size = int(sys.argv[1])
    started = time.perf_counter()
    where = generate(size, Path(sys.argv[2]) if len(sys.argv) > 2 else None)
    print(f"{size} contacts in {where} ({time.perf_counter() - started:.1f} s)")
