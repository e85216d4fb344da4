"""Kernels forked from a warm parent: the heavy imports are paid once per batch.

A batch starts one *fork server* for its workers (`shared`: run/fork_server.py, a process of
its own): it imports the third-party libraries the notebooks use (pandas, altair, duckdb,
IPython and ipykernel among them) and the modules of the project's own package the notebooks
import, then waits. Each kernel is a fork of it, so it starts with those modules loaded and
nothing else: no notebook ran in the server, and every notebook still gets a kernel (a
process) of its own. The server lives as long as its batch, so its kernels run the library as
it was on disk when the batch started (the library the batch's fingerprints hash). A worker
with no shared server (on a Dask cluster, in a test) starts a server of its own (`server`).

jupyter_client drives a forked kernel like any other through `ForkProvisioner`, which asks the
server for a fork instead of starting `python -m ipykernel_launcher`.

When the batch (or the worker that started it) goes, the server sees its stdin close and
exits; its kernels watch their parent (ipykernel's parent poller) and follow it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from jupyter_client.connect import KernelConnectionInfo
from jupyter_client.provisioning import LocalProvisioner

if TYPE_CHECKING:
    from jupyter_client.manager import KernelManager

_server: ForkServer | SharedServer | None = None
_server_lock = threading.Lock()


class ForkServerError(RuntimeError):
    """The fork server could not start or answer (the caller falls back to plain kernels)."""


class ForkServer:
    """The worker's side of the server: one request (a kernel's command, env, cwd) at a time."""

    def __init__(self) -> None:
        env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
        self._process = subprocess.Popen(
            [sys.executable, "-m", "industry_briefing.run.fork_server"],
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

    def close(self, wait: bool = True) -> None:
        """Close the server's stdin: it exits (and its kernels follow it)."""
        if self._process.poll() is None:
            self._pipes()[0].close()
            if wait:
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


class SharedServer:
    """A worker's way to the fork server its batch started for all its workers (`shared`):
    one connection per request, on the server's Unix socket."""

    def __init__(self, address: str) -> None:
        self.address = address

    def fork(self, argv: list[str], env: dict[str, str], cwd: str) -> int:
        request = json.dumps({"argv": argv, "env": env, "cwd": cwd}) + "\n"
        try:
            with self._connected() as connection:
                connection.sendall(request.encode())
                reply = connection.makefile(encoding="utf-8").readline()
        except OSError as error:
            raise ForkServerError(f"the shared kernel fork server: {error}") from error
        answer: dict[str, Any] = json.loads(reply or '{"error": "no answer"}')
        if "error" in answer:
            raise ForkServerError(answer["error"])
        return int(answer["pid"])

    def close(self, wait: bool = True) -> None:
        """Nothing: the batch that started it stops it."""

    def alive(self) -> bool:
        """Always: the batch that started it keeps it until its workers are done."""
        return True

    def _connected(self, patience: float = 60) -> socket.socket:
        """A connection to the server; while it starts (its socket not yet bound) it is
        waited for. The first request then waits for its imports in the socket's backlog."""
        deadline = time.monotonic() + patience
        while True:
            connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            connection.settimeout(120)
            try:
                connection.connect(self.address)
                return connection
            except (FileNotFoundError, ConnectionRefusedError):
                connection.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)


@contextlib.contextmanager
def shared() -> Iterator[str]:
    """A fork server for all the workers of a batch, started now (its imports overlap the
    batch's loading and its workers' start): the address to give them (`use_shared`). Stopped
    at the end of the block; its kernels follow it."""
    folder = tempfile.mkdtemp(prefix="briefing-forks-")
    address = os.path.join(folder, "server")
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    command = [sys.executable, "-m", "industry_briefing.run.fork_server", "--listen", address]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)
    try:
        yield address
    finally:
        if process.stdin is not None:
            process.stdin.close()  # the server exits when its stdin closes
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def use_shared(address: str) -> None:
    """This worker forks its kernels from the batch's shared server at `address`."""
    global _server
    with _server_lock:
        _server = SharedServer(address)


def server() -> ForkServer | SharedServer:
    """This process's fork server: the batch's shared one, or its own started on first use."""
    global _server
    with _server_lock:
        if _server is None or not _server.alive():
            _server = ForkServer()
        return _server


def close_server(wait: bool = True) -> None:
    """Stop this process's fork server; not `wait`ing for it to exit (a worker leaving)."""
    global _server
    with _server_lock:
        if _server is not None:
            _server.close(wait)
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
        # jupyter_client only polls, waits for and signals its process: ForkedProcess does that
        # (a stand-in, not the Popen the provisioner's attribute is declared as).
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
