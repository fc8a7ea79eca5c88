"""Labels and counts are true: a village is 示范村 only with a demonstration title, sections are
called as the town names them, counts say 处景区 and 条线路, empty sections do not show."""

from __future__ import annotations

from pathlib import Path

from conftest import MINIMAL_SITE, Project
from test_init import build, init
from test_sample_site import parse

from generator.content.registry import COLLECTIONS
from generator.problems import Severity

SITE_URL = "https://dangjian.example.com/"

TITLED = """\
name: 东山村
demonstration:
  - title: 市级党建示范村
    level: 市级
    year: 2022
honors:
  - name: 市级党建示范村
    level: 市级
    year: 2022
  - name: 县级文明村
"""
UNTITLED = "name: 王坑村\nhonors:\n  - name: 县级乡村振兴试点村\n"
COMMUNITY = "name: 逸都社区\nkind: 社区\ndemonstration:\n  - title: 县级城乡社区治理示范社区\n"


def one_of_each(project: Project) -> None:
    project.write("content/villages/东山村.yaml", TITLED)
    project.write("content/villages/王坑村.yaml", UNTITLED)
    project.write("content/villages/逸都社区.yaml", COMMUNITY)
    for name in ("东关寨", "后溪漂流"):
        project.write(f"content/scenic/{name}.yaml", f"name: {name}\nlevel: 3A\n")
    project.write("content/bases/罗汉里.yaml", "name: 罗汉里党史教育基地\nkind: 党史教育基地\n")
    project.write("content/routes/红色线.yaml", """\
        name: 红色线
        kind: 观摩路线
        stops:
          - village: 王坑村
          - village: 东山村
        """)
    project.write("content/events/枇杷节.yaml", "name: 枇杷节\nvillage: 王坑村\n")
    project.write("content/stays/老寨.yaml", "name: 老寨民宿\nvillage: 王坑村\n")


def pages_of(project: Project, **settings: object) -> tuple[dict[str, str], list]:
    result = project.build(**settings)
    assert result.ok, [p.format() for p in result.problems]
    return {f.path: f.read_text() for f in result.files if f.path.endswith(".md")}, result.nav


def nav_titles(nav: list) -> list[str]:
    return [str(next(iter(entry))) for entry in nav]


def test_only_a_village_with_a_demonstration_title_is_called_示范村(project: Project) -> None:
    one_of_each(project)
    pages, nav = pages_of(project, site_url=SITE_URL)
    # the section claims no title for all of them
    # no 一村一品: none of these villages has a product yet (an empty section does not show)
    assert nav_titles(nav)[:3] == ["首页", "村（社区）", "景区景点"]
    assert "products.md" not in pages
    assert "# 村（社区）\n" in pages["villages/index.md"]
    assert "示范村" not in pages["index.md"]
    listing = pages["villages/index.md"]
    assert "**[东山村](dongshancun.md)** · 示范村" in listing
    assert "**[王坑村](wangkengcun.md)** · 村\n" in listing
    assert "**[逸都社区](yidoushequ.md)** · 示范社区" in listing
    assert "<dt>类型</dt><dd>村</dd>" in pages["villages/wangkengcun.md"]
    assert "<dt>类型</dt><dd>示范村</dd>" in pages["villages/dongshancun.md"]
    route = pages["routes/hongsexian.md"]
    assert '王坑村</a></strong><span class="sc-stop__kind">村</span>' in route
    assert '东山村</a></strong><span class="sc-stop__kind">示范村</span>' in route
    placards = pages["placards.md"]
    kinds = [line for line in placards.splitlines() if "sc-placard__kind" in line]
    assert kinds == [f'<p class="sc-placard__kind">{kind}</p>' for kind in
                     ("示范村", "村", "示范社区", "国家 3A 级旅游景区", "国家 3A 级旅游景区",
                      "党史教育基地")]
    assert "每个村（社区）、景区、教育基地一张 A5 二维码牌，共 6 张" in placards


def test_counts_use_the_measure_word_of_each_section(project: Project) -> None:
    one_of_each(project)
    home = pages_of(project)[0]["index.md"]
    notes = [line.split('sc-tile__note">')[1].split("<")[0]
             for line in home.splitlines() if "sc-tile__note" in line]
    assert notes == ["3 个村（社区）", "2 处景区", "1 个教育基地", "1 条线路", "1 项活动",
                     "1 家民宿/农家乐/营地"]


def test_a_demonstration_title_among_the_honours_is_listed_once(project: Project) -> None:
    one_of_each(project)
    page = pages_of(project)[0]["villages/dongshancun.md"]
    # once on the page, with its level and year, in the table at the top; not among the honours
    assert page.count("市级党建示范村") == 1
    assert "<dt>示范创建</dt><dd>市级党建示范村（" in page
    assert "县级文明村" in page[page.index("## 荣誉"):]


def test_site_yaml_names_the_sections(project: Project) -> None:
    one_of_each(project)
    project.write("content/site.yaml", MINIMAL_SITE + "sections:\n  villages: 美丽<b>乡村</b>\n"
                  "  routes: 观摩路线\n")
    pages, nav = pages_of(project)
    assert nav_titles(nav) == ["首页", "美丽&lt;b&gt;乡村&lt;/b&gt;", "景区景点",
                               "教育基地", "观摩路线", "节庆活动", "食宿"]
    home = pages["index.md"]
    assert ('<span class="sc-tile__name">美丽&lt;b&gt;乡村&lt;/b&gt;</span>'
            '<small class="sc-tile__note">3 个村（社区）</small>') in home
    assert "## 美丽&lt;b&gt;乡村&lt;/b&gt;\n" in home
    assert '<span class="sc-tile__name">观摩路线</span>' in home
    assert pages["routes/index.md"].startswith('---\ntitle: "观摩路线"\n---\n\n# 观摩路线\n')
    village = pages["villages/wangkengcun.md"]
    assert "### 节庆活动" in village and "### 食宿" in village  # 村里的去处


def test_calling_the_villages_示范村_when_one_holds_no_title_is_warned(project: Project) -> None:
    one_of_each(project)
    project.write("content/site.yaml", MINIMAL_SITE + "sections:\n  villages: 示范村\n")
    result = project.build()
    [warning] = result.problems
    assert warning.severity is Severity.WARNING and result.ok  # the site is still built
    assert warning.format().startswith(
        "content/site.yaml:10:3: 警告: 栏目名称写的是“示范村”，但王坑村没有示范称号")
    project.write("content/villages/王坑村.yaml", UNTITLED + "demonstration:\n  - title: 示范村\n")
    assert project.build().problems == []


def test_an_empty_section_is_left_out_of_the_menu_the_home_page_and_the_links(
        tmp_path: Path) -> None:
    project = init(tmp_path / "p")
    (project / "content/villages/西山村.yaml").write_text("name: 西山村\n", encoding="utf-8")
    (project / "content/scenic/西山寨.yaml").write_text("name: 西山寨\nvillage: 西山村\n",
                                                      encoding="utf-8")
    assert build(project) == 0
    site = project / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "1 个村（社区）" in home and "1 处景区" in home
    for empty in ("bases", "routes", "events", "stays"):
        assert not (site / empty).exists()
        assert f'href="{empty}/' not in home
    for title in ("教育基地", "观摩线路", "节庆活动", "食宿", "共 0", ">0 "):
        assert title not in home, title
    village = (site / "villages/xishancun/index.html").read_text(encoding="utf-8")
    assert "教育基地" not in village and "观摩线路" not in village
    checked = 0
    for page in site.rglob("*.html"):  # every link leads to a page that exists
        if page.name == "404.html":
            continue
        for url in parse(page).urls:
            if url.startswith(("http", "#", "//", "data:", "mailto:", "tel:")):
                continue
            target = (page.parent / url.split("#")[0].split("?")[0])
            target = target / "index.html" if url.endswith("/") or target.is_dir() else target
            assert target.is_file(), f"{page.relative_to(site)} → {url}"
            checked += 1
    assert checked > 20


def test_a_new_site_yaml_explains_each_sections_default_name(tmp_path: Path) -> None:
    text = (init(tmp_path / "p") / "content/site.yaml").read_text(encoding="utf-8")
    assert "# sections:\n" in text
    for collection in COLLECTIONS:  # a new collection needs its field in SectionTitles
        assert f"不写时叫“{collection.title}”" in text and f"#   {collection.key}:" in text


def test_一村一品_shows_once_a_village_has_a_product_photo_or_not(project: Project) -> None:
    one_of_each(project)
    project.write("content/villages/王坑村.yaml", UNTITLED + """\
products:
  - name: 王坑地瓜干
    category: 干货
""")
    pages, nav = pages_of(project)
    assert nav_titles(nav)[:3] == ["首页", "村（社区）", "一村一品"]
    assert '<span class="sc-tile__name">一村一品</span>' in pages["index.md"]  # no photo yet
    assert "### 王坑地瓜干" in pages["products.md"]
