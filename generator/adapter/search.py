"""The site's own search index: small files a search loads piece by piece, from any host and
from file:// alike (every file is a script that hands its data to the page).

Material's search (lunr) downloads every page's text before the first result: 0.9 MB
at a thousand villages. Here a search downloads the manifest (page titles), the shards holding
its query's terms and the text of the pages it shows: tens of KB. Terms are single Han
characters and pairs of them (no dictionary: 东关 finds 东关寨 whatever a segmenter thinks), and
Latin words and numbers (3A, 0594). Short titles also get their pinyin, in a file loaded only
for a query in Latin letters: `pipa` and `pp` find 枇杷.

The text of each page is read from its HTML here rather than by the search plugin: each piece
of text (a paragraph, a caption, a fact's label and value) stays apart from the next, captions
and facts come after the prose, and nothing is segmented (no U+200B).

Files, all under search/ (themes/material/assets/javascripts/search.js reads them):

    manifest.js  format, shard count, each page's first entry, title, location and boost,
                 each chunk's first entry
    t<N>.js      shard N: term -> entry numbers (delta coded, times 2, plus 1 in a title)
    c<N>.js      chunk N: a run of entries, [location, title, text], about 8 KB
    pinyin.js    short titles and their pinyin syllables
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import partial
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from generator.build.files import FileDigests

ENTRY_FORMAT = "showcase-search-1"
# Part of the page cache's key: entries an older version of this file cut are cut again.
CACHE_KEY = f"{ENTRY_FORMAT} {hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]}"

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TERMS = re.compile(f"[{_HAN}]+|[a-z0-9]+")
_PURE_HAN = re.compile(f"[{_HAN}]{{2,8}}")
_SPACE = re.compile(r"\s+")
_UNSAFE_IN_SCRIPTS = re.compile("[\u2028\u2029\ud800-\udfff]")

FOLDER = "search"  # of the site
SHARD_BYTES = 12_000  # raw postings per shard, about 5 KB compressed
CHUNK_BYTES = 8_000  # raw bytes per chunk of entries, about 3 KB compressed
STORED_TEXT = 2_000  # characters of an entry's text kept for snippets (all of it is indexed)
EXACT_TITLE = "="  # a term for a whole title: "=东关寨" (exact matches rank first)
MAX_EXACT = 16  # longer titles are not typed whole

_BLOCKS = {"p", "li", "dt", "dd", "div", "figcaption", "td", "th", "tr", "blockquote",
           "section", "article", "ul", "ol", "dl", "table", "figure", "br", "span", "a",
           "h1", "h2", "h3", "h4", "h5", "h6", "summary", "details", "label"}
_SKIPPED = {"script", "style", "svg", "button", "template", "noscript", "iframe"}
_SKIPPED_CLASSES = ("sc-visit__actions", "sc-onroute__nav", "headerlink", "sc-qr")
_VOID = {"br", "img", "hr", "input", "meta", "link", "source", "wbr", "area", "col", "embed"}


def normalise(text: str) -> str:
    """What both sides compare: NFKC (full-width letters and digits), lower case, and no
    zero-width characters. search.js does the same to a query."""
    text = unicodedata.normalize("NFKC", text).lower()
    return text.replace("\u200b", "").replace("\u200c", "").replace("\u200d", "")


def terms(text: str) -> set[str]:
    """The terms of a text: each Han character and each pair of neighbours, each Latin word
    or number. Pairs never cross a space or punctuation."""
    found: set[str] = set()
    for run in _TERMS.findall(normalise(text)):
        if run[0].isascii():
            found.add(run)
            continue
        found.update(run)
        found.update(run[i:i + 2] for i in range(len(run) - 1))
    return found


def shard_of(term: str, shards: int) -> int:
    """FNV-1a over the UTF-16 code units, as search.js computes it."""
    value = 2166136261
    units = term.encode("utf-16-le")
    for i in range(0, len(units), 2):
        value = ((value ^ (units[i] | units[i + 1] << 8)) * 16777619) & 0xFFFFFFFF
    return value % shards


class _Text(HTMLParser):
    """A page's HTML as sections (at each heading with an id): title and separate pieces of
    text, prose first, then facts, then captions."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[dict[str, Any]] = [{"id": "", "title": "", "kinds": ([], [], [])}]
        self.stack: list[tuple[str, bool, int]] = []  # tag, skipped, kind
        self.piece: list[str] = []
        self.heading: list[str] | None = None
        self.spaced: set[int] = set()  # depths of styled links and labels (spaced apart)
        self.closed_inline = False  # a link or span just ended, no text since

    def _kind(self) -> int:
        return self.stack[-1][2] if self.stack else 0

    def _skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def _flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self.piece)).strip()
        self.piece = []
        if text:
            self.sections[-1]["kinds"][self._kind()].append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = values.get("class") or ""
        skipped = (self._skipping() or tag in _SKIPPED
                   or any(name in classes for name in _SKIPPED_CLASSES))
        kind = self._kind()
        if tag == "figcaption":
            kind = 2
        elif tag in ("dl", "dt", "dd") or "sc-facts" in classes or "sc-figures" in classes:
            kind = max(kind, 1)
        if tag in _BLOCKS and tag not in ("a", "span", "dd"):
            self._flush()
        elif (tag in ("a", "span") and (classes or self.closed_inline) and self.piece
              and not self.piece[-1][-1:].isspace()):
            self.piece.append(" ")  # a styled link or label, or tags side by side: apart
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and values.get("id") and not skipped:
            self.sections.append({"id": values["id"], "title": "", "kinds": ([], [], [])})
            self.heading = []
        if tag == "dd":  # 停车：…, the label and its value read as one
            if self.piece:
                self.piece[-1] = self.piece[-1].rstrip()
            self.piece.append("：")
        if tag not in _VOID:
            self.stack.append((tag, skipped, kind))
            if tag in ("a", "span") and classes:
                self.spaced.add(len(self.stack))

    def handle_endtag(self, tag: str) -> None:
        if not any(open_tag == tag for open_tag, _, _ in self.stack):
            return
        while self.stack:
            open_tag, _, _ = self.stack[-1]
            if open_tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self.heading is not None:
                self.sections[-1]["title"] = _SPACE.sub(" ", "".join(self.heading)).strip()
                self.heading = None
                self.piece = []
            elif open_tag in _BLOCKS and open_tag not in ("a", "span", "dt"):
                self._flush()
            elif len(self.stack) in self.spaced and self.piece:
                self.piece.append(" ")
            self.spaced.discard(len(self.stack))
            self.stack.pop()
            self.closed_inline = open_tag in ("a", "span")
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._skipping():
            return
        self.closed_inline = self.closed_inline and not data.strip()
        if self.heading is not None:
            self.heading.append(data)
        else:
            self.piece.append(data)

    def result(self) -> list[dict[str, Any]]:
        self._flush()
        return self.sections


def page_entries(content: str, url: str, title: str, meta: dict[str, Any]) -> list[dict]:
    """The entries of one page: the page itself (its title, the text before its first heading
    with an id) and each section. `meta` is the page's front matter (search: exclude, boost)."""
    search = meta.get("search") if isinstance(meta.get("search"), dict) else {}
    if search.get("exclude"):
        return []
    boost = search.get("boost", 1)
    parser = _Text()
    parser.feed(content or "")
    parser.close()
    entries = []
    for number, section in enumerate(parser.result()):
        pieces = [piece for kind in section["kinds"] for piece in kind]
        text = " · ".join(pieces)
        if number == 0:
            name = title
        elif not (name := section["title"]):
            continue
        if number and section["id"] == _first_heading_id(parser.sections) and not text:
            continue  # the page's own h1: its entry is the page
        entry: dict[str, Any] = {"location": url + (f"#{section['id']}" if number else ""),
                                 "title": clean(name), "text": text}
        if isinstance(boost, int | float) and boost != 1:
            entry["boost"] = boost
        entries.append(entry)
    if len(entries) > 1 and entries[0]["text"] == "" and entries[1]["title"] == entries[0][
            "title"]:
        # The h1 carries the page's lead: one entry for the page, at the page's address.
        first = entries.pop(1)
        entries[0]["text"] = first["text"]
    for entry in entries:
        # What the index needs of the entry besides its text, worked out once with the page
        # (and kept with it in the page cache): writing the index then only merges them.
        entry["terms"] = " ".join(sorted(terms(entry["text"]) - terms(entry["title"])))
        if pinyin := syllables(entry["title"]):
            entry["pinyin"] = pinyin
    return entries


def _first_heading_id(sections: list[dict[str, Any]]) -> str | None:
    return sections[1]["id"] if len(sections) > 1 else None


def clean(text: str) -> str:
    """A title as shown: no zero-width characters, spaces collapsed."""
    return _SPACE.sub(" ", html.unescape(text).replace("\u200b", "")).strip()


def dumps(value: Any) -> str:
    """Compact JSON with text as UTF-8 (a third of \\uXXXX's size where a host does not
    compress); U+2028/2029 stay escaped for old JavaScript."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return _UNSAFE_IN_SCRIPTS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _script(name: str, value: Any) -> str:
    return f"__showcaseSearch({json.dumps(name)},{dumps(value)});\n"


def syllables(title: str) -> str | None:
    """A short all-Han title's pinyin, one syllable a character, separated by spaces."""
    if not _PURE_HAN.fullmatch(title):
        return None
    # imported when a page is built: a build that reuses every page spends no time on it
    from pypinyin import Style, lazy_pinyin

    spoken = lazy_pinyin(title, style=Style.NORMAL, errors="ignore")
    if len(spoken) != len(title) or not all(s.isascii() and s.isalpha() for s in spoken):
        return None
    return " ".join(spoken)


def write_index(site_dir: str | Path, pages: Iterable[tuple[str | None, str | Callable[[], str]]],
                keep: Path | None = None, files: FileDigests | None = None,
                kept: Callable[[str, str], bool] | None = None) -> dict[str, str]:
    """Write search/ from each page's entries, in page order: (its page-cache key, or None,
    and its entries as JSON text as page_entries made them, or what reads that text). With
    `keep` (a cache folder) an index of the same pages, with the same keys, is copied from
    there rather than made again: a build that changed no page spends no time on it. A file
    `kept(path, digest)` says the site already holds is not copied again. Returns the digest
    of every file copied or kept, by its path in the site."""
    folder = Path(site_dir) / FOLDER
    pages = list(pages)
    digest = hashlib.sha256(CACHE_KEY.encode())
    for key, text in pages:
        digest.update(b"\0" + (key or hashlib.sha256(_text(text).encode()).hexdigest()).encode())
    fingerprint = digest.hexdigest()
    if keep is None or files is None:  # no cache to keep an index in (benchmarks)
        _make_index(folder, (_text(text) for _, text in pages))
        return {}
    digests = _intact(keep, fingerprint, files)
    if digests is None:
        made = keep.with_name(keep.name + ".new")
        if made.exists():
            shutil.rmtree(made)
        _make_index(made, (_text(text) for _, text in pages))
        digests = {f.name: _digest(f) for f in sorted(made.glob("*.js"))}
        (made / "fingerprint").write_text("\n".join(
            [fingerprint, *(f"{name} {value}" for name, value in digests.items())]) + "\n",
            encoding="utf-8")
        if keep.exists():
            shutil.rmtree(keep)
        made.rename(keep)
        for name, value in digests.items():
            files.written(keep / name, value)
    return _copy_index(keep, folder, digests, kept)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _intact(keep: Path, fingerprint: str, files: FileDigests) -> dict[str, str] | None:
    """The digest of each file of the kept index, if it is of these pages and every file of it
    is as it was written (a damaged cache file is made again, not published)."""
    lines = (_read(keep / "fingerprint") or "").splitlines()
    if not lines or lines[0] != fingerprint:
        return None
    digests = dict(line.split(" ", 1) for line in lines[1:] if " " in line)
    try:
        if set(digests) == {f.name for f in keep.glob("*.js")} and all(
                files.digest(keep / name) == value for name, value in digests.items()):
            return digests
    except OSError:
        pass
    return None


def _text(text: str | Callable[[], str]) -> str:
    return text if isinstance(text, str) else text()


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, ValueError):  # missing, or damaged (not UTF-8): made again
        return None


_OURS = re.compile(r"(t|c)\d+\.js|manifest\.js|pinyin\.js|search_index\.js")


def _copy_index(source: Path, folder: Path, digests: dict[str, str],
                kept: Callable[[str, str], bool] | None) -> dict[str, str]:
    """The index files into the site's search/ (copies: the site shares no inode with the
    cache) but those it holds already; other files of ours removed."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.js"):
        if _OURS.fullmatch(old.name) and old.name not in digests:
            old.unlink()
    published = {}
    for name, digest in digests.items():
        path = f"{FOLDER}/{name}"
        published[path] = digest
        if kept is not None and kept(path, digest):
            continue
        target = folder / name
        target.unlink(missing_ok=True)  # never written through: it may be another's link
        shutil.copyfile(source / name, target)
    return published


def _make_index(folder: Path, pages: Iterable[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.js"):
        if _OURS.fullmatch(old.name):
            old.unlink()
    # 4 bytes an entry, not a Python int's 36: a county's index has millions
    postings: defaultdict[str, array[int]] = defaultdict(partial(array, "I"))
    page_table: list[list[Any]] = []
    chunks: list[int] = []
    chunk: list[list[str]] = []
    chunk_size = 0
    spoken: dict[str, str] = {}
    doc = 0

    def close_chunk() -> None:
        nonlocal chunk, chunk_size
        if chunk:
            (folder / f"c{len(chunks) - 1}.js").write_text(_script(f"c{len(chunks) - 1}", chunk),
                                                           encoding="utf-8")
        chunk, chunk_size = [], 0

    for text in pages:
        entries = json.loads(text) if len(text) > 2 else []
        if not entries:
            continue
        first = entries[0]
        row: list[Any] = [doc, first["title"], first["location"]]
        if first.get("boost", 1) != 1:
            row.append(first["boost"])
        page_table.append(row)
        for entry in entries:
            title, body = entry["title"], entry["text"]
            in_body, in_title = doc * 2, doc * 2 + 1
            for term in entry["terms"].split():
                postings[term].append(in_body)
            in_title_terms, whole = terms(title), normalise(title)
            if 0 < len(whole) <= MAX_EXACT:
                in_title_terms.add(EXACT_TITLE + whole)
            for term in in_title_terms:
                postings[term].append(in_title)
            if "pinyin" in entry:
                spoken.setdefault(title, entry["pinyin"])
            if not chunk:
                chunks.append(doc)
            shown = body[:STORED_TEXT]
            chunk.append([entry["location"], title, shown])
            chunk_size += len(shown.encode()) + len(title.encode()) + len(entry["location"])
            doc += 1
            if chunk_size >= CHUNK_BYTES:
                close_chunk()
    close_chunk()
    shards = _write_shards(folder, postings)
    manifest = {"format": ENTRY_FORMAT, "shards": shards, "entries": doc, "chunks": chunks,
                "pages": page_table}
    (folder / "manifest.js").write_text(_script("manifest", manifest), encoding="utf-8")
    (folder / "pinyin.js").write_text(
        _script("pinyin", [[title, spoken[title]] for title in sorted(spoken)]), encoding="utf-8")


def _deltas(values: array[int]) -> list[int]:
    return [value - before for before, value in zip([0, *values[:-1]], values, strict=True)]


def _write_shards(folder: Path, postings: dict[str, array[int]]) -> int:
    coded = {term: _deltas(values) for term, values in postings.items()}
    size = sum(len(term) * 3 + len(dumps(values)) for term, values in coded.items())
    shards = max(1, -(-size // SHARD_BYTES))
    parts: list[dict[str, list[int]]] = [{} for _ in range(shards)]
    for term in sorted(coded):
        parts[shard_of(term, shards)][term] = coded[term]
    for number, part in enumerate(parts):
        (folder / f"t{number}.js").write_text(_script(f"t{number}", part), encoding="utf-8")
    return shards


def read_index(site_dir: str | Path) -> dict[str, Any]:
    """A written index read back (for checks): the manifest, with every entry as
    [location, title, text] under "entries" and the pinyin table under "pinyin"."""
    folder = Path(site_dir) / "search"

    def data(name: str) -> Any:
        text = (folder / f"{name}.js").read_text(encoding="utf-8")
        prefix = f"__showcaseSearch({json.dumps(name)},"
        assert text.startswith(prefix) and text.endswith(");\n"), name
        return json.loads(text[len(prefix):-3])

    manifest = data("manifest")
    manifest["entries"] = [e for n in range(len(manifest["chunks"])) for e in data(f"c{n}")]
    manifest["pinyin"] = data("pinyin")
    return manifest


def search_plugin_index(config: Any) -> tuple[Any, bool]:
    """Material's search plugin's index object (its box and result list stay; this module
    writes the index), and whether its entries can be handed over page by page."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(plugin, "search_index", None)
    return index, index is None or isinstance(getattr(index, "entries", None), list)


def written_later(prev: Any) -> str:
    """For the search plugin: the real index is written after it (`write_index`)."""
    return '{"config":{},"docs":[]}'
