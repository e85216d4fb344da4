"""Kernels forked by this process's fork server (the standard library's forkserver): real
kernels, isolated, preloaded, with their true exit, gone with their server and with the worker
that started them; and a worker's warm kernel, whose failed start is dropped."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest

from industry_briefing.run import kernels, lifeline, warm

pytestmark = pytest.mark.slow

GRACE_S = 15


def _run(manager, code: str) -> list[str]:
    """The stdout text of `code` run in the manager's kernel; fails the test on an error."""
    client = kernels.blocking_client(manager)
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        printed: list[str] = []

        def collect(message):
            if message["msg_type"] == "stream":
                printed.append(message["content"]["text"])

        reply = client.execute_interactive(code, timeout=60, output_hook=collect)
    finally:
        client.stop_channels()
    assert reply["content"]["status"] == "ok", reply["content"]
    return "".join(printed).split()


@pytest.fixture
def forked(tmp_path):
    """Start forked kernels in tmp_path; every one is shut down at the end."""
    started = []

    def start(**env):
        manager = kernels.kernel_manager()
        manager.start_kernel(cwd=str(tmp_path), env={**os.environ, **env})
        started.append(manager)
        return manager

    yield start
    for manager in started:
        manager.shutdown_kernel(now=True)


def _server_of(manager) -> psutil.Process:
    """The fork server a kernel was forked by: its parent."""
    server = psutil.Process(manager.provisioner.pid).parent()
    assert server is not None
    assert "multiprocessing.forkserver" in " ".join(server.cmdline())
    return server


def _until(condition, what: str, seconds: float = GRACE_S) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {seconds} s")
        time.sleep(0.1)


def _gone(pid: int) -> bool:
    """Not running (a zombie, ended and waiting to be collected, has ended)."""
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_a_forked_kernel_has_the_libraries_loaded_its_own_env_and_cwd(forked, tmp_path):
    manager = forked(BRIEFING_PROBE="first")
    modules = ("pandas", "altair", "duckdb", "industry_briefing.analysis.loading")
    printed = _run(
        manager,
        "import os, sys\n"
        "print(os.environ['BRIEFING_PROBE'], os.getcwd(), os.getppid(),\n"
        f"      all(m in sys.modules for m in {modules!r}))",
    )
    server = _server_of(manager)
    assert printed == ["first", str(tmp_path), str(server.pid), "True"]
    assert server.ppid() == os.getpid()  # the server of this process (a batch's worker)
    kernel = psutil.Process(manager.provisioner.pid)
    assert kernel.name() == lifeline.KERNEL  # what ps and top show, not the server's name
    assert os.getsid(kernel.pid) == kernel.pid  # a session of its own


def test_each_kernel_is_a_process_of_its_own_with_no_state_from_another(forked):
    first, second = forked(), forked()
    _run(first, "leaked = 42")
    printed = _run(second, "import os; print('leaked' in dir(), os.getpid())")
    assert printed == ["False", str(second.provisioner.pid)]
    assert first.provisioner.pid != second.provisioner.pid
    assert _server_of(first).pid == _server_of(second).pid  # one server forks them all


def test_a_kernel_killed_or_exiting_is_told_ended_at_once_with_its_true_exit(forked):
    killed, leaving = forked(), forked()
    _run(killed, "x = 1")
    os.kill(killed.provisioner.pid, signal.SIGKILL)
    _until(lambda: not killed.is_alive(), "the killed kernel was not told ended")
    assert killed.provisioner.process.poll() == -signal.SIGKILL
    assert kernels.how_it_ended(killed) == " (killed by SIGKILL)"

    client = kernels.blocking_client(leaving)
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        client.execute("import os; os._exit(3)")
        _until(lambda: not leaving.is_alive(), "the kernel that exited was not told ended")
    finally:
        client.stop_channels()
    assert kernels.how_it_ended(leaving) == " (exit code 3)"


def test_a_shut_down_kernel_is_gone_with_its_files(forked):
    manager = forked()
    pid = manager.provisioner.pid
    connection = Path(manager.connection_file)
    _run(manager, "x = 1")
    assert connection.exists() and connection.parent.name.startswith(lifeline.PREFIX)
    manager.shutdown_kernel(now=True)
    assert not manager.is_alive()
    assert not psutil.pid_exists(pid) or _gone(pid)
    assert not connection.exists()
    assert not list(connection.parent.glob(f"{connection.stem}*")), "its sockets are left"


def test_kernels_end_with_their_server_and_the_next_kernel_gets_a_new_one(forked):
    manager = forked()
    pid = manager.provisioner.pid
    server = _server_of(manager)
    _run(manager, "x = 1")  # started: it has told the system to end with its server
    server.kill()  # as by the OOM killer, say
    _until(lambda: _gone(pid), f"kernel {pid} outlived its fork server")
    _until(lambda: not manager.is_alive(), "the kernel was not told ended")
    assert kernels.how_it_ended(manager) == " (its fork server ended)"
    following = forked()
    assert _run(following, "print('again')") == ["again"]
    assert _server_of(following).pid != server.pid


WORKER = """
import sys, time
from industry_briefing.run import kernels
manager = kernels.kernel_manager()
manager.start_kernel(cwd=sys.argv[1])
print(manager.provisioner.pid, flush=True)
time.sleep(600)
"""


def test_a_kernel_ends_with_the_worker_that_started_it_and_its_folder_is_swept(tmp_path, request):
    """A worker killed (SIGKILL: it stops nothing itself): its kernel and its fork server go;
    the folder of its kernels' files, which it could not remove, goes with the next sweep."""
    # A short TMPDIR (a test's tmp_path may be too long for the kernels' Unix sockets)
    tmp = Path(tempfile.mkdtemp(prefix="bk-"))
    request.addfinalizer(lambda: shutil.rmtree(tmp, ignore_errors=True))
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(tmp)},
    )
    try:
        assert worker.stdout is not None
        kernel = psutil.Process(int(worker.stdout.readline()))
        server = kernel.parent()
        assert server is not None and server.ppid() == worker.pid
        worker.kill()
        worker.wait()
        _until(lambda: _gone(kernel.pid), "the kernel outlived its worker")
        _until(lambda: _gone(server.pid), "the fork server outlived its worker")
    finally:
        worker.kill()
    left = list(tmp.glob(f"{lifeline.PREFIX}{worker.pid}-*"))
    assert left, "the killed worker's folder should still be there to sweep"
    lifeline.sweep(tmp)
    assert not list(tmp.glob(f"{lifeline.PREFIX}*"))


def test_a_kernel_that_cannot_be_forked_says_so_in_the_worker():
    with pytest.raises(ValueError, match="not an ipykernel command"):
        kernels.start(["python", "-c", "pass"], dict(os.environ), "/")
    with pytest.raises(FileNotFoundError, match="No such file or directory"):
        kernels.start(["python", "-m", "ipykernel_launcher", "-f", "x.json"], {}, "/no/such/dir")


def test_the_worker_falls_back_to_a_plain_kernel_without_the_server(monkeypatch):
    def broken(*args):
        raise kernels.ForkServerError("no fork here")

    monkeypatch.setattr(kernels, "start", broken)
    manager = warm._start_kernel()
    try:
        assert type(manager.provisioner).__name__ == "LocalProvisioner"
        assert _run(manager, "print('plain')") == ["plain"]
    finally:
        manager.shutdown_kernel(now=True)


def _next(get, asked: str, kind: str) -> dict:
    """The next message of a kind answering `asked`: wait_for_ready may have left a second
    kernel_info reply behind (it asks again each second the kernel is slow to answer)."""
    while True:
        message = get(timeout=20)
        if message["msg_type"] == kind and message["parent_header"].get("msg_id") == asked:
            return message


def test_a_forked_kernel_can_be_interrupted_and_the_server_ignores_ctrl_c(forked):
    manager = forked()
    server = _server_of(manager)
    server.send_signal(signal.SIGINT)  # Ctrl-C reaches the worker's process group
    client = kernels.blocking_client(manager)
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        asked = client.execute("import time; print('asleep', flush=True); time.sleep(30)")
        _next(client.get_iopub_msg, asked, "stream")  # in the cell (on a loaded machine too)
        manager.interrupt_kernel()
        reply = _next(client.get_shell_msg, asked, "execute_reply")
    finally:
        client.stop_channels()
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "KeyboardInterrupt"
    assert server.is_running() and server.status() != psutil.STATUS_ZOMBIE  # still serving


def _kernel_children() -> list[psutil.Process]:
    return [
        child
        for child in psutil.Process().children(recursive=True)
        if child.name() == lifeline.KERNEL and child.status() != psutil.STATUS_ZOMBIE
    ]


def test_a_kernel_that_does_not_answer_in_time_is_stopped_with_its_files(monkeypatch):
    """A kernel stuck at its start (stopped here: SIGSTOP) is not waited for past the limit,
    and is stopped (killed) with its files rather than left behind."""
    start = kernels.start

    def stuck(*args):
        process = start(*args)
        os.kill(process.pid, signal.SIGSTOP)
        return process

    monkeypatch.setattr(kernels, "start", stuck)
    monkeypatch.setattr(warm, "READY_SECONDS", 0.01)
    before = {child.pid for child in _kernel_children()}
    with pytest.raises(RuntimeError, match="Kernel didn't respond in 0 seconds"):
        warm._start_kernel()
    _until(lambda: not {c.pid for c in _kernel_children()} - before, "the kernel was left running")
    assert not list(lifeline.own_folder().glob("k*")), "its files were left"


def test_a_failed_warm_start_fails_one_part_and_the_next_starts_anew(monkeypatch):
    """A warm start that failed is not kept: the part that waited for it fails with one line,
    and the next part gets a kernel of a new start (not the same failure again)."""
    real = warm._start_kernel
    starts = []

    def first_fails():
        starts.append(1)
        if len(starts) == 1:
            raise RuntimeError("Kernel didn't respond in 60 seconds")
        return real()

    monkeypatch.setattr(warm, "_start_kernel", first_fails)
    monkeypatch.setattr(warm, "_warm_kernel", None)
    with pytest.raises(warm.KernelNotStarted, match="did not start: Kernel didn't respond"):
        warm.take_kernel()
    manager = warm.take_kernel()
    try:
        assert _run(manager, "print('second')") == ["second"]
        assert len(starts) == 2
    finally:
        manager.shutdown_kernel(now=True)


def test_a_shut_down_kernel_stops_the_clients_it_made(forked):
    """nbclient never stops the client of a kernel it is handed (papermill's `km`); each one
    left a heartbeat thread and its sockets in the worker, a part at a time."""
    manager = forked()
    client = manager.client()
    client.start_channels()
    assert client.channels_running
    manager.shutdown_kernel(now=True)
    assert not client.channels_running
    assert not client.hb_channel.is_alive()


def test_a_warm_kernel_that_died_idle_is_replaced_not_failed(monkeypatch):
    """Its fork server killed while the worker exported, say: the part that takes it gets a
    kernel of a new start."""
    monkeypatch.setattr(warm, "_warm_kernel", None)
    warm.prewarm()
    assert warm._warm_kernel is not None
    dead = warm._warm_kernel.result(timeout=60)
    os.kill(dead.provisioner.pid, signal.SIGKILL)
    _until(lambda: not dead.is_alive(), "the killed kernel was not told ended")
    manager = warm.take_kernel()
    try:
        assert manager is not dead
        assert _run(manager, "print('fresh')") == ["fresh"]
    finally:
        manager.shutdown_kernel(now=True)


def test_code_run_in_a_kernel_that_dies_fails_at_once_not_at_its_timeout(forked):
    from nbclient.exceptions import DeadKernelError

    manager = forked()
    _run(manager, "x = 1")
    began = time.monotonic()
    with pytest.raises(DeadKernelError, match="Kernel died"):
        kernels.run_silently(manager, "import os, signal; os.kill(os.getpid(), 9)", timeout=60)
    assert time.monotonic() - began < 10
    assert kernels.how_it_ended(manager) == " (killed by SIGKILL)"


def _ask_the_server(fds: list[int]) -> None:
    """A request to this process's fork server, as multiprocessing's own client makes one
    (forkserver.connect_to_new_process), with `fds` for its file descriptors."""
    from multiprocessing import forkserver, reduction

    with socket.socket(socket.AF_UNIX) as client:
        client.connect(forkserver._forkserver._forkserver_address)
        if fds:
            reduction.sendfds(client, fds)


def test_a_worker_gone_mid_reply_leaves_the_server_serving(forked):
    """A worker that asked for a kernel and went before the answer: the server's reply finds
    no one (it goes on), the child it forked finds no process to become and ends."""
    from multiprocessing import forkserver, resource_tracker

    server = _server_of(forked())
    parent_r, child_w = os.pipe()
    child_r, parent_w = os.pipe()
    alive = forkserver._forkserver._forkserver_alive_fd
    _ask_the_server([child_r, child_w, alive, resource_tracker.getfd()])
    for fd in (parent_r, child_w, child_r, parent_w):  # gone
        os.close(fd)
    _until(lambda: len(server.children()) == 1, "the child forked for no one was left")
    following = forked()
    assert _run(following, "print('served')") == ["served"]
    assert _server_of(following).pid == server.pid


def test_a_malformed_request_ends_the_server_as_a_kill_does(forked):
    """Python 3.11's forkserver does not survive an empty request (EOFError in its loop): it
    ends, as if killed, with the same outcome: its kernel is told ended, and the next kernel
    gets a new server."""
    manager = forked()
    server = _server_of(manager)
    _run(manager, "x = 1")
    _ask_the_server([])
    _until(lambda: not manager.is_alive(), "the server's kernel was not told ended")
    assert kernels.how_it_ended(manager) == " (its fork server ended)"
    following = forked()
    assert _run(following, "print('again')") == ["again"]
    assert _server_of(following).pid != server.pid
    assert _gone(server.pid)


def test_a_kernel_talks_over_unix_sockets_unless_tmpdir_is_too_long_for_one(monkeypatch):
    from jupyter_client import KernelManager

    for folder, transport in [
        (Path("/tmp/briefing-1-abc"), "ipc"),
        (Path("/tmp") / ("x" * 100), "tcp"),
    ]:
        monkeypatch.setattr(lifeline, "own_folder", lambda folder=folder: folder)
        manager = kernels.local_sockets(KernelManager())
        assert manager.transport == transport
        assert Path(manager.connection_file).parent == folder
        if transport == "ipc":
            assert len(os.fsencode(manager.ip)) + 3 <= kernels.SOCKET_PATH_BYTES
