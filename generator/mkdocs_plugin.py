"""The MkDocs adapter: the only module that imports MkDocs.

`ShowcasePlugin` runs the core pipeline in `on_config`, hands its virtual files to MkDocs
as generated files (nothing is written into docs_dir), sets the navigation, and watches
content/, assets/ and the templates while serving. `build_site` and `serve_site` are used
by the `showcase` command.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.config import base
from mkdocs.config import config_options as opt
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from .pipeline import BuildResult, Settings, build
from .problems import Severity, format_report

log = logging.getLogger("mkdocs.plugins.showcase")


def _quiet_jieba() -> None:
    """The search plugin segments Chinese with jieba, which logs its dictionary load to stderr
    on every build; editors should only see messages about their content."""
    try:
        import jieba
    except ImportError:  # search then falls back to its own tokenizer
        return
    jieba.setLogLevel(logging.WARNING)


class ShowcaseConfig(base.Config):
    content_dir = opt.Type(str, default="content")
    assets_dir = opt.Type(str, default="assets")
    templates_dir = opt.Type(str, default="themes/pages")


class ShowcasePlugin(BasePlugin[ShowcaseConfig]):
    def __init__(self) -> None:
        self.result: BuildResult | None = None
        self.settings: Settings | None = None
        self.serving = False

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
            directory_urls=config.use_directory_urls,
            site_url=site_url or None,
            config_file=config_file.name,
        )

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        _quiet_jieba()
        self.settings = settings = self._settings(config)
        result = build(settings, extra_pages=_free_pages(Path(config.docs_dir)))
        self.result = result
        for problem in result.problems:
            if problem.severity is Severity.WARNING:
                log.warning(problem.format())
        if not result.ok:
            raise PluginError("内容有错误，网站没有生成：\n" + format_report(result.problems))
        assert result.site is not None
        info = result.site.info
        config.site_name = info.name
        config.site_description = info.summary or info.brand.slogan or info.brand.name
        config.nav = result.nav
        config.extra["showcase"] = {
            "footer": info.footer.model_dump(),
            "brand": info.brand.name,
        }
        return config

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
            else:
                files.append(File.generated(config, virtual.path,
                                            abs_src_path=str(virtual.source)))
        return files

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig,
                 builder: Any) -> LiveReloadServer:
        assert self.settings is not None
        for folder in (self.settings.content_dir, self.settings.assets_dir,
                       self.settings.templates_dir):
            if folder.is_dir():
                server.watch(str(folder))
        return server


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


def build_site(config_file: Path, site_dir: Path | None = None, **overrides: Any) -> None:
    """Build into a fresh folder beside the target, then swap: a failed build changes nothing."""
    config = _load(config_file, **overrides)
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


def serve_site(config_file: Path, dev_addr: str = "127.0.0.1:8000") -> None:
    mkdocs_serve(str(config_file), dev_addr=dev_addr, livereload=True)


BuildFailed = (PluginError, Abort)
