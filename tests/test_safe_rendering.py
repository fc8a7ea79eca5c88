"""Text typed into any field is shown as text; it never becomes markup or script."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from conftest import Project

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
