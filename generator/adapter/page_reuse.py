"""Pages whose Markdown and shared inputs did not change are not built again.

`build_site` runs MkDocs in "dirty" mode, where MkDocs skips every page whose file says it is
not modified. A generated page says so when the page cache holds the HTML built from the same
Markdown under the same shared inputs: configuration, theme files, versions, and what other
pages show of it (navigation: titles, order, icons). Its HTML is put into the new site and its
search entries are handed to the search index in page order, so the site is byte for byte the
one a full build makes. Other plugins might collect data from every page; with any plugin but
search and showcase configured, every page is built.

Pages to build are read only just before each is built and let go of after it is written, so
a build does not hold every page's HTML at once.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_markdown_title
from mkdocs.utils.meta import get_data

from generator.adapter import engine
from generator.adapter import search as site_search
from generator.adapter.publish import Publication
from generator.build.files import FileDigests
from generator.build.pagecache import PageStats
from generator.build.state import BuildState
from generator.output import text_digest

_REUSE_SAFE_PLUGINS = {"search", "material/search", "showcase"}
_VERSIONS = ("mkdocs-material", "Markdown", "pymdown-extensions", "Jinja2")
_SHARED_CONFIG = ("site_name", "site_url", "site_description", "site_author", "copyright",
                  "use_directory_urls", "repo_url", "repo_name", "edit_uri", "extra",
                  "extra_css", "extra_javascript", "nav")
_SHOWN_META = ("title", "icon", "subtitle", "status")  # what the navigation shows of a page


class PageFile(File):
    """A generated page; `reused` when its output comes from the page cache, `deferred` while
    MkDocs reads the other pages (it is read just before it is built)."""

    reused = False
    deferred = False
    digest: str | None = None  # of the Markdown, when the core knows it

    def is_modified(self) -> bool:
        return not (self.reused or self.deferred)

    def markdown_digest(self) -> str:
        return self.digest or text_digest(self.content_string)

    def front_matter(self) -> dict[str, Any]:
        """The page's front matter, without reading the rest of a page kept in a file (a
        county's listings are megabytes; every build asks each page for its title)."""
        if self._content is None and self.abs_src_path is not None:
            with open(self.abs_src_path, encoding="utf-8-sig", errors="strict") as stream:
                head = [stream.readline()]
                if head[0].rstrip() == "---":
                    for line in stream:
                        head.append(line)
                        if line.rstrip() in ("---", "..."):
                            return get_data("".join(head))[1]
        return get_data(self.content_string)[1]


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def _folder_digest(folder: str | None, files: FileDigests) -> str:
    """The theme overrides: every file's name and digest."""
    digest = hashlib.sha256()
    if folder and os.path.isdir(folder):
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                digest.update(f"{path.relative_to(folder).as_posix()}\0"
                              f"{files.digest(path)}\n".encode())
    return digest.hexdigest()


def _shown(files: Files, path: str) -> list[Any]:
    """What the navigation of every page shows of the page at `path`."""
    file = files.get_file_from_path(path)
    if file is None or not file.is_documentation_page():
        return []
    meta = file.front_matter() if isinstance(file, PageFile) else {}
    if not meta.get("title"):
        markdown, meta = get_data(file.content_string)
        meta = {**meta, "title": meta.get("title") or get_markdown_title(markdown)}
    return [meta.get(key) for key in _SHOWN_META]


def _shared_inputs(config: MkDocsConfig, files: Files, theme_dirs: list[Path],
                   digests: FileDigests) -> str:
    """Everything every page's HTML depends on besides its own Markdown and path."""
    parts: dict[str, Any] = {
        "versions": {name: _version(name) for name in _VERSIONS},
        "engine": engine.version(),  # MkDocs or ProperDocs: each names itself in every page
        "config": {key: config.get(key) for key in _SHARED_CONFIG},
        "theme": {key: config.theme[key] for key in config.theme},
        "theme files": [_folder_digest(str(folder), digests) for folder in theme_dirs],
        "search": site_search.CACHE_KEY,
        "plugins": {name: dict(plugin.config) for name, plugin in config.plugins.items()},
        "static files": sorted(f.src_uri for f in files if not f.is_documentation_page()),
        "navigation": {path: _shown(files, path) for path in sorted(set(nav_paths(config.nav)))},
    }
    if config.config_file_path and os.path.isfile(config.config_file_path):
        parts["mkdocs.yml"] = Path(config.config_file_path).read_text(encoding="utf-8")
    return json.dumps(parts, default=_plain, sort_keys=True, ensure_ascii=False)


def _plain(value: Any) -> Any:
    """JSON for what json does not know, the same in every process (sets are sorted)."""
    if isinstance(value, set | frozenset):
        return sorted(map(str, value))
    return dict(value) if isinstance(value, base.Config) else str(value)


class PageReuse:
    """One build's view of the page cache: which pages to reuse, and what to keep after."""

    def __init__(self, config: MkDocsConfig, files: Files, state: BuildState,
                 reuse: bool, theme_dirs: list[Path], staged: Publication | None = None) -> None:
        """`theme_dirs`: the theme's folders before Material's own (their files are read).
        `staged`: the publication whose staging folder the site is built in (it may hold
        pages as an earlier build published them)."""
        self.files = files
        self.staged = staged
        search, supported = site_search.search_plugin_index(config)
        self.search = search if supported else None
        if self.search is not None:  # the entries come from site_search.page_entries instead
            self.search.add_entry_from_context = lambda page: None
        reuse = reuse and supported and set(config.plugins) <= _REUSE_SAFE_PLUGINS
        self.cache = state.pages(_shared_inputs(config, files, theme_dirs, state.files))
        self.keys: dict[str, str] = {}
        self.index_cache = state.folder / "search-index"  # the last search index written
        self.entries: dict[str, str] = {}  # search entries by page as JSON, until stored
        self.stored: set[str] = set()  # pages built and stored in the cache
        self.search_files: dict[str, str] = {}  # the search index's, path → digest
        self.state_files = state.files
        self.reuse = reuse
        for file in files.documentation_pages():
            if isinstance(file, PageFile):
                key = self.keys[file.src_uri] = self.cache.key(file.src_uri,
                                                               file.markdown_digest())
                file.reused = reuse and self.cache.lookup(key)

    def _generated(self) -> list[PageFile]:
        return [f for f in self.files.documentation_pages() if isinstance(f, PageFile)]

    def restore(self) -> None:
        """Before MkDocs reads the pages. Reused pages: HTML into the site. Pages to build are
        read only just before each is built, and let go of after it is written, so a build
        does not hold every page's HTML at once: memory does not grow with the site. Both
        only need the metadata other pages' navigation shows now (the title in particular)."""
        kept: set[str] = set()  # pages the staging folder holds as they are to be
        restoring: list[tuple[str, str]] = []
        for file in self._generated():
            assert file.page is not None
            meta = file.front_matter()
            if not (file.reused or (self.reuse and "title" in meta)):
                continue  # read the usual way (a title from the first heading needs that)
            file.page.markdown, file.page.meta = "", meta
            if not file.reused:
                file.deferred = True
                continue
            key = self.keys[file.src_uri]
            digest = self.cache.html_digest(key)
            if self.staged is not None and digest and self.staged.kept(file.dest_uri, digest):
                kept.add(file.dest_uri)
            else:
                restoring.append((key, file.abs_dest_path))
        if self.staged is not None:  # before anything is written there
            # the search index's files as published: write_index keeps or replaces each
            self.staged.clear(kept | self.staged.kept_under(site_search.FOLDER))
        for key, target in restoring:
            self.cache.restore(key, target)

    def start_building(self) -> None:
        """Every page has been read (or deferred): MkDocs now builds the deferred ones."""
        for file in self._generated():
            file.deferred = False
            if file.page is not None and file.page.markdown == "" and not file.reused:
                file.lazy = True  # type: ignore[attr-defined]

    def populate(self, page: Page, config: MkDocsConfig) -> None:
        """What MkDocs does when it reads a page, for a deferred page just before it is built."""
        if not getattr(page.file, "lazy", False):
            return
        files = self.files
        config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(
            page.markdown, page=page, config=config, files=files)
        page.render(config, files)
        page.content = config.plugins.on_page_content(
            page.content, page=page, config=config, files=files)

    def written(self, page: Page) -> None:
        """A deferred page is written: its Markdown and HTML are not needed any more."""
        if getattr(page.file, "lazy", False):
            page.markdown, page.content = "", None

    def built(self, page: Page) -> None:
        """A page MkDocs just built: keep its search entries, read from its HTML, as JSON
        text (the index is written from these texts)."""
        if self.search is not None:
            self.entries[page.file.src_uri] = site_search.dumps(site_search.page_entries(
                page.content or "", page.url, page.title or "", page.meta))

    def finish(self) -> PageStats:
        """Keep this build's pages; give the search index every page's entries in order."""
        pages = self.files.documentation_pages()
        built = 0
        for file in pages:
            key = self.keys.get(file.src_uri)
            if key is None or getattr(file, "reused", False):
                continue
            if os.path.isfile(file.abs_dest_path):
                self.cache.store(key, file.abs_dest_path, self.entries.pop(file.src_uri, "[]"))
                self.stored.add(file.src_uri)  # its entries are read back from there
            built += 1
        if self.search is not None:
            self.search.generate_search_index = site_search.written_later
        self.cache.save()
        return PageStats(built=built, reused=len(self.keys) - built)

    def published(self) -> dict[str, str]:
        """The pages of this build's site that are the page cache's, by their path in the
        site: the digest of their bytes."""
        pages = {f.dest_uri: digest for f in self._generated()
                 if (key := self.keys.get(f.src_uri)) and (digest := self.cache.html_digest(key))}
        return {**pages, **self.search_files}

    def write_search_index(self, site_dir: str) -> None:
        """After the search plugin wrote its placeholder: the index of every page."""
        if self.search is None:
            return
        pages = ((key := self.keys[uri], partial(self.cache.search_entries, key))
                 if (uri := f.src_uri) in self.stored or getattr(f, "reused", False)
                 else (None, self.entries.get(uri, "[]")) for f in self.files.documentation_pages())
        kept = self.staged.kept if self.staged is not None else None
        self.search_files = site_search.write_index(site_dir, pages, self.index_cache,
                                                    self.state_files, kept)


def nav_paths(nav: Any) -> list[str]:
    """Every page path a MkDocs navigation names."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in nav_paths(value)]
    if isinstance(nav, list):
        return [p for value in nav for p in nav_paths(value)]
    return []
