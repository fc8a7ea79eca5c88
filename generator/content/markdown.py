"""Markdown as content holds it: the Markdown fields of items, and the free pages under
content/pages/. One converter for each, used both to check the text (pictures, links) and,
by the render stage, to turn it into the HTML that stage then sanitises.

Link schemes are judged the way a browser parses a URL (the WHATWG URL standard): leading and
trailing control characters and spaces are dropped and tabs and newlines are removed anywhere
before the scheme is read, so `java\\nscript:` and `\\x01javascript:` are `javascript:`.
Character references (`&#106;avascript:`) are decoded first, as the HTML parser does.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor
from pydantic import BaseModel

from generator.content.modelinfo import DataPath, field_at, walk_marked
from generator.content.models import MarkdownText
from generator.content.yamlsource import YamlDocument
from generator.problems import Problem, Severity

SAFE_SCHEMES = frozenset({"http", "https", "tel", "mailto"})

# What the URL parser strips from both ends (C0 controls and space) and removes anywhere.
_C0_OR_SPACE = "".join(map(chr, range(0x21)))
_TAB_OR_NEWLINE = str.maketrans("", "", "\t\n\r")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")

FIELD_EXTENSIONS = ("tables", "admonition")  # Markdown fields
PAGE_EXTENSIONS = ("tables", "admonition", "attr_list", "md_in_html", "toc")  # free pages


def browser_url(value: str) -> str:
    """An attribute's URL as the browser reads it: references decoded, blanks dropped."""
    return html.unescape(value).strip(_C0_OR_SPACE).translate(_TAB_OR_NEWLINE)


def url_scheme(value: str) -> str | None:
    """The scheme a browser would find in this URL (lower case), or None for a relative one."""
    found = _SCHEME.match(browser_url(value))
    return found.group()[:-1].lower() if found else None


def is_safe_link(value: str) -> bool:
    """A link to http(s), tel or mailto, or a relative one."""
    scheme = url_scheme(value)
    return scheme is None or scheme in SAFE_SCHEMES


_DRIVE = re.compile(r"[A-Za-z]:/")
_INLINE = frozenset({"data", "blob"})  # written into the page itself: no request


def picture_source(value: str) -> str:
    """Where a picture's address leads: "remote" (another website, `https://…`, `//host/…`,
    or any scheme a browser might fetch), "computer" (a file on the editor's computer,
    `C:\\…`, `file:…`), or "here" (a relative path, or data written into the page)."""
    url = browser_url(value).replace("\\", "/")
    scheme = url_scheme(url)
    if _DRIVE.match(url) or scheme == "file":
        return "computer"
    if url.startswith("//") or (scheme is not None and scheme not in _INLINE):
        return "remote"
    return "here"


@dataclass(frozen=True)
class Found:
    """A picture or link in the Markdown: which, and its address as written."""

    kind: str  # "image" or "link"
    url: str


class _Collect(Treeprocessor):
    """Notes every picture and link of the finished tree (after inline patterns ran)."""

    def __init__(self, md: markdown.Markdown, into: list[Found]) -> None:
        super().__init__(md)
        self.into = into

    def run(self, root: Element) -> None:
        for element in root.iter():
            if element.tag == "img":
                self.into.append(Found("image", element.get("src", "")))
            elif element.tag == "a" and element.get("href") is not None:
                self.into.append(Found("link", element.get("href", "")))


# Python-Markdown takes time growing faster than the text for a few shapes of text (measured:
# 16,000 heading lines in one block take 50 s, 4,000 nested "[" 12 s). A text of such a shape
# is not converted at all: it is shown as plain text, and the check says why.
MAX_LENGTH = 50_000  # characters of one Markdown field (a long village story is a few thousand)
MAX_PAGE_LENGTH = 200_000  # of one free page
_MAX_DEPTH = 8  # of nested "[" (a picture in a link is 2)
_MAX_UNCLOSED = 100  # "(" never closed
_MAX_BLOCK_LINES = 100  # heading, rule or link definition lines in one block
_MAX_RUN = 100  # "*", "_" or "\\" in a row
_RUNS = frozenset("*_\\")
_MAX_QUOTES = 8  # ">" of block quotes nested in one line
_MAX_NESTING = 8  # lists and quotes opened on one line ("1. 1. 1. …" recursed once a level)
_MAX_BLOCKS = 2_000  # paragraphs, list items…: Python-Markdown takes each off the front of a list
_RULE_CHARACTERS = frozenset("=-*_ ")


def too_complex(text: str, limit: int = MAX_LENGTH) -> str | None:
    """Why Markdown of this shape would take too long to convert, or None. One pass over the
    text, no regular expression."""
    if len(text) > limit:
        return f"太长（{len(text):,} 个字符，最多 {limit:,} 个）"
    brackets = parentheses = run = 0
    previous = ""
    escaped = False
    for character in text:
        if escaped:
            escaped = False
        elif character == "\\":
            escaped = True
        elif character == "[":
            brackets += 1
            if brackets > _MAX_DEPTH:
                return "“[”套了太多层"
        elif character == "]":
            brackets = max(brackets - 1, 0)
        elif character == "(":
            parentheses += 1
        elif character == ")":
            parentheses = max(parentheses - 1, 0)
        run = run + 1 if character in _RUNS and character == previous else 1
        previous = character
        if run > _MAX_RUN:
            return f"有一长串“{character}”"
    if parentheses > _MAX_UNCLOSED:
        return "很多“(”没有成对"
    block = blocks = 0
    for line in text.splitlines():
        stripped = line.strip(" \t>")
        if line[: len(line) - len(line.lstrip(" \t>"))].count(">") > _MAX_QUOTES:
            return "引用符号“>”套了太多层"
        if _nesting(line) > _MAX_NESTING:
            return "列表或引用符号在一行里套了太多层"
        if not stripped:
            blocks += block > 0
            if blocks > _MAX_BLOCKS:
                return f"分成了太多段（超过 {_MAX_BLOCKS:,} 段）"
            block = 0
        elif (stripped[0] == "#" or set(stripped) <= _RULE_CHARACTERS
              or (stripped[0] == "[" and "]:" in stripped)):
            block += 1  # Python-Markdown splits the block at each, and reads the rest again
            if block > _MAX_BLOCK_LINES:
                return "连着很多行是标题、分隔线或“[…]: 网址”"
    return None


def _marker_end(line: str, at: int) -> int:
    """Where a list or quote marker starting at `at` ends (after its spaces), or -1."""
    if at >= len(line):
        return -1
    if line[at] == ">" or (line[at] in "-*+" and line[at + 1: at + 2] in (" ", "\t")):
        end = at + 1
    else:
        end = at
        while end < len(line) and end - at < 9 and line[end].isdigit():
            end += 1
        if end == at or line[end: end + 1] not in (".", ")") or \
                line[end + 1: end + 2] not in (" ", "\t"):
            return -1
        end += 1
    while end < len(line) and line[end] in " \t":
        end += 1
    return end


def _nesting(line: str) -> int:
    """How many list and quote markers open one after another at the start of a line,
    counted up to one past `_MAX_NESTING` (Python-Markdown recurses once for each)."""
    at, found = len(line) - len(line.lstrip(" \t")), 0
    while found <= _MAX_NESTING:
        at = _marker_end(line, at)
        if at < 0:
            break
        found += 1
    return found


class Converter:
    """Markdown to HTML, noting pictures and links on the way. `raw_html`: whether HTML
    written in the text is HTML (free pages) or text (fields: shown as typed)."""

    def __init__(self, extensions: tuple[str, ...], raw_html: bool) -> None:
        self.found: list[Found] = []
        self.md = markdown.Markdown(extensions=list(extensions))
        if not raw_html:
            self.md.preprocessors.deregister("html_block")
            self.md.inlinePatterns.deregister("html")
        self.md.treeprocessors.register(_Collect(self.md, self.found), "showcase-collect", -10)

    def convert(self, text: str) -> str:
        self.found.clear()
        self.md.reset()
        return self.md.convert(_single_blank_lines(text))

    def scan(self, text: str) -> list[Found]:
        self.convert(text)
        return list(self.found)


def _single_blank_lines(text: str) -> str:
    """Runs of blank lines (text pasted from Word) as one: the same Markdown, and Python-Markdown
    takes time growing with the square of the number of blocks it is handed."""
    lines, blank = [], False
    for line in text.split("\n"):
        if not line.strip():
            if blank:
                continue
            blank = True
        else:
            blank = False
        lines.append(line)
    return "\n".join(lines)


_FIELD: Converter | None = None


def field_converter() -> Converter:
    """The one converter of Markdown fields (not thread-safe; builds are single-threaded)."""
    global _FIELD
    if _FIELD is None:
        _FIELD = Converter(FIELD_EXTENSIONS, raw_html=False)
    return _FIELD


def position_of(text: str, needle: str, start: int = 1) -> tuple[int, int] | None:
    """Line (counting from `start`) and column (1-based) where `needle`'s first line first
    appears in `text`, or None."""
    first = needle.strip().splitlines()[0] if needle.strip() else ""
    index = text.find(first) if first else -1
    if index < 0:
        return None
    return start + text.count("\n", 0, index), index - text.rfind("\n", 0, index)


def line_of(text: str, needle: str, start: int = 1) -> int:
    """The line where `needle` first appears in `text` (see position_of); `start` when it
    does not."""
    found = position_of(text, needle, start)
    return found[0] if found else start


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def shown(url: str, limit: int = 60) -> str:
    """An address as a message quotes it: control characters and line breaks visible as
    "�", long ones shortened."""
    text = _UNPRINTABLE.sub("�", url)
    return text if len(text) <= limit else text[: limit - 1] + "…"


PICTURE_HINT = ("把图片保存到 assets/ 里（例如 assets/villages/村名/），再写在这一项的 photos 里："
                "照片会和其他照片一样处理（去掉拍摄地点等信息）并显示在页面上。")


def _label(model: BaseModel, path: DataPath) -> str:
    names = [p for p in path if isinstance(p, str)]
    info = field_at(type(model), path)
    title = f"（{info.title}）" if info is not None and info.title else ""
    return f"字段“{names[-1]}”{title}" if names else "这个文件"


def check_fields(model: BaseModel, doc: YamlDocument) -> list[Problem]:
    """Pictures and links in the Markdown fields of a valid file: a picture is an error (one
    from another website makes every visitor's browser call that site; none shows in text),
    a link that is not http(s), tel or mailto a warning (it is shown as plain text)."""
    problems: list[Problem] = []
    converter = field_converter()
    for path, value, _marker, _owner in walk_marked(model, MarkdownText):
        reason = too_complex(value)
        if reason is not None:
            line, column = doc.position(path)
            problems.append(Problem(
                doc.file, line, column, severity=Severity.WARNING, code="markdown-too-complex",
                message=f"{_label(model, path)}的写法太复杂，{reason}：网页上按普通文字显示，"
                        "加粗、列表、链接都不生效。",
                hint="检查是不是粘贴了别处的大段内容；分成几段短一些的文字，去掉多余的符号。"))
            continue
        if "[" not in value and "<" not in value:
            continue  # no picture or link can be written without one (most texts: none)
        found = converter.scan(value)
        if not found:
            continue
        line, column = doc.position(path)
        below = "\n".join((doc.text or "").splitlines()[line - 1:])
        for item in found:
            where = position_of(below, item.url, line) or (line, column)
            label = _label(model, path)
            source = picture_source(item.url) if item.kind == "image" else ""
            if source == "remote":
                problems.append(Problem(
                    doc.file, *where, code="markdown-remote-image",
                    message=f"{label}里用了其他网站上的图片“{shown(item.url)}”：网站不从别的网站"
                            "加载任何东西，否则每位访客打开页面时，浏览器都会去连那个网站。",
                    hint=PICTURE_HINT))
            elif item.kind == "image":
                computer = "（这是电脑上的文件，访客看不到）" if source == "computer" else ""
                problems.append(Problem(
                    doc.file, *where, code="markdown-image",
                    message=f"{label}里插入了图片“{shown(item.url)}”{computer}：文字里不能插图片。",
                    hint=PICTURE_HINT))
            elif not is_safe_link(item.url):
                problems.append(Problem(
                    doc.file, *where, severity=Severity.WARNING, code="markdown-unsafe-link",
                    message=f"{label}里的链接“{shown(item.url)}”不会生效，网页上只显示链接文字："
                            "链接只能以 http://、https://、tel: 或 mailto: 开头。",
                    hint="要链接到一个网站，写完整的网址，例如 [链接文字](https://www.example.gov.cn/)。"))
    return problems
