"""Render stage: a linked Site becomes virtual Markdown pages through Jinja2 templates.

Every `{{ value }}` is escaped for HTML *and* Markdown by default, so text typed into any
plain field shows as text. Fields documented as Markdown go through the `md` filter: they
are converted to HTML here, HTML typed into them staying text, and that HTML is sanitised
(pages/sanitize.py) before it is put in the page.

While a page renders, everything that reaches its templates records where it came from (its
`read_from`, see content/sources.py) into the page's reads: the context it is given, attributes
and items templates look up, values that calls return, and the templates it loads. That one
choke point is all the dependency tracking there is; the build keeps the reads with the page
and renders it again when one of them changes (`PageMemo`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from typing import Any, Protocol

from jinja2 import (
    BytecodeCache,
    Environment,
    FunctionLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
    meta,
    pass_context,
)
from jinja2.bccache import Bucket
from jinja2.runtime import Context
from markupsafe import Markup, escape

from generator.content.geo import map_links
from generator.content.link import Entry, Site
from generator.content.markdown import field_converter, too_complex
from generator.content.models import Product
from generator.content.registry import BY_KEY, COLLECTIONS, Collection
from generator.content.sources import Sourced
from generator.media.stage import MediaIndex, MediaPhoto
from generator.output import VirtualFile
from generator.pages import charts, dates, layout, sanitize
from generator.pages.qr import QrIndex
from generator.pages.routes import RouteIndex
from generator.problems import Problem
from generator.resources import PAGE_TEMPLATES

_TEXT_ESCAPES = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
    "\\": "&#92;", "`": "&#96;", "*": "&#42;", "_": "&#95;", "[": "&#91;", "]": "&#93;",
    "{": "&#123;", "}": "&#125;", "#": "&#35;", "|": "&#124;", "!": "&#33;", "~": "&#126;",
    "$": "&#36;", ":": "&#58;", "^": "&#94;", "=": "&#61;",
})
_BLANK_LINES = re.compile(r"\n[ \t]*+\n")  # a run of blanks is met once: no backtracking
_LEADING_MARKERS = re.compile(r"^([-+])|^(\d++)\.")


def escape_text(value: str) -> Markup:
    """Plain text, safe in Markdown, in HTML blocks and in attribute values."""
    text = value.strip()
    if "\n" in text:  # each line break with the spaces around it becomes one space
        text = " ".join(part for part in (line.strip() for line in text.split("\n")) if part)
    text = _LEADING_MARKERS.sub(lambda m: f"&#{ord(m.group(1))};" if m.group(1)
                                else f"{m.group(2)}&#46;", text.translate(_TEXT_ESCAPES), 1)
    return Markup(text)


def markdown_field(value: str | None) -> Markup:
    """A Markdown field as sanitised HTML: Markdown stays, HTML typed into it is text, links
    lead only to http(s), tel and mailto or stay relative (pages/sanitize.py). Templates put it
    in a block of its own (`m.markdown`), which MkDocs passes on without reading it again."""
    if not value:
        return Markup("")
    if too_complex(value) is not None:  # plain text, paragraph by paragraph (the check warns)
        paragraphs = (p.strip() for p in _BLANK_LINES.split(value))
        return Markup("\n".join(f"<p>{escape(p)}</p>" for p in paragraphs if p))
    return Markup(sanitize.field_html(field_converter().convert(value)))


@lru_cache(maxsize=4096)
def _relative_folder(folder: str, here: str) -> str:
    return posixpath.relpath(folder or ".", here)


def relative_path(target: str, here: str) -> str:
    """`posixpath.relpath(target, here)` for a file, fast for many files in few folders."""
    folder, name = posixpath.split(target)
    prefix = _relative_folder(folder, here)
    return name if prefix == "." else f"{prefix}/{name}"


def _srcset(pictures: Iterable[Any], here: str) -> str:
    return ", ".join(f"{relative_path(p.url, here)} {p.width}w" for p in pictures)


@lru_cache(maxsize=64)
def _attribute(value: str) -> Markup:
    """escape_text for the few fixed strings templates pass (sizes, classes)."""
    return escape_text(value)


def front_matter(value: str) -> Markup:
    """A quoted YAML value for a page's front matter (title, description).

    MkDocs themes print titles and descriptions as HTML without escaping them, in the
    navigation, `<title>` and `<meta>` tags and the search index: so they are escaped here.
    """
    return Markup(json.dumps(str(escape(value)), ensure_ascii=False))


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and not isinstance(value, Markup):
        return escape_text(value)
    return value


def attr_url(value: str) -> Markup:
    """An absolute http(s) URL for an attribute of raw HTML: only `&`, `<`, `>`, quotes
    need escaping (Markdown leaves raw HTML blocks alone)."""
    if not value.startswith(("https://", "http://")):
        raise ValueError(f"not an http(s) URL: {value!r}")
    return escape(value)


def number(value: float | int) -> Markup:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return Markup(str(value))


@dataclass(frozen=True)
class RenderSettings:
    directory_urls: bool = True


@dataclass(frozen=True)
class RenderStats:
    rendered: int = 0  # pages whose template ran in this build
    reused: int = 0  # pages whose text came from an earlier build


class PageMemo(Protocol):
    """Pages of earlier builds (the build state): the one kept for `page` if nothing it read
    has changed; and a page just rendered, with what it read."""

    def lookup(self, page: str) -> VirtualFile | None: ...

    def store(self, page: str, reads: set[str], text: str) -> VirtualFile: ...


_LEAVES = frozenset({str, int, float, bool, type(None), Markup})
_SOURCED: dict[type, bool] = {}


def _record(value: Any, reads: set[str]) -> None:
    """Add where `value` came from, and where whatever it holds came from, to `reads`."""
    kind = type(value)
    if kind in _LEAVES:
        return
    sourced = _SOURCED.get(kind)
    if sourced is None:
        sourced = _SOURCED[kind] = hasattr(kind, "read_from")
    if sourced:
        reads.update(value.read_from)
    if isinstance(value, list | tuple):
        for member in value:
            _record(member, reads)
    elif isinstance(value, dict):
        for member in value.values():
            _record(member, reads)


class _RecordingContext(Context):
    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        value = super().call(__obj, *args, **kwargs)
        reads = __self.environment.reads  # type: ignore[attr-defined]
        if reads is not None:
            _record(value, reads)
        return value


class CompiledTemplates(BytecodeCache):
    """Templates compiled once per process, known by their source's checksum: the preview
    builds again on every save, and compiling the same templates each time was a fifth of
    that. Held in memory: nothing compiled is read back from a file."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # dropped when the source's checksum differs

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = CompiledTemplates()  # the page templates' (every Renderer's)


class _RecordingEnvironment(Environment):
    """Records where what templates touch was read from into `reads`, while it is a set."""

    context_class = _RecordingContext

    def __init__(self, shown: str, **options: Any) -> None:
        super().__init__(**options)
        self.shown = shown  # the templates folder as shown from the project folder
        self.reads: set[str] | None = None

    def getattr(self, obj: Any, attribute: str) -> Any:
        value = super().getattr(obj, attribute)
        if self.reads is not None:
            _record(obj, self.reads)
            _record(value, self.reads)
        return value

    def getitem(self, obj: Any, argument: Any) -> Any:
        value = super().getitem(obj, argument)
        if self.reads is not None:
            _record(obj, self.reads)
            _record(value, self.reads)
        return value

    def get_template(self, name: Any, parent: Any = None, globals: Any = None) -> Any:  # noqa: A002
        if self.reads is not None and isinstance(name, str):
            self.reads.add(f"{self.shown}/{name}")
        return super().get_template(name, parent, globals)


PageContext = Callable[[], dict[str, Any]]


def template_folders(own: Path | None) -> tuple[Path, ...]:
    """Where page templates are looked up, first match wins: the project's own folder (a
    template copied there and changed replaces the shipped one of that name), then the
    templates shipped with the generator."""
    shipped = PAGE_TEMPLATES.resolve()
    if own is not None and own.is_dir() and own.resolve() != shipped:
        return own.resolve(), shipped
    return (shipped,)


TemplateFault = (TemplateNotFound, TemplateSyntaxError)  # a user's template, or an install's


def template_problem(error: Exception, folders: Sequence[Path], project: Path) -> Problem:
    """A page template that is missing or cannot be read, as a problem: project templates
    are the users' to change, and a broken install must not end in a traceback."""
    own = [f for f in folders if f.is_relative_to(project)]
    shown = [f.relative_to(project).as_posix() + "/" for f in own] + ["程序自带的模板"]
    if isinstance(error, TemplateSyntaxError):
        path = Path(error.filename or error.name or "")
        file = path.relative_to(project).as_posix() if path.is_relative_to(project) else str(path)
        return Problem(file, error.lineno, 0, code="template-syntax",
                       message=f"页面模板写错了，读不懂这一行（Jinja 的说明：{error.message}）。",
                       hint="改正它；要用回程序自带的模板，删掉项目里的这个文件。")
    names = getattr(error, "templates", None) or [getattr(error, "name", None) or str(error)]
    return Problem((shown[0] if own else "themes/pages/"), code="template-missing",
                   message=f"找不到页面模板“{'、'.join(map(str, names))}”："
                           f"{'和'.join(shown)}里都没有。",
                   hint="项目里的模板引用了不存在的模板？改正它，或删掉项目 themes/pages/ 里改过的"
                        "模板；程序自带的模板不见了时，重新安装本程序。")


class Renderer:
    def __init__(self, templates: Sequence[Path], settings: RenderSettings,
                 shown: str | None = None) -> None:
        """`templates`: the folders templates are looked up in, first match wins; `shown`: the
        project's templates folder as shown from the project folder (the names in reads: a
        template's digest is the one of the file that wins, wherever it lies)."""
        self.templates = tuple(templates)
        self.settings = settings
        shown = shown or self.templates[0].as_posix()
        # read once: pages are made from exactly the templates whose digests they record
        self.files: dict[str, Path] = {}
        for folder in reversed(self.templates):
            for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
                if path.is_file():
                    self.files[path.relative_to(folder).as_posix()] = path
        self.texts = {name: path.read_bytes() for name, path in sorted(self.files.items())}
        self.sources = {f"{shown}/{name}": hashlib.sha256(data).hexdigest()
                        for name, data in self.texts.items()}
        self.env = _RecordingEnvironment(
            shown, loader=FunctionLoader(self._source), autoescape=True, finalize=_finalize,
            undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
            keep_trailing_newline=True, bytecode_cache=_COMPILED)
        self.env.filters.update(md=markdown_field, number=number, href=self._href,
                                url=self._url, page_url=self._page_url, text=escape_text,
                                srcset=self._srcset,
                                front_matter=front_matter, attr_url=attr_url,
                                css_string=css_string)
        self.env.globals.update(map_links=map_links,
                                picture_html=self._picture, figure_html=self._figure,
                                layout=layout, gallery_slots=layout.gallery_slots,
                                chinese_date=dates.chinese_date, date_span=dates.date_span,
                                until=dates.until, soonest_first=dates.soonest_first)

    def _source(self, name: str) -> tuple[str, str, Callable[[], bool]] | None:
        data = self.texts.get(name)
        if data is None:
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:  # saved as GBK, say: a problem at the template, not a crash
            raise TemplateSyntaxError("模板文件不是 UTF-8 编码", 1, name,
                                      str(self.files[name])) from None
        return text, str(self.files[name]), lambda: True

    # -- links ------------------------------------------------------------------------

    def output_dir(self, page: str) -> str:
        """Folder a page's HTML ends up in, relative to the site root."""
        if posixpath.basename(page) == "index.md" or not self.settings.directory_urls:
            return posixpath.dirname(page)
        return page[: -len(".md")]

    def _here(self, context: Any) -> str:
        """Folder of the current page's HTML, for relative URLs."""
        return self.output_dir(context["page"]) or "."

    @pass_context
    def _href(self, context: Any, target: Entry | str) -> str:
        """Relative Markdown link from the current page to another page (MkDocs resolves it)."""
        if isinstance(target, Entry):
            target = target.page
        return posixpath.relpath(target, posixpath.dirname(context["page"]) or ".")

    @pass_context
    def _url(self, context: Any, target: Entry | str) -> str:
        """Relative URL from the current page's HTML to a file or an item's page (raw HTML)."""
        here = self._here(context)
        if not isinstance(target, Entry):
            return relative_path(target, here)
        if self.settings.directory_urls:
            return posixpath.relpath(self.output_dir(target.page), here) + "/"
        return relative_path(target.page[: -len(".md")] + ".html", here)

    @pass_context
    def _page_url(self, context: Any, page: str) -> str:
        """Relative URL from the current page's HTML to another page given by its Markdown
        path (e.g. villages/index.md), for raw HTML where MkDocs does not resolve links."""
        here = self._here(context)
        if self.settings.directory_urls:
            return posixpath.relpath(self.output_dir(page) or ".", here) + "/"
        return relative_path(page[: -len(".md")] + ".html", here)

    @pass_context
    def _srcset(self, context: Any, pictures: Iterable[Any]) -> Markup:
        """`srcset` candidates ("url 360w, …") relative to the current page."""
        return Markup(_srcset(pictures, self._here(context)))

    # -- photos -------------------------------------------------------------------------
    # Written in Python rather than as template macros: a county's pages show tens of
    # thousands of photos, and this markup was most of the time spent rendering them.

    @pass_context
    def _picture(self, context: Any, photo: MediaPhoto, group: str, sizes: str,
                 eager: bool = False, class_: str = "") -> Markup:
        """`<picture>`: a `<source>` per modern format, the JPEG `<img>` with its size and a
        placeholder colour; an eager photo loads at once, the others when scrolled to. A photo
        loaded when scrolled to is sized by the browser from the laid-out page where it can
        (`sizes="auto, …"`, Chromium 126+); `sizes` (generator/pages/layout.py) for the rest."""
        here = self._here(context)
        sizes_attr = _attribute(sizes if eager else f"auto, {sizes}")
        parts = ["<picture>"]
        for fmt, mime in photo.sources:
            parts.append(f'<source type="{mime}" srcset="'
                         f'{_srcset(photo.candidates(group, fmt), here)}" sizes="{sizes_attr}">')
        img = photo.fallback(group)
        css = f' class="{_attribute(class_)}"' if class_ else ""
        loading = (' fetchpriority="high"' if eager else ' loading="lazy" decoding="async"')
        parts.append(
            f'<img{css} src="{escape_text(relative_path(img.url, here))}" srcset="'
            f'{_srcset(photo.candidates(group, photo.formats[-1]), here)}" sizes="{sizes_attr}"'
            f' alt="{escape_text(photo.alt)}" width="{img.width}" height="{img.height}"'
            f' style="background-color:{escape_text(photo.colour)}"{loading}></picture>')
        return Markup("".join(parts))

    @pass_context
    def _figure(self, context: Any, photo: MediaPhoto, group: str, sizes: str,
                eager: bool = False, class_: str = "sc-photo") -> Markup:
        """A captioned photo that opens large in the lightbox; without JavaScript the link
        opens the image itself."""
        here = self._here(context)
        sources = photo.sources
        best = sources[0][0] if sources else photo.formats[-1]
        kind = sources[0][1] if sources else "image/jpeg"
        return Markup(
            f'<figure class="{_attribute(class_)}"><a class="sc-lightbox" href="'
            f'{escape_text(relative_path(photo.url, here))}" data-srcset="'
            f'{_srcset(photo.candidates("large", best), here)}" data-type="{kind}">'
            f'{self._picture(context, photo, group, sizes, eager)}</a>'
            + (f'<figcaption>{escape_text(photo.caption)}</figcaption>' if photo.caption else '')
            + '</figure>')

    # -- pages --------------------------------------------------------------------------

    def compile_all(self) -> None:
        """Compile every page template and look up each one it includes, imports or extends
        by name, without rendering anything (`showcase check`): raises a TemplateFault."""
        for name in self.texts:
            if not name.endswith(".j2"):
                continue
            self.env.get_template(name)
            found = self._source(name)
            assert found is not None
            source = found[0]
            for used in meta.find_referenced_templates(self.env.parse(source)):
                if used is not None:
                    self.env.get_template(used)

    def page(self, template: str, page: str, **context: Any) -> VirtualFile:
        text = self.env.get_template(template).render(page=page, **context)
        return VirtualFile(page, text=text)

    def render(self, site: Site, media: MediaIndex, codes: QrIndex | None = None,
               memo: PageMemo | None = None) -> tuple[list[VirtualFile], RenderStats]:
        """Every page; a page the memo holds unchanged since an earlier build is not
        rendered again."""
        trips = RouteIndex(site)
        codes = codes or QrIndex(None)
        # `collections`: titled as site.yaml calls them (site.yaml is in every page's salt)
        common = {"site": site, "info": site.info, "collections": site.collections,
                  "media": media, "trips": trips, "qr": codes}
        pages, rendered = [], 0
        for template, page, context in _pages(site):
            found = memo.lookup(page) if memo is not None else None
            if found is None:
                reads = self.env.reads = set()
                try:
                    values = {**common, **context()}
                    _record(values, reads)
                    text = self.env.get_template(template).render(page=page, **values)
                finally:
                    self.env.reads = None
                found = (memo.store(page, reads, text) if memo is not None
                         else VirtualFile(page, text=text))
                rendered += 1
            pages.append(found)
        return pages, RenderStats(rendered=rendered, reused=len(pages) - rendered)


TOP_PAGES = ("index.md", "products.md", "placards.md")  # the rest lie in collection folders


def _pages(site: Site) -> Iterator[tuple[str, str, PageContext]]:
    """(template, page path, what the template gets besides the common context) of every
    page; the context is made only for a page that is rendered."""
    home, products, placards = TOP_PAGES
    products_shown = has_products(site)  # home reads every section, so it sees a change
    yield "home.md.j2", home, lambda: {"products": products_shown}
    if products_shown:
        yield "products.md.j2", products, lambda: {"groups": product_groups(site)}
    yield "placards.md.j2", placards, dict
    for collection in site.collections:
        entries = site.entries[collection.key]
        if not entries:  # a section with nothing in it does not show (a new town's are empty)
            continue
        yield ("collection.md.j2", f"{collection.key}/index.md",
               functools.partial(_listing, collection, entries))
        for entry in entries:
            yield collection.template, entry.page, functools.partial(_own, entry)


def _listing(collection: Collection, entries: list[Entry]) -> dict[str, Any]:
    if collection.key == "villages":  # the villages compared: ratings, shared figures
        found = [charts.star_ratings(entries), *charts.shared_figures(entries)]
        return {"collection": collection, "entries": entries,
                "charts": [chart for chart in found if chart is not None]}
    return {"collection": collection, "entries": entries, "charts": []}


def _own(entry: Entry) -> dict[str, Any]:
    return {"entry": entry, "item": entry.item}


def section_covers(site: Site, media: MediaIndex) -> list[tuple[str, MediaPhoto]]:
    """The photo on each section's tile of the home page, by collection key (and "products"
    for 一村一品): the first photo of its first item that has one. Sections without a photo
    are left out (their tile shows none)."""
    found: list[tuple[str, MediaPhoto]] = []
    for collection in COLLECTIONS:
        if collection.key == "industries":  # no tile of its own: a part of 一村一品
            continue
        entries = site.entries[collection.key]
        photo = next((photos[0] for e in entries if (photos := media.of(e.card))), None)
        if photo is not None:
            found.append((collection.key, photo))
        if collection.key == "villages":  # 一村一品: its page's first photo
            product = next((photos[0] for _, offers in product_groups(site) for offer in offers
                            if (photos := media.of(offer.product))), None)
            if product is not None:
                found.append(("products", product))
    return found


def css_string(value: str) -> Markup:
    """A quoted CSS string (for `content:` in a `<style>` element, where HTML entities mean
    nothing): every character but letters, digits and spaces is a CSS escape."""
    text = " ".join(value.split())
    return Markup('"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} "
                                for c in text) + '"')


@dataclass(frozen=True)
class Offer:
    """A product on the 一村一品 page, listed once: a village's own, or an industry with the
    villages that take part (and its own page)."""

    product: Product
    villages: tuple[Entry, ...]
    industry: Entry | None = None


def has_products(site: Site) -> bool:
    """Whether the 一村一品 page has anything to list (a new town's villages have none yet)."""
    return bool(site.entries["industries"]) or any(v.item.products
                                                   for v in site.entries["villages"])


def product_groups(site: Site) -> Sourced:
    """Every 一村一品 product, grouped by category, in a stable order: each village's own and
    each industry, once, with its villages."""
    villages, industries = site.entries["villages"], site.entries["industries"]
    offers = [Offer(p, (v,)) for v in villages for p in v.item.products]
    offers += [Offer(i.item, tuple(site.get("villages", part.village)
                                   for part in i.item.villages), i) for i in industries]
    offers.sort(key=lambda o: (o.product.category, o.product.name,
                               (o.industry or o.villages[0]).source.slug))
    return Sourced([(category, list(group))
                    for category, group in groupby(offers, key=lambda o: o.product.category)],
                   villages.read_from + industries.read_from)


def navigation(site: Site, extra_pages: Iterable[tuple[str, str]] = (),
               max_items: int | None = None) -> list[Any]:
    """MkDocs-style nav: home, one section per collection, the product page, extra pages
    (free pages: their titles are text as HTML already, pages/free.py).

    Titles are HTML-escaped: MkDocs themes print navigation titles as HTML.

    A collection with more than `max_items` items is listed by its index page alone: a drawer
    of hundreds of names helps no visitor, and every page carries the whole navigation, so a
    full list would make each page, and the build, grow with the size of the site.
    """
    def listed(key: str) -> list[Entry]:
        entries = site.entries[key]
        return entries if max_items is None or len(entries) <= max_items else []

    nav: list[Any] = [{"首页": "index.md"}]
    for collection in site.collections:
        # no empty section in the menu (its page is not made either); shared industries
        # are a part of 一村一品, whose page lists each of them once: one tab for both
        if not site.entries[collection.key] or collection.key == "industries":
            continue
        nav.append({escape(collection.title): _section(collection, listed(collection.key))})
        if collection.key == "villages" and has_products(site):
            industries = BY_KEY["industries"]
            nav.append({"一村一品": ["products.md", *_section(industries, listed("industries"))]
                        if site.entries["industries"] else "products.md"})
    nav.extend({title: path} for title, path in extra_pages)
    return nav


def _section(collection: Collection, entries: list[Entry]) -> list[Any]:
    return [f"{collection.key}/index.md", *({escape(e.name): e.page} for e in entries)]

