"""Whatever an editor types, the tool answers with problems, never a traceback; and it never
changes a file under content/ or assets/."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, Project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from test_cli import tree_digest

from generator.cli import main
from generator.content.yamlsource import load
from generator.pipeline import Settings, build
from generator.problems import format_report

SAMPLES = ["villages/东山村.yaml", "routes/红色领航党建观摩线.yaml", "scenic/东关寨.yaml"]
TROUBLE = ["：", ":", "\t", " ", "  ", "\u3000", "-", "－", "#", "'", '"', "「", "」", "\n",
           "[", "]", "{", "}", "&", "*", "!", "|", ">", "%", "@", "`", "?", ",", "\\", "三",
           "\r\n", "\ufeff", "\x00", "---\n", "<script>", "1:30", "yes", "~", "0594"]


@pytest.fixture(scope="module")
def town() -> Iterator[Path]:
    """A copy of the sample town (content, photos, templates) to break in every way."""
    root = Path(tempfile.mkdtemp(prefix="showcase-fuzz-"))
    for name in ("content", "assets", "themes"):
        shutil.copytree(ROOT / name, root / name, symlinks=True)
    shutil.copy(ROOT / "mkdocs.yml", root)
    for photo in (root / "assets").rglob("*.jpg"):  # tiny stand-ins keep each example fast
        Image.new("RGB", (8, 6)).save(photo)
    yield root
    shutil.rmtree(root)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, str]:
    """(sample file, its text after a few edits a tired editor might make)."""
    sample = draw(st.sampled_from(SAMPLES))
    text = (ROOT / "content" / sample).read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 4))):
        lines = text.split("\n")
        at = draw(st.integers(0, max(len(text) - 1, 0)))
        row = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["insert", "delete", "replace", "dup", "swap", "indent"]))
        if edit == "insert":
            text = text[:at] + draw(st.sampled_from(TROUBLE)) + text[at:]
        elif edit == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 6)):]
        elif edit == "replace":
            piece = draw(st.sampled_from(TROUBLE) | st.text(max_size=3))
            text = text[:at] + piece + text[at + 1:]
        elif edit == "dup":
            lines.insert(row, lines[row])
            text = "\n".join(lines)
        elif edit == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[row], lines[other] = lines[other], lines[row]
            text = "\n".join(lines)
        else:
            lines[row] = draw(st.sampled_from(["", " ", "\t", "  ", "    "])) + lines[row].strip()
            text = "\n".join(lines)
    return sample, text


def assert_reported_well(problems: list) -> None:  # noqa: ANN001 - a list of Problem
    report = format_report(problems)
    for problem in problems:
        assert problem.file.startswith("content/")
        assert problem.line >= 0 and problem.column >= 0
        assert re.search(r"[\u4e00-\u9fff]", problem.message), problem
        assert problem.hint, problem
    assert report.splitlines()[-1].startswith("共 ")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=mutated())
def test_mutated_yaml_gives_problems_never_a_traceback(town: Path,
                                                       case: tuple[str, str]) -> None:
    sample, text = case
    path = town / "content" / sample
    original = path.read_bytes()
    try:
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        result = build(Settings.for_project(town))
    finally:
        path.write_bytes(original)
    assert_reported_well(result.problems)
    assert result.ok == bool(result.files)


@settings(max_examples=60, deadline=None)
@given(raw=st.binary(max_size=200), keep=st.integers(0, 400))
def test_any_bytes_in_a_file_give_problems_never_a_traceback(raw: bytes, keep: int) -> None:
    sample = (ROOT / "content/villages/东山村.yaml").read_bytes()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "东山村.yaml"
        path.write_bytes(sample[:keep] + raw + sample[keep:keep * 2])
        _doc, problems = load(path, "content/villages/东山村.yaml")
    assert_reported_well(problems)


def test_the_tool_never_writes_under_content_or_assets(project: Project, tmp_path: Path) -> None:
    project.write("content/villages/东山村.yaml",
                  "name: 东山村\nphotos:\n  - file: villages/东山村/村貌.jpg\n    caption: 村貌\n")
    project.photo("villages/东山村/村貌.jpg")
    before = {name: tree_digest(project.root / name) for name in ("content", "assets")}
    root = str(project.root)
    assert main(["--project", root, "check"]) == 0
    assert main(["--project", root, "build"]) == 0
    assert main(["--project", root, "export", str(tmp_path / "export")]) == 0
    assert main(["--project", root, "schema"]) == 0
    project.write("content/scenic/坏.yaml", "name：坏\n\tlevel: 7A\n")
    before["content"][("scenic/坏.yaml")] = tree_digest(project.root / "content")["scenic/坏.yaml"]
    assert main(["--project", root, "check"]) == 1
    assert main(["--project", root, "build"]) == 1
    assert {name: tree_digest(project.root / name) for name in ("content", "assets")} == before
