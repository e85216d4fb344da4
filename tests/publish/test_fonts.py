"""The printed 简报's faces: the bureau's own first, free stand-ins after them, and faces for the
rare characters of GB 18030 names, so that no name prints as a box."""

import subprocess

import nbformat
import pytest

from industry_briefing.briefing import masthead
from industry_briefing.contract.bulletin import Faces
from industry_briefing.core.settings import MASTHEAD_MIMETYPE
from industry_briefing.publish import export, fonts

# 𪚥 (U+2A6A5, CJK extension B) is in no Noto CJK face; 堃 喆 镕 珺 are missing from free 仿宋.
RARE_NAME = "张𪚥、李堃、王喆、朱镕、陈珺"


def test_every_role_tries_figures_then_the_bureau_s_face_then_stand_ins_then_rare_faces():
    faces = Faces(body=["仿宋_GB2312"], latin=["Times New Roman"]).model_dump()
    assert fonts.chain("body", faces) == [
        "Times New Roman",
        "Liberation Serif",
        "仿宋_GB2312",
        "Noto Serif CJK SC",
        "Noto Sans CJK SC",
        "HanaMinA",
        "HanaMinB",
    ]
    assert fonts.chain("subheading", Faces().model_dump())[-5:] == [
        "AR PL UKai CN",
        *fonts.RARE_CHARACTERS,
    ]


def test_a_face_named_in_the_profile_cannot_break_out_of_the_style():
    css = fonts.css_families("body", {"body": ['x"; } body { color: red']})
    assert '"x\\"; } body { color: red"' in css


@pytest.mark.slow
def test_a_rare_character_of_a_name_prints_from_a_face_that_has_it(tmp_path):
    head = masthead.Masthead(
        name="工业经济运行简报", number="第1期", unit="", date="", date_blank="", mark=""
    )
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                outputs=[
                    nbformat.v4.new_output(
                        "display_data",
                        {"text/html": "<p>刊头</p>", MASTHEAD_MIMETYPE: head.as_json()},
                    )
                ]
            ),
            nbformat.v4.new_markdown_cell(f"# 名单\n\n{RARE_NAME}完成任务。"),
        ]
    )
    written = export.export_all(notebook, tmp_path, "b", "名单", "2011年1-2月")
    text = subprocess.run(
        ["pdftotext", "-raw", str(written["pdf"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert RARE_NAME in text
    used = subprocess.run(
        ["pdffonts", str(written["pdf"])], capture_output=True, text=True, check=True
    ).stdout
    assert "HanaMin" in used  # 𪚥 from the extension-B face, not a box of the body's face
