"""The MkDocs adapter: the only module that imports MkDocs.

`ShowcasePlugin` runs the core pipeline in `on_config`, hands its virtual files to MkDocs
as generated files (nothing is written into docs_dir), sets the navigation, and watches
content/, assets/ and the templates while serving. Content with errors fails `mkdocs build`
(before MkDocs touches site_dir); while serving it is reported and the last good site stays
on screen with the problems above it. `build_site` and `serve_site` are used by the
`showcase` command.

Pages whose Markdown and shared inputs did not change since an earlier build are not built
again: their HTML and search entries come from the page cache (page_reuse.py, search.py).
The build state (generator/build/) is read in `on_config` and saved once the site is written;
the publish (publish.py) puts the site in place.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError
from markupsafe import escape
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.adapter.config import ConfigProblems
from generator.adapter.config import load as load_checked
from generator.adapter.options import ShowcaseConfig
from generator.adapter.page_reuse import PageFile, PageReuse, nav_paths
from generator.adapter.publish import CARRIED, Publication, PublishError, carried
from generator.build.state import BuildState
from generator.media.stage import DamagedPhoto
from generator.output import link_or_copy, outside, place
from generator.pages import sanitize
from generator.pages.free import HIDE_VALUES, SHOW_VALUES, FreePage, FreePages
from generator.pages.render import (
    CompiledTemplates,
    Renderer,
    RenderSettings,
    css_string,
    template_folders,
)
from generator.pipeline import BuildResult, Settings, build
from generator.problems import format_report, sort_problems, terminal_safe
from generator.resources import MATERIAL_OVERRIDES

log = logging.getLogger("mkdocs.plugins.showcase")


class ShowcaseError(Abort):
    """The build stops, for a reason told in Chinese. Not a PluginError: MkDocs logs that and
    ends with its own English "Aborted with a BuildError!"; an Abort is shown as it is, last,
    by `mkdocs build` and `showcase build` alike."""


# Python's collector looks at every tracked object again each time their number has grown by a
# quarter, and a county's build holds millions (content, photo records, pages): with the
# default thresholds (700, 10, 10) that was a quarter of a warm build. Young objects, among
# them the cycles a page's build leaves, are still collected, ten thousand at a time
# (benchmarks/README.md).
COLLECTOR = (10_000, 10, 10)


@contextlib.contextmanager
def tuned_collector() -> Iterator[None]:
    """The collector's thresholds for a build, and the process's own again after it."""
    before = gc.get_threshold()
    gc.set_threshold(*COLLECTOR)
    try:
        yield
    finally:
        gc.set_threshold(*before)


class ShowcasePlugin(BasePlugin[ShowcaseConfig]):
    """Defining `on_startup` keeps one instance across `mkdocs serve` rebuilds (MkDocs ≥ 1.4),
    which is where the last good result is remembered."""

    def __init__(self) -> None:
        self.result: BuildResult | None = None
        self.settings: Settings | None = None
        self.serving = False
        self.reuse_pages = False  # by build_site and serve: unchanged pages from the cache
        self.carry_photos = False  # set by build_site: it takes the old site's photos over
        self.pages: PageReuse | None = None
        self.publication: Publication | None = None  # set by build_site: where it builds
        self.state: BuildState | None = None
        self.theme_dirs: list[Path] = []  # the theme's folders before Material's own
        self.last_good: dict[Path, BuildResult] = {}  # by project folder, while serving
        self.date_set = False  # SOURCE_DATE_EPOCH set by this build, taken back at its end
        self.collector = contextlib.ExitStack()  # tuned_collector, from startup to shutdown
        self.compiled = CompiledTemplates()  # the theme's templates (MkDocs makes them anew)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.collector.close()
        self.collector.enter_context(tuned_collector())  # for every build of the command
        self.serving = command == "serve"
        # MkDocs keeps this instance for every build in the process; build_site sets these
        # (and the preview reuses pages from one save to the next)
        self.reuse_pages, self.carry_photos = self.serving, False

    def on_shutdown(self) -> None:
        self.collector.close()
        self.reuse_pages = self.carry_photos = False
        self.pages = self.state = self.publication = None
        self._restore_build_date()

    def _settings(self, config: MkDocsConfig) -> Settings:
        config_file = Path(config.config_file_path or "mkdocs.yml").resolve()
        project = config_file.parent
        # `mkdocs serve` replaces site_url with its own local address; QR codes in the
        # preview must show what will be printed, so read the configured one.
        site_url = _configured_site_url(config_file) if self.serving else config.site_url
        return Settings.for_project(
            project,
            content_dir=project / self.config.content_dir,
            assets_dir=project / self.config.assets_dir,
            templates_dir=project / self.config.templates_dir,
            cache_dir=project / self.config.cache_dir,
            pages_dir=Path(config.docs_dir),
            directory_urls=config.use_directory_urls,
            images=self.config.images.image_settings(),
            workers=self.config.images.workers,
            site_url=site_url or None,
            config_file=config_file.name,
            nav_max_items=self.config.nav_max_items or None,
        )

    @event_priority(100)  # before Material's search plugin reads the theme's language files
    def _layer_theme(self, config: MkDocsConfig) -> MkDocsConfig:
        project = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self.theme_dirs = _theme_folders(config, project / self.config.theme_dir)
        return config

    def _build(self, config: MkDocsConfig) -> MkDocsConfig:
        _safe_logging()
        if self.config.offline:
            config.use_directory_urls = False
        if not config.site_url:
            log.info("mkdocs.yml 没有写 site_url（网站的完整网址）：页面里不写 canonical 网址，"
                     "sitemap.xml 为空；放在子路径下时，打错网址看到的 404 页面没有样式。"
                     "其他页面放在任何网址、子路径或 U 盘里都照常工作。")
        self.settings = settings = self._settings(config)
        self._fix_build_date(settings)
        self.state = BuildState(settings.cache_dir, settings.project)
        result = build(settings, state=self.state)
        config.extra["showcase"] = {"problems": []}
        if result.ok:
            for problem in result.problems:
                log.warning(problem.format())
            stats = result.media
            log.info(f"照片：新处理 {stats.processed} 张，沿用缓存 {stats.reused} 张，"
                     f"清理不再使用的 {stats.removed} 张。")
            if self.serving:
                self.last_good[settings.project] = result
        elif not self.serving:
            raise ShowcaseError("内容有错误，网站没有生成：\n" + format_report(result.problems))
        else:
            result = self._keep_serving(settings, result)
            if result.site is not None:  # shown above the last good pages
                config.extra["showcase"]["problems"] = [
                    p.format() for p in sort_problems(result.problems)]
        self.result = result
        if result.site is None:  # serving, and nothing has ever built: only the problems page
            config.nav = result.nav
            return config
        info = result.site.info
        # the theme prints these as HTML without escaping them
        config.site_name = escape(info.name)
        brand = info.brand
        config.site_description = escape(
            info.summary or (brand and (brand.slogan or brand.name)) or info.name)
        config.nav = result.nav
        if result.logo:  # Material shows it in the header, and in the menu on phones
            config.theme["logo"] = result.logo
        if result.icon:
            config.theme["favicon"] = result.icon
        config.extra["showcase"].update(_identity(info, result))
        config.extra["showcase"]["top"] = sorted(_top_folders(result))
        config.extra["showcase"]["root"] = urlsplit(config.site_url).path if config.site_url else ""
        return config

    on_config = CombinedEvent(_layer_theme, _build)

    def _fix_build_date(self, settings: Settings) -> None:
        """MkDocs writes the build date into sitemap.xml (lastmod) and the time into the
        gzip header of sitemap.xml.gz, from SOURCE_DATE_EPOCH or else the clock. Unless the
        user set it, it is the newest change among the project's sources: the same sources
        give the same site on any day, and the date still moves when they change."""
        if self.date_set or "SOURCE_DATE_EPOCH" not in os.environ:
            folders = [settings.content_dir, settings.assets_dir, settings.templates_dir,
                       settings.pages_dir, *self.theme_dirs]
            # the program's own theme files are not the project's: a reinstall is no edit
            config_file = settings.project / (settings.config_file or "mkdocs.yml")
            newest = _newest_change(
                [config_file] + [f for f in folders if f.is_relative_to(settings.project)])
            self.date_set = newest is not None
            if newest is not None:
                os.environ["SOURCE_DATE_EPOCH"] = str(newest)
            else:
                os.environ.pop("SOURCE_DATE_EPOCH", None)

    def _restore_build_date(self) -> None:
        if self.date_set:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
            self.date_set = False

    def _keep_serving(self, settings: Settings, failed: BuildResult) -> BuildResult:
        """While serving, content with errors shows the last good site with the problems on top;
        before anything has built, a page that lists the problems."""
        previous = self.last_good.get(settings.project)
        shown = "预览里仍是上一次正确的内容" if previous else "预览里列出了这些问题"
        log.error(f"内容有错误，{shown}；改好并保存后会自动刷新：\n"
                  + format_report(failed.problems))
        if previous is not None:
            files = [f for f in previous.files
                     if f.text is not None or Path(f.saved or f.source or "").exists()]
            # free pages as they are now: one that became unreadable is not handed to MkDocs
            return replace(previous, files=files, problems=failed.problems,
                           free_pages=failed.free_pages)
        renderer = Renderer(template_folders(settings.templates_dir),
                            RenderSettings(settings.directory_urls))
        page = renderer.page("problems.md.j2", "index.md",
                             problems=sort_problems(failed.problems))
        return BuildResult(files=[page], nav=[{"内容有错误": "index.md"}],
                           problems=failed.problems)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.result is not None and self.settings is not None
        _only_free_pages(files, config, self.result.free_pages, self.settings.project)
        in_nav = set(nav_paths(self.result.nav))
        written = {f.src_uri for f in files}  # by hand, in docs_dir: pages only, by now
        for virtual in outside(self.result.files, CARRIED):  # photos are no pages
            if virtual.path in written:
                raise ShowcaseError(
                    f"{config.docs_dir}/{virtual.path} 和自动生成的页面重名，请给这个文件改名。")
            if virtual.is_text:
                # Print pages (二维码牌) are reached by address, not from the menu.
                hidden = virtual.path.endswith(".md") and virtual.path not in in_nav
                inclusion = InclusionLevel.NOT_IN_NAV if hidden else InclusionLevel.UNDEFINED
                # a page kept in the render cache is read by MkDocs when it needs it
                file = PageFile.generated(
                    config, virtual.path, content=virtual.text, inclusion=inclusion,
                    abs_src_path=None if virtual.saved is None else str(virtual.saved))
                file.digest = virtual.digest
                files.append(file)
        assert self.state is not None
        self.pages = PageReuse(config, files, self.state, self.reuse_pages, self.theme_dirs,
                               self.publication)
        return files

    def _free_page(self, page: Page) -> FreePage | None:
        if self.result is None or isinstance(page.file, PageFile):
            return None
        return self.result.free_pages.get(page.file.src_uri)

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        """A free page's front matter: the title and description as text (the theme prints
        them as HTML), what it may hide; nothing else (a `template:` among them)."""
        free = self._free_page(page)
        if free is not None:
            meta: dict[str, Any] = {"title": free.title}
            if free.description:
                meta["description"] = free.description
            for key, values in (("hide", HIDE_VALUES), ("show", SHOW_VALUES)):
                given = page.meta.get(key)
                if isinstance(given, list) and set(given) <= values:
                    meta[key] = given
            page.meta = meta
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        """A free page's HTML, sanitised (its headings too, which the table of contents
        prints as HTML)."""
        if self._free_page(page) is None:
            return html
        for item in _toc_items(page.toc):
            item.title = sanitize.text_html(item.title)
        return sanitize.page_html(html)

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.pages is not None:
            self.pages.restore()
        return nav

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        env.bytecode_cache = self.compiled  # the theme's templates, once per process
        if self.pages is not None:
            self.pages.start_building()
        return env

    @event_priority(100)  # before the search plugin reads the page
    def _read_page(self, context: Any, /, *, page: Page, config: MkDocsConfig,
                   nav: Navigation) -> Any:
        if self.pages is not None:
            self.pages.populate(page, config)
        return context

    @event_priority(-100)  # after the search plugin has indexed the page
    def _note_page(self, context: Any, /, *, page: Page, config: MkDocsConfig,
                   nav: Navigation) -> Any:
        if self.pages is not None:
            self.pages.built(page)
        return context

    on_page_context = CombinedEvent(_read_page, _note_page)

    @event_priority(-100)  # after every other plugin has seen the page
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if self.pages is not None:
            self.pages.written(page)
        return output

    @event_priority(50)  # before the search plugin writes its index
    def _keep_pages(self, *, config: MkDocsConfig) -> None:
        if self.pages is not None and self.result is not None:
            self.result.pages = self.pages.finish()
            log.info(f"页面：新生成 {self.result.pages.built} 页，"
                     f"沿用上次生成的 {self.result.pages.reused} 页。")

    @event_priority(-100)  # after the search plugin has written its placeholder index
    def _place_photos(self, *, config: MkDocsConfig) -> None:
        """The search index, then the photos not left to the publisher (build_site): copied
        from the cache, or in the preview's private folder linked."""
        assert self.result is not None
        site_dir = config.site_dir
        if self.pages is not None:
            self.pages.write_search_index(site_dir)
        put = link_or_copy if self.serving else place
        files = outside(self.result.files, CARRIED) if self.carry_photos else self.result.files
        source = self.result.source
        try:
            for virtual in files:
                if virtual.source is not None and not (
                        self.carry_photos and virtual.path.startswith(CARRIED + "/")):
                    put(source(virtual), f"{site_dir}/{virtual.path}")
        except DamagedPhoto as error:
            raise ShowcaseError(_damaged(error)) from None
        if self.state is not None:
            self.state.save()

    @event_priority(-200)  # the very last
    def _release(self, *, config: MkDocsConfig) -> None:
        self._restore_build_date()

    on_post_build = CombinedEvent(_keep_pages, _place_photos, _release)

    def on_build_error(self, *, error: Exception) -> None:
        self._restore_build_date()

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig,
                 builder: Any) -> LiveReloadServer:
        assert self.settings is not None
        settings = self.settings
        for folder in (settings.content_dir, settings.assets_dir,
                       *template_folders(settings.templates_dir), *self.theme_dirs):
            if folder.is_dir():
                server.watch(str(folder))
        return server


def _theme_folders(config: MkDocsConfig, own: Path) -> list[Path]:
    """Material's template folders become: a custom_dir if mkdocs.yml names one, the project's
    own overrides (theme_dir) if it has any, the overrides shipped with the generator, then
    Material's own; a file in an earlier folder replaces the one of its name in a later. MkDocs
    looks up every template and static file of the theme there. Returns the folders before
    Material's."""
    dirs = config.theme.dirs
    ours = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
    for folder in ([own] if own.is_dir() else []) + [MATERIAL_OVERRIDES]:
        if all(not os.path.samefile(folder, other) for other in ours):
            dirs.insert(len(ours), str(folder.resolve()))
            ours.append(folder.resolve())
    return ours


def _identity(info: Any, result: BuildResult) -> dict[str, Any]:
    """What the theme shows of the unit running the site on every page (header, footer, the
    404 page), as plain values: theme templates escape each one."""
    contact = info.contact
    unit = info.host or info.footer.sponsor or info.footer.copyright or info.name
    return {
        # printed pages' running foot (handbook, placards): the unit and the date from
        # site.yaml, never the build's, as a CSS string for @page
        "print_line": css_string(" · ".join(
            [unit, *([f"{info.updated.year}年{info.updated.month}月{info.updated.day}日"]
                     if info.updated else [])])),
        "footer": info.footer.model_dump(),
        "brand": info.brand.name if info.brand else None,
        "slogan": info.brand.slogan if info.brand else None,
        "host": info.host or info.footer.sponsor,
        "badge": result.badge,
        "logo_size": list(result.logo_size) if result.logo and result.logo_size else None,
        "phone": contact.phone if contact else None,
        "email": contact.email if contact else None,
        "address": info.location.address if info.location else None,
    }


def _top_folders(result: BuildResult) -> set[str]:
    """The first part of every address of the site (villages, products, media…): the 404 page
    finds where the site begins in a mistyped address by them."""
    pages = [*nav_paths(result.nav), "placards.md"]
    names = {path.split("/", 1)[0].removesuffix(".md") for path in pages}
    return (names | {"assets", "media", "qr", "search"}) - {"index"}


def _newest_change(paths: list[Path]) -> int | None:
    """The latest modification time (whole seconds) of `paths` and of everything under those
    that are folders, folders included: deleting or renaming a file changes its folder's."""
    newest: int | None = None
    pending, seen = [str(p) for p in paths], set()
    while pending:
        path = pending.pop()
        if path in seen:
            continue
        seen.add(path)
        try:
            newest = max(newest or 0, int(os.stat(path).st_mtime))
            if not os.path.isdir(path):
                continue
            with os.scandir(path) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(entry.path)
                    else:
                        newest = max(newest, int(entry.stat(follow_symlinks=False).st_mtime))
        except OSError:  # not there (a project without content/pages/, say)
            continue
    return newest


def _only_free_pages(files: Files, config: MkDocsConfig, pages: FreePages,
                     project: Path) -> None:
    """Of what MkDocs found in docs_dir, only the free pages the check accepted stay: no photo,
    web page, office file or anything else there is published (each was reported), and no file
    reached through a link leading out of the project."""
    docs = Path(config.docs_dir).resolve()
    for file in list(files):
        if file.src_dir is None or Path(file.src_dir).resolve() != docs:
            continue  # the theme's own files
        source = Path(file.abs_src_path or "").resolve()
        if pages.get(file.src_uri) is None or not source.is_relative_to(project):
            files.remove(file)


def _toc_items(items: Iterable[Any]) -> Iterable[Any]:
    for item in items:
        yield item
        yield from _toc_items(item.children)


def _configured(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as written, before MkDocs validates it."""
    from mkdocs.utils.yaml import yaml_load

    with config_file.open("rb") as stream:
        data = yaml_load(stream) or {}
    return data if isinstance(data, dict) else {}


def _configured_site_url(config_file: Path) -> str | None:
    value = _configured(config_file).get("site_url")
    return str(value) if value else None


def _tolerated(config_file: Path, overrides: dict[str, Any]) -> dict[str, Any]:
    """Overrides that let a project build without the folder of its own Markdown pages, which
    is optional: an empty folder is lost by git, by zip files and by many uploads, and MkDocs
    refuses a docs_dir that does not exist. The pages then come from an empty folder."""
    if "docs_dir" in overrides:
        return overrides
    try:
        docs_dir = str(_configured(config_file).get("docs_dir") or "docs")
    except (OSError, ValueError, yaml.YAMLError, ConfigurationError):
        return overrides  # a broken file: MkDocs says what is wrong with it
    if (config_file.parent / docs_dir).is_dir():
        return overrides
    empty = config_file.parent / ".cache" / "showcase" / "no-pages"
    empty.mkdir(parents=True, exist_ok=True)
    return {**overrides, "docs_dir": str(empty)}


def settings_from_config(config_file: Path, **overrides: Any) -> Settings:
    """Pipeline settings as `mkdocs build` would use them (site_url, folders, URL style)."""
    config = _load(config_file, **overrides)
    plugin = config.plugins.get("showcase")
    if not isinstance(plugin, ShowcasePlugin):
        raise ShowcaseError(f"{config_file.name} 里没有启用 showcase 插件。")
    return plugin._settings(config)


class _TerminalSafe(logging.Filter):
    """Log lines reach the terminal with control characters and direction overrides from
    content shown as escapes (`mkdocs build` and `serve` print through their own handlers)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        safe = terminal_safe(message)
        if safe != message:
            record.msg, record.args = safe, None
        return True


_TERMINAL_SAFE = _TerminalSafe()


def _safe_logging() -> None:
    for logger in (logging.getLogger("mkdocs"), logging.getLogger()):
        for handler in logger.handlers:
            if _TERMINAL_SAFE not in handler.filters:
                handler.addFilter(_TERMINAL_SAFE)


class _DirtyNotice(logging.Filter):
    """MkDocs warns that a dirty build may leave navigation stale or files behind; ours never
    does."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (message.startswith("A 'dirty' build") or "contains stale files" in message)


def _load(config_file: Path, **overrides: Any) -> MkDocsConfig:
    if not config_file.is_file():
        raise ShowcaseError(
            f"找不到 {config_file.name}（网站配置文件）。这里是展示站的项目文件夹吗？"
            "新建一个项目：showcase init 镇名；或用 --project 指出项目文件夹。")
    try:  # each mistake in Chinese at its line (adapter/config.py)
        return load_checked(config_file, **_tolerated(config_file, overrides))
    except ConfigProblems as problems:
        raise ShowcaseError(f"{problems}\n网站没有生成：{config_file.name} 里的设置有错误，"
                            "site/ 保持原样。") from None


def build_site(config_file: Path, site_dir: Path | None = None, offline: bool = False,
               **overrides: Any) -> BuildResult:
    """Build into a staging folder beside the target, then put it in the target's place in one
    step (publish.py): a failed or killed build leaves the old site as it was. Returns what the
    showcase plugin produced (pages, photo statistics, warnings)."""
    config = _load(config_file, **overrides)
    plugin = config.plugins.get("showcase")
    if not isinstance(plugin, ShowcasePlugin):
        raise ShowcaseError(f"{Path(config_file).name} 里没有启用 showcase 插件。")
    if offline:
        plugin.config.offline = True
    target = Path(site_dir or config.site_dir).resolve()
    project = Path(config.config_file_path or config_file).resolve().parent
    try:
        with tuned_collector(), Publication(target,
                                            project / plugin.config.cache_dir) as publication:
            config.site_dir = str(publication.staging)
            pages = _build_reusing(config, plugin, project, publication)
            assert plugin.result is not None
            publication.publish(carried(plugin.result.files), pages, plugin.result.source)
    except PublishError as error:
        raise ShowcaseError(str(error)) from error
    except DamagedPhoto as error:
        raise ShowcaseError(_damaged(error)) from None
    return plugin.result


def _build_reusing(config: MkDocsConfig, plugin: ShowcasePlugin, project: Path,
                   publication: Publication) -> dict[str, str]:
    """MkDocs' build with pages reused from the page cache and photos left to the publisher,
    into the publication's staging folder. Returns the pages of the page cache in the site
    (path → digest)."""
    notice = _DirtyNotice()
    config.plugins.on_startup(command="build", dirty=False)
    plugin.reuse_pages = plugin.carry_photos = True
    plugin.publication = publication
    logging.getLogger(mkdocs_build.__module__).addFilter(notice)
    try:
        # the staging folder holds only what this build writes (Publication.clear)
        mkdocs_build(config, dirty=True)
        return plugin.pages.published() if plugin.pages is not None else {}
    except TemplateError as error:  # a theme template the project changed, most likely
        raise ShowcaseError(_theme_template_problem(error, project)) from error
    finally:
        logging.getLogger(mkdocs_build.__module__).removeFilter(notice)
        config.plugins.on_shutdown()


def _damaged(error: DamagedPhoto) -> str:
    return f"{error.problem.format()}\n网站没有生成，site/ 保持原样。"


def _theme_template_problem(error: TemplateError, project: Path) -> str:
    """A theme template that is missing or wrong, told in Chinese (MkDocs raises it as it is)."""
    hint = ("提示: 改正项目 themes/material/ 里改过的模板；要用回程序自带的，删掉项目里的那个文件。"
            "网站没有生成，site/ 保持原样。")
    if isinstance(error, TemplateSyntaxError):
        path = Path(error.filename or error.name or "")
        shown = path.relative_to(project).as_posix() if path.is_relative_to(project) else path
        return (f"{shown}:{error.lineno}:1: 错误: 主题模板写错了，读不懂这一行"
                f"（Jinja 的说明：{error.message}）。 {hint}")
    if isinstance(error, TemplateNotFound):
        return f"错误: 找不到主题模板“{error.name}”。 {hint}"
    return f"错误: 主题模板出错了（Jinja 的说明：{error}）。 {hint}"


def serve_site(config_file: Path, dev_addr: str = "127.0.0.1:8000") -> None:
    _load(config_file)  # a missing or wrong config file is told in Chinese, before serving
    mkdocs_serve(str(config_file), dev_addr=dev_addr, livereload=True,
                 **_tolerated(config_file, {}))


BuildFailed = (PluginError, Abort, ConfigurationError)


def failure_message(error: Exception) -> str:
    """The last words of a failed build, in Chinese. The showcase plugin's own reasons are
    told as they are; MkDocs ends everything else with an English "Aborted with …", after
    logging the reason: say instead, in Chinese, that nothing was published."""
    if isinstance(error, ShowcaseError):
        return str(error)
    return "网站没有生成：生成时出错（原因见上面的说明）。site/ 保持原样。"
