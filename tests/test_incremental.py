"""Rebuilding a site after everyday edits: only what changed is built again, and the result is
the site a clean build makes."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import oracle
import pytest
from conftest import ROOT, Project
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from generator.adapter import search
from generator.adapter.plugin import build_site
from generator.pipeline import BuildResult


def digest(root: Path, skip: str = "\0") -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.name.endswith(skip)}


def build(project: Project) -> BuildResult:
    return build_site(project.root / "mkdocs.yml", site_dir=project.root / "site")


def clean_build(project: Project) -> Path:
    """The same project built from nothing: its sources copied (beside it) without .cache and
    site/, and built by `showcase build` in a new process."""
    return oracle.clean_build(project.root, project.root.with_name(
        f"{project.root.name}-clean")).site


@pytest.fixture(autouse=True)
def build_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds in this process and clean builds in another write the same date (sitemap)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(oracle.EPOCH))


def county(project: Project) -> None:
    for name in ("东山村", "西山村", "南山村"):
        project.write(f"content/villages/{name}.yaml",
                      f"name: {name}\nsummary: {name}简介\nphotos: villages/{name}/\n")
        for n in (1, 2):
            project.photo(f"villages/{name}/0{n}-村貌{n}.jpg", size=(80 + n, 60))
    project.write("content/stays/山居.yaml", """\
        name: 山居
        village: 东山村
        photos:
          - file: stays/山居.jpg
            caption: 山居小院
        """)
    project.photo("stays/山居.jpg", size=(90, 60))


def test_editing_one_village_rebuilds_only_the_pages_that_show_it(project: Project) -> None:
    county(project)
    build(project)
    project.write("content/villages/西山村.yaml",
                  "name: 西山村\nsummary: 新写的简介\nphotos: villages/西山村/\n")
    result = build(project)
    assert result.pages.built == 2  # the village's page and the village list (its card)
    assert result.media.processed == 0
    page = (project.root / "site/villages/xishancun/index.html").read_text(encoding="utf-8")
    assert "新写的简介" in page
    oracle.assert_same_site(project.root / "site", clean_build(project))


def test_an_edit_that_lists_do_not_show_builds_only_the_items_own_page(
        project: Project) -> None:
    """The homestay's listing and its village's page are rendered again (they read its file)
    but come out the same, so MkDocs builds one page."""
    county(project)
    build(project)
    stay = project.root / "content/stays/山居.yaml"
    stay.write_text(stay.read_text(encoding="utf-8") + "description: 新写的一段介绍。\n",
                    encoding="utf-8")
    result = build(project)
    assert result.pages.built == 1
    page = (project.root / "site/stays/shanju/index.html").read_text(encoding="utf-8")
    assert "新写的一段介绍" in page
    oracle.assert_same_site(project.root / "site", clean_build(project))


def test_added_photos_are_the_only_ones_processed(project: Project) -> None:
    county(project)
    build(project)
    for n in (3, 4, 5):
        project.photo(f"villages/南山村/0{n}-新照片{n}.jpg", size=(70 + n, 50))
    result = build(project)
    assert (result.media.processed, result.pages.built) == (3, 1)
    page = (project.root / "site/villages/nanshancun/index.html").read_text(encoding="utf-8")
    assert page.count('class="sc-lightbox"') == 5
    oracle.assert_same_site(project.root / "site", clean_build(project))


def test_deleted_item_leaves_no_page_and_no_photos(project: Project) -> None:
    county(project)
    build(project)
    media = project.root / "site/media"
    before = {p.name for p in media.iterdir()}
    (project.root / "content/stays/山居.yaml").unlink()
    result = build(project)
    assert result.media.removed == 1
    assert not (project.root / "site/stays/shanju").exists()
    gone = before - {p.name for p in media.iterdir()}
    assert gone and all(name.endswith((".webp", ".jpg")) for name in gone)
    oracle.assert_same_site(project.root / "site", clean_build(project))


def test_long_collection_is_listed_by_its_index_page_alone(project: Project) -> None:
    county(project)
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - showcase:\n", "  - showcase:\n      nav_max_items: 2\n"), encoding="utf-8")
    build(project)
    home = (project.root / "site/index.html").read_text(encoding="utf-8")
    drawer = home[home.index('data-md-type="navigation"'):home.index('data-md-type="toc"')]
    listing = (project.root / "site/villages/index.html").read_text(encoding="utf-8")
    assert 'href="villages/dongshancun/"' not in drawer  # three villages: not in the drawer
    assert 'href="stays/shanju/"' in drawer  # one stay: listed
    assert 'href="dongshancun/"' in listing


def test_files_read_from_the_cache_still_report_their_problems(project: Project) -> None:
    county(project)
    project.write("content/villages/北山村.yaml", "name: 北山村\nstars: 五\n")
    first = [p.format() for p in project.build().problems]
    assert any("content/villages/北山村.yaml:2:1" in p for p in first)
    assert [p.format() for p in project.build().problems] == first  # from the cache
    project.write("content/villages/北山村.yaml", "name: 北山村\n")
    assert not any("北山村" in p.format() for p in project.build().problems)


def test_search_index_is_written_as_utf8_not_escapes(project: Project) -> None:
    county(project)
    build(project)
    for file in (project.root / "site/search").glob("*.js"):
        raw = file.read_bytes()
        assert not re.search(rb"\\u[4-9][0-9a-f]{3}", raw), file  # no Chinese as \uXXXX
    titles = {page[1] for page in search.read_index(project.root / "site")["pages"]}
    assert {"东山村", "西山村", "南山村", "山居"} <= titles


def test_showcase_build_gives_the_site_plain_mkdocs_build_gives(
        sample_site: Path, tmp_path: Path) -> None:
    """`showcase build` reuses pages, reads pages late and carries photos over; `mkdocs build`
    does none of that. The sites must not differ by a byte."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    plain = tmp_path / "plain"
    mkdocs_build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(plain)))
    assert digest(plain, skip=".gz") == digest(sample_site, skip=".gz")  # gzip stores a time


@settings(deadline=None)  # a busy machine is no failure of the function
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)))
def test_utf8_json_written_in_one_pass_is_the_same_json(value: object) -> None:
    written = search.dumps(value)
    assert json.loads(written) == value
    assert "\u2028" not in written and "\u2029" not in written
    written.encode("utf-8")  # no lone surrogates: the file can be written


def test_utf8_json_keeps_lone_surrogates_escaped() -> None:
    assert search.dumps(["\ud800东"]) == '["\\ud800东"]'


def test_search_index_is_reused_when_no_page_changed_and_made_again_when_one_did(
        project: Project) -> None:
    """A warm build copies the last index; an edit is found by the next search."""
    county(project)
    build(project)
    kept = project.root / ".cache/showcase/search-index"
    made = (kept / "fingerprint").stat().st_mtime_ns
    build(project)
    assert (kept / "fingerprint").stat().st_mtime_ns == made
    before = search.read_index(project.root / "site")
    project.write("content/villages/东山村.yaml", "name: 东山村\nsummary: 枇杷之乡，红菇满山\n")
    build(project)
    after = search.read_index(project.root / "site")
    assert not any("红菇满山" in e[2] for e in before["entries"])
    assert any("红菇满山" in e[2] for e in after["entries"])


def test_a_new_logo_shows_on_every_page_of_a_warm_build(project: Project) -> None:
    """The header of every page shows the logo and the tab its icon: pages kept from an
    earlier build are built again when it changes, and the site matches one built from
    nothing."""
    county(project)
    project.write("content/site.yaml", "name: 测试镇\nbrand:\n  name: 测试品牌\n"
                  "logo: brand/标志.png\n")
    project.photo("brand/标志.png", size=(120, 120))
    build(project)
    def logo_of(page: str) -> str:
        html = (project.root / "site" / page).read_text(encoding="utf-8")
        return re.search(r'class="md-header__button md-logo"[^>]*>\s*<img src="([^"]+)"',
                         html).group(1)
    first = logo_of("villages/dongshancun/index.html")
    Image.new("RGBA", (120, 120), (200, 20, 20, 128)).save(project.root / "assets/brand/标志.png")
    result = build(project)
    assert result.media.processed == 1
    pages = [p.relative_to(project.root / "site").as_posix()
             for p in (project.root / "site").rglob("index.html")]
    shown = {logo_of(page).rsplit("/", 1)[-1] for page in pages}
    assert len(shown) == 1 and first.rsplit("/", 1)[-1] not in shown
    icons = {re.search(r'<link rel="icon" href="[./]*(media/[^"]+)"', (
        project.root / "site" / page).read_text(encoding="utf-8")).group(1) for page in pages}
    assert len(icons) == 1 and (project.root / "site" / icons.pop()).is_file()
    oracle.assert_same_site(project.root / "site", clean_build(project))
