"""The kernel fork server, a process of its own (`python -m industry_briefing.run.fork_server`):
it imports what the notebooks use once, then forks a kernel on each request (kernels.py is the
workers' side of it).

A worker's own server reads one request per line of its stdin and answers on its stdout. A
batch's shared server (`--listen PATH`, kernels.shared) answers one request per connection on
a Unix socket, for all the batch's workers, and exits when its stdin closes. The server keeps
no threads (a fork copies only the calling thread), so libraries that start threads
(vl-convert's JavaScript runtime, DuckDB connections) are started by the kernels, never here.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import socket
import sys
from typing import Any

# Imported once by the server, before any fork: what the notebooks' imports cost most.
PRELOADED = (
    "numpy",
    "pandas",
    "altair",
    "duckdb",
    "jinja2",
    "yaml",
    "pydantic",
    "pandera.pandas",
    "openpyxl",
    "IPython",
    "ipykernel.kernelapp",
    # The project's modules the report notebooks import (about 0.25 s a kernel otherwise).
    # Importing them starts no thread and opens no file: the warehouse is opened by the
    # notebooks, in the kernels.
    "industry_briefing.analysis.loading",
    "industry_briefing.briefing.charts",
    "industry_briefing.briefing.notebook",
    "industry_briefing.briefing.selection_charts",
    "industry_briefing.briefing.sections",
    "industry_briefing.briefing.sections.topic_detail",
)
_LAUNCHER = "ipykernel_launcher"


def _serve(address: str | None = None) -> None:
    """Answer fork requests: one per line of stdin (a worker's own server), or one per
    connection on the Unix socket `address` (a batch's shared server, which exits when its
    stdin closes)."""
    import importlib

    # Ctrl-C reaches the whole process group: the worker decides, and the server goes when its
    # stdin closes (no traceback of its own on the terminal).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    listener = None
    if address:  # bound before the imports: a worker's first request waits in its backlog
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(address)
        listener.listen(64)
    for name in PRELOADED:
        importlib.import_module(name)
    signal.signal(signal.SIGCHLD, _reap)
    if listener is None:
        for line in sys.stdin:
            sys.stdout.write(json.dumps(_answer(line)) + "\n")
            sys.stdout.flush()
        return
    _serve_socket(listener)


def _serve_socket(listener: socket.socket) -> None:
    stdin = sys.stdin
    events = selectors.DefaultSelector()
    events.register(listener, selectors.EVENT_READ)
    events.register(stdin, selectors.EVENT_READ)
    while True:
        for key, _ in events.select():
            if key.fileobj is not listener:
                if not stdin.readline():  # the batch is done, or gone
                    return
                continue
            connection, _ = listener.accept()
            with connection:
                line = connection.makefile(encoding="utf-8").readline()
                reply = _answer(line, closed_in_kernel=(listener.fileno(), connection.fileno()))
                connection.sendall((json.dumps(reply) + "\n").encode())


def _answer(line: str, closed_in_kernel: tuple[int, ...] = ()) -> dict[str, Any]:
    request = json.loads(line)
    if request.get("ping"):
        return {"ok": True}
    try:
        pid = _fork_kernel(request["argv"], request["env"], request["cwd"], closed_in_kernel)
    except Exception as error:  # the worker falls back to a plain kernel
        return {"error": f"{type(error).__name__}: {error}"}
    return {"pid": pid}


def _reap(signum: int | None = None, frame: object = None) -> None:
    """Collect finished kernels (their CPU time then counts as the server's children's)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _fork_kernel(
    argv: list[str], env: dict[str, str], cwd: str, closed_in_kernel: tuple[int, ...] = ()
) -> int:
    if _LAUNCHER not in argv:
        raise ValueError(f"not an ipykernel command: {argv}")
    arguments = argv[argv.index(_LAUNCHER) + 1 :]
    if not os.path.isdir(cwd):  # said here, in the server, not in a child nobody hears
        raise FileNotFoundError(f"No such file or directory: {cwd!r}")
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        for descriptor in closed_in_kernel:  # the server's socket and connection
            os.close(descriptor)
        _become_kernel(arguments, env, cwd)
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 0
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        os._exit(code)


def _become_kernel(arguments: list[str], env: dict[str, str], cwd: str) -> None:
    os.setsid()
    os.chdir(cwd)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # a kernel is interruptible
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)  # the server's request pipe
    os.dup2(devnull, 1)  # the server's reply pipe: a kernel must never write there
    os.close(devnull)
    sys.stdin = open(0, closefd=False)  # noqa: SIM115 - fd 0 lives as long as the process
    sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
    os.environ.clear()
    os.environ.update(env)
    # Exit with the server. ipykernel read JPY_PARENT_PID when the server imported it, so the
    # parent is named on the command line, where it is read now.
    arguments = [*arguments, f"--IPKernelApp.parent_handle={os.getppid()}"]
    sys.path[0] = cwd  # as `python -m ipykernel_launcher` run in cwd would have it
    sys.argv = [_LAUNCHER, *arguments]
    from ipykernel.kernelapp import IPKernelApp

    IPKernelApp.launch_instance(argv=arguments)


if __name__ == "__main__":
    _serve(sys.argv[2] if sys.argv[1:2] == ["--listen"] else None)
    # Nothing to flush or close: leave without the interpreter's teardown of the libraries
    # (about 0.3 s, which a batch waiting for its server would add to its time).
    sys.stdout.flush()
    os._exit(0)
