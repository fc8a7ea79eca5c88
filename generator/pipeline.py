"""One way through: load → validate → link → media → render. No MkDocs here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.build import parsecache
from generator.build.bulk import collector_paused
from generator.build.pagecache import PageStats
from generator.build.rendercache import RenderCache, RenderStats
from generator.content import link
from generator.content import load as content
from generator.content.link import Site
from generator.media import assets as assetpaths
from generator.media import stage as media
from generator.media.images import ImageSettings
from generator.media.stage import MediaSettings, MediaStats
from generator.output import FileList, VirtualFile
from generator.pages import free, qr, render
from generator.problems import Problem, has_errors, sort_problems


@dataclass(frozen=True)
class Settings:
    project: Path
    content_dir: Path
    assets_dir: Path
    templates_dir: Path
    cache_dir: Path
    pages_dir: Path | None = None  # free pages (MkDocs' docs_dir); None: content_dir/pages
    directory_urls: bool = True
    images: ImageSettings = ImageSettings()
    workers: int = 0  # image workers; 0: one per CPU
    nav_max_items: int | None = 50  # longer collections: only their index page in the nav
    # Absolute address of the published site, for QR codes; and the config file it was
    # read from (None when no config file was read, e.g. `showcase check`).
    site_url: str | None = None
    config_file: str | None = None

    @classmethod
    def for_project(cls, project: Path, **overrides: Any) -> Settings:
        project = project.resolve()
        values: dict[str, Any] = {
            "content_dir": project / "content",
            "assets_dir": project / "assets",
            "templates_dir": project / "themes" / "pages",
            "cache_dir": project / ".cache" / "showcase",
        }
        values.update({k: Path(v) if k.endswith("_dir") else v for k, v in overrides.items()})
        return cls(project=project, **values)

    @property
    def free_pages_dir(self) -> Path:
        return self.pages_dir or self.content_dir / content.PAGES_FOLDER


@dataclass
class BuildResult:
    site: Site | None = None
    files: Sequence[VirtualFile] = field(default_factory=list)
    nav: list[Any] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    media: MediaStats = MediaStats()
    render: RenderStats = RenderStats()
    pages: PageStats = PageStats()  # filled by the site engine's adapter
    logo: str | None = None  # the site's logo for the page header, a path under the site
    icon: str | None = None  # the site's icon (favicon), made from the logo
    free_pages: free.FreePages = field(default_factory=free.FreePages)  # under content/pages/
    logo_size: tuple[int, int] | None = None  # the header logo's width and height in pixels
    # the 党政机关网站标识 for the page footer: its path under the site, width and height
    badge: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return self.site is not None and not has_errors(self.problems)


def check(settings: Settings, assets: assetpaths.AssetTree | None = None,
          photos: bool = False) -> BuildResult:
    """Load, validate and link; report every problem. Nothing is rendered. With `photos`,
    also whether every declared photo can be read and decoded (`showcase check`; a build
    finds that out by processing them)."""
    with collector_paused():  # tens of thousands of objects made, none of them garbage
        loaded = content.load_content(settings.project, settings.content_dir,
                                      settings.cache_dir / "content.pickle")
        site, problems = link.link(loaded)
    if site is not None:
        assets = assets or assetpaths.AssetTree(settings.assets_dir)
        problems += assetpaths.check(site, assets)
        if photos and not has_errors(problems):
            problems += media.verify(site, _media_settings(settings), assets)
    if photos:
        problems += _template_problems(settings)
    pages = free.scan(settings.free_pages_dir, settings.project, list(render.TOP_PAGES),
                      settings.directory_urls)
    return BuildResult(site=site, free_pages=pages,
                       problems=sort_problems(loaded.problems + problems + pages.problems))


def _media_settings(settings: Settings) -> MediaSettings:
    return MediaSettings(settings.project, settings.assets_dir, settings.cache_dir,
                         settings.images, settings.workers)


def _template_problems(settings: Settings) -> list[Problem]:
    """Page templates that a build would fail on (a syntax error, a missing template one of
    them includes), found by compiling them, not by rendering pages."""
    renderer = render.Renderer(render.template_folders(settings.templates_dir),
                               render.RenderSettings(settings.directory_urls))
    try:
        renderer.compile_all()
    except render.TemplateFault as error:
        return [render.template_problem(error, renderer.templates, settings.project)]
    return []


def build(settings: Settings) -> BuildResult:
    """Everything the site needs, as virtual files plus navigation; or the problems."""
    # a record per item, photo and published file, nearly all kept to the end: the collector's
    # full runs would look at them again and again (bulk.py); rendering sweeps its own garbage
    with collector_paused():
        return _build(settings)


def _build(settings: Settings) -> BuildResult:
    assets = assetpaths.AssetTree(settings.assets_dir)
    result = check(settings, assets)
    if result.site is None or has_errors(result.problems):
        return result
    loaded_site = result.site
    media_settings = _media_settings(settings)
    index, media_files, media_problems, result.media = media.process(
        loaded_site, media_settings, assets)
    result.problems = sort_problems(result.problems + media_problems)
    if has_errors(result.problems):
        return result
    index.sheet = media.cover_sheet(render.section_covers(loaded_site, index), media_settings)
    result.logo = index.header_logo.path if index.header_logo else None
    result.icon = index.icon.path if index.icon else None
    result.logo_size = index.header_logo_size if index.header_logo else None
    if index.badge:
        result.badge = {"path": index.badge.path, "width": index.badge_size[0],
                        "height": index.badge_size[1]}
    codes = qr.index(loaded_site, settings.site_url, settings.directory_urls)
    result.problems = sort_problems(result.problems + _site_url_problems(settings))
    renderer = render.Renderer(render.template_folders(settings.templates_dir),
                               render.RenderSettings(settings.directory_urls),
                               compiled=settings.cache_dir / "templates")
    cache = RenderCache(settings.cache_dir / "rendered", renderer.shared_inputs(
        loaded_site, f"{settings.site_url}\n{settings.images!r}"))
    try:
        pages, result.render = renderer.render(loaded_site, index, codes, cache)
    except render.TemplateFault as error:
        result.problems = sort_problems(result.problems + [
            render.template_problem(error, renderer.templates, settings.project)])
        return result
    except parsecache.ChangedDuringBuild as changed:
        result.problems = sort_problems(result.problems + [Problem(
            changed.file, code="changed-during-build",
            message="这个文件在生成网站的过程中被修改了，网站没有生成。",
            hint="保存好所有文件后，再生成一次。")])
        return result
    result.files = FileList(pages, media_files, codes.files(),
                            [f for f in (index.header_logo, index.icon, index.badge,
                                         index.sheet and index.sheet.file) if f])
    result.nav = render.navigation(loaded_site, result.free_pages.nav(), settings.nav_max_items)
    return result


def _site_url_problems(settings: Settings) -> list[Problem]:
    if settings.config_file is None:
        return []
    if not settings.site_url:
        return [qr.site_url_problem(settings.config_file)]
    local = qr.local_site_url_problem(settings.config_file, settings.site_url)
    return [local] if local else []
