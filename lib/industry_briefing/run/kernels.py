"""Kernels forked from a warm parent: the heavy imports are paid once per batch worker.

A batch worker starts one *fork server* (`python -m industry_briefing.run.kernels`): a plain
process that imports the third-party libraries the notebooks use (pandas, altair, duckdb,
IPython and ipykernel among them), then waits. Each kernel is a fork of it, so it starts with
those modules loaded and nothing else: no notebook ran in the server, and every period still
gets a kernel (a process) of its own. The project's own package is imported fresh by each
kernel, so a kernel runs the library as it is on disk.

jupyter_client drives a forked kernel like any other through `ForkProvisioner`, which asks the
server for a fork instead of starting `python -m ipykernel_launcher`. The server keeps no
threads (a fork copies only the calling thread), so libraries that start threads (vl-convert's
JavaScript runtime, DuckDB connections) are started by the kernels, never by the server.

When the worker goes, the server sees its stdin close and exits; its kernels watch their
parent (ipykernel's parent poller) and follow it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from jupyter_client.connect import KernelConnectionInfo
from jupyter_client.provisioning import LocalProvisioner

if TYPE_CHECKING:
    from jupyter_client.manager import KernelManager

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
)
_LAUNCHER = "ipykernel_launcher"
_server: ForkServer | None = None
_server_lock = threading.Lock()


class ForkServerError(RuntimeError):
    """The fork server could not start or answer (the caller falls back to plain kernels)."""


class ForkServer:
    """The worker's side of the server: one request (a kernel's command, env, cwd) at a time."""

    def __init__(self) -> None:
        env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
        self._process = subprocess.Popen(
            [sys.executable, "-m", "industry_briefing.run.kernels"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            text=True,
            bufsize=1,
        )
        self._lock = threading.Lock()
        self._request({"ping": True})  # returns once the imports are done

    def fork(self, argv: list[str], env: dict[str, str], cwd: str) -> int:
        return int(self._request({"argv": argv, "env": env, "cwd": cwd})["pid"])

    def close(self) -> None:
        if self._process.poll() is None:
            self._pipes()[0].close()
            self._process.wait(timeout=10)

    def alive(self) -> bool:
        return self._process.poll() is None

    def _pipes(self) -> tuple[IO[str], IO[str]]:
        """The server's stdin (requests) and stdout (replies): both opened by __init__."""
        requests, replies = self._process.stdin, self._process.stdout
        if requests is None or replies is None:
            raise ForkServerError("the kernel fork server has no pipes")
        return requests, replies

    def _request(self, message: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            try:
                requests, replies = self._pipes()
                requests.write(json.dumps(message) + "\n")
                requests.flush()
                reply = replies.readline()
            except (BrokenPipeError, OSError) as error:
                raise ForkServerError(f"the kernel fork server stopped: {error}") from error
        if not reply:
            raise ForkServerError("the kernel fork server stopped")
        answer: dict[str, Any] = json.loads(reply)
        if "error" in answer:
            raise ForkServerError(answer["error"])
        return answer


def server() -> ForkServer:
    """This process's fork server, started on first use."""
    global _server
    with _server_lock:
        if _server is None or not _server.alive():
            _server = ForkServer()
        return _server


def close_server() -> None:
    global _server
    with _server_lock:
        if _server is not None:
            _server.close()
            _server = None


def forget_server() -> None:
    """A forked child must not talk to its parent's server (their requests would interleave)."""
    global _server, _server_lock
    _server, _server_lock = None, threading.Lock()


os.register_at_fork(after_in_child=forget_server)


class ForkedProcess:
    """What jupyter_client expects of a kernel's Popen, for a kernel forked by the server.

    The server reaps its children (not this process), so a finished kernel is one whose pid is
    gone."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0
            except PermissionError:  # the pid now belongs to someone else: ours is gone
                self.returncode = 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        started = time.monotonic()
        while (code := self.poll()) is None:
            if timeout is not None and time.monotonic() > started + timeout:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.02)
        return code

    def send_signal(self, signum: int) -> None:
        try:
            os.kill(self.pid, signum)
        except ProcessLookupError:
            self.returncode = 0 if self.returncode is None else self.returncode

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkProvisioner(LocalProvisioner):
    """LocalProvisioner, but the kernel process is a fork of the warm server."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> KernelConnectionInfo:
        env = {k: str(v) for k, v in (kwargs.get("env") or os.environ).items()}
        cwd = str(kwargs.get("cwd") or os.getcwd())
        pid = server().fork(list(cmd), env, cwd)
        # jupyter_client only polls, waits for and signals its process: ForkedProcess does that.
        self.process = ForkedProcess(pid)  # type: ignore[assignment]
        self.pid = self.pgid = pid  # each kernel leads its own session (setsid)
        self.cwd = cwd
        return self.connection_info


def kernel_manager(kernel_name: str = "python3", forked: bool = True) -> KernelManager:
    """A KernelManager whose kernel will be forked from this process's warm server (or, not
    `forked`, started the usual way), talking over sockets of its own (`local_sockets`)."""
    from jupyter_client.manager import KernelManager

    manager = local_sockets(KernelManager(kernel_name=kernel_name))
    if forked:
        manager.provisioner = ForkProvisioner(
            kernel_id=manager.kernel_id, kernel_spec=manager.kernel_spec, parent=manager
        )
    return manager


def local_sockets(manager: KernelManager) -> KernelManager:
    """The kernel talks over Unix sockets named after it, not TCP ports on 127.0.0.1.

    Free TCP ports are chosen by binding and releasing them; two workers starting kernels at
    once could be given the same port, and the kernel that binds second dies ("Address
    already in use", seen on a loaded machine). A socket file named by the kernel's id cannot
    be taken by another kernel; the kernel manager removes its files when the kernel stops."""
    manager.kernel_id = manager.kernel_id or str(uuid.uuid4())
    manager.transport = "ipc"
    manager.ip = str(Path(tempfile.gettempdir()) / f"briefing-kernel-{manager.kernel_id}")
    return manager


# --- the server process -------------------------------------------------------------------------


def _serve() -> None:
    import importlib

    # Ctrl-C reaches the whole process group: the worker decides, and the server goes when its
    # stdin closes (no traceback of its own on the terminal).
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    for name in PRELOADED:
        importlib.import_module(name)
    signal.signal(signal.SIGCHLD, _reap)
    replies = sys.stdout
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("ping"):
            answer: dict = {"ok": True}
        else:
            try:
                answer = {"pid": _fork_kernel(request["argv"], request["env"], request["cwd"])}
            except Exception as error:  # the worker falls back to a plain kernel
                answer = {"error": f"{type(error).__name__}: {error}"}
        replies.write(json.dumps(answer) + "\n")
        replies.flush()


def _reap(signum: int | None = None, frame: object = None) -> None:
    """Collect finished kernels (their CPU time then counts as the server's children's)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _fork_kernel(argv: list[str], env: dict[str, str], cwd: str) -> int:
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
    _serve()
