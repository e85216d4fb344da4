"""Kernels forked from a warm server: the notebooks' heavy imports paid once per worker.

A worker starts its kernels as processes of the standard library's *forkserver* context
(multiprocessing): the context's server, started with the worker's first kernel, imports
PRELOADED once (pandas, altair, DuckDB, IPython and ipykernel, and the project's modules the
notebooks import), then forks a process for each kernel, in which `_kernel_main` becomes the
ipykernel app. So a kernel starts with those modules loaded and nothing else: no notebook ran
in the server, and every notebook still gets a kernel (a process) of its own. A server that
died is started anew with the next kernel (the context's `ensure_running`).

jupyter_client drives a forked kernel like any other, through `ForkProvisioner`: its process
handle (`KernelProcess`) is the multiprocessing.Process, which knows the kernel's true exit
(the server reaps its children and tells the worker: -9 for a kernel killed) and never counts
an ended kernel as alive.

Lifetimes: a kernel ends with the worker that started it (it follows the worker's sentinel)
and with its server (PR_SET_PDEATHSIG: a kernel whose server is gone could no longer be told
ended); the server ends once neither the worker nor any of its kernels is left (the
context's design). Their sockets and connection files are in the worker's own folder
(lifeline.own_folder).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from functools import cache
from multiprocessing.context import ForkServerContext
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any

from jupyter_client.connect import KernelConnectionInfo
from jupyter_client.manager import KernelManager
from jupyter_client.provisioning import LocalProvisioner

from industry_briefing.run import lifeline

if TYPE_CHECKING:
    from jupyter_client.blocking import BlockingKernelClient
    from jupyter_client.client import KernelClient

# Imported once by the server, before any fork: what the notebooks' imports cost most. The
# first sets the server's environment before numpy loads (run/fork_env.py). None of them
# starts a thread (a fork copies only the calling thread) or opens a file: vl-convert's
# runtime and the warehouse's connections are started by the kernels. `__main__`, the
# worker's main script if it has one, is imported once by the server, as the context does by
# default, rather than again in every kernel.
PRELOADED = (
    "industry_briefing.run.fork_env",
    "__main__",
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
    "industry_briefing.analysis.loading",
    "industry_briefing.briefing.charts",
    "industry_briefing.briefing.notebook",
    "industry_briefing.briefing.selection_charts",
    "industry_briefing.briefing.sections",
    "industry_briefing.briefing.sections.topic_detail",
    __name__,  # _kernel_main, each kernel's target
)
LAUNCHER = "ipykernel_launcher"
ASYNC_CLIENT = "jupyter_client.asynchronous.AsyncKernelClient"


class ForkServerError(RuntimeError):
    """The fork server could not start or fork (the caller falls back to a plain kernel)."""


def forking() -> bool:
    """Whether kernels are forked here (the forkserver start method exists: not on Windows)."""
    return "forkserver" in multiprocessing.get_all_start_methods()


@cache
def _context() -> ForkServerContext:
    context = multiprocessing.get_context("forkserver")
    assert isinstance(context, ForkServerContext)
    context.set_forkserver_preload(list(PRELOADED))
    return context


def start_server() -> None:
    """Start this process's fork server now, ahead of its first kernel: its imports (a core
    for about 1.5 s) then overlap the worker's own start."""
    from multiprocessing import forkserver

    _context()
    with contextlib.suppress(OSError):  # said when a kernel is asked for (ForkServerError)
        forkserver.ensure_running()


def start(argv: list[str], env: dict[str, str], cwd: str) -> BaseProcess:
    """A kernel forked from this process's server: `argv` is the kernel's command
    (`python -m ipykernel_launcher -f CONNECTION …`), run in `cwd` with `env`."""
    if LAUNCHER not in argv:
        raise ValueError(f"not an ipykernel command: {argv}")
    if not os.path.isdir(cwd):  # said here, not in a child nobody hears
        raise FileNotFoundError(f"No such file or directory: {cwd!r}")
    arguments = argv[argv.index(LAUNCHER) + 1 :]
    process = _context().Process(
        target=_kernel_main, args=(arguments, env, cwd), name=lifeline.KERNEL, daemon=False
    )
    try:
        with _as_parent():
            process.start()
    except (OSError, EOFError) as error:  # the server could not start, or went while asked
        raise ForkServerError(f"the kernel fork server: {error!r}") from error
    return process


@contextlib.contextmanager
def _as_parent() -> Iterator[None]:
    """multiprocessing refuses children to a daemonic process (a Dask worker is one, by
    default), lest they be orphaned when it is killed; a kernel ends with its worker by itself
    (it follows it: `_kernel_main`), so the worker may start one."""
    current = multiprocessing.current_process()
    daemonic = current.daemon
    current.daemon = False
    try:
        yield
    finally:
        current.daemon = daemonic


def _kernel_main(arguments: list[str], env: dict[str, str], cwd: str) -> None:
    """A forked process becomes the kernel: in a session of its own (the batch's Ctrl-C is
    its worker's to decide; an interrupt signals the kernel's group), gone with its server and
    its worker, in `cwd` with `env`, as `python -m ipykernel_launcher ARGUMENTS` would be."""
    # A server that dies before this line leaves the kernel to follow its worker only: the
    # worker, told it ended, drops its Process, whose sentinel then closes.
    server = os.getppid()
    lifeline.die_with_parent(server)
    lifeline.name_process(lifeline.KERNEL)
    os.setsid()
    worker = multiprocessing.parent_process()  # the process that asked for it
    if worker is not None:
        lifeline.follow(worker.sentinel)
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # a kernel is interruptible
    # ipykernel read JPY_PARENT_PID when the server imported it: the parent is named here
    # (its own poller then follows the server too, where there is no PR_SET_PDEATHSIG).
    arguments = [*arguments, f"--IPKernelApp.parent_handle={server}"]
    sys.path[0] = cwd  # as `python -m ipykernel_launcher` run in cwd would have it
    sys.argv = [LAUNCHER, *arguments]
    from ipykernel.kernelapp import IPKernelApp

    IPKernelApp.launch_instance(argv=arguments)


# multiprocessing's exit code for a forked process whose server ended before telling it
# (popen_forkserver.poll); a kernel does not exit with it: it ends by SIGKILL with its server.
SERVER_ENDED = 255


class KernelProcess:
    """What jupyter_client asks of a kernel's Popen (poll, wait, signals), for a kernel that
    is a multiprocessing.Process of the forkserver context."""

    stdin = stdout = stderr = None

    def __init__(self, process: BaseProcess) -> None:
        self._process = process
        self.pid = process.pid

    @property
    def returncode(self) -> int | None:
        """Its exit code once it has ended (-N: killed by signal N), as its server reaped it;
        SERVER_ENDED when its server ended first (and the kernel with it) and could not say."""
        return self._process.exitcode

    def poll(self) -> int | None:
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        self._process.join(timeout)
        if (code := self.returncode) is None:
            raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout or 0)
        return code

    def send_signal(self, signum: int) -> None:
        if self.returncode is None and self.pid:  # once it has ended, its pid may be reused
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkProvisioner(LocalProvisioner):
    """LocalProvisioner, but the kernel process is forked by the worker's server (`start`)."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> KernelConnectionInfo:
        env = {k: str(v) for k, v in (kwargs.get("env") or os.environ).items()}
        cwd = str(kwargs.get("cwd") or os.getcwd())
        process = start(list(cmd), env, cwd)
        # jupyter_client only polls, waits for and signals its process: KernelProcess does
        # that (a stand-in, not the Popen the provisioner's attribute is declared as).
        self.process = KernelProcess(process)  # type: ignore[assignment]
        self.pid = self.pgid = process.pid  # it leads its own session (setsid)
        self.cwd = cwd
        return self.connection_info


class ClosingKernelManager(KernelManager):
    """A KernelManager whose `shutdown_kernel` also stops the clients it made. nbclient
    leaves running the client of a kernel it was handed (papermill's `km`): each one kept a
    heartbeat thread, its sockets and a zmq context in the worker, a part at a time."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._clients: list[KernelClient] = []

    def client(self, **kwargs: Any) -> Any:  # (the base class declares a blocking client)
        client = super().client(**kwargs)
        self._clients.append(client)
        return client

    def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
        try:
            super().shutdown_kernel(now=now, restart=restart)
        finally:
            while self._clients:
                self._clients.pop().stop_channels()


def kernel_manager(kernel_name: str = "python3", forked: bool = True) -> KernelManager:
    """A KernelManager whose kernel will be forked from this process's warm server (or, not
    `forked`, started the usual way), its sockets and connection file in the process's own
    folder (`local_sockets`).

    Its clients (`client()`, what papermill's nbclient asks it for) are asynchronous: nbclient
    awaits them, and checks meanwhile, every second, that the kernel is alive. A blocking
    client would hold nbclient's loop while it waits for a cell's output, which a kernel killed
    mid-cell never sends: the part would wait for ever. Code here that waits uses
    `blocking_client`."""
    manager = local_sockets(
        ClosingKernelManager(kernel_name=kernel_name, client_class=ASYNC_CLIENT)
    )
    if forked:
        manager.provisioner = ForkProvisioner(
            kernel_id=manager.kernel_id, kernel_spec=manager.kernel_spec, parent=manager
        )
    return manager


def blocking_client(manager: KernelManager) -> BlockingKernelClient:
    """A client of the manager's kernel whose calls wait for their answer (made as the
    manager's `client()` makes its own)."""
    from jupyter_client.blocking import BlockingKernelClient

    connection = manager.get_connection_info(session=True)
    return BlockingKernelClient(
        **connection, connection_file=manager.connection_file, parent=manager
    )


def run_silently(manager: KernelManager, code: str, timeout: float) -> None:
    """Run `code` in the manager's kernel, which has answered once already (a warm kernel),
    and wait for its reply, checking every second that the kernel is alive: a kernel that dies
    meanwhile fails at once (nbclient's DeadKernelError), not at the timeout. No
    `wait_for_ready`: it waits 0.2 s for the kernel's output to settle, a part at a time."""
    from nbclient.exceptions import DeadKernelError

    client = blocking_client(manager)
    client.start_channels(iopub=False, stdin=False, hb=False, control=False)
    try:
        asked = client.execute(code, silent=True, store_history=False)
        deadline = time.monotonic() + timeout
        while True:
            with contextlib.suppress(queue.Empty):
                reply = client.get_shell_msg(timeout=1)
                if reply["parent_header"].get("msg_id") == asked:
                    break
            if not manager.is_alive():
                raise DeadKernelError("Kernel died")
            if time.monotonic() > deadline:
                raise TimeoutError(f"the kernel did not answer in {timeout} s")
    finally:
        client.stop_channels()
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"the kernel could not run {code!r}: {reply['content']}")


SOCKET_PATH_BYTES = 107  # sizeof(sockaddr_un.sun_path) - 1 on Linux


def local_sockets(manager: KernelManager) -> KernelManager:
    """The kernel talks over Unix sockets, not TCP ports on 127.0.0.1, in this process's own
    folder (removed with it, whatever becomes of the kernel).

    Free TCP ports are chosen by binding and releasing them; two workers starting kernels at
    once could be given the same port, and the kernel that binds second dies ("Address
    already in use", seen on a loaded machine). A socket file named by the kernel's id cannot
    be taken by another kernel. Short names: a socket's path has at most 107 bytes; under a
    TMPDIR too long for one, the kernel falls back to TCP ports on 127.0.0.1."""
    manager.kernel_id = manager.kernel_id or str(uuid.uuid4())
    name = f"k{manager.kernel_id.replace('-', '')[:12]}"
    folder = lifeline.own_folder()
    manager.connection_file = str(folder / f"{name}.json")
    if len(os.fsencode(folder / name)) + len("-99") <= SOCKET_PATH_BYTES:
        manager.transport = "ipc"
        manager.ip = str(folder / name)
    return manager


def how_it_ended(manager: KernelManager) -> str:
    """How a kernel that is gone ended, to say with its failure: " (killed by SIGKILL)",
    " (exit code 1)", " (its fork server ended)"; empty while it runs or when not known."""
    process = getattr(manager.provisioner, "process", None)
    code = getattr(process, "returncode", None)
    if not isinstance(code, int):
        return ""
    if code == SERVER_ENDED and isinstance(process, KernelProcess):
        return " (its fork server ended)"
    if code >= 0:
        return f" (exit code {code})"
    try:
        return f" (killed by {signal.Signals(-code).name})"
    except ValueError:
        return f" (killed by signal {-code})"
