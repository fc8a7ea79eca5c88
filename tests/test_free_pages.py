"""What an editor leaves under content/pages/ (MkDocs' docs_dir), as `showcase check` and
`showcase build` see it: only Markdown pages are published from there, sanitised; every other
file is reported by name and stays out of site/."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import Project
from photos import phone_photo

from generator.adapter import search
from generator.cli import main

VILLAGE = "name: 东山村\n"


def check(project: Project, capsys: pytest.CaptureFixture) -> tuple[int, str]:
    code = main(["--project", str(project.root), "check"])
    return code, capsys.readouterr().out


def build(project: Project, caplog: pytest.LogCaptureFixture) -> tuple[int, str]:
    """`showcase build`, and what it told the editor: MkDocs' log (warnings) and the
    command's own closing words on a failed build (standard error)."""
    caplog.clear()
    capture = getattr(caplog, "_showcase_capsys", None)
    code = main(["--project", str(project.root), "build"])
    return code, caplog.text + (capture.readouterr().err if capture else "")


@pytest.fixture(autouse=True)
def _stderr_too(caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture) -> None:
    caplog._showcase_capsys = capsys  # type: ignore[attr-defined]


class Markup(HTMLParser):
    """Event handlers, scripts and images a page really has (not text that shows them)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [f"{tag} {name}" for name, _ in attrs if name.startswith("on")]
        self._script = tag == "script"
        if tag == "img":
            self.found.append("img")

    def handle_data(self, data: str) -> None:
        if self._script and "alert(" in data:
            self.found.append("script alert(")


def published(project: Project) -> list[str]:
    site = project.root / "site"
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def test_a_photo_there_is_refused_with_where_it_belongs(
        project: Project, capsys: pytest.CaptureFixture,
        caplog: pytest.LogCaptureFixture) -> None:
    project.write("content/villages/东山村.yaml", VILLAGE)
    phone_photo(project.root / "content/pages/合影.jpg")  # with GPS in its EXIF
    code, out = check(project, capsys)
    assert code == 1
    assert "content/pages/合影.jpg: 错误:" in out and "assets/" in out and "GPS" in out
    code, out = build(project, caplog)
    assert code == 1 and "合影.jpg" in out and "Traceback" not in out
    assert not (project.root / "site").exists()


def test_a_raw_web_page_there_is_an_error_saying_where_it_belongs(
        project: Project, capsys: pytest.CaptureFixture) -> None:
    project.write("content/villages/东山村.yaml", VILLAGE)
    project.write("content/pages/活动.html", "<script>alert(1)</script>")
    code, out = check(project, capsys)
    assert code == 1
    line = next(x for x in out.splitlines() if x.startswith("content/pages/活动.html"))
    assert "错误" in line and ".md" in line and "themes/material/" in line


def test_office_and_unknown_files_are_named_and_not_published(
        project: Project, capsys: pytest.CaptureFixture,
        caplog: pytest.LogCaptureFixture) -> None:
    project.write("content/villages/东山村.yaml", VILLAGE)
    (project.root / "content/pages/党员名单.xlsx").write_bytes(b"PK\x03\x04 member list")
    (project.root / "content/pages/草稿.docx").write_bytes(b"PK\x03\x04 draft")
    (project.root / "content/pages/notes.bin").write_bytes(b"\x00\x01")
    (project.root / "content/pages/sub").mkdir()
    (project.root / "content/pages/sub/报表.pdf").write_bytes(b"%PDF-1.4")
    code, out = check(project, capsys)
    assert code == 0  # warnings: the site is still built, without them
    for name in ("党员名单.xlsx", "草稿.docx", "notes.bin", "sub/报表.pdf"):
        assert f"content/pages/{name}: 警告:" in out and "不会发布" in out, name
    code, _ = build(project, caplog)
    assert code == 0
    files = published(project)
    assert "about/index.html" not in files  # (this project has no free page)
    assert not [f for f in files if re.search(r"\.(xlsx|docx|bin|pdf)$|名单|草稿|报表", f)]


def test_a_link_out_of_the_project_is_never_followed(
        project: Project, tmp_path_factory: pytest.TempPathFactory,
        capsys: pytest.CaptureFixture,
        caplog: pytest.LogCaptureFixture) -> None:
    outside = tmp_path_factory.mktemp("elsewhere")
    key = outside / "id_rsa"
    key.write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nsecret\n", encoding="utf-8")
    (outside / "notes.md").write_text("# 私密\n\nsecret\n", encoding="utf-8")
    project.write("content/villages/东山村.yaml", VILLAGE)
    project.write("content/pages/about.md", "# 关于本站\n\n正文。\n")
    pages = project.root / "content/pages"
    os.symlink(key, pages / "key.txt")
    os.symlink(outside / "notes.md", pages / "notes.md")
    os.symlink(outside, pages / "folder")
    code, out = check(project, capsys)
    assert code == 1
    for name in ("key.txt", "notes.md", "folder"):
        assert f"content/pages/{name}: 错误:" in out and "项目文件夹以外" in out, name
    (pages / "key.txt").unlink()
    (pages / "notes.md").unlink()
    (pages / "folder").unlink()
    os.symlink(project.root / "content/villages/东山村.yaml", pages / "inside.txt")
    code, out = build(project, caplog)
    assert code == 0  # a link inside the project is only another stray file
    assert "content/pages/inside.txt: 警告:" in out
    assert not [f for f in published(project) if "inside" in f or "secret" in f]


def test_a_page_saved_as_gbk_is_explained_at_check(
        project: Project, capsys: pytest.CaptureFixture,
        caplog: pytest.LogCaptureFixture) -> None:
    project.write("content/villages/东山村.yaml", VILLAGE)
    (project.root / "content/pages/about.md").write_bytes(
        "# 关于本站\n\n本站由镇党委宣传办维护。\n".encode("gbk"))
    code, out = check(project, capsys)
    assert code == 1
    assert re.search(r"content/pages/about\.md:1:\d+: 错误: 文件不是 UTF-8 编码，看起来是 GBK", out)
    assert "另存为" in out
    code, out = build(project, caplog)
    assert code == 1 and "GBK" in out and "UnicodeDecodeError" not in out


def test_pictures_from_other_websites_are_errors(
        project: Project, capsys: pytest.CaptureFixture) -> None:
    project.write("content/villages/东山村.yaml", """\
        name: 东山村
        description: |
          村里种枇杷。

          ![枇杷](https://tracker.example.com/track.png)
        practices:
          - title: 做法
            body: '见图 ![x][pic]


              [pic]: //cdn.example.com/a.png'
        """)
    project.write("content/pages/about.md", "# 关于\n\n正文。\n\n<img src=\"https://t.example/x.gif\">\n")
    code, out = check(project, capsys)
    assert code == 1
    assert re.search(r"content/villages/东山村\.yaml:5:\d+: 错误: .*tracker\.example\.com.*", out)
    assert re.search(r"content/villages/东山村\.yaml:\d+:\d+: 错误: .*//cdn\.example\.com", out)
    assert re.search(r"content/pages/about\.md:5:1: 错误: .*t\.example/x\.gif", out)
    assert out.count("assets/") >= 3


def test_no_item_takes_the_place_of_a_listing(project: Project,
                                              capsys: pytest.CaptureFixture) -> None:
    project.write("content/villages/东山村.yaml", VILLAGE)
    project.write("content/villages/index.yaml", "name: 首页村\n")
    project.write("content/scenic/东关寨.yaml", "name: 东关寨\nlevel: 3A\nslug: index\n")
    code, out = check(project, capsys)
    assert code == 1
    assert re.search(r"content/villages/index\.yaml:1:1: 错误: .*列表页（villages/）", out)
    assert re.search(r"content/scenic/东关寨\.yaml:3:\d+: 错误: .*列表页（scenic/）", out)


@pytest.mark.parametrize("name", ["index.md", "products.md", "placards.md", "villages.md",
                                  "villages/dongshancun.md", "media/x.md", "search.md",
                                  "assets/a.md"])
def test_no_free_page_takes_the_place_of_a_generated_page(
        project: Project, capsys: pytest.CaptureFixture, name: str) -> None:
    project.write("content/villages/东山村.yaml", VILLAGE)
    project.write(f"content/pages/{name}", "# 顶替\n\n正文。\n")
    code, out = check(project, capsys)
    assert code == 1
    assert re.search(rf"content/pages/{re.escape(name)}:1:1: 错误: 这个页面的网址 .*顶替", out)


def test_a_free_page_heading_reaches_every_page_as_text(
        project: Project, capsys: pytest.CaptureFixture,
        caplog: pytest.LogCaptureFixture) -> None:
    project.write("content/villages/东山村.yaml", VILLAGE)
    project.write("content/pages/about.md", """\
        ---
        description: '"><script>alert(2)</script>'
        template: main.html
        ---
        # 关于本站 <img src=x onerror="alert(1)">

        <script>alert(3)</script>正文<b onclick="alert(4)">加粗</b>
        [点我](java&#x0A;script:alert(5)) <a href="&#x01;javascript:alert(6)">点我</a>

        ## 小标题 &lt;img src=x onerror=alert(7)&gt;
        """)
    code, out = check(project, capsys)
    assert code == 0
    assert re.search(r"content/pages/about\.md:3:1: 警告: 页首的设置“template”不认识", out)
    assert re.search(r"content/pages/about\.md:7:1: 警告: .*<script>", out)
    code, _ = build(project, caplog)
    assert code == 0
    site = project.root / "site"
    for page in ("index.html", "villages/dongshancun/index.html", "about/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        markup = Markup()
        markup.feed(html)
        assert markup.found == [], page
        assert re.search(r'class="md-nav__link[^"]*"[^>]*>\s*(<span[^>]*>\s*)?关于本站\s*<', html)
    about = (site / "about/index.html").read_text(encoding="utf-8")
    assert "<title>关于本站 - 测试镇</title>" in about
    assert '<meta name="description" content="&quot;&gt;">' in about  # text, no script
    article = about[about.index("<article"):about.index("</article>")]
    assert "<script" not in article and "onclick" not in article and "javascript" not in article
    assert "<b>加粗</b>" in article and "正文" in article
    # the search holds titles and text as text (search.js escapes them when it shows them)
    index = search.read_index(site)
    assert any("<img src=x onerror=alert(7)>" in e[1] for e in index["entries"])
    assert not any("<b>" in e[2] or "<script" in e[2] for e in index["entries"])


def test_nothing_reaches_the_site_that_the_project_does_not_know(
        project: Project, capsys: pytest.CaptureFixture,
        caplog: pytest.LogCaptureFixture) -> None:
    project.write("content/villages/东山村.yaml", "name: 东山村\nphotos: villages/东山村/\n")
    project.photo("villages/东山村/村貌.jpg")
    project.write("content/pages/about.md", "# 关于本站\n\n正文。\n")
    (project.root / "content/pages/草稿.docx").write_bytes(b"PK\x03\x04")
    (project.root / "content/pages/.hidden").write_text("x", encoding="utf-8")
    (project.root / "content/pages/robots.txt").write_text("x", encoding="utf-8")
    code, _ = build(project, caplog)
    assert code == 0
    theme = {p.relative_to(project.root / "themes/material").as_posix()
             for p in (project.root / "themes/material").rglob("*") if p.is_file()}
    for file in published(project):
        known = (file.endswith(".html") or file.startswith(("media/", "assets/", "search/"))
                 or file in theme or file in ("sitemap.xml", "sitemap.xml.gz"))
        assert known, file
    assert "about/index.html" in published(project)
    assert not [f for f in published(project) if f.endswith((".docx", ".txt", ".md", "hidden"))]


def test_a_stray_file_there_does_not_stop_the_preview_from_building(project: Project) -> None:
    from generator.adapter.plugin import build_site

    project.write("content/villages/东山村.yaml", VILLAGE)
    project.write("content/pages/about.md", "# 关于本站\n\n正文。\n")
    (project.root / "content/pages/草稿.docx").write_bytes(b"PK\x03\x04")
    result = build_site(project.root / "mkdocs.yml", site_dir=project.root / "out")
    assert [p.message for p in result.problems if "草稿.docx" in p.file]
    assert Path(project.root / "out/about/index.html").is_file()


def test_two_free_pages_cannot_share_an_address(project: Project,
                                                capsys: pytest.CaptureFixture) -> None:
    project.write("content/villages/东山村.yaml", VILLAGE)
    project.write("content/pages/about.md", "# 关于\n")
    project.write("content/pages/about/index.md", "# 关于二\n")
    code, out = check(project, capsys)
    assert code == 1
    assert ("content/pages/about.md:1:1: 错误: 这个页面的网址 about/index.html 和页面 "
            "content/pages/about/index.md 重了") in out
