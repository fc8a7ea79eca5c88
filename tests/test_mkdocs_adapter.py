"""`mkdocs build` and `mkdocs serve` with content that has errors."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest
from conftest import Project
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from test_cli import tree_digest

BROKEN = "name: 东山村\nparty_org:\n  name: 东山村党支部\n  stars: 「三」\n"


def run(project: Project, site: Path, command: str) -> None:
    """What `mkdocs build` and each rebuild of `mkdocs serve` do."""
    config = load_config(str(project.root / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command=command, dirty=False)
    try:
        mkdocs_build(config, serve_url="http://127.0.0.1:8000/" if command == "serve" else None)
    finally:
        if command == "build":
            config.plugins.on_shutdown()


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_mkdocs_build_shows_the_problems_fails_and_leaves_site_alone(project: Project) -> None:
    project.write("content/villages/东山村.yaml", "name: 东山村\n")
    site = project.root / "site"
    run(project, site, "build")
    before = tree_digest(site)
    project.write("content/villages/东山村.yaml", BROKEN)
    content = tree_digest(project.root / "content")
    with pytest.raises(Abort) as stopped:
        run(project, site, "build")
    # the message `mkdocs build` ends with: the problems, not MkDocs' "Aborted with a BuildError!"
    told = stopped.value.format_message()
    assert told.startswith("内容有错误，网站没有生成")
    assert "content/villages/东山村.yaml:4:3: 错误: 字段“stars”（星级）应当是整数" in told
    assert tree_digest(site) == before
    assert tree_digest(project.root / "content") == content


def test_serve_keeps_the_last_good_site_and_shows_the_problems_on_it(
        project: Project, caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    site = tmp_path / "served"
    project.write("content/villages/东山村.yaml", "name: 东山村\nsummary: 第一版\n")
    run(project, site, "serve")
    assert "第一版" in page(site, "villages/dongshancun")

    project.write("content/villages/东山村.yaml", "summary: 第二版\n" + BROKEN)
    with caplog.at_level(logging.ERROR):
        run(project, site, "serve")  # no exception: the server goes on serving
    served = page(site, "villages/dongshancun")
    assert "第一版" in served and "第二版" not in served
    assert "content/villages/东山村.yaml:5:3: 错误: 字段“stars”（星级）应当是整数" in served
    assert "上一次正确的内容" in served and "上一次正确的内容" in caplog.text

    project.write("content/villages/东山村.yaml", "name: 东山村\nsummary: 第三版\n")
    run(project, site, "serve")
    served = page(site, "villages/dongshancun")
    assert "第三版" in served and "内容有错误" not in served


def test_the_preview_builds_again_only_the_pages_a_save_changed(
        project: Project, caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    """Each save rebuilds in the same server: pages whose Markdown did not change come from
    the page cache, and what is served is what a preview started afresh serves."""
    project.write("content/villages/东山村.yaml", "name: 东山村\nsummary: 第一版\n")
    project.write("content/villages/西山村.yaml", "name: 西山村\nsummary: 茶乡\n")
    site = tmp_path / "served"
    run(project, site, "serve")
    project.write("content/villages/东山村.yaml", "name: 东山村\nsummary: 第二版\n")
    with caplog.at_level(logging.INFO):
        run(project, site, "serve")
    built = re.search(r"页面：新生成 (\d+) 页，沿用上次生成的 (\d+) 页", caplog.text)
    assert built is not None and int(built[2]) > 0, caplog.text
    assert "第二版" in page(site, "villages/dongshancun")
    (tmp_path / "fresh").mkdir()
    fresh = Project(tmp_path / "fresh")
    for folder in ("content", "assets"):
        shutil.rmtree(fresh.root / folder)
        shutil.copytree(project.root / folder, fresh.root / folder)
    run(fresh, tmp_path / "fresh-site", "serve")
    assert tree_digest(site) == tree_digest(tmp_path / "fresh-site")


def test_serve_started_on_broken_content_shows_a_page_of_problems(
        project: Project, tmp_path: Path) -> None:
    project.write("content/villages/东山村.yaml", BROKEN.replace("东山村", "<b>东山村</b>", 1))
    site = tmp_path / "served"
    run(project, site, "serve")
    home = page(site, ".")
    assert "内容有错误，网站还没有生成" in home
    assert "content/villages/东山村.yaml 第 4 行" in home and "改成 3" in home
    assert "<b>" not in home


def test_serve_goes_on_when_a_free_page_is_saved_as_gbk(
        project: Project, caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    site = tmp_path / "served"
    project.write("content/villages/东山村.yaml", "name: 东山村\n")
    project.write("content/pages/about.md", "# 关于本站\n\n第一版\n")
    run(project, site, "serve")
    assert "第一版" in page(site, "about")
    (project.root / "content/pages/about.md").write_bytes("# 关于本站\n\n第二版\n".encode("gbk"))
    with caplog.at_level(logging.ERROR):
        run(project, site, "serve")  # MkDocs is not handed the page it cannot read
    assert "content/pages/about.md:1:" in caplog.text and "GBK" in caplog.text
    assert "UnicodeDecodeError" not in caplog.text
    served = page(site, "villages/dongshancun")
    assert "content/pages/about.md" in served and "GBK" in served  # shown above the pages
