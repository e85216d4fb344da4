"""A batch on a Dask cluster whose workers do not see the folders the batch reads and writes
(a data root, reports folder or warehouse on this machine only) is refused before any period
runs, naming the workers and the folders, in the analyst's language."""

from pathlib import Path

import pytest

from industry_briefing.run import batch, executors
from industry_briefing.run.worker import Job

WORKERS = ("tcp://10.0.0.7:40211", "tcp://10.0.0.8:40211")


def job(tmp_path: Path) -> Job:
    return Job(
        period="2011-02",
        region="贵阳市",
        notebook="notebooks/briefing.ipynb",
        reports_dir=str(tmp_path / "reports"),
        parameters={
            "period": "2011-02",
            "data_dir": str(tmp_path / "raw"),
            "warehouse": str(tmp_path / "data" / "w.duckdb"),
        },
        title="简报",
        label="2011年1-2月",
        manifest={},
    )


class Cluster:
    """A client of a cluster whose second worker sees none of this machine's folders."""

    def __init__(self) -> None:
        self.asked: list[list[str]] = []

    def run(self, function, folders):
        self.asked.append(folders)
        return {WORKERS[0]: [], WORKERS[1]: list(folders)}


def test_a_cluster_whose_workers_cannot_see_the_folders_is_refused_before_any_period(tmp_path):
    cluster, the_job = Cluster(), job(tmp_path)
    with pytest.raises(executors.ClusterBlind) as refused:
        next(executors._seen_by(cluster, iter([the_job, the_job])))
    folders = [str(tmp_path / "raw"), str(tmp_path / "reports"), str(tmp_path / "data")]
    assert cluster.asked == [folders]
    shown = ", ".join(sorted(folders))
    assert refused.value.text("en") == (
        f"the cluster's workers {WORKERS[1]} cannot see {shown}: a batch on several machines "
        "needs a shared file system on which every machine sees the data root, the reports "
        "folder and the warehouse at the same paths (see the README's cluster section; no "
        "period ran)"
    )
    assert refused.value.text("zh").startswith(f"集群的工作进程 {WORKERS[1]} 看不到 ")
    assert isinstance(refused.value, batch.REFUSALS)  # said in one line, exit 2


def test_a_cluster_that_sees_the_folders_gets_every_job_and_is_asked_once(tmp_path):
    class Seeing(Cluster):
        def run(self, function, folders):
            self.asked.append(folders)
            return {worker: [] for worker in WORKERS}

    cluster, the_job = Seeing(), job(tmp_path)
    assert list(executors._seen_by(cluster, iter([the_job, the_job]))) == [the_job, the_job]
    assert len(cluster.asked) == 1


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
