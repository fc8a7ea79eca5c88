"""Text typed into any field is shown as text; it never becomes markup or script."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from conftest import Project
from test_xss_every_field import browser_scheme

from generator.pages.render import escape_text, markdown_field

ATTACKS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[点我](javascript:alert(1))",
    "**粗体** _斜体_ `代码` # 标题",
    "{: onclick=alert(1) }",
    "1. 不是列表",
    "- 也不是列表",
]


@pytest.mark.parametrize("text", ATTACKS)
def test_plain_text_escapes_html_and_markdown(text: str) -> None:
    escaped = re.sub(r"&#?\w+;", "", str(escape_text(text)))
    assert not re.search(r"[<>\[\]*_`#{}]", escaped)
    assert not re.match(r"^(\d+\.|-)", escaped)


def test_markdown_fields_keep_markdown_but_not_html() -> None:
    out = str(markdown_field("**枇杷**\n\n<script>alert(1)</script> [x](javascript:alert(1))\n"
                             "[ok](https://example.org) [y]( JaVaScript:alert(1))\n"
                             "[z][ref]\n\n[ref]: vbscript:x"))
    assert "<strong>枇杷</strong>" in out and '<a href="https://example.org">ok</a>' in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out  # shown as typed
    tags = Tags()
    tags.feed(out)
    assert tags.urls == ["https://example.org"]
    assert "script" not in tags.names


def test_attacks_in_fields_are_inert_in_the_built_site(project: Project, tmp_path) -> None:  # noqa: ANN001
    from generator.adapter.plugin import build_site

    attack = '<script>alert(1)</script><img src=x onerror="alert(1)">'
    project.write("content/villages/东山村.yaml", f"""\
        name: '{attack}'
        summary: '{attack}'
        description: '{attack} [点我](javascript:alert(1))'
        products:
          - name: '{attack}'
            category: '{attack}'
            description: '{attack}'
        practices:
          - title: '{attack}'
            body: '{attack}'
        """)
    site = tmp_path / "out"
    build_site(project.root / "mkdocs.yml", site_dir=site)
    for page in ("villages/dongshancun/index.html", "products/index.html", "index.html"):
        html = (site / page).read_text(encoding="utf-8")
        article = html[html.index("<article"): html.index("</article>")]
        tags = Tags()
        tags.feed(article)
        assert "script" not in tags.names and "img" not in tags.names
        assert not [a for a in tags.attributes if a.startswith("on")]
        assert not [u for u in tags.urls if not u.startswith(("http", "tel:", "mailto:", ".", "#"))
                    and ":" in u.split("/")[0]]
    page = (site / "villages/dongshancun/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown to the reader as text


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.attributes: set[str] = set()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.add(tag)
        self.attributes.update(name for name, _ in attrs)
        self.urls.extend(v or "" for k, v in attrs if k in {"href", "src"})


@pytest.mark.parametrize("link", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\nscript:alert(1)", "java\tscript:alert(1)",
    "\x01javascript:alert(1)", " \x1fjavascript:alert(1)", "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)", "javascript&colon;alert(1)", "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>", "file:///C:/Users/a.html", "C:\\Users\\a.html",
])
def test_a_link_to_anything_but_the_web_phone_or_mail_is_dropped(link: str) -> None:
    for text in (f"[点我]({link})", f"> [点我][x]\n>\n> [x]: {link}\n",
                 f"- [点我][y]\n- [y]: {link}\n"):
        tags = Tags()
        tags.feed(str(markdown_field(text)))
        # what is left (Markdown may cut the address at a line break) is a relative link
        assert [browser_scheme(u) for u in tags.urls] in ([], [None]), (text, tags.urls)


@pytest.mark.parametrize("link", ["https://www.example.gov.cn/a?b=1&c=2", "http://example.org/",
                                  "tel:0594-1234567", "mailto:a@example.org", "../products/",
                                  "#lianxi"])
def test_links_to_the_web_phone_mail_and_this_site_stay(link: str) -> None:
    tags = Tags()
    tags.feed(str(markdown_field(f"[链接]({link})")))
    assert tags.urls == [link]
