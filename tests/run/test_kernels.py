"""Kernels forked from the warm server: real kernels, isolated, preloaded, and gone with it."""

from __future__ import annotations

import os
import time

import pytest

from industry_briefing.run import kernels

pytestmark = pytest.mark.slow


def _run(manager, code: str) -> list[str]:
    """The stdout text of `code` run in the manager's kernel; fails the test on an error."""
    client = manager.client()
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


def test_a_forked_kernel_has_the_libraries_loaded_its_own_env_and_cwd(forked, tmp_path):
    manager = forked(BRIEFING_PROBE="first")
    printed = _run(
        manager,
        "import os, sys\n"
        "print(os.environ['BRIEFING_PROBE'], os.getcwd(), os.getppid(),\n"
        "      all(m in sys.modules for m in ('pandas', 'altair', 'duckdb')))",
    )
    assert printed == ["first", str(tmp_path), str(kernels.server()._process.pid), "True"]
    assert manager.provisioner.pid != kernels.server()._process.pid


def test_each_kernel_is_a_process_of_its_own_with_no_state_from_another(forked):
    first, second = forked(), forked()
    _run(first, "leaked = 42")
    printed = _run(second, "import os; print('leaked' in dir(), os.getpid())")
    assert printed == ["False", str(second.provisioner.pid)]
    assert first.provisioner.pid != second.provisioner.pid


def test_a_shut_down_kernel_is_gone(forked):
    manager = forked()
    pid = manager.provisioner.pid
    _run(manager, "x = 1")
    manager.shutdown_kernel(now=True)
    assert not manager.is_alive()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_kernels_follow_their_server_when_it_goes(forked):
    manager = forked()
    pid = manager.provisioner.pid
    _run(manager, "x = 1")
    kernels.close_server()  # as when the batch worker exits: the server's stdin closes
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.2)
    else:
        pytest.fail(f"kernel {pid} outlived its fork server")


def test_a_server_that_cannot_fork_says_so(forked):
    server = kernels.server()
    with pytest.raises(kernels.ForkServerError, match="not an ipykernel command"):
        server.fork(["python", "-c", "pass"], dict(os.environ), "/")
    with pytest.raises(kernels.ForkServerError, match="No such file or directory"):
        server.fork(["python", "-m", "ipykernel_launcher", "-f", "x.json"], {}, "/no/such/dir")
    # still serving: the same server forks the next kernel, which runs code
    assert server._process.poll() is None
    manager = forked()
    assert kernels.server() is server
    assert _run(manager, "import os; print(os.getppid())") == [str(server._process.pid)]


def test_the_worker_falls_back_to_a_plain_kernel_without_the_server(monkeypatch):
    from industry_briefing.run import warm

    def broken():
        raise kernels.ForkServerError("no fork here")

    monkeypatch.setattr(kernels, "server", broken)
    manager = warm._start_kernel()
    try:
        assert type(manager.provisioner).__name__ == "LocalProvisioner"
        assert _run(manager, "print('plain')") == ["plain"]
    finally:
        manager.shutdown_kernel(now=True)


def test_a_forked_kernel_can_be_interrupted_and_the_server_ignores_ctrl_c(forked):
    import signal

    manager = forked()
    os.kill(kernels.server()._process.pid, signal.SIGINT)  # Ctrl-C reaches the process group
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        client.execute("import time; time.sleep(30)")
        time.sleep(1)
        manager.interrupt_kernel()
        reply = client.get_shell_msg(timeout=20)
    finally:
        client.stop_channels()
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "KeyboardInterrupt"
    assert kernels.server()._process.poll() is None  # still serving


def test_a_batch_shares_one_server_among_its_workers_and_its_kernels_go_with_it(
    tmp_path, monkeypatch
):
    """kernels.shared: two workers' requests at once are both answered, by one process; the
    project's modules come preloaded; the kernels go when the batch's block ends."""
    from concurrent.futures import ThreadPoolExecutor

    started = []

    def start(_):
        manager = kernels.kernel_manager()
        manager.start_kernel(cwd=str(tmp_path), env=dict(os.environ))
        started.append(manager)
        return manager

    with kernels.shared() as address:
        monkeypatch.setattr(kernels, "_server", kernels.SharedServer(address))
        with ThreadPoolExecutor(2) as pool:  # two workers asking at the same time
            first, second = pool.map(start, range(2))
        module = "industry_briefing.analysis.loading"
        probe = f"import os, sys; print(os.getppid(), {module!r} in sys.modules)"
        parent, preloaded = _run(first, probe)
        assert _run(second, probe) == [parent, "True"] and preloaded == "True"
        assert first.provisioner.pid != second.provisioner.pid
    pids = [manager.provisioner.pid for manager in started]
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in pids), "kernels outlived the batch's fork server"
    assert not os.path.exists(address)
    for manager in started:
        manager.cleanup_resources()


def _alive(pid: int) -> bool:
    """A process that runs (a zombie, exited and not yet collected by its new parent, is not)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
