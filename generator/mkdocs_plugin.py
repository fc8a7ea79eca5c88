"""The MkDocs adapter: the only module that imports MkDocs.

`ShowcasePlugin` runs the core pipeline in `on_config`, hands its virtual files to MkDocs
as generated files (nothing is written into docs_dir), sets the navigation, and watches
content/, assets/ and the templates while serving. Content with errors fails `mkdocs build`
(before MkDocs touches site_dir); while serving it is reported and the last good site stays
on screen with the problems above it. `build_site` and `serve_site` are used by the
`showcase` command.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from markupsafe import escape
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.config import base
from mkdocs.config import config_options as opt
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from .images import ImageSettings
from .output import place
from .pipeline import BuildResult, Settings, build
from .problems import format_report, sort_problems
from .render import Renderer, RenderSettings

log = logging.getLogger("mkdocs.plugins.showcase")


def _quiet_jieba() -> None:
    """The search plugin segments Chinese with jieba, which logs its dictionary load to stderr
    on every build; editors should only see messages about their content."""
    try:
        import jieba
    except ImportError:  # search then falls back to its own tokenizer
        return
    jieba.setLogLevel(logging.WARNING)


_IMAGES = ImageSettings()


class ImagesConfig(base.Config):
    """`images:` under the showcase plugin in mkdocs.yml; see ImageSettings."""

    grid_widths = opt.ListOfItems(opt.Type(int), default=list(_IMAGES.grid_widths))
    large_widths = opt.ListOfItems(opt.Type(int), default=list(_IMAGES.large_widths))
    jpeg_quality = opt.Type(int, default=_IMAGES.jpeg_quality)
    webp_quality = opt.Type(int, default=_IMAGES.webp_quality)
    webp_method = opt.Type(int, default=_IMAGES.webp_method)
    avif = opt.Type(bool, default=_IMAGES.avif)
    avif_quality = opt.Type(int, default=_IMAGES.avif_quality)
    originals = opt.Type(bool, default=_IMAGES.originals)
    max_pixels = opt.Type(int, default=_IMAGES.max_pixels)
    workers = opt.Type(int, default=0)


class ShowcaseConfig(base.Config):
    content_dir = opt.Type(str, default="content")
    assets_dir = opt.Type(str, default="assets")
    templates_dir = opt.Type(str, default="themes/pages")
    cache_dir = opt.Type(str, default=".cache/showcase")
    images = opt.SubConfig(ImagesConfig)
    offline = opt.Type(bool, default=False)
    """A site that works from file:// (a USB stick at a kiosk): links to .html files and a
    search index loaded by a script tag. `showcase build --offline` turns it on."""


class ShowcasePlugin(BasePlugin[ShowcaseConfig]):
    """Defining `on_startup` keeps one instance across `mkdocs serve` rebuilds (MkDocs ≥ 1.4),
    which is where the last good result is remembered."""

    def __init__(self) -> None:
        self.result: BuildResult | None = None
        self.settings: Settings | None = None
        self.serving = False
        self.last_good: dict[Path, BuildResult] = {}  # by project folder, while serving

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

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
            directory_urls=config.use_directory_urls,
            images=_image_settings(self.config.images),
            workers=self.config.images.workers,
            site_url=site_url or None,
            config_file=config_file.name,
        )

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        _quiet_jieba()
        if self.config.offline:
            config.use_directory_urls = False
        if not config.site_url:
            log.info("mkdocs.yml 没有写 site_url（网站的完整网址）：页面里不写 canonical 网址，"
                     "sitemap.xml 为空；放在子路径下时，打错网址看到的 404 页面没有样式。"
                     "其他页面放在任何网址、子路径或 U 盘里都照常工作。")
        self.settings = settings = self._settings(config)
        result = build(settings, extra_pages=_free_pages(Path(config.docs_dir)))
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
            raise PluginError("内容有错误，网站没有生成：\n" + format_report(result.problems))
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
        config.site_description = escape(info.summary or info.brand.slogan or info.brand.name)
        config.nav = result.nav
        config.extra["showcase"].update({
            "footer": info.footer.model_dump(),
            "brand": info.brand.name,
        })
        return config

    def _keep_serving(self, settings: Settings, failed: BuildResult) -> BuildResult:
        """While serving, content with errors shows the last good site with the problems on top;
        before anything has built, a page that lists the problems."""
        previous = self.last_good.get(settings.project)
        shown = "预览里仍是上一次正确的内容" if previous else "预览里列出了这些问题"
        log.error(f"内容有错误，{shown}；改好并保存后会自动刷新：\n"
                  + format_report(failed.problems))
        if previous is not None:
            files = [f for f in previous.files if f.source is None or f.source.exists()]
            return replace(previous, files=files, problems=failed.problems)
        renderer = Renderer(settings.templates_dir, RenderSettings(settings.directory_urls))
        page = renderer.page("problems.md.j2", "index.md",
                             problems=sort_problems(failed.problems))
        return BuildResult(files=[page], nav=[{"内容有错误": "index.md"}],
                           problems=failed.problems)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.result is not None
        in_nav = set(_nav_paths(self.result.nav))
        for virtual in self.result.files:
            existing = files.get_file_from_path(virtual.path)
            if existing is not None:
                raise PluginError(
                    f"{config.docs_dir}/{virtual.path} 和自动生成的页面重名，请给这个文件改名。")
            if virtual.text is not None:
                # Print pages (二维码牌) are reached by address, not from the menu.
                hidden = virtual.path.endswith(".md") and virtual.path not in in_nav
                files.append(File.generated(
                    config, virtual.path, content=virtual.text,
                    inclusion=InclusionLevel.NOT_IN_NAV if hidden else InclusionLevel.UNDEFINED))
        return files

    @event_priority(-100)  # after the search plugin has written search_index.json
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Photos are linked from the cache rather than copied by MkDocs: a warm build then
        costs almost nothing per photo."""
        assert self.result is not None
        site_dir = config.site_dir
        for virtual in self.result.files:
            if virtual.source is not None:
                place(virtual.source, f"{site_dir}/{virtual.path}")
        if self.config.offline:
            write_offline_search_index(Path(site_dir))

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig,
                 builder: Any) -> LiveReloadServer:
        assert self.settings is not None
        for folder in (self.settings.content_dir, self.settings.assets_dir,
                       self.settings.templates_dir):
            if folder.is_dir():
                server.watch(str(folder))
        return server


def _image_settings(images: ImagesConfig) -> ImageSettings:
    settings = ImageSettings(
        grid_widths=tuple(images.grid_widths), large_widths=tuple(images.large_widths),
        jpeg_quality=images.jpeg_quality, webp_quality=images.webp_quality,
        webp_method=images.webp_method, avif=images.avif, avif_quality=images.avif_quality,
        originals=images.originals, max_pixels=images.max_pixels)
    wrong = [name for name, ok in [
        ("grid_widths", all(16 <= w <= 8000 for w in settings.grid_widths)),
        ("large_widths", all(16 <= w <= 8000 for w in settings.large_widths)),
        ("jpeg_quality", 1 <= settings.jpeg_quality <= 100),
        ("webp_quality", 1 <= settings.webp_quality <= 100),
        ("webp_method", 0 <= settings.webp_method <= 6),
        ("avif_quality", 1 <= settings.avif_quality <= 100),
        ("max_pixels", settings.max_pixels > 0),
    ] if not ok]
    if wrong or not settings.grid_widths or not settings.large_widths:
        raise PluginError(
            f"mkdocs.yml 里 showcase 插件的 images 设置不对：{'、'.join(wrong) or '宽度列表为空'}。"
            "宽度在 16 到 8000 之间，质量在 1 到 100 之间，webp_method 在 0 到 6 之间。")
    return settings


def write_offline_search_index(site_dir: Path) -> None:
    """Browsers cannot fetch JSON from file:// pages, but they run scripts: the index becomes
    search/search_index.js, which the page's search loads on demand (showcase.js)."""
    index = site_dir / "search" / "search_index.json"
    if index.is_file():
        data = index.read_text(encoding="utf-8")
        (index.parent / "search_index.js").write_text(f"var __index = {data};\n", encoding="utf-8")


def _nav_paths(nav: Any) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in _nav_paths(value)]
    if isinstance(nav, list):
        return [p for value in nav for p in _nav_paths(value)]
    return []


def _free_pages(docs_dir: Path) -> list[tuple[str, str]]:
    """Hand-written Markdown pages in docs_dir, added to the navigation after the rest."""
    if not docs_dir.is_dir():
        return []
    pages = []
    for path in sorted(docs_dir.rglob("*.md")):
        title = path.stem
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                title = line[2:].strip()
                break
        pages.append((title, path.relative_to(docs_dir).as_posix()))
    return pages


def _configured_site_url(config_file: Path) -> str | None:
    from mkdocs.utils.yaml import yaml_load

    with config_file.open("rb") as stream:
        data = yaml_load(stream) or {}
    value = data.get("site_url") if isinstance(data, dict) else None
    return str(value) if value else None


def settings_from_config(config_file: Path, **overrides: Any) -> Settings:
    """Pipeline settings as `mkdocs build` would use them (site_url, folders, URL style)."""
    config = _load(config_file, **overrides)
    plugin = config.plugins.get("showcase")
    if not isinstance(plugin, ShowcasePlugin):
        raise PluginError(f"{config_file.name} 里没有启用 showcase 插件。")
    return plugin._settings(config)


def _load(config_file: Path, **overrides: Any) -> MkDocsConfig:
    from mkdocs.config import load_config

    return load_config(str(config_file), **overrides)


def build_site(config_file: Path, site_dir: Path | None = None, offline: bool = False,
               **overrides: Any) -> BuildResult:
    """Build into a fresh folder beside the target, then swap: a failed build changes nothing.
    Returns what the showcase plugin produced (pages, photo statistics, warnings)."""
    config = _load(config_file, **overrides)
    if offline:
        plugin = config.plugins.get("showcase")
        if not isinstance(plugin, ShowcasePlugin):
            raise PluginError("mkdocs.yml 的 plugins 里没有 showcase 插件，无法生成离线版。")
        plugin.config.offline = True
    target = Path(site_dir or config.site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    try:
        config.site_dir = str(staging)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
        old = target.with_name(f".{target.name}-old-{os.getpid()}")
        if target.exists():
            target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    plugin = config.plugins.get("showcase")
    assert isinstance(plugin, ShowcasePlugin) and plugin.result is not None
    return plugin.result


def serve_site(config_file: Path, dev_addr: str = "127.0.0.1:8000") -> None:
    mkdocs_serve(str(config_file), dev_addr=dev_addr, livereload=True)


BuildFailed = (PluginError, Abort)
