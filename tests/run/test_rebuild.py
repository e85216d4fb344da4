"""`briefing rebuild` keeps the newest KEEP_PREVIOUS copies of the warehouse it replaces, says
which older ones it removed and where the kept ones are; damaged copies are all kept."""

from pathlib import Path

from click.testing import CliRunner

from industry_briefing import cli
from industry_briefing.core import settings
from industry_briefing.run import rebuild
from industry_briefing.store import access


def rebuilt(raw: Path, db: Path):
    args = ["rebuild", "--data-dir", str(raw), "--warehouse", str(db), "--lang", "en"]
    return CliRunner().invoke(cli.main, args)


def copies(db: Path, why: str = "previous") -> list[str]:
    return sorted(path.name for path in db.parent.glob(f"{db.name}.{why}-*"))


def test_rebuilds_keep_the_newest_three_previous_copies_and_say_so(tmp_path):
    raw = tmp_path / "raw"
    (raw / "2011-02").mkdir(parents=True)
    for path in (settings.RAW_DATA_DIR / "2011-02").iterdir():
        (raw / "2011-02" / path.name).write_bytes(path.read_bytes())
    db = tmp_path / "w.duckdb"
    outputs = []
    for _ in range(6):  # the first builds it; each later one sets the one before aside
        done = rebuilt(raw, db)
        assert done.exit_code == 0, done.output
        outputs.append(done.output)
    kept = copies(db)
    assert len(kept) == rebuild.KEEP_PREVIOUS == 3
    assert len(set(kept)) == 3  # several in one second: none replaced by the next
    assert "older copies removed" not in "".join(outputs[:4])
    assert outputs[4].splitlines()[-1] == (
        f"1 older copies removed ({removed_of(outputs[4])}); the newest 3 are kept in "
        f"{tmp_path} as w.duckdb.previous-*."
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [".briefing", "raw", "w.duckdb", *kept]
    )


def removed_of(output: str) -> str:
    return output.splitlines()[-1].split("(", 1)[1].split(")", 1)[0]


def test_previous_copies_are_pruned_oldest_first_with_their_wal(tmp_path):
    db = tmp_path / "w.duckdb"
    names = [
        "w.duckdb.previous-20110101T000000",
        "w.duckdb.previous-20110101T000000-2",
        "w.duckdb.previous-20110101T000000-10",
        "w.duckdb.previous-20120101T000000",
        "w.duckdb.damaged-20100101T000000",
    ]
    for name in names:
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "w.duckdb.previous-20110101T000000.wal").write_bytes(b"")
    removed = rebuild.prune_previous(db, keep=2)
    assert [p.name for p in removed] == names[:2]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[2:])


def test_two_set_asides_in_one_second_keep_both(tmp_path):
    db = tmp_path / "w.duckdb"
    db.write_bytes(b"first")
    first = access.set_aside(db, "previous")
    db.write_bytes(b"second")
    second = access.set_aside(db, "previous")
    assert first != second
    assert (first.read_bytes(), second.read_bytes()) == (b"first", b"second")
