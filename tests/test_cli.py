"""The `showcase` command as publicity staff use it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import Project

from generator.cli import main


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_check_passes_on_good_content(project: Project, capsys: pytest.CaptureFixture) -> None:
    project.write("content/villages/东山村.yaml", "name: 东山村\n")
    assert main(["--project", str(project.root), "check"]) == 0
    assert "检查通过" in capsys.readouterr().out


def test_check_lists_every_problem_and_fails(project: Project,
                                             capsys: pytest.CaptureFixture) -> None:
    project.write("content/villages/东山村.yaml", "name: 东山村\nkind: 镇\n")
    project.write("content/scenic/东关寨.yaml", "name: 东关寨\nlevel: 7A\n")
    assert main(["--project", str(project.root), "check"]) == 1
    out = capsys.readouterr().out
    assert "content/scenic/东关寨.yaml:2:1: 错误:" in out
    assert "content/villages/东山村.yaml:2:1: 错误:" in out
    assert "共 2 个错误" in out


def test_warnings_alone_do_not_fail(project: Project) -> None:
    project.write("content/villages/东山村.yaml", "name: 东山村\nphotos:\n  - villages/a.jpg\n")
    project.photo("villages/a.jpg")
    assert main(["--project", str(project.root), "check"]) == 0


def test_new_yaml_file_becomes_a_new_page(project: Project) -> None:
    project.write("content/villages/东山村.yaml", "name: 东山村\n")
    assert main(["--project", str(project.root), "build"]) == 0
    site = project.root / "site"
    assert not (site / "villages/xishancun/index.html").exists()
    project.write("content/villages/西山村.yaml", "name: 西山村\nsummary: 新建的示范村\n")
    assert main(["--project", str(project.root), "build"]) == 0
    page = (site / "villages/xishancun/index.html").read_text(encoding="utf-8")
    assert "新建的示范村" in page
    assert 'href="xishancun/"' in (site / "villages/index.html").read_text(encoding="utf-8")


def test_failed_build_leaves_site_and_content_untouched(project: Project) -> None:
    project.write("content/villages/东山村.yaml", "name: 东山村\n")
    assert main(["--project", str(project.root), "build"]) == 0
    site_before = tree_digest(project.root / "site")
    project.write("content/villages/西山村.yaml", "name: 西山村\nkind：村\n")
    content_before = tree_digest(project.root / "content")
    assert main(["--project", str(project.root), "build"]) == 1
    assert tree_digest(project.root / "site") == site_before
    assert tree_digest(project.root / "content") == content_before
    assert sorted(p.name for p in project.root.iterdir()) == [
        ".cache", "assets", "content", "mkdocs.yml", "site", "themes"]


def test_a_console_that_cannot_show_chinese_gets_question_marks_not_a_traceback(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    project.write("content/villages/东山村.yaml", "name: 东山村\nstars: 五\n")
    out = io.TextIOWrapper(io.BytesIO(), encoding="gbk")
    monkeypatch.setattr(sys, "stdout", out)
    project.write("content/villages/😀.yaml", "name: 😀\nsumary: x\n")
    assert main(["--project", str(project.root), "check"]) == 1
    out.flush()
    report = out.buffer.getvalue().decode("gbk")
    assert "content/villages/?.yaml:2:1: 错误: 不认识的字段“sumary”" in report


def test_a_failed_build_ends_in_chinese(project: Project, capsys: pytest.CaptureFixture) -> None:
    project.write("content/villages/西山村.yaml", "name: 西山村\nkind：村\n")
    assert main(["--project", str(project.root), "build"]) == 1
    told = capsys.readouterr().err.strip()
    assert "Aborted" not in told
    assert told.startswith("内容有错误，网站没有生成")
    assert told.splitlines()[-1] == "共 1 个错误，0 个警告。"


def test_a_wrong_setting_in_mkdocs_yml_ends_in_chinese(
        project: Project, capsys: pytest.CaptureFixture) -> None:
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "use_directory_urls: true", "use_directory_urls: 是"), encoding="utf-8")
    assert main(["--project", str(project.root), "build"]) == 1
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last.startswith("网站没有生成：mkdocs.yml 里的设置有错误"), last
    assert not (project.root / "site").exists()
