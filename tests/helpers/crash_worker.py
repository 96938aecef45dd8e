"""Commit numbered contacts through the store code until killed.

Prints each number after its transaction has committed, so the parent knows
which rows must survive a SIGKILL at any moment.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from img_crm.store.activities import add_activity
from img_crm.store.contacts import add_contact
from img_crm.store.db import open_store


def main(folder: str, start: int) -> None:
    store = open_store(Path(folder))
    number = start
    print("ready", flush=True)
    while True:
        with store.session() as session:
            contact_id = add_contact(session, data={"name": f"crash {number}", "tags": "soak"})
            add_activity(
                session,
                data={
                    "kind": "meeting",
                    "occurred_on": date(2026, 1, 1),
                    "contact_id": contact_id,
                    "description": f"row {number}",
                },
            )
        print(number, flush=True)
        number += 1


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
