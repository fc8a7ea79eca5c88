"""Free pages: the Markdown pages an editor writes under content/pages/ (MkDocs' docs_dir).

Only these pages are published from that folder; everything else in it is reported, by name,
and stays out of the site:

- a photo would be published as it is, with where it was taken (EXIF/GPS): an error, photos
  belong in assets/;
- a raw web page (`.html`) would be published verbatim: an error saying where it belongs;
- office files and anything else (`党员名单.xlsx`, `草稿.docx`): a warning each;
- a link (symlink) leading out of the project is never followed: an error;
- a page not saved as UTF-8 (Notepad's GBK) is reported as YAML files are;
- a page whose address is a generated page's, or lies in a generated folder, is an error.

A page's title reaches every page (navigation, `<title>`, search), so it is reduced to text.
Pictures from other websites are errors (the site makes no request to another host), and
markup that the sanitizer will remove (pages/sanitize.py) is a warning at its line.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from generator.content.markdown import (
    MAX_PAGE_LENGTH,
    PAGE_EXTENSIONS,
    Converter,
    is_safe_link,
    line_of,
    picture_source,
    shown,
    too_complex,
)
from generator.content.registry import COLLECTIONS
from generator.content.yamlsource import decode
from generator.pages import sanitize
from generator.problems import Problem, Severity

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkdn", ".mkd"})  # as MkDocs
PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic", ".heif",
                            ".bmp", ".tif", ".tiff", ".avif", ".svg"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
OFFICE_SUFFIXES = frozenset({".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".wps", ".et",
                             ".dps", ".pdf", ".rtf", ".odt", ".ods", ".odp", ".csv", ".txt"})

# Folders of the generated site a free page may not enter (MkDocs' theme assets, the search
# index, photos, QR codes, and each collection's pages).
GENERATED_FOLDERS = frozenset({"assets", "search", "media", "qr"} | {c.key for c in COLLECTIONS})

# What a page's front matter may set; the rest is reported and left out (adapter/plugin.py).
META_KEYS = {"title": "标题", "description": "简介（分享和搜索引擎看到的一句话）",
             "hide": "隐藏页面的部分（navigation、toc、footer）",
             "show": "显示默认不显示的部分（navigation 目录树、toc 目录、footer 上一页/下一页）"}
HIDE_VALUES = frozenset({"navigation", "toc", "footer", "path", "tags", "feedback"})
SHOW_VALUES = frozenset({"navigation", "toc", "footer"})  # hidden unless a page asks (main.html)

_FRONT_MATTER = re.compile(r"-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


@dataclass(frozen=True)
class FreePage:
    path: str  # below the pages folder, with "/", e.g. about.md
    title: str  # text, as HTML: what the navigation, `<title>` and search show
    description: str | None = None  # text, as HTML


@dataclass
class FreePages:
    pages: list[FreePage] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def nav(self) -> list[tuple[str, str]]:
        return [(page.title, page.path) for page in self.pages]

    def get(self, path: str) -> FreePage | None:
        return next((page for page in self.pages if page.path == path), None)


def output_path(page: str, directory_urls: bool = True) -> str:
    """The HTML file MkDocs makes of a Markdown page (about.md → about/index.html)."""
    stem = posixpath.splitext(page)[0]
    folder, name = posixpath.split(stem)
    if name in ("index", "README"):
        return posixpath.join(folder, "index.html")
    return f"{stem}/index.html" if directory_urls else f"{stem}.html"


def scan(folder: Path, project: Path, generated: list[str],
         directory_urls: bool = True) -> FreePages:
    """Every free page under `folder` and every problem of the folder; `generated`: the
    generated Markdown pages (index.md, villages/dongshancun.md …), whose places are taken."""
    found = FreePages()
    if not folder.is_dir():
        return found
    scanner = _Scanner(folder, project, found)
    scanner.walk(folder, "", set())
    _collisions(found, generated, directory_urls, scanner.shown)
    return found


class _Scanner:
    def __init__(self, folder: Path, project: Path, into: FreePages) -> None:
        self.folder = folder
        self.project = project.resolve()
        self.into = into
        self.converter = Converter(PAGE_EXTENSIONS, raw_html=True)

    def shown(self, relative: str) -> str:
        path = self.folder / relative
        try:
            return path.relative_to(self.project).as_posix()
        except ValueError:
            return path.as_posix()

    def problem(self, relative: str, message: str, hint: str, code: str, line: int = 0,
                severity: Severity = Severity.ERROR) -> None:
        self.into.problems.append(Problem(self.shown(relative), line, 1 if line else 0,
                                          severity=severity, code=code, message=message,
                                          hint=hint))

    def walk(self, directory: Path, relative: str, seen: set[Path]) -> None:
        seen = seen | {directory.resolve()}
        with os.scandir(directory) as entries:
            listed = sorted(entries, key=lambda e: e.name)
        for entry in listed:
            name = f"{relative}{entry.name}"
            if entry.name.startswith("."):
                continue  # MkDocs leaves hidden files out too
            path = Path(entry.path)
            if entry.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(self.project) or not target.exists():
                    self.problem(name, "这是一个链接（快捷方式），指向项目文件夹以外"
                                 "（或已不存在）的文件，不会发布到网站上。",
                                 "把要发布的内容复制到 content/pages/ 里，再删掉这个链接。",
                                 "page-link-outside")
                    continue
            if entry.is_dir():
                if path.resolve() in seen:
                    continue  # a link back up the tree
                self.walk(path, f"{name}/", seen)
            elif entry.is_file():
                self.file(path, name)

    def file(self, path: Path, name: str) -> None:
        suffix = path.suffix.lower()
        if suffix in MARKDOWN_SUFFIXES:
            self.page(path, name)
        elif suffix in PHOTO_SUFFIXES:
            self.problem(name, "照片不能放在 content/pages/ 里：放在这里会原样发布，"
                         "连同照片里的拍摄地点（GPS）、相机等信息。这张照片没有发布。",
                         "把照片放到 assets/ 里（例如 assets/pages/），写在 content/site.yaml 或"
                         "某一项内容的 photos 里：那样会去掉这些信息、缩小后再发布。",
                         "page-photo")
        elif suffix in HTML_SUFFIXES:
            self.problem(name, "网页文件（.html）不能放在 content/pages/ 里：它会原样发布，"
                         "里面的脚本也会在访客的浏览器里运行。这个文件没有发布。",
                         "自己写的页面请写成 Markdown（.md 文件）放在 content/pages/ 里；"
                         "要改网站的样子（模板、样式），改 themes/material/ 里的文件。",
                         "page-html")
        elif suffix in OFFICE_SUFFIXES:
            self.problem(name, "这个文件不会发布到网站上：content/pages/ 里只发布 .md 页面。",
                         "名单、草稿这类文件可能含有不宜公开的内容，请移出 content/ 文件夹；"
                         "要在网站上介绍，把内容写成 .md 页面。",
                         "page-stray-file", severity=Severity.WARNING)
        else:
            self.problem(name, "不认识的文件，不会发布到网站上：content/pages/ 里只发布 .md 页面。",
                         "不需要的话，把它移出 content/ 文件夹；照片放到 assets/ 里。",
                         "page-stray-file", severity=Severity.WARNING)

    def page(self, path: Path, name: str) -> None:
        try:
            raw = path.read_bytes()
        except OSError:
            self.problem(name, "这个页面读不出来。", "检查文件是否还在、有没有读取权限。",
                         "page-unreadable")
            return
        text, problems = decode(raw, self.shown(name))
        if text is None:
            self.into.problems.extend(problems)
            return
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        reason = too_complex(text, MAX_PAGE_LENGTH)
        if reason is not None:  # MkDocs would take minutes to convert it
            self.problem(name, f"这个页面的写法太复杂，{reason}，生成网站时转换它要很久。",
                         "检查是不是粘贴了别处的大段内容；分成几页，去掉多余的符号。",
                         "page-too-complex", line=1)
            return
        meta, body, body_line = self.front_matter(text, name)
        title = meta.get("title") if isinstance(meta.get("title"), str) else None
        title_html = sanitize.text_html(title) if title else self.heading(body)
        description = meta.get("description")
        self.into.pages.append(FreePage(
            name, title_html or sanitize.text_html(posixpath.splitext(path.name)[0]),
            sanitize.text_html(description) if isinstance(description, str) else None))
        self.body(name, text, body, body_line)

    def front_matter(self, text: str, name: str) -> tuple[dict[str, Any], str, int]:
        """The page's settings between `---` lines (as MkDocs reads them), the rest of the
        page, and the line the rest starts on."""
        found = _FRONT_MATTER.match(text)
        if not found:
            return {}, text, 1
        try:
            meta = yaml.safe_load(found.group(1))
        except yaml.YAMLError:
            meta = None
        if not isinstance(meta, dict):
            self.problem(name, "页首“---”之间的设置写得不对，会被当成正文显示。",
                         "写成“title: 标题”这样的一行一项；不需要的话删掉这几行。",
                         "page-front-matter", line=1, severity=Severity.WARNING)
            return {}, text, 1
        for key in meta:
            if key not in META_KEYS:
                allowed = "、".join(f"{k}（{v}）" for k, v in META_KEYS.items())
                self.problem(name, f"页首的设置“{shown(str(key))}”不认识，不会生效。",
                             f"这里可以写：{allowed}。", "page-front-matter",
                             line=line_of(found.group(1), f"{key}:", 2),
                             severity=Severity.WARNING)
        for key, values in (("hide", HIDE_VALUES), ("show", SHOW_VALUES)):
            given = meta.get(key)
            if given is not None and not (isinstance(given, list) and set(given) <= values):
                self.problem(name, f"页首的“{key}”写得不对，不会生效。",
                             f"写成列表，每项是 {'、'.join(sorted(values))} 之一。",
                             "page-front-matter", line=line_of(found.group(1), f"{key}:", 2),
                             severity=Severity.WARNING)
        return meta, text[found.end():], 1 + text.count("\n", 0, found.end())

    def heading(self, body: str) -> str:
        """The first level-1 heading of the page, as text."""
        fenced = False
        for line in body.splitlines():
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
            heading = None if fenced else _heading(line)
            if heading:
                return sanitize.text_html(self.converter.convert(heading))
        return ""

    def body(self, name: str, text: str, body: str, body_line: int) -> None:
        """Pictures from elsewhere (errors), and markup that will not take effect (warnings)."""
        page_html = self.converter.convert(body)
        found = _Markup()
        found.feed(page_html)
        found.close()
        for url in found.images:
            where = line_of(body, url, body_line)
            if picture_source(url) != "remote":
                self.problem(name, f"页面里的图片“{shown(url)}”不会显示，生成网站时会去掉："
                             "content/pages/ 里只发布页面，不发布照片。",
                             "照片放到 assets/ 里，写在 content/site.yaml 或某一项内容的 "
                             "photos 里，在那一页上显示。", "page-image", line=where,
                             severity=Severity.WARNING)
            else:
                self.problem(name, f"页面里用了其他网站上的图片“{shown(url)}”：网站不从别的网站"
                             "加载任何东西，否则每位访客打开页面时，浏览器都会去连那个网站。",
                             "把图片保存到 assets/ 里，写在 content/site.yaml 或某一项内容的 "
                             "photos 里。", "page-remote-image", line=where)
        for what, needle in found.removed:
            self.problem(name, f"页面里的网页代码“{shown(what)}”不会生效，生成网站时会去掉。",
                         "页面里只保留文字、标题、列表、表格和链接（http://、https://、tel:、"
                         "mailto: 或站内链接）；脚本、嵌入的网页和事件代码都不能用。",
                         "page-markup-removed", line=line_of(body, needle, body_line),
                         severity=Severity.WARNING)


def _heading(line: str) -> str | None:
    """The text of a level-1 ATX heading line (`# 关于本站 #`), or None."""
    if not line.startswith("#") or line[1:2] not in (" ", "\t"):
        return None
    text = line[1:].strip(" \t")
    closed = text.rstrip("#")
    if closed != text and (not closed or closed[-1] in " \t"):
        text = closed.rstrip(" \t")
    return text or None


class _Markup(HTMLParser):
    """Pictures a page shows and markup the sanitizer would remove, from the page's HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.images: list[str] = []
        self.removed: list[tuple[str, str]] = []  # (what, text to find it by)
        self._named: set[str] = set()

    def _remove(self, what: str, needle: str) -> None:
        if what not in self._named:
            self._named.add(what)
            self.removed.append((what, needle))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.images.append(dict(attrs).get("src") or "")
            return  # reported as a picture
        if tag in ("picture", "source", "video", "audio", "iframe", "embed", "object",
                     "link", "image", "input"):
            for name in ("src", "srcset", "data", "href", "poster"):
                if dict(attrs).get(name):
                    self.images.append(str(dict(attrs)[name]).split()[0])
        if tag not in sanitize.PAGE_TAGS:
            self._remove(f"<{tag}>", f"<{tag}")
            return
        allowed = sanitize.PAGE_ATTRIBUTES.get(tag, set()) | {"class"}
        for name, value in attrs:
            if name not in allowed:
                self._remove(f"{name}=", f"{name}=")
            elif name == "href" and not is_safe_link(value or ""):
                self._remove(f"{name}=\"{value}\"", value or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def _collisions(found: FreePages, generated: list[str], directory_urls: bool,
                shown: Any) -> None:
    """A free page may not take the place of a generated page, nor of another free page."""
    taken = {output_path(page, directory_urls).casefold(): "自动生成的页面" for page in generated}
    for page in list(found.pages):
        output = output_path(page.path, directory_urls)
        first = output.split("/")[0]
        other = taken.get(output.casefold())
        if other is not None or (first in GENERATED_FOLDERS and "/" in output):
            what = other or f"自动生成的栏目 {first}/ "
            found.problems.append(Problem(
                shown(page.path), 1, 1, code="page-collision",
                message=f"这个页面的网址 {output} 和{what}重了，会把它顶替掉。",
                hint="给这个文件换一个名字，或放到别的文件夹里。"))
            found.pages.remove(page)
            continue
        taken[output.casefold()] = f"页面 {shown(page.path)} "
