"""Script written into content never runs in a visitor's browser: the vectors that once did
(issue 19), in Chromium. Every page of a small site built with them is opened; no dialog may
open and no payload may run, on loading or on clicking every link the content made, and every
link left on a page leads to http(s), tel or mailto as the browser itself parses it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import Project
from playwright.sync_api import BrowserContext, Dialog
from playwright.sync_api import Error as PlaywrightError

from .conftest import SiteServer, open_page

# Each payload opens a dialog numbered after the vector.
PAYLOAD = "alert({n})"

# The four ways past the old hand-written link filter, and an entity for good measure:
# every one of them ran on the village page.
MARKDOWN_VECTORS = {  # the link's text: its Markdown
    "点我·引用": "> [点我·引用][q]\n>\n> [q]: javascript:{p}\n",  # definition in a block quote
    "点我·列表": "- [点我·列表][l]\n- [l]: javascript:{p}\n",  # definition in a list
    "点我·换行": "[点我·换行](java\nscript:{p})\n",  # a newline in the scheme
    "点我·控制符": "[点我·控制符](\x01javascript:{p})\n",  # a control character before it
    "点我·实体": "[点我·实体](&#106;avascript:{p})\n",  # a character reference
    "点我·制表符": "[点我·制表符](java\tscript:{p})\n",  # a tab
}

# A free page under content/pages/: its heading reaches every page through the navigation.
FREE_PAGE = """\
---
description: '"><script>{p}</script>'
---
# 关于本站 <img src=x onerror="{p}">

<script>{p}</script>
<img src=x onerror="{p}">
<svg><a href="javascript:{p}"><text>点我·svg</text></a></svg>
<a href="java&#x0A;script:{p}">点我·换行实体</a>
<a href="&#x01;javascript:{p}">点我·控制符实体</a>
<a href=" &#106;avascript:{p}">点我·实体</a>
<a href="jAvAsCrIpT:{p}">点我·大小写</a>
<iframe srcdoc="<script>{p}</script>"></iframe>
<form action="javascript:{p}"><button>点我·表单</button></form>
<details open ontoggle="{p}"><summary>点我·详情</summary></details>
<div style="background:url(javascript:{p})" onmouseover="{p}">悬停</div>
<meta http-equiv="refresh" content="0;url=javascript:{p}">

## 小标题 <img src=x onerror="{p}">

[点我·引用式][r]

[r]: javascript:{p}
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    from generator.adapter.plugin import build_site

    project = Project(tmp_path_factory.mktemp("hostile"))
    n = iter(range(1, 1000))
    description = "\n\n".join(v.format(p=PAYLOAD.format(n=next(n)))
                              for v in MARKDOWN_VECTORS.values())
    village = {"name": "东山村", "summary": "示范村", "description": description,
               "practices": [{"title": "做法", "body": description}]}
    project.write("content/villages/东山村.yaml",
                  yaml.safe_dump(village, allow_unicode=True, sort_keys=False))
    free = FREE_PAGE.replace("{p}", "{}")
    project.write("content/pages/about.md",
                  free.format(*(PAYLOAD.format(n=next(n)) for _ in range(free.count("{}")))))
    site = project.root / "site"
    build_site(project.root / "mkdocs.yml", site_dir=site)
    server = SiteServer(site)
    yield server
    server.close()


SAFE_PROTOCOLS = ["http:", "https:", "tel:", "mailto:"]

# What a browser made of the page that could run script: event handler attributes, scripts
# holding a payload, frames, refreshes, and every URL in an attribute that, parsed by the
# browser itself, leads to anything but http(s), tel or mailto.
DANGERS = """(safe) => {
  const found = [];
  const protocol = u => { try { return new URL(u, document.baseURI).protocol; }
                          catch (e) { return "unparsable"; } };
  for (const e of document.querySelectorAll("*")) {
    const tag = e.tagName.toLowerCase();
    for (const a of e.attributes) {
      const name = a.name.toLowerCase();
      if (name.startsWith("on")) found.push(`${tag} ${name}`);
      if (["href", "xlink:href", "src", "action", "formaction", "data", "srcdoc"].includes(name)
          && !(tag === "script" || tag === "link" || tag === "img" || tag === "source")
          && !safe.includes(protocol(a.value)) && !a.value.startsWith("#")) {
        found.push(`${tag} ${name}=${JSON.stringify(a.value)}`);
      }
    }
    if (tag === "script" && e.textContent.includes("alert(")) found.push("script alert(");
    if (["iframe", "frame", "object", "embed"].includes(tag)) found.push(tag);
    if (tag === "meta" && (e.getAttribute("http-equiv") || "").toLowerCase() === "refresh")
      found.push("meta refresh");
  }
  return found;
}"""

# everything the content wrote "点我…" in (a link or what is left of one, a button), to click
# one after the other
TARGETS = """[...document.querySelectorAll("article *")].filter(e => [...e.childNodes]
  .some(n => n.nodeType === Node.TEXT_NODE && n.textContent.includes("点我")))"""
CLICKABLE = f"() => {TARGETS}.length"
CLICK = f"""(i) => {{ const e = {TARGETS}[i];
  setTimeout(() => e.dispatchEvent(new MouseEvent("click", {{bubbles: true, cancelable: true}})));
}}"""


def _pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def _visit(context: BrowserContext, url: str) -> list[str]:
    """What the page at `url` let run: dialogs opened, and dangerous markup the browser made
    of it, on loading it and on clicking each link or button of the content in turn."""
    page = context.new_page()
    found: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        found.append(f"dialog {dialog.message}")
        with contextlib.suppress(PlaywrightError):  # the page may be gone by now
            dialog.dismiss()

    page.on("dialog", dismiss)
    page.goto(url, wait_until="load")
    found += page.evaluate(DANGERS, SAFE_PROTOCOLS)
    clickable = page.evaluate(CLICKABLE)
    for i in range(clickable):
        try:
            page.evaluate(CLICK, i)
            page.wait_for_timeout(50)
            page.wait_for_load_state("load")
            left = page.url != url
        except PlaywrightError:  # the page was going away as it was asked
            left = True
        if left:  # a relative link led away (no script ran): back for the next one
            page.goto(url, wait_until="load")
    page.wait_for_timeout(100)
    page.close()
    return found + [f"{clickable} clicked"]


def test_no_content_script_runs_on_any_page(phone: BrowserContext,
                                             hostile_site: SiteServer) -> None:
    pages = _pages(hostile_site.root)
    assert "villages/dongshancun/index.html" in pages and "about/index.html" in pages
    found: list[tuple[str, str]] = []
    clicked = 0
    for path in pages:
        *seen, count = _visit(phone, hostile_site.url(path.removesuffix("index.html")))
        found += [(path, what) for what in seen]
        clicked += int(count.split()[0])
    assert clicked >= 10  # the content's links and buttons were there to click
    assert found == [], "\n".join(map(str, found))


# Whether this text is shown in the article, and, when it is (in) a link, how the browser
# parsed the link's address.
LINK = """(text) => {
  const article = document.querySelector("article");
  if (!article.textContent.includes(text)) return null;
  const a = [...article.querySelectorAll("a")].find(a => a.textContent.includes(text));
  return {protocol: a && a.href ? a.protocol : null}; }"""


@pytest.mark.parametrize("text", list(MARKDOWN_VECTORS), ids=[
    "definition in a block quote", "definition in a list", "newline in the scheme",
    "control character before the scheme", "character reference", "tab in the scheme"])
def test_each_way_past_the_old_link_filter_is_inert(
        phone: BrowserContext, hostile_site: SiteServer, text: str) -> None:
    url = hostile_site.url("villages/dongshancun/")
    page = phone.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url, wait_until="load")
    link = page.evaluate(LINK, text)
    assert link is not None, text  # the link's text is still shown
    assert link["protocol"] in (None, *SAFE_PROTOCOLS), link
    page.locator("article").get_by_text(text).first.dispatch_event("click")
    page.wait_for_timeout(200)
    assert dialogs == []
    page.close()


def test_a_free_page_heading_runs_nothing_on_any_page(
        phone: BrowserContext, hostile_site: SiteServer) -> None:
    """The heading `# 关于本站 <img src=x onerror=…>` reaches every page's navigation."""
    for path in ("", "villages/dongshancun/", "products/", "about/"):
        page = phone.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d, dialogs=dialogs: (dialogs.append(d.message), d.dismiss()))
        page.goto(hostile_site.url(path), wait_until="load")
        images = page.evaluate("""() => [...document.querySelectorAll('.md-nav img, title')]
          .map(e => e.outerHTML)""")
        assert [i for i in images if "onerror" in i or "<img" in i] == [], path
        page.wait_for_timeout(100)
        assert dialogs == [], path
        page.close()


def test_the_free_page_heading_reaches_the_navigation_as_plain_text(
        phone: BrowserContext, hostile_site: SiteServer) -> None:
    page, _visit = open_page(phone, hostile_site.url("villages/dongshancun/"))
    titles = page.evaluate(
        """() => [...document.querySelectorAll('.md-nav__link')].map(a => a.innerHTML)""")
    about = [t for t in titles if "关于本站" in t]
    assert about and all("<img" not in t and "onerror" not in t for t in about), about
    page.close()
