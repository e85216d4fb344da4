"""A batch on a Dask cluster whose workers do not see the folders the batch reads and writes
(a region's data root, reports folder or warehouse on this machine only) is refused before any
period runs, naming the workers and the folders, in the analyst's language."""

import contextlib
from pathlib import Path

import pytest

from industry_briefing.run import batch, executors
from industry_briefing.run.regions import Region
from industry_briefing.run.request import Request

WORKERS = ("tcp://10.0.0.7:40211", "tcp://10.0.0.8:40211")


def regions(tmp_path: Path) -> list[Region]:
    """Two regions, each with its own folders."""
    return [
        Region(
            tmp_path / name / "raw",
            tmp_path / name / "data" / "w.duckdb",
            tmp_path / name / "reports",
            name,
        )
        for name in ("gy", "zy")
    ]


class Cluster:
    """A client of a cluster whose second worker sees none of this machine's folders."""

    def __init__(self) -> None:
        self.asked: list[list[str]] = []

    def run(self, function, folders):
        self.asked.append(folders)
        return {WORKERS[0]: [], WORKERS[1]: list(folders)}


def test_a_cluster_whose_workers_cannot_see_the_folders_is_refused_before_any_period(
    tmp_path, monkeypatch
):
    cluster, asked = Cluster(), regions(tmp_path)
    monkeypatch.setattr(executors, "_on_processes", None)  # never the local pool
    monkeypatch.setattr("dask.distributed.Client", lambda address: contextlib.nullcontext(cluster))

    def never(*args):
        raise AssertionError("a part was submitted")

    monkeypatch.setattr(executors, "_run", never)
    with pytest.raises(executors.ClusterBlind) as refused:
        batch._execute(iter([]), 1, Request(asked, scheduler="tcp://x:8786"), batch.Quiet())
    folders = [
        str(folder)
        for region in asked
        for folder in (region.data_dir, region.reports_dir, region.warehouse.parent)
    ]
    assert cluster.asked == [folders]  # every region's, at once
    shown = ", ".join(sorted(folders))
    assert refused.value.text("en") == (
        f"the cluster's workers {WORKERS[1]} cannot see {shown}: a batch on several machines "
        "needs a shared file system on which every machine sees the data root, the reports "
        "folder and the warehouse at the same paths (see the README's cluster section; no "
        "period ran)"
    )
    assert refused.value.text("zh").startswith(f"集群的工作进程 {WORKERS[1]} 看不到 ")
    assert isinstance(refused.value, batch.REFUSALS)  # said in one line, exit 2


def test_a_cluster_that_sees_the_folders_is_asked_once_and_not_refused(tmp_path):
    class Seeing(Cluster):
        def run(self, function, folders):
            self.asked.append(folders)
            return {worker: [] for worker in WORKERS}

    cluster = Seeing()
    executors.refuse_blind(cluster, [str(tmp_path)])
    assert cluster.asked == [[str(tmp_path)]]


@pytest.mark.slow
def test_a_real_worker_says_which_folders_it_does_not_see(tmp_path):
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=1, processes=False, threads_per_worker=1, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        seen = client.run(executors._missing, [str(tmp_path), str(tmp_path / "elsewhere")])
    assert list(seen.values()) == [[str(tmp_path / "elsewhere")]]
