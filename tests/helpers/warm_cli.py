"""A warm ``img-crm`` for shell scripts in tests: each command a forked process.

A script that runs ``img-crm`` forty times spends most of its time starting
Python and importing the store code. The server here imports ``img_crm.cli``
once; the client (``python -S``, no imports to speak of) hands it the
command's argv, working folder, environment and its own stdin, stdout and
stderr over a Unix socket; the server forks, and the child runs
``img_crm.cli.main`` on exactly those, as a process of its own, and the client
exits with the child's status. Everything after the interpreter's start is
the real command; the start itself is proven by ``tests/cli/test_processes.py``.

Run ``python warm_cli.py serve SOCKET`` for the server, ``python -S
warm_cli.py SOCKET ARGS...`` for one command.
"""

from __future__ import annotations

import json
import os
import socket
import sys


def client(path: str, args: list[str]) -> int:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.connect(path)
        request = json.dumps({"argv": args, "cwd": os.getcwd(), "env": dict(os.environ)})
        socket.send_fds(conn, [request.encode()], [0, 1, 2])
        conn.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := conn.recv(64):
            answer += chunk
    return int(answer or b"70")


def _receive(conn: socket.socket) -> tuple[dict[str, object], list[int]]:
    data, fds, _flags, _addr = socket.recv_fds(conn, 1 << 20, 3)
    while chunk := conn.recv(1 << 20):
        data += chunk
    return json.loads(data), fds


def _child(request: dict[str, object], fds: list[int]) -> int:
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
    os.chdir(str(request["cwd"]))
    os.environ.clear()
    os.environ.update(request["env"])  # type: ignore[arg-type]
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    from img_crm.cli import main

    try:
        code = main(list(request["argv"]))  # type: ignore[call-overload]
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    sys.stdout.flush()
    sys.stderr.flush()
    return code


def serve(path: str) -> None:
    import importlib
    import pkgutil

    import img_crm.cli
    import img_crm.services
    import img_crm.store

    # The modules the commands import lazily, so no child imports them again.
    for package in (img_crm.cli, img_crm.services, img_crm.store):
        for module in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
            importlib.import_module(module.name)

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
        listener.bind(path)
        listener.listen()
        print("ready", flush=True)
        while True:
            conn, _ = listener.accept()
            with conn:
                request, fds = _receive(conn)
                pid = os.fork()
                if pid == 0:
                    listener.close()
                    os._exit(_child(request, fds))
                for fd in fds:
                    os.close(fd)
                _, status = os.waitpid(pid, 0)
                conn.sendall(str(os.waitstatus_to_exitcode(status)).encode())


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2])
    else:
        sys.exit(client(sys.argv[1], sys.argv[2:]))
