"""The notebooks as an analyst runs them: a real JupyterLab server (started here, on a free port
with a random token) opens a session per notebook, and every code cell is sent in order to the
kernel over its websocket (the Jupyter messaging protocol, as the browser front end does). Every
cell must reply "ok" with no error on iopub, on the notebooks' default parameters.

The server's BRIEFING_WAREHOUSE points at a tmp file, so nothing is written into the project's
data/ or reports/ (checked), and Jupyter's own config, runtime and IPython dirs are tmp too."""

import asyncio
import json
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import nbformat
import pytest
from lab_server import START_TIMEOUT_S, Server, running_jupyterlab, snapshot
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

from industry_briefing.core import settings

pytestmark = [pytest.mark.slow, pytest.mark.browser]

NOTEBOOKS = sorted(settings.NOTEBOOKS_DIR.glob("*.ipynb"))
CELL_TIMEOUT_S = 180  # the first cell imports the library and ingests the month
# A word each notebook's tables show (a notebook added later needs none).
TOPIC_WORD = {
    "briefing.ipynb": "规模以上工业总产值",
    "operation.ipynb": "规模以上工业总产值",
    "investment.ipynb": "工业投资",
    "parks.ipynb": "园区",
    "explore.ipynb": "规模以上工业总产值",
}
WATCHED = (settings.DATA_DIR, settings.REPORTS_DIR, settings.NOTEBOOKS_DIR)
# The product's cache (core/cache.py: derived text keyed by its inputs' hash): the batches of
# tests running meanwhile in the other test process may add an entry at any time.
CACHE = settings.PROCESSED_DATA_DIR / "cache"


def project_files() -> dict[str, tuple[int, int]]:
    return {
        path: seen for path, seen in snapshot(WATCHED).items() if CACHE not in Path(path).parents
    }


@pytest.fixture(scope="module")
def project_before():
    return project_files()


@pytest.fixture(scope="module")
def server(tmp_path_factory, project_before):
    with running_jupyterlab(
        tmp_path_factory.mktemp("jupyterlab"), settings.NOTEBOOKS_DIR
    ) as running:
        yield running


# --- the Jupyter messaging protocol over the kernel's websocket ---------------------------------


def message(msg_type: str, session: str, content: dict, channel: str = "shell") -> dict:
    return {
        "header": {
            "msg_id": uuid.uuid4().hex,
            "msg_type": msg_type,
            "session": session,
            "username": "test",
            "date": datetime.now(UTC).isoformat(),
            "version": "5.3",
        },
        "parent_header": {},
        "metadata": {},
        "content": content,
        "channel": channel,
        "buffers": [],
    }


@dataclass
class Execution:
    code: str
    reply: dict
    iopub: list[dict]

    @property
    def errors(self) -> list[dict]:
        return [m["content"] for m in self.iopub if m["msg_type"] == "error"]

    @property
    def outputs(self) -> list[dict]:
        kinds = ("display_data", "execute_result")
        return [m["content"] for m in self.iopub if m["msg_type"] in kinds]


class Kernel:
    def __init__(self, connection, session: str):
        self.connection, self.session = connection, session

    async def send(self, msg: dict) -> str:
        await self.connection.write_message(json.dumps(msg))
        return msg["header"]["msg_id"]

    async def receive(self, deadline: float) -> dict:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        raw = await asyncio.wait_for(self.connection.read_message(), timeout=left)
        if raw is None:
            raise ConnectionError("the kernel's websocket closed")
        return json.loads(raw)

    async def ready(self, timeout: float) -> None:
        """kernel_info until it answers (messages sent before the kernel is up may be lost)."""
        deadline = time.monotonic() + timeout
        while True:
            sent = await self.send(message("kernel_info_request", self.session, {}))
            answer = time.monotonic() + 2
            try:
                while True:
                    got = await self.receive(min(answer, deadline))
                    if (
                        got["msg_type"] == "kernel_info_reply"
                        and got["parent_header"].get("msg_id") == sent
                    ):
                        return
            except TimeoutError:
                if time.monotonic() >= deadline:
                    raise

    async def execute(self, code: str, timeout: float) -> Execution:
        content = {
            "code": code,
            "silent": False,
            "store_history": True,
            "user_expressions": {},
            "allow_stdin": False,
            "stop_on_error": True,
        }
        sent = await self.send(message("execute_request", self.session, content))
        deadline = time.monotonic() + timeout
        reply, iopub, idle = None, [], False
        while reply is None or not idle:
            got = await self.receive(deadline)
            if got["parent_header"].get("msg_id") != sent:
                continue
            if got["channel"] == "shell" and got["msg_type"] == "execute_reply":
                reply = got["content"]
            elif got["channel"] == "iopub":
                iopub.append(got)
                idle = idle or (
                    got["msg_type"] == "status" and got["content"]["execution_state"] == "idle"
                )
        return Execution(code, reply, iopub)


async def run_cells(server: Server, kernel_id: str, cells: list[str]) -> list[Execution]:
    session = uuid.uuid4().hex
    ws_url = server.url.replace("http", "ws", 1)
    request = HTTPRequest(
        f"{ws_url}/api/kernels/{kernel_id}/channels?session_id={session}",
        headers={"Authorization": f"token {server.token}"},
        connect_timeout=30,
        request_timeout=30,
    )
    connection = await websocket_connect(request)
    kernel = Kernel(connection, session)
    try:
        await kernel.ready(timeout=START_TIMEOUT_S)
        done = []
        for code in cells:
            try:
                done.append(await kernel.execute(code, CELL_TIMEOUT_S))
            except TimeoutError:
                pytest.fail(f"no execute_reply and idle within {CELL_TIMEOUT_S} s for:\n{code}")
            if done[-1].reply["status"] != "ok":
                break
        return done
    finally:
        connection.close()


def open_session(server: Server, path: str) -> dict:
    body = {"path": path, "name": path, "type": "notebook", "kernel": {"name": "python3"}}
    created = server.request("POST", "/api/sessions", body)
    assert created["path"] == path
    return created


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_cell_by_cell_in_jupyterlab(server, notebook):
    cells = [c.source for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code"]
    created = open_session(server, notebook.name)
    try:
        executions = asyncio.run(run_cells(server, created["kernel"]["id"], cells))
    finally:
        server.request("DELETE", f"/api/sessions/{created['id']}")
    for ran in executions:
        assert ran.reply["status"] == "ok", (
            f"{notebook.name}: cell failed: {ran.reply.get('ename')}: {ran.reply.get('evalue')}"
            f"\n{ran.code}\n" + "\n".join(ran.reply.get("traceback", []))
        )
        assert ran.errors == [], f"{notebook.name}: error on iopub for\n{ran.code}\n{ran.errors}"
    assert len(executions) == len(cells)
    shown = [output["data"] for ran in executions for output in ran.outputs]
    tables = [data["text/html"] for data in shown if "text/html" in data]
    prose = "".join(data.get("text/markdown", "") for data in shown)
    charts = [data for data in shown if any(k.startswith("application/vnd.vegalite") for k in data)]
    assert tables and prose and charts, f"{notebook.name}: tables, prose and charts expected"
    word = TOPIC_WORD.get(notebook.name, "")
    assert any(word in table for table in tables), f"{notebook.name}: no table with {word}"
    if notebook.name == "briefing.ipynb":
        assert "规模以上工业总产值192.1亿元" in prose  # the seed month's opening sentence


def test_a_failing_cell_is_reported_and_stops_the_run(server):
    """The checks above would see an error (the detector works)."""
    created = open_session(server, "scratch-not-saved.ipynb")
    try:
        executions = asyncio.run(
            run_cells(server, created["kernel"]["id"], ["x = 1", "1 / 0", "x"])
        )
    finally:
        server.request("DELETE", f"/api/sessions/{created['id']}")
    assert [ran.reply["status"] for ran in executions] == ["ok", "error"]
    assert executions[1].reply["ename"] == "ZeroDivisionError"
    assert [e["ename"] for e in executions[1].errors] == ["ZeroDivisionError"]
    assert not (settings.NOTEBOOKS_DIR / "scratch-not-saved.ipynb").exists()


def test_the_server_lists_no_session_left_and_wrote_only_to_tmp(server, project_before):
    assert server.request("GET", "/api/sessions") == []
    assert server.warehouse.exists()  # the notebooks ingested their month into the tmp warehouse
    assert project_files() == project_before, (
        "the notebooks wrote into data/, reports/ or notebooks/"
    )
