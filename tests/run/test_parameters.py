"""Parameters are checked against the notebook's parameters cell before a kernel starts: a bad
period, an unknown name, a wrong type or language is bad usage (exit 2) and nothing is written
or started."""

import shutil
import subprocess
import sys

import nbformat
import pytest
from click.testing import CliRunner

from industry_briefing import cli
from industry_briefing.core import settings
from industry_briefing.core.periods import Period
from industry_briefing.run import batch, executors, parameters, regions, warm, worker

MONTH = "2011-03"
KNOWN_LISTED = (
    "unknown parameter 'colour' for briefing.ipynb; it takes: period, data_dir, warehouse, "
    "region, lang"
)


@pytest.fixture
def workspace(tmp_path):
    shutil.copytree(settings.RAW_DATA_DIR / MONTH, tmp_path / "raw" / MONTH)
    return tmp_path


@pytest.fixture
def no_kernel(monkeypatch):
    """Any attempt to start a kernel or run a job fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("a kernel was started or a job run for bad parameters")

    monkeypatch.setattr(warm, "_start_kernel", refuse)
    monkeypatch.setattr(worker, "execute", refuse)
    monkeypatch.setattr(worker, "run_part", refuse)
    monkeypatch.setattr(executors, "execute", refuse)


def invoke(workspace, *args):
    paths = [
        "--data-dir", workspace / "raw",
        "--warehouse", workspace / "w.duckdb",
        "--reports-dir", workspace / "reports",
    ]  # fmt: skip
    # run and batch speak the locale's language, else the region's: these tests read English
    english = {"LC_ALL": "", "LC_MESSAGES": "en_US.UTF-8"}
    return CliRunner(env=english).invoke(cli.main, [str(a) for a in [*args, *paths]])


def assert_nothing_written(workspace):
    assert not (workspace / "w.duckdb").exists()
    assert not (workspace / "reports").exists()
    assert sorted(p.name for p in workspace.iterdir()) == ["raw"]


# --- the notebook's declared parameters -------------------------------------------------------


GIVEN = ["period", "data_dir", "warehouse", "region", "lang"]
# Set by the batch for each notebook (run.parameters.BATCH_OWN); their defaults are JupyterLab's.
BATCH_OWN = ["shared_model_dir", "defer_chart_svg"]


def test_the_briefing_notebook_declares_its_parameters():
    declared = parameters.declared(settings.BRIEFING_NOTEBOOK)
    assert list(declared) == GIVEN + BATCH_OWN
    assert list(parameters.BATCH_OWN) == BATCH_OWN
    assert all(declared[name].type_name == "str" for name in [*GIVEN[:-1], "shared_model_dir"])
    assert declared["lang"].default == '"zh"'
    assert declared["shared_model_dir"].default == '""'  # the model built in the kernel
    assert declared["defer_chart_svg"].types == (bool,)
    assert declared["defer_chart_svg"].default == "False"  # every chart drawn in the kernel


def test_the_declared_parameters_are_kept_so_a_rerun_does_not_import_papermill(tmp_path):
    script = (
        "import sys; from industry_briefing.core import settings; "
        "from industry_briefing.run import parameters; "
        f"settings.PROCESSED_DATA_DIR = __import__('pathlib').Path({str(tmp_path)!r}); "
        "print(list(parameters.declared()), 'papermill' in sys.modules)"
    )
    runs = [
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
        for _ in range(2)
    ]
    assert runs[0].stdout.endswith("True\n") and runs[1].stdout.endswith("False\n")
    assert runs[0].stdout.replace("True", "") == runs[1].stdout.replace("False", "")
    (kept,) = (tmp_path / "cache").iterdir()
    assert kept.name.startswith("parameters-briefing-")


@pytest.mark.parametrize("name", ["operation", "investment", "parks"])
def test_the_topic_notebooks_take_the_same_parameters(name):
    declared = parameters.declared(settings.NOTEBOOKS_DIR / f"{name}.ipynb")
    assert declared == parameters.declared(settings.BRIEFING_NOTEBOOK)


def notebook_with(tmp_path, source):
    nb = nbformat.v4.new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        }
    )
    nb.cells = [nbformat.v4.new_code_cell(source, metadata={"tags": ["parameters"]})]
    path = tmp_path / "n.ipynb"
    nbformat.write(nb, path)
    return path


def test_types_come_from_annotations_or_plain_defaults(tmp_path):
    path = notebook_with(
        tmp_path,
        "year: int = 2011\nratio = 0.5\nname: Optional[str] = None\nflag: bool = False\n"
        "anything = some_call()\n",
    )
    declared = parameters.declared(path)
    assert declared["year"].types == (int,)
    assert declared["ratio"].types == (float, int)
    assert declared["name"].types == (str, type(None))
    assert declared["flag"].types == (bool,)
    assert declared["anything"].types is None  # not checked
    ok = {"year": 2012, "ratio": 1, "name": None, "flag": True, "anything": [1]}
    assert parameters.validate(ok, path) == ok
    with pytest.raises(parameters.ParameterError, match="'year' must be int, got bool True"):
        parameters.validate({"year": True}, path)
    with pytest.raises(parameters.ParameterError, match="'ratio' must be float, got str '1'"):
        parameters.validate({"ratio": "1"}, path)


def test_a_notebook_without_a_parameters_cell_takes_none(tmp_path):
    path = tmp_path / "n.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")]), path)
    with pytest.raises(parameters.ParameterError, match="has no cell tagged 'parameters'"):
        parameters.validate({"period": MONTH}, path)


# --- validate -----------------------------------------------------------------------------------

BAD = [
    ({"period": "../../etc"}, "period '../../etc' is not of the form YYYY-MM (e.g. 2011-03;"),
    ({"period": "2011-13"}, "period '2011-13' has month 13; months run from 01 to 12"),
    ({"period": "2011-03/../../x"}, "is not of the form YYYY-MM"),
    ({"period": "11-02"}, "is not of the form YYYY-MM"),
    ({"period": 201103}, "parameter 'period' must be text (str), got int 201103"),
    ({"lang": "fr"}, "language 'fr' is not available; choose one of zh, en"),
    ({"lang": True}, "parameter 'lang' must be text (str), got bool True"),
    ({"warehouse": 3.5}, "parameter 'warehouse' must be text (str), got float 3.5"),
    (
        {"colour": "red"},
        KNOWN_LISTED,
    ),
    ({"a": 1, "b": 2}, "unknown parameters 'a', 'b' for briefing.ipynb"),
]


@pytest.mark.parametrize(("given", "message"), BAD)
def test_bad_parameters_are_refused_with_a_clear_message(given, message):
    with pytest.raises(parameters.ParameterError) as error:
        parameters.validate(given)
    assert message in str(error.value)


def test_good_parameters_pass_with_the_period_in_its_form():
    given = {"period": " 2011-03\n", "data_dir": "", "warehouse": "/tmp/w.duckdb", "lang": "en"}
    assert parameters.validate(given) == {**given, "period": "2011-03"}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("True", True),
        ("False", False),
        ("None", None),
        ("12", 12),
        ("1.5", 1.5),
        ("2011-03", "2011-03"),
        ("en", "en"),
        ("../../etc", "../../etc"),
    ],
)
def test_command_line_values_are_read_as_papermill_reads_them(text, value):
    assert parameters.parse_value(text) == value
    assert type(parameters.parse_value(text)) is type(value)


# --- the CLI: exit 2, nothing written, no kernel --------------------------------------------


CLI_BAD = [
    (["run", "../../etc"], "period '../../etc' is not of the form YYYY-MM"),
    (["run", "2011-13"], "period '2011-13' has month 13; months run from 01 to 12"),
    (["run", "-p", "period", "../../etc"], "period '../../etc' is not of the form YYYY-MM"),
    (["run", "-p", "period", "201103"], "parameter 'period' must be text (str), got int 201103"),
    (
        ["run", MONTH, "-p", "colour", "red"],
        KNOWN_LISTED,
    ),
    (["run", MONTH, "-p", "lang", "True"], "parameter 'lang' must be text (str), got bool True"),
    (["run", MONTH, "-r", "lang", "True"], "language 'True' is not available"),
    (["run", MONTH, "-p", "lang", "fr"], "language 'fr' is not available; choose one of zh, en"),
    (
        ["run", MONTH, "-p", "warehouse", "12"],
        "parameter 'warehouse' must be text (str), got int 12",
    ),
    (
        ["run", MONTH, "-p", "region", "遵义市"],
        "parameter 'region' ('遵义市') is not taken: the batch briefs each month for the region "
        "its meta.yml names; to brief another region, give that region's data root "
        "(--data-dir, or batch --region)",
    ),
    (
        ["run", MONTH, "-r", "shared_model_dir", "/tmp"],
        "parameter 'shared_model_dir' ('/tmp') is not taken: the batch sets it itself for each "
        "notebook it runs",
    ),
    (
        ["run", MONTH, "-p", "defer_chart_svg", "False"],
        "parameter 'defer_chart_svg' (False) is not taken: the batch sets it itself",
    ),
    (["batch", "--from", "2011-13"], "period '2011-13' has month 13"),
    (["batch", "--to", "../../etc"], "period '../../etc' is not of the form YYYY-MM"),
]


@pytest.mark.parametrize(("args", "message"), CLI_BAD)
def test_cli_refuses_bad_parameters_before_anything_runs(workspace, no_kernel, args, message):
    result = invoke(workspace, *args)
    assert result.exit_code == 2, result.output
    assert f"error: {message}" in result.output
    assert_nothing_written(workspace)


def test_batch_refuses_parameters_the_notebook_does_not_take(workspace, no_kernel, monkeypatch):
    """A notebook that lost a parameter the batch gives (rendered as edited, on purpose):
    refused before lock, ingest, kernel."""
    nb = nbformat.read(settings.BRIEFING_NOTEBOOK, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    cell.source = "\n".join(line for line in cell.source.splitlines() if "lang" not in line)
    edited = workspace / "briefing.ipynb"
    nbformat.write(nb, edited)
    monkeypatch.setattr(settings, "BRIEFING_NOTEBOOK", edited)
    result = invoke(workspace, "batch", "--allow-edited-notebooks")
    assert result.exit_code == 2, result.output
    assert "error: unknown parameter 'lang' for briefing.ipynb; it takes: " in result.output
    assert not (workspace / "w.duckdb").exists() and not (workspace / "reports").exists()


def test_the_batch_checks_parameters_before_ingesting(workspace):
    region = regions.Region(workspace / "raw", workspace / "w.duckdb", workspace / "reports")
    wanted = [Period.parse(MONTH)]
    with pytest.raises(parameters.ParameterError, match="unknown parameter 'colour'"):
        batch.run_batch(batch.Request([region], wanted, extra={"colour": "red"}))
    with pytest.raises(parameters.ParameterError, match="language 'fr' is not available"):
        batch.run_batch(batch.Request([region], wanted, lang="fr"))
    # the month's region (meta.yml's) would silently replace it: refused, not replaced
    with pytest.raises(parameters.ParameterError, match=r"parameter 'region' \('遵义市'\) is not"):
        batch.run_batch(batch.Request([region], wanted, extra={"region": "遵义市"}))
    assert not (workspace / "w.duckdb").exists() and not (workspace / "reports").exists()


def test_good_parameters_of_run_reach_the_batch(workspace, monkeypatch):
    seen = {}

    def capture(request, listener=None):
        seen.update(
            region=request.regions[0],
            wanted=request.periods,
            lang=request.lang,
            extra=request.extra,
        )
        return []

    monkeypatch.setattr(batch, "run_batch", capture)
    other = workspace / "other.duckdb"
    args = ["run", "-p", "period", MONTH, "-p", "lang", "en", "-r", "warehouse", other]
    result = CliRunner().invoke(cli.main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    assert seen["wanted"] == [Period.parse(MONTH)]
    assert seen["lang"] == "en"
    assert seen["region"].warehouse == other
    assert seen["extra"] == {}


def test_run_help_documents_the_parameter_options():
    result = CliRunner().invoke(cli.main, ["run", "--help"])
    assert "-p, --parameter NAME VALUE" in result.output
    assert "-r, --parameter-raw NAME VALUE" in result.output
    assert "papermill" in result.output
