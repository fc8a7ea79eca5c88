"""HTML from content, through an allow-list sanitizer (nh3, the bindings of Rust's Ammonia)
before it reaches a page: rendered Markdown fields, free pages, and the headings of free pages
that the theme prints as HTML in the navigation, `<title>`, `<meta>` and the search index.

Ammonia parses the HTML as a browser does (html5ever) and keeps only the tags and attributes
listed here; a URL is kept only when its scheme, read as the browser's URL parser reads it, is
http(s), tel or mailto, or when it is relative. The same judgement (content/markdown.py) is
applied once more to every link. No picture is kept: a Markdown field shows its item's photos,
and a free page's pictures would be requests to other websites or to files never published.
Plain-text fields (names, summaries) are not HTML at all: they are escaped (render.escape_text).
"""

from __future__ import annotations

import re

import nh3

from generator.content.markdown import SAFE_SCHEMES, is_safe_link

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_TEXT = {"p", "br", "hr", "strong", "em", "b", "i", "u", "s", "del", "ins", "mark", "small",
         "sub", "sup", "code", "kbd", "pre", "blockquote", "q", "abbr", "span", "div"}
_LISTS = {"ul", "ol", "li", "dl", "dt", "dd"}
_TABLES = {"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col"}

# What a Markdown field can make (tables, admonitions, links, no pictures: those are photos).
FIELD_TAGS = _HEADINGS | _TEXT | _LISTS | _TABLES | {"a"}
# A free page may also have figures and details; no pictures: nothing but its pages is
# published from content/pages/, and a picture from another website is a request to it.
PAGE_TAGS = FIELD_TAGS | {"figure", "figcaption", "details", "summary"}

_CELL = {"colspan", "rowspan", "style"}
FIELD_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}, "th": _CELL, "td": _CELL,
}
PAGE_ATTRIBUTES: dict[str, set[str]] = {
    **FIELD_ATTRIBUTES,
    "details": {"open"},
    **{h: {"id"} for h in _HEADINGS},  # the table of contents links to them
}
_ADMONITIONS = {"admonition", "note", "abstract", "summary", "tldr", "info", "todo", "tip",
                "hint", "important", "success", "check", "done", "question", "help", "faq",
                "warning", "caution", "attention", "failure", "fail", "missing", "danger",
                "error", "bug", "example", "quote", "cite"}
CLASSES = {"div": _ADMONITIONS, "p": {"admonition-title"}}
_STYLES = {"text-align"}  # table columns aligned by Markdown

# C0 and C1 control characters other than tab and line breaks: never text, sometimes a trick.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _attribute(tag: str, name: str, value: str) -> str | None:
    """Every link judged once more as the browser parses it; no id that could stand for one
    of the theme's own elements (`__search`, `__md_*`)."""
    if name == "href":
        return value if is_safe_link(value) else None
    if name == "id":
        return None if value.startswith("_") else value
    return value


# A link whose address was dropped: its text stays, as text rather than as a dead link. Links
# do not nest, so the first end tag after one closes it (no backtracking: a literal follows).
_DEAD_LINK = re.compile(r"<a>(.*?)</a>", re.DOTALL)


def _clean(text: str, tags: set[str], attributes: dict[str, set[str]]) -> str:
    cleaned = nh3.clean(
        _CONTROLS.sub("", text), tags=tags, attributes=attributes, url_schemes=set(SAFE_SCHEMES),
        attribute_filter=_attribute, allowed_classes=CLASSES, filter_style_properties=_STYLES,
        link_rel=None, strip_comments=True)
    return _DEAD_LINK.sub(r"\1", cleaned) if "<a>" in cleaned else cleaned


def field_html(html: str) -> str:
    """A rendered Markdown field."""
    return _clean(html, FIELD_TAGS, FIELD_ATTRIBUTES)


def page_html(html: str) -> str:
    """A free page's content, as MkDocs rendered it."""
    return _clean(html, PAGE_TAGS, PAGE_ATTRIBUTES)


def text_html(html: str) -> str:
    """Text only, as HTML (`<` written as `&lt;`, quotes too): for a heading or title the
    theme prints as HTML, in text or in an attribute (`<meta content="…">`). Markup is dropped,
    with the content of scripts and styles."""
    text = " ".join(_clean(html, set(), {}).split())
    return text.replace('"', "&quot;").replace("'", "&#39;")
