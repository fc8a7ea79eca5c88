"""The bundled sample site, built by MkDocs, as a visitor and a host would check it."""

from __future__ import annotations

import gzip
import importlib.util
import os
import posixpath
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from conftest import ROOT
from PIL import Image

from generator.adapter import search
from generator.content.registry import COLLECTIONS
from generator.content.slugs import slugify


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        for name in ("href", "src"):
            if values.get(name) and tag in {"a", "img", "link", "script", "source"}:
                self.urls.append(values[name] or "")


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_of(site: Path, url_path: str) -> str:
    return (site / url_path / "index.html").read_text(encoding="utf-8")


def article(site: Path, url_path: str) -> str:
    html = html_of(site, url_path)
    return html[html.index("<article"): html.index("</article>")]


def items() -> list[tuple[str, str, dict]]:
    found = []
    for collection in COLLECTIONS:
        for path in sorted((ROOT / "content" / collection.key).glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            found.append((collection.key, data.get("slug") or slugify(path.stem), data))
    return found


def test_every_yaml_item_has_a_page(sample_site: Path) -> None:
    assert len(items()) >= 20
    for key, slug, data in items():
        page = article(sample_site, f"{key}/{slug}")
        assert f">{data['name']}</h1>" in page


def test_every_internal_link_and_image_resolves(sample_site: Path) -> None:
    checked = 0
    for page in sample_site.rglob("*.html"):
        if page.name == "404.html":  # served for any missing path, so MkDocs links it from /
            continue
        base = page.parent.relative_to(sample_site).as_posix()
        for url in parse(page).urls:
            parts = urlsplit(url)
            if parts.scheme or url.startswith(("#", "//")):
                continue
            target = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
            path = sample_site / target
            if url.endswith("/") or path.is_dir():
                path = path / "index.html"
            assert path.is_file(), f"{page.relative_to(sample_site)} → {url}"
            checked += 1
    assert checked > 500


def test_no_request_leaves_the_site(sample_site: Path) -> None:
    for page in sample_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'<(script|link|img|source)[^>]+(src|href)="(https?:)?//', html), page


def test_no_markdown_syntax_leaks_into_pages(sample_site: Path) -> None:
    for page in sample_site.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        text = re.sub(r"<[^>]+>", "", html[html.index("<article"): html.index("</article>")])
        assert "](" not in text and "**" not in text and "{{" not in text, page


def test_home_shows_brand_figures_honors_and_every_collection(sample_site: Path) -> None:
    site = yaml.safe_load((ROOT / "content/site.yaml").read_text(encoding="utf-8"))
    home = article(sample_site, ".")
    assert site["brand"]["name"] in home and site["brand"]["slogan"] in home
    assert all(h["name"] in home for h in site["honors"])
    assert all(f["label"] in home for f in site["figures"])
    for collection in COLLECTIONS:
        if collection.key != "industries":  # a part of 一村一品, whose page lists each
            assert f'href="{collection.key}/"' in home
    assert 'href="products/"' in home
    assert 'href="../industries/pipa/"' in article(sample_site, "products")


def test_every_page_shows_the_sites_logo_in_its_header_and_as_its_icon(
        sample_site: Path) -> None:
    """content/site.yaml's logo: a small WebP (it keeps the transparency of a PNG logo) in the
    header link to the home page, which is named after the site; and the browser tab's icon."""
    name = yaml.safe_load((ROOT / "content/site.yaml").read_text(encoding="utf-8"))["name"]
    logos = set()
    for page in sample_site.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        found = re.search(r'<a href="([^"]*)" title="([^"]*)" class="md-header__button md-logo"'
                          r'[^>]*>\s*<img src="([^"]+)" alt="" width="(\d+)" height="(\d+)">', html)
        assert found, page
        assert (int(found.group(4)), int(found.group(5))) == (96, 96)  # the square logo, 96 px
        assert found.group(2) == name
        logo = (page.parent / found.group(3)).resolve()
        assert logo.suffix == ".webp" and logo.stat().st_size < 8_000, logo
        icon = re.search(r'<link rel="icon" href="([^"]+)">', html)
        assert icon, page
        logos.add((logo, (page.parent / icon.group(1)).resolve()))
    [(_, icon)] = logos
    with Image.open(icon) as image:  # a small square PNG, not Material's own icon
        assert image.format == "PNG" and image.size == (64, 64)
    assert icon.stat().st_size < 8_000


def test_footer_has_filing_numbers_linking_to_the_registries(sample_site: Path) -> None:
    footer = yaml.safe_load((ROOT / "content/site.yaml").read_text(encoding="utf-8"))["footer"]
    html = html_of(sample_site, "villages")
    icp_link = 'href="https://beian.miit.gov.cn/" target="_blank" rel="noopener">'
    assert icp_link + footer["icp"] in html
    digits = "".join(ch for ch in footer["police"] if ch.isdigit())
    assert f"https://beian.mps.gov.cn/#/query/webSearch?code={digits}" in html


def test_village_page_lists_what_lies_in_it(sample_site: Path) -> None:
    by_village: dict[str, list[str]] = {}
    for key, _slug, data in items():
        if key != "villages" and data.get("village"):
            by_village.setdefault(data["village"], []).append(data["name"])
    assert by_village
    for village, names in by_village.items():
        page = article(sample_site, f"villages/{slugify(village)}")
        for name in names:
            assert f">{name}</a>" in page, (village, name)


def test_route_page_lists_stops_in_order_with_links(sample_site: Path) -> None:
    route_files = sorted((ROOT / "content/routes").glob("*.yaml"))
    assert len(route_files) >= 4
    for path in route_files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        page = article(sample_site, f"routes/{data.get('slug') or slugify(path.stem)}")
        stops = page[page.index('class="sc-stops"'):]
        positions = []
        for stop in data["stops"]:
            key, target = next((k, v) for k, v in stop.items() if k not in {"time", "note"})
            collection = {"village": "villages", "scenic": "scenic", "base": "bases",
                          "stay": "stays", "event": "events"}[key]
            link = f'href="../../{collection}/{slugify(target)}/"'
            assert link in stops, (path.name, target)
            positions.append(stops.index(link))
        assert positions == sorted(positions), path.name


def test_products_page_groups_every_product_by_category(sample_site: Path) -> None:
    page = article(sample_site, "products")
    for key, slug, data in items():
        if key != "villages":
            continue
        for product in data.get("products", []):
            assert f">{product['name']}</h3>" in page
            assert f">{product['category']}</h2>" in page
        if data.get("products"):
            assert f'href="../villages/{slug}/"' in page


def test_chinese_headings_get_real_anchors(sample_site: Path) -> None:
    ids = parse(sample_site / "villages/dongshancun/index.html").ids
    assert "一村一品" in ids and "特色做法" in ids
    assert not any(re.fullmatch(r"_\d+", i) for i in ids)


def picture_context(page: str, picture: str) -> str:
    """The markup just before a picture (the element it sits in)."""
    at = page.index(picture)
    return page[max(0, at - 200): at]


def test_pages_show_responsive_photos_that_never_shift_the_layout(sample_site: Path) -> None:
    for url_path in ("villages/dongshancun", ".", "scenic/dongguanzhai", "products"):
        page = article(sample_site, url_path)
        pictures = re.findall(r"<picture>.*?</picture>", page)
        assert len(pictures) >= 2, url_path
        for picture in pictures:
            [source] = re.findall(r"<source [^>]+>", picture)
            [img] = re.findall(r"<img [^>]+>", picture)
            assert 'type="image/webp"' in source and ".webp 360w" in source
            assert 'sizes="' in source and 'sizes="' in img
            # JPEG, for browsers without WebP, only at the widest width of the group; a
            # picture narrower than 720 px (a 公众号 QR code) is not enlarged
            if "sc-wechat-qr" in picture_context(page, picture):
                widest = max(int(w) for w in re.findall(r"\.webp (\d+)w", source))
                assert re.findall(r"\.jpg \d+w", img) == [f".jpg {widest}w"] and widest < 720
            else:
                assert re.search(r'src="[^"]+\.jpg"', img) and ".jpg 720w" in img
                assert ".jpg 360w" not in img and ".jpg 1080w" not in img
            assert all(f'{a}="' in img for a in ("width", "height", "alt"))
            assert re.search(r"background-color:&#35;[0-9a-f]{6}", img)  # placeholder colour
        images = [re.search(r"<img [^>]+>", p).group(0) for p in pictures]  # type: ignore
        eager = [i for i in images if "loading=" not in i]
        # item pages lead with one photo that loads at once; so does 一村一品, whose first
        # product's photo is in the first screen (its largest picture)
        assert eager == [images[0]] and 'fetchpriority="high"' in images[0], url_path
        assert all('loading="lazy" decoding="async"' in i for i in images[1:])


def test_every_photo_opens_its_large_variant_in_the_lightbox(sample_site: Path) -> None:
    page = article(sample_site, "villages/dongshancun")
    links = re.findall(r'<a class="sc-lightbox" href="([^"]+)" data-srcset="([^"]+)"', page)
    assert links and all(h.endswith("-1600.jpg") and "1600w" in s for h, s in links)
    html = html_of(sample_site, "villages/dongshancun")
    assert re.search(r'<script src="[./]*assets/javascripts/lightbox\.js" defer>', html)


def test_language_and_search_are_chinese(sample_site: Path) -> None:
    assert '<html lang="zh-CN"' in html_of(sample_site, ".")
    index = search.read_index(sample_site)
    assert any("枇杷" in entry[2] for entry in index["entries"])
    assert ["枇杷", "pi pa"] in index["pinyin"]


def test_nothing_is_generated_into_docs_dir() -> None:
    assert sorted(p.name for p in (ROOT / "content/pages").iterdir()) == ["about.md"]


def test_the_sample_builds_alike_on_properdocs(sample_site: Path, tmp_path: Path) -> None:
    """ProperDocs continues MkDocs 1.6 as a drop-in: the same site, but for the name of the
    engine in each page's generator tag."""
    if importlib.util.find_spec("properdocs") is None and not os.environ.get("CI"):
        pytest.skip("ProperDocs is not installed: pip install -e '.[test]'")
    site = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "generator.cli", "--project", str(ROOT), "build",
         "--engine", "properdocs", "--site-dir", str(site)],
        capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    tag = re.compile(r'<meta name="generator" content="[^"]*">')
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "ProperDocs" in tag.search(home).group(0)
    ours = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    theirs = {p.relative_to(sample_site).as_posix() for p in sample_site.rglob("*") if p.is_file()}
    assert ours == theirs
    for name in sorted(ours):
        built, expected = (site / name).read_bytes(), (sample_site / name).read_bytes()
        if name.endswith(".html"):
            built = tag.sub("", built.decode("utf-8")).encode("utf-8")
            expected = tag.sub("", expected.decode("utf-8")).encode("utf-8")
        if name.endswith(".gz"):  # the gzip header holds the time of the build
            built, expected = gzip.decompress(built), gzip.decompress(expected)
        assert built == expected, name
