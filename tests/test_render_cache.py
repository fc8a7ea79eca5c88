"""A rebuild renders a page again exactly when something it shows changed.

After each kind of everyday edit to the bundled sample site, the pages a rebuild keeps from
the render cache must be, character for character, the pages a build from scratch renders;
and an edit that touches one village renders a handful of pages, not the site.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT
from PIL import Image

from generator.build.rendercache import RenderCache, RenderStats
from generator.pipeline import Settings, build
from generator.problems import format_report

HOSTED = "https://dangjian.example.com/mancheng/"  # so the QR placards are rendered


def _pages(project: Path, fresh: bool = False) -> tuple[dict[str, str], RenderStats]:
    settings = Settings.for_project(project, site_url=HOSTED)
    if fresh:
        shutil.rmtree(settings.cache_dir / "rendered", ignore_errors=True)
    result = build(settings)
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


def _new_event(project: Path) -> None:
    (project / "content/events/枇杷品鉴会.yaml").write_text(
        "name: 枇杷品鉴会\nsummary: 东山村果农请游客品尝新品种枇杷。\nvillage: 东山村\n",
        encoding="utf-8")


def _other_photo(project: Path) -> None:
    """The same file name, a different picture (a wider one, another colour)."""
    Image.new("RGB", (1400, 700), (40, 120, 60)).save(
        project / "assets/villages/东山村/枇杷.jpg", quality=85)


def _delete(path: str) -> Callable[[Path], None]:
    return lambda project: (project / path).unlink()


EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("a village renamed (its stays, events, spots, routes show the name)",
     _replace("content/villages/东山村.yaml", r"^name: 东山村$", "name: 东山村（枇杷村）")),
    ("a homestay moved to another village",
     _replace("content/stays/竹三里.yaml", r"^village: 普礼村$", "village: 东山村")),
    ("a festival added to a village", _new_event),
    ("a route loses its last stop",
     _replace("content/routes/果香慢城田园线.yaml", r"  - stay: 在水一方\n(    .*\n)+", "")),
    ("a scenic spot on routes moved on the map",
     _replace("content/scenic/东关寨.yaml", r"^  lat: 25\.4351$", "  lat: 25.4551")),
    ("a photo replaced by another under the same name", _other_photo),
    ("a product renamed (the product page lists it)",
     _replace("content/villages/善山村.yaml", r"^  - name: 善山橄榄$", "  - name: 檀香橄榄")),
    ("a photo caption changed",
     _replace("content/villages/善山村.yaml", r"caption: 秋季成熟的善山橄榄", "caption: 十月橄榄")),
    ("a homestay deleted", _delete("content/stays/老寨民宿.yaml")),
    ("a homestay's summary changed (the cards of its village and listing show it)",
     _replace("content/stays/竹三里.yaml", r"^summary: .*$", "summary: 新的民宿简介。")),
    ("a village's slogan changed (its QR placard shows it)",
     _replace("content/villages/王坑村.yaml", r"^  slogan: .*$", "  slogan: 新口号")),
    ("a scenic spot rated higher (its card and placard show the level)",
     _replace("content/scenic/东关寨.yaml", r"^level: 3A$", "level: 4A")),
    ("the site's own information changed",
     _replace("content/site.yaml", r"^name: 慢城镇$", "name: 慢城镇党委")),
    ("a page template changed",
     _replace("themes/pages/village.md.j2", r"\Z", "\n<!-- 模板改动 -->\n")),
]


def test_every_kept_page_is_the_page_a_build_from_scratch_renders(sample: Path) -> None:
    for description, edit in EDITS:
        edit(sample)
        kept, stats = _pages(sample)
        fresh, _ = _pages(sample, fresh=True)
        assert kept.keys() == fresh.keys(), description
        stale = [path for path in fresh if kept[path] != fresh[path]]
        assert not stale, f"{description}: stale pages {stale}"
        assert stats.rendered + stats.reused == len([p for p in fresh if p.endswith(".md")])


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


def test_editing_one_village_renders_only_the_pages_that_show_it(
        sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _pages(sample)
    _replace("content/villages/王坑村.yaml", r"^summary: .*$", "summary: 新的村情简介。")(sample)
    rendered = _rendered(sample, monkeypatch)
    # the village, its listing, the home page and QR placard (its card changed), its items
    # and routes that show its summary or position
    assert "villages/wangkengcun.md" in rendered and "villages/index.md" in rendered
    assert len(rendered) <= 8 and "products.md" not in rendered, rendered
    pages, stats = _pages(sample)
    assert stats.rendered == 0 and stats.reused == len([p for p in pages if p.endswith(".md")])


def test_a_new_photo_or_item_renders_its_own_pages_not_every_list(
        sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _pages(sample)
    _replace("content/villages/普礼村.yaml", r"^photos:\n",
             "photos:\n  - file: villages/东山村/枇杷.jpg\n    caption: 借用一张\n")(sample)
    assert "products.md" not in _rendered(sample, monkeypatch)  # no product photo changed
    (sample / "content/stays/山野听溪.yaml").unlink()
    rendered = _rendered(sample, monkeypatch)
    assert "stays/index.md" in rendered
    assert not {"villages/index.md", "products.md", "scenic/index.md"} & rendered, rendered


def test_what_lists_do_not_show_renders_only_the_items_own_pages(
        sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Lists (listings, a village's nearby places, QR placards) show an item's card: an
    edit to the rest of it leaves them alone, so a county's lists of a thousand villages are
    not rendered again for a word in one of them."""
    _pages(sample)
    _replace("content/stays/竹三里.yaml", r"^description: \|\n",
             "description: |\n  新写的一段。\n")(sample)
    rendered = _rendered(sample, monkeypatch)
    assert "stays/zhusanli.md" in rendered
    assert not {"stays/index.md", "placards.md"} & rendered, rendered
