"""A rebuild renders a page again when something it shows changed, and only then: an edit
that touches one village renders a handful of pages of the bundled sample site, not the site.

(That every page a rebuild keeps is the page a build from nothing makes is the oracle of
test_warm_equals_clean.py, which compares whole sites.)
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT

from generator.build.rendercache import RenderCache
from generator.pages.render import RenderStats
from generator.pipeline import Settings, build
from generator.problems import format_report

HOSTED = "https://dangjian.example.com/mancheng/"  # so the QR placards are rendered


def _pages(project: Path) -> tuple[dict[str, str], RenderStats]:
    result = build(Settings.for_project(project, site_url=HOSTED))
    assert result.ok, format_report(result.problems)
    return {f.path: f.read_text() for f in result.files if f.is_text}, result.render


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("render-cache") / "site"
    project.mkdir()
    for name in ("content", "assets", "themes"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    _pages(project)  # photos processed once, every page rendered and kept
    return project


def _replace(path: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def edit(project: Path) -> None:
        file = project / path
        text = file.read_text(encoding="utf-8")
        assert re.search(old, text, flags=re.MULTILINE), (path, old)
        file.write_text(re.sub(old, new, text, count=count, flags=re.MULTILINE),
                        encoding="utf-8")
    return edit


def _rendered(project: Path, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """The pages whose templates ran in a build."""
    found: set[str] = set()
    store = RenderCache.store

    def noting(self, page, *args):  # noqa: ANN001, ANN002, ANN202
        found.add(page)
        return store(self, page, *args)

    with monkeypatch.context() as patch:
        patch.setattr(RenderCache, "store", noting)
        _pages(project)
    return found


def test_an_edit_renders_the_pages_that_read_the_file_and_no_others(
        sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _pages(sample)
    _replace("content/villages/王坑村.yaml", r"^summary: .*$", "summary: 新的村情简介。")(sample)
    rendered = _rendered(sample, monkeypatch)
    # its page, the lists of villages and products, the places in it and routes through it
    assert {"villages/wangkengcun.md", "villages/index.md", "products.md"} <= rendered
    # a village and a scenic spot with no route through 王坑村 read nothing of it
    assert not {"villages/dongshancun.md", "scenic/dongguanzhai.md"} & rendered, rendered
    pages, stats = _pages(sample)
    assert stats.rendered == 0 and stats.reused == len([p for p in pages if p.endswith(".md")])


def test_a_deleted_item_renders_its_own_lists_not_every_list(
        sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _pages(sample)
    (sample / "content/stays/山野听溪.yaml").unlink()
    rendered = _rendered(sample, monkeypatch)
    assert "stays/index.md" in rendered
    assert not {"villages/index.md", "products.md", "scenic/index.md"} & rendered, rendered
