"""QR placards, the printed tour handbook and `showcase qr`, as they come out of a build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import zxingcpp
from conftest import HOSTED_URL, ROOT, Project
from PIL import Image
from test_sample_site import article, items

from generator.adapter import search
from generator.cli import main
from generator.pages.qr import make_svg

PLACARD_KEYS = ("villages", "scenic", "bases")


def decode_svg(svg: str) -> str:
    """Read a segno SVG back: paint its path (runs of dark modules) and decode the image."""
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    path = re.search(r'<path stroke="#000" d="([^"]+)"', svg).group(1)
    modules = Image.new("L", (size, size), 255)
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            for column in range(int(x), int(x + float(a))):
                modules.putpixel((column, int(y)), 0)
            x += float(a)
    image = modules.resize((size * 8, size * 8), Image.Resampling.NEAREST)
    (result,) = zxingcpp.read_barcodes(image)
    return result.text


def placard_sections(site: Path) -> list[str]:
    page = article(site, "placards")
    return re.findall(r'<section class="sc-placard".*?</section>', page, re.S)


def test_one_placard_per_village_scenic_spot_and_base(hosted_site: Path) -> None:
    expected = [(key, slug, data) for key, slug, data in items() if key in PLACARD_KEYS]
    sections = placard_sections(hosted_site)
    assert len(sections) == len(expected) == 11
    names = [re.search(r'class="sc-placard__name">([^<]+)<', s).group(1) for s in sections]
    assert sorted(names) == sorted(data["name"] for _, _, data in expected)


def test_each_placard_code_opens_its_own_page(hosted_site: Path) -> None:
    site_yaml = (ROOT / "content/site.yaml").read_text(encoding="utf-8")
    by_name = {data["name"]: (key, slug, data) for key, slug, data in items()}
    for section in placard_sections(hosted_site):
        name = re.search(r'class="sc-placard__name">([^<]+)<', section).group(1)
        key, slug, data = by_name[name]
        src = re.search(r'<img class="sc-placard__qr" src="([^"]+)"', section).group(1)
        assert src == f"../qr/{key}/{slug}.svg"
        svg = (hosted_site / "qr" / key / f"{slug}.svg").read_text(encoding="utf-8")
        url = f"{HOSTED_URL}{key}/{slug}/"
        assert decode_svg(svg) == url
        assert svg == make_svg(url)  # exactly what segno makes for that address
        assert (hosted_site / key / slug / "index.html").is_file()
        slogan = (data.get("brand") or {}).get("slogan")
        assert (slogan or "四季慢城 五彩逸都") in section
        assert "慢城镇" in section and "红色领航 山地慢城" in section
    assert "四季慢城 五彩逸都" in site_yaml


def test_placards_print_one_per_a5_sheet() -> None:
    css = (ROOT / "themes/material/assets/stylesheets/visit.css").read_text(encoding="utf-8")
    assert re.search(r"@page placard \{\s+size: A5", css)
    rule = css[css.index("  .md-typeset .sc-placard {\n    page: placard;"):]
    rule = rule[: rule.index("}")]
    assert "break-after: page" in rule and "break-inside: avoid" in rule


def test_placard_page_is_kept_out_of_navigation_and_search(hosted_site: Path) -> None:
    home = (hosted_site / "index.html").read_text(encoding="utf-8")
    assert "placards/" not in home
    index = search.read_index(hosted_site)
    assert index["entries"] and not [e for e in index["entries"] if e[0].startswith("placards/")]


def test_without_site_url_the_build_warns_and_makes_no_codes(sample_site: Path,
                                                             project: Project,
                                                             capsys: pytest.CaptureFixture,
                                                             caplog: pytest.LogCaptureFixture
                                                             ) -> None:
    page = article(sample_site, "placards")
    assert "mkdocs.yml 没有设置 site_url" in page and "sc-placard__qr" not in page
    assert not (sample_site / "qr").exists()
    route = article(sample_site, "routes/hongselinghangdangjianguanmoxian")
    assert "sc-print-qr" not in route
    project.write("content/villages/东山村.yaml", "name: 东山村\n")
    assert main(["--project", str(project.root), "build"]) == 0
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert any(m.startswith("mkdocs.yml: 警告: mkdocs.yml 里没有设置 site_url") for m in warnings)


def test_showcase_qr_without_site_url_explains_and_fails(project: Project,
                                                        capsys: pytest.CaptureFixture) -> None:
    project.write("content/villages/东山村.yaml", "name: 东山村\n")
    out = project.root / "codes"
    assert main(["--project", str(project.root), "qr", "--out", str(out)]) == 1
    error = capsys.readouterr().err
    assert "mkdocs.yml 里没有设置 site_url" in error and "site_url: https://" in error
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_showcase_qr_writes_the_codes_of_the_site(project: Project, fmt: str,
                                                  capsys: pytest.CaptureFixture) -> None:
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "# site_url: https://dangjian.example.gov.cn/", f"site_url: {HOSTED_URL}"),
        encoding="utf-8")
    project.write("content/villages/东山村.yaml", "name: 东山村\n")
    project.write("content/scenic/东关寨.yaml", "name: 东关寨\nvillage: 东山村\n")
    out = project.root / "codes"
    assert main(["--project", str(project.root), "qr", "--format", fmt, "--out", str(out)]) == 0
    assert "已写出 3 个二维码" in capsys.readouterr().out
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob(f"*.{fmt}"))
    assert written == [f"index.{fmt}", f"scenic/dongguanzhai.{fmt}",
                       f"villages/dongshancun.{fmt}"]
    target = out / f"villages/dongshancun.{fmt}"
    url = f"{HOSTED_URL}villages/dongshancun/"
    if fmt == "png":
        assert zxingcpp.read_barcodes(Image.open(target).convert("L"))[0].text == url
    else:
        assert target.read_text(encoding="utf-8") == make_svg(url)
        assert main(["--project", str(project.root), "build"]) == 0
        built = project.root / "site/qr/villages/dongshancun.svg"
        assert built.read_text(encoding="utf-8") == target.read_text(encoding="utf-8")


def test_printed_route_is_a_handbook(hosted_site: Path) -> None:
    page = article(hosted_site, "routes/hongselinghangdangjianguanmoxian")
    stops = [s[: s.index("</li>")] for s in page.split('<li class="sc-stop">')[1:]]
    assert len(stops) == 6
    for stop in stops:
        photo = re.findall(r'<img src="[^"]*media/[^"]+"', stop)
        codes = re.findall(r'<img class="sc-print-qr" src="([^"]+)"', stop)
        assert len(photo) == 1 and len(codes) == 1
        assert (hosted_site / "routes/hongselinghangdangjianguanmoxian" / codes[0]).resolve(
        ).is_file()
    assert '<div class="sc-print-only sc-handbook-qr">' in page
    css = (ROOT / "themes/material/assets/stylesheets/visit.css").read_text(encoding="utf-8")
    print_css = css[css.index("@media print {"):]
    hidden = print_css[: print_css.index("}")]
    for chrome in (".md-header", ".md-tabs", ".md-sidebar", ".md-footer", ".md-search"):
        assert chrome in hidden
    assert "display: none !important" in hidden
    assert re.search(r"ol\.sc-stops > li \{[^}]*break-inside: avoid", print_css)
    assert ".md-typeset .sc-print-qr {\n    display: block" in print_css
