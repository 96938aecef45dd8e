"""Commit numbered contacts through the store code until killed.

Each writer prints a number after its transaction has committed, so the
parent knows which rows must survive a SIGKILL at any moment.

The parent starts this once as a server: it imports the store code, then for
each ``start`` number read on stdin forks a writer (a real process, killed
for real) and says ``pid N``; the writer says ``ready`` and then its numbers;
when the writer is gone the server says ``done``. Forking from a warm server
saves each trial the interpreter's start and imports (~0.4 s).
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

from img_crm.store.activities import add_activity
from img_crm.store.contacts import add_contact
from img_crm.store.db import open_store


def write_until_killed(folder: str, start: int) -> None:
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


def serve(folder: str) -> None:
    from tests.helpers.protect import unlock_from_environment

    unlock_from_environment(Path(folder))  # a protected store: its passphrase file
    for line in sys.stdin:
        pid = os.fork()
        if pid == 0:
            write_until_killed(folder, int(line))
            os._exit(0)  # never reached: the parent kills the writer
        print(f"pid {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        # on a line of its own: the writer may have been killed mid-number
        print(f"\ndone {status}", flush=True)


if __name__ == "__main__":
    serve(sys.argv[1])
