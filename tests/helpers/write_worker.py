"""Write numbered contacts through the store code, each in its own transaction
that reads before it writes (as most commands do), for the two-writers test.

Waits for the start file, so two workers begin at the same moment; prints
"done N" and exits 0, or lets the error escape (exit 1, traceback on stderr).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from sqlalchemy import text

from img_crm.store.contacts import add_contact
from img_crm.store.db import open_store


def main(folder: str, name: str, count: int, start_file: str) -> None:
    store = open_store(Path(folder))
    while not Path(start_file).exists():
        time.sleep(0.005)
    for number in range(count):
        with store.session() as session:
            session.execute(text("SELECT count(*) FROM contact")).scalar_one()  # read first
            add_contact(session, data={"name": f"{name} {number}"})
    store.close()
    print(f"done {count}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])
