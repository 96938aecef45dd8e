"""A big mailbox for the mail import's benchmark: an mbox of N messages as a
mail program stores them (a page of Received/DKIM headers, text, every
third message with a base64 attachment), between the user, contacts of a
benchmark store (``person{n}@example.org``, bench/generate.py) and strangers.

    python bench/big_mailbox.py 50000 FILE [CONTACTS]

The same seed always writes the same bytes (about 20 KB a message).
"""

from __future__ import annotations

import base64
import random
import sys
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

ME = "me@example.org"
START = datetime(2025, 1, 1, 8, 0, tzinfo=UTC)


def _headers(n: int, sender: str, to: str, moment: datetime, chance: random.Random) -> str:
    hops = "".join(
        f"Received: from mx{h}.mail.example.net (mx{h}.mail.example.net [192.0.2.{h}])\n"
        f"\tby relay.example.net with ESMTPS id {chance.getrandbits(64):x}\n"
        f"\tfor <{to}>; {format_datetime(moment)}\n"
        for h in range(4)
    )
    return (
        f"{hops}"
        f"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.net; s=s1;\n"
        f"\tb={base64.b64encode(chance.randbytes(180)).decode()}\n"
        f"From: Person <{sender}>\nTo: {to}\n"
        f"Subject: =?utf-8?q?Re=3A_chart_review_n=C2=B0{n}?=\n"
        f"Date: {format_datetime(moment)}\n"
        f"Message-ID: <bench-{n}@mail.example.net>\n"
        "MIME-Version: 1.0\n"
    )


def write_mailbox(path: Path, messages: int, contacts: int = 10_000) -> Path:
    chance = random.Random(2026)
    attachment = base64.encodebytes(chance.randbytes(32_000)).decode()
    with path.open("w", encoding="ascii", newline="\n") as out:
        for n in range(messages):
            moment = START + timedelta(minutes=15 * n)
            someone = (
                f"person{chance.randrange(1, contacts + 1)}@example.org"
                if chance.random() < 0.3
                else f"stranger{chance.randrange(5000)}@news.example.com"
            )
            sender, to = (ME, someone) if chance.random() < 0.2 else (someone, ME)
            text = ("Thank you for the notes on the chart review. " * 60 + "\n") * 2
            out.write(f"From {sender} {moment.strftime('%a %b %d %H:%M:%S %Y')}\n")
            out.write(_headers(n, sender, to, moment, chance))
            if n % 3:
                out.write(f"Content-Type: text/plain; charset=utf-8\n\n{text}\n")
                continue
            out.write(
                'Content-Type: multipart/mixed; boundary="b"\n\n--b\n'
                f"Content-Type: text/plain; charset=utf-8\n\n{text}\n--b\n"
                'Content-Type: application/pdf; name="notes.pdf"\n'
                f"Content-Transfer-Encoding: base64\n\n{attachment}--b--\n\n"
            )
    return path


if __name__ == "__main__":
    write_mailbox(Path(sys.argv[2]), int(sys.argv[1]), *map(int, sys.argv[3:4]))
