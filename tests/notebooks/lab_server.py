"""A real JupyterLab server for the notebook tests (imported by them; pytest puts this folder on
sys.path): started on a free port with a random token,
its config, data, runtime and IPython dirs in tmp, and BRIEFING_WAREHOUSE pointing at a tmp file,
so nothing is written into the project's data/ or reports/."""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

JUPYTER = Path(sys.executable).parent / "jupyter"
START_TIMEOUT_S = 90
STOP_TIMEOUT_S = 30


@dataclass
class Server:
    url: str
    token: str
    process: subprocess.Popen
    log: Path
    warehouse: Path

    def request(self, method: str, path: str, body: dict | None = None, timeout: float = 60):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.url + path,
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
            return json.loads(raw) if raw else None

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def snapshot(folders) -> dict[str, tuple[int, int]]:
    """Every file under the folders, with its size and modification time."""
    return {
        str(path): (path.stat().st_size, path.stat().st_mtime_ns)
        for folder in folders
        if folder.exists()
        for path in folder.rglob("*")
        if path.is_file()
    }


def kill(process: subprocess.Popen) -> None:
    """SIGTERM (the server then shuts its kernels down), SIGKILL if it does not go."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT_S)


@contextmanager
def running_jupyterlab(tmp: Path, root_dir: Path) -> Iterator[Server]:
    """JupyterLab serving `root_dir`, everything of its own under `tmp`; shut down through its
    API at the end (as File > Shut Down does), killed if that fails."""
    token, port = secrets.token_hex(24), free_port()
    env = {
        **os.environ,
        "BRIEFING_WAREHOUSE": str(tmp / "w.duckdb"),
        "JUPYTER_CONFIG_DIR": str(tmp / "config"),
        "JUPYTER_DATA_DIR": str(tmp / "data"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
        "IPYTHONDIR": str(tmp / "ipython"),
        "JUPYTER_PLATFORM_DIRS": "1",
    }
    command = [
        str(JUPYTER), "lab", "--no-browser",
        f"--IdentityProvider.token={token}",  # ServerApp.token is its deprecated alias
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root_dir}",
        "--ServerApp.open_browser=False",
        f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
        f"--LabApp.user_settings_dir={tmp / 'settings'}",
    ]  # fmt: skip
    if os.geteuid() == 0:
        command.append("--allow-root")  # containers and CI run as root
    _quiet_news(tmp / "settings")
    log = tmp / "jupyterlab.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, env=env, cwd=tmp, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    running = Server(f"http://127.0.0.1:{port}", token, process, log, tmp / "w.duckdb")
    try:
        wait_until_up(running)
        yield running
        stop(running)
    finally:
        kill(process)


def wait_until_up(server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(
                f"jupyter lab exited with {server.process.returncode}:\n{server.log_tail()}"
            )
        try:
            server.request("GET", "/api/status", timeout=5)
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    pytest.fail(
        f"jupyter lab did not answer /api/status in {START_TIMEOUT_S} s:\n{server.log_tail()}"
    )


def stop(server: Server) -> None:
    """Shut the server down through its API, as File > Shut Down does."""
    server.request("POST", "/api/shutdown")
    try:
        server.process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        pytest.fail(f"jupyter lab did not stop within {STOP_TIMEOUT_S} s of /api/shutdown")
    assert server.process.returncode == 0, f"jupyter lab stopped badly:\n{server.log_tail()}"


def _quiet_news(settings_dir: Path) -> None:
    """No "get notified about Jupyter news?" toast over the notebook (nor its fetch)."""
    where = settings_dir / "@jupyterlab" / "apputils-extension"
    where.mkdir(parents=True, exist_ok=True)
    (where / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false"}))
