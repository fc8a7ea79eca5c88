"""Chinese search, loaded only when the visitor opens it, both served and from file://."""

from __future__ import annotations

from pathlib import Path

import yaml
from playwright.sync_api import BrowserContext, Page

from generator.content.slugs import slugify

from .conftest import ROOT, SiteServer, open_page

SEARCH_FILES = "search/"  # the index, in pieces
ENGINE = "assets/javascripts/search.js"
MATERIAL_WORKER = "assets/javascripts/workers/search."


def villages() -> list[dict]:
    found = []
    for path in sorted((ROOT / "content/villages").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found.append({**data, "slug": data.get("slug") or slugify(path.stem)})
    return found


def growers(exact: str | None = None, part: str | None = None) -> list[dict]:
    """The villages with a product of this name (or with `part` in its name): their own, or a
    shared industry they take part in."""
    def fits(name: str) -> bool:
        return name == exact if exact is not None else part is not None and part in name

    shared = {v["village"] for i in named("industries") if fits(i["name"]) for v in i["villages"]}
    return [v for v in villages() if v["name"] in shared
            or any(fits(p["name"]) for p in v.get("products", []))]


def named(folder: str) -> list[dict]:
    found = []
    for path in sorted((ROOT / "content" / folder).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found.append({**data, "slug": data.get("slug") or slugify(path.stem)})
    return found


def type_query(page: Page, query: str) -> None:
    if not page.is_visible("input.md-search__input"):
        page.click("label.md-header__button[for=__search]")
    box = page.locator("input.md-search__input")
    meta = page.locator(".md-search-result__meta")
    box.fill("")
    box.press("End")  # Material searches on keyup
    meta.filter(has_text="键入以开始搜索").wait_for()
    box.fill(query)
    box.press("End")
    meta.filter(has_text="结果").wait_for()


def search(page: Page, query: str) -> list[str]:
    """Open search, type the query, and return every result's page (all of them loaded)."""
    type_query(page, query)
    # Material renders ten results at a time and more as the list scrolls.
    count = -1
    while count != (count := page.locator(".md-search-result__item").count()):
        page.eval_on_selector(".md-search__scrollwrap", "el => el.scrollTo(0, el.scrollHeight)")
        page.wait_for_timeout(150)
    hrefs = page.eval_on_selector_all(
        ".md-search-result__item > a", "links => links.map(a => a.href.split('#')[0])")
    return list(dict.fromkeys(hrefs))


def first_result(page: Page, query: str) -> dict:
    """What the first result shows: its page, its title and section titles (as text, with
    their links), its text, and what is marked."""
    type_query(page, query)
    return page.eval_on_selector(".md-search-result__item", """item => ({
        page: item.querySelector('a').href.split('#')[0],
        links: [...item.querySelectorAll('a')].map(a => ({
            href: a.href, title: (a.querySelector('h1, h2') || a).textContent.trim()})),
        text: item.textContent,
        marks: [...item.querySelectorAll('mark')].map(m => m.textContent),
    })""")


def test_page_load_does_not_download_the_search_index(phone: BrowserContext,
                                                      server: SiteServer) -> None:
    page, visit = open_page(phone, server.url("villages/dongshancun/"), wait_until="networkidle")
    assert not [u for u in visit.urls() if u.startswith(server.url(SEARCH_FILES))
                or u == server.url(ENGINE)]
    page.click("label.md-header__button[for=__search]")
    page.wait_for_selector(".md-search-result__meta:has-text('键入以开始搜索')")
    requested = visit.urls()
    assert server.url(ENGINE) in requested
    assert server.url(SEARCH_FILES + "manifest.js") in requested
    assert not [u for u in requested if MATERIAL_WORKER in u]  # lunr is not downloaded
    assert not visit.failed and not visit.errors


def test_searching_a_product_finds_its_villages_and_the_product_page(
        phone: BrowserContext, server: SiteServer) -> None:
    page, visit = open_page(phone, server.url())
    found = search(page, "枇杷")
    found_in = growers(part="枇杷")
    assert len(found_in) >= 2
    for village in found_in:
        assert server.url(f"villages/{village['slug']}/") in found, village["name"]
    assert server.url("products/") in found
    assert not visit.failed and not visit.errors


def test_searching_a_village_name_finds_its_page_first(phone: BrowserContext,
                                                       server: SiteServer) -> None:
    page, _ = open_page(phone, server.url())
    for village in villages():
        found = search(page, village["name"])
        assert found and found[0] == server.url(f"villages/{village['slug']}/"), village["name"]


def test_pinyin_full_and_initials_find_the_product_first(phone: BrowserContext,
                                                        server: SiteServer) -> None:
    page, visit = open_page(phone, server.url())
    found_in = growers(exact="枇杷")
    assert found_in
    for query in ("pipa", "pp", "PiPa", "pí pá"):
        first = first_result(page, query)
        assert "枇杷" in [link["title"] for link in first["links"]], query
        assert set(first["marks"]) == {"枇杷"}, query
        found = search(page, query)
        for village in found_in:
            assert server.url(f"villages/{village['slug']}/") in found, (query, village["name"])
        assert server.url("products/") in found, query
    assert not visit.failed and not visit.errors


def test_a_place_typed_as_its_title_ranks_first(phone: BrowserContext,
                                                 server: SiteServer) -> None:
    page, _ = open_page(phone, server.url())
    for folder in ("scenic", "bases", "events", "stays", "routes"):
        for place in named(folder):
            first = first_result(page, place["name"])
            assert first["page"] == server.url(f"{folder}/{place['slug']}/"), place["name"]


def test_a_product_typed_as_its_name_finds_its_village_first(phone: BrowserContext,
                                                             server: SiteServer) -> None:
    """红菇 finds the village that grows 后溪红菇 first, and shows the product there."""
    page, _ = open_page(phone, server.url())
    for village in villages():
        for product in village.get("products", []):
            # 后溪红菇 is also typed 红菇 (the name without its village's)
            short = product["name"].removeprefix(village["name"][:-1])
            for query in {product["name"], short}:
                places = [v["slug"] for v in villages()
                          if any(query in p["name"] for p in v.get("products", []))]
                first = first_result(page, query)
                assert first["page"] in [server.url(f"villages/{g}/") for g in places], query
                assert any(query in link["title"] for link in first["links"]), query


def test_marks_are_the_query_not_its_single_characters(phone: BrowserContext,
                                                       server: SiteServer) -> None:
    page, _ = open_page(phone, server.url())
    for query in ("东关", "东关寨", "党群服务中心", "枇杷"):
        type_query(page, query)
        marks = page.eval_on_selector_all(".md-search-result mark",
                                          "ms => ms.map(m => m.textContent)")
        assert marks and all(len(mark) >= 2 and mark in query for mark in marks), (query, marks)
    assert first_result(page, "东关")["page"] == server.url("scenic/dongguanzhai/")


def test_results_are_clean_text(phone: BrowserContext, server: SiteServer) -> None:
    """No U+200B in titles or text; a fact's label and value read as one, a figure's value and
    its label apart, a caption apart from the text before it."""
    page, _ = open_page(phone, server.url())
    village = villages()[0]
    figure = village["figures"][0]
    first = first_result(page, figure["label"])
    assert f"{figure['value']}{figure.get('unit', '')} {figure['label']}" in first["text"]
    first = first_result(page, village["parking"][:8])
    assert f"停车：{village['parking'][:8]}" in first["text"]
    caption = village["photos"][1]["caption"]
    first = first_result(page, caption)
    assert f" · {caption}" in first["text"] or first["text"].lstrip("…").startswith(caption)
    for query in ("东关", "枇杷", village["name"], "pp"):
        type_query(page, query)
        shown = page.eval_on_selector(".md-search-result", "el => el.textContent")
        assert "\u200b" not in shown, query


def test_search_works_from_files(phone: BrowserContext, offline_site: Path) -> None:
    page, visit = open_page(phone, (offline_site / "index.html").as_uri(),
                            wait_until="networkidle")
    root = offline_site.as_uri() + "/"
    assert not [u for u in visit.urls() if u.startswith((root + SEARCH_FILES, root + ENGINE))]
    found = search(page, "枇杷")
    assert (offline_site / "villages/dongshancun.html").as_uri() in found
    assert (offline_site / "products.html").as_uri() in found
    assert (offline_site / "search/manifest.js").as_uri() in visit.urls()
    first = first_result(page, "pipa")
    assert "枇杷" in [link["title"] for link in first["links"]]
    assert not visit.failed and not visit.errors
    page.click(".md-search-result__item a[href$='dongshancun.html']")
    page.wait_for_url("**/villages/dongshancun.html")
