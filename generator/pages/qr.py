"""QR codes of page addresses, for placards at each place and for the tour handbook.

A QR code must hold the page's absolute address, so it needs `site_url` from mkdocs.yml.
Without it no code is made at all: a code of a relative address would scan to nothing.
"""

from __future__ import annotations

import io
import posixpath
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal
from urllib.parse import quote, urlsplit

import segno

from generator.content.link import Entry, Site
from generator.content.sources import Sourced
from generator.output import VirtualFile
from generator.problems import Problem, Severity

FOLDER = "qr"
PLACARD_COLLECTIONS = ("villages", "scenic", "bases")
Format = Literal["svg", "png"]


@dataclass(frozen=True)
class QrCode:
    entry: Entry | None  # None for the home page
    name: str  # collection/slug, or "index" for the home page
    url: str  # absolute address the code holds

    @property
    def path(self) -> str:
        """Site path of the SVG file, e.g. qr/villages/dongshancun.svg."""
        return f"{FOLDER}/{self.name}.svg"

    def svg(self) -> str:
        return make_svg(self.url)

    @property
    def read_from(self) -> tuple[str, ...]:
        return self.entry.read_from if self.entry is not None else ()


@dataclass
class QrIndex:
    """Codes by entry; empty when the site has no `site_url`."""

    site_url: str | None
    home: QrCode | None = None
    codes: list[QrCode] = field(default_factory=list)
    folders: tuple[str, ...] = ()  # of the collections that have placards

    def of(self, entry: Entry) -> QrCode | None:
        return self._by_page.get(entry.page)

    @cached_property
    def _by_page(self) -> dict[str, QrCode]:
        return {c.entry.page: c for c in self.codes if c.entry is not None}

    def placards(self) -> Sourced:
        return Sourced([c for key in PLACARD_COLLECTIONS for c in self.codes
                        if c.entry is not None and c.entry.collection.key == key], self.folders)

    def files(self) -> list[VirtualFile]:
        every = ([self.home] if self.home else []) + self.codes
        return [VirtualFile(code.path, text=code.svg()) for code in every]


def page_url(site_url: str, page: str, directory_urls: bool = True) -> str:
    """Absolute address of a generated Markdown page, e.g. villages/dongshancun.md."""
    stem = page[: -len(".md")]
    if posixpath.basename(stem) == "index":
        path = posixpath.dirname(stem)
        path = path + "/" if path else ""
    elif directory_urls:
        path = stem + "/"
    else:
        path = stem + ".html"
    return site_url.rstrip("/") + "/" + quote(path)


def index(site: Site, site_url: str | None, directory_urls: bool = True) -> QrIndex:
    if not site_url:
        return QrIndex(None)
    codes = [QrCode(entry, f"{entry.collection.key}/{entry.source.slug}",
                    page_url(site_url, entry.page, directory_urls))
             for entry in site.all_entries()]
    return QrIndex(site_url, QrCode(None, "index", page_url(site_url, "index.md")), codes,
                   tuple(f for key in PLACARD_COLLECTIONS for f in site.entries[key].read_from))


def _code(url: str) -> segno.QRCode:
    # Level M survives a scuffed or partly shaded placard; never a Micro QR, which phones
    # do not read.
    return segno.make(url, error="m", micro=False, boost_error=False)


def make_svg(url: str) -> str:
    """The code as a scalable SVG (viewBox only, so CSS sets its size)."""
    out = io.BytesIO()
    _code(url).save(out, kind="svg", xmldecl=False, svgns=True, omitsize=True, border=4,
                    dark="#000", light="#fff", svgclass=None, lineclass=None)
    return out.getvalue().decode("utf-8") + "\n"


def make_png(url: str, scale: int = 10) -> bytes:
    out = io.BytesIO()
    _code(url).save(out, kind="png", scale=scale, border=4, dark="#000", light="#fff")
    return out.getvalue()


def site_url_problem(config_file: str) -> Problem:
    return Problem(
        config_file, severity=Severity.WARNING, code="qr-no-site-url",
        message=f"{config_file} 里没有设置 site_url（本站的正式网址），"
                "所以二维码牌和观摩手册里的二维码都没有生成。",
        hint=f"在 {config_file} 里加一行，例如“site_url: https://dangjian.example.gov.cn/”，"
             "写本站上线后的真实网址，再重新生成。")


def local_site_url_problem(config_file: str, site_url: str) -> Problem | None:
    """A site_url on this computer gives codes no visitor's phone can open."""
    host = (urlsplit(site_url).hostname or "").lower()
    if host not in {"localhost", "0.0.0.0"} and not host.startswith("127."):
        return None
    return Problem(
        config_file, severity=Severity.WARNING, code="qr-local-site-url",
        message=f"{config_file} 里的 site_url 是本机地址（{site_url}），"
                "二维码在别人的手机上打不开。",
        hint="把 site_url 改成本站上线后的真实网址再打印二维码牌。")
