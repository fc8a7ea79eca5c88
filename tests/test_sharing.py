"""What a share card and the page footer show: Open Graph tags, descriptions, filings."""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import yaml
from conftest import HOSTED_URL, ROOT, Project
from test_sample_site import html_of, items

from generator.cli import main


def meta(page: str) -> dict[str, str]:
    head = page[: page.index("</head>")]
    found = {}
    for tag in re.findall(r"<meta [^>]+>", head):
        key = re.search(r'(?:property|name)="([^"]+)"', tag)
        content = re.search(r'content="([^"]*)"', tag)
        if key and content:
            found[key.group(1)] = htmllib.unescape(content.group(1))
    return found


def test_pages_describe_themselves_with_absolute_share_urls(hosted_site: Path) -> None:
    for key, slug, data in items():
        tags = meta(html_of(hosted_site, f"{key}/{slug}"))
        assert tags["og:title"] == data["name"]
        expected = data.get("summary") or tags["og:title"]
        assert tags["og:description"] == tags["description"]
        if data.get("summary"):
            assert tags["description"] == expected
        assert tags["og:url"] == f"{HOSTED_URL}{key}/{slug}/"
        image = tags["og:image"]
        assert image.startswith(HOSTED_URL + "media/")
        assert (hosted_site / image[len(HOSTED_URL):]).is_file()


def test_share_image_is_the_items_first_photo(hosted_site: Path) -> None:
    page = html_of(hosted_site, "villages/dongshancun")
    article = page[page.index("<article"):]
    first_photo = re.search(r'<img src="\.\./\.\./(media/[^"]+)"', article).group(1)
    assert meta(page)["og:image"] == HOSTED_URL + first_photo


def test_home_page_card_uses_the_site_summary(hosted_site: Path) -> None:
    site = yaml.safe_load((ROOT / "content/site.yaml").read_text(encoding="utf-8"))
    tags = meta(html_of(hosted_site, "."))
    assert tags["og:title"] == site["name"] and tags["og:type"] == "website"
    assert tags["og:description"] == site["summary"] == tags["description"]
    assert tags["og:url"] == HOSTED_URL
    assert tags["og:image"].startswith(HOSTED_URL + "media/")


def test_without_site_url_no_relative_share_urls(sample_site: Path) -> None:
    for page in sample_site.rglob("index.html"):
        tags = meta(page.read_text(encoding="utf-8"))
        assert "og:title" in tags and "og:description" in tags, page
        assert "og:url" not in tags and "og:image" not in tags, page


def test_footer_shows_copyright_and_both_filings(hosted_site: Path) -> None:
    footer = yaml.safe_load((ROOT / "content/site.yaml").read_text(encoding="utf-8"))["footer"]
    page = html_of(hosted_site, "routes/hongselinghangdangjianguanmoxian")
    bottom = page[page.index('<div class="md-copyright sc-identity">'):]
    assert f"版权所有 © {footer['copyright']}" in bottom
    assert f'<a href="https://beian.miit.gov.cn/" target="_blank" rel="noopener">{footer["icp"]}' \
        in bottom
    digits = "".join(ch for ch in footer["police"] if ch.isdigit())
    assert (f'<a href="https://beian.mps.gov.cn/#/query/webSearch?code={digits}" '
            f'target="_blank" rel="noopener">{footer["police"]}') in bottom


def test_hosted_site_still_loads_nothing_from_outside(hosted_site: Path) -> None:
    for page in hosted_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|source|iframe)\b[^>]*>", text):
            if 'rel="canonical"' in tag:  # names the page's own address; never fetched
                continue
            assert not re.search(r'(src|href)="(https?:)?//', tag), (page, tag)


def test_share_tags_escape_what_editors_type(project: Project) -> None:
    project.write("content/villages/东山村.yaml",
                  'name: 东山村 "甲" <乙>\nsummary: 一句 "介绍" <script>alert(1)</script> & 更多\n')
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "# site_url: https://dangjian.example.gov.cn/", f"site_url: {HOSTED_URL}"),
        encoding="utf-8")
    assert main(["--project", str(project.root), "build"]) == 0
    page = html_of(project.root / "site", "villages/dongshancun")
    og = "\n".join(re.findall(r'<meta property="og:[^>]+>', page))
    assert "<script>" not in og and '"甲"' not in og
    tags = meta(page)
    assert tags["og:title"] == '东山村 "甲" <乙>'
    assert tags["og:description"] == '一句 "介绍" <script>alert(1)</script> & 更多'
