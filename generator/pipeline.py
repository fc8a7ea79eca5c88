"""One way through: load → validate → link → media → render. No MkDocs here.

The build state (generator/build/) is wired to the stages here: they are given its stat
memo and memos, and what they read (names → digests, content/sources.py) is handed to the
render cache, which keeps each page with the sources it read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from generator.build.pagecache import PageStats
from generator.build.state import BuildState
from generator.content import link
from generator.content import load as content
from generator.content.link import Site
from generator.media import assets as assetpaths
from generator.media import stage as media
from generator.media.images import ImageSettings
from generator.media.stage import MediaSettings, MediaStats
from generator.output import FileList, VirtualFile
from generator.pages import free, qr, render
from generator.pages.render import RenderStats
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
    sources: dict[str, str] = field(default_factory=dict)  # of the content (sources.py)
    photos: media.PublishedPhotos | None = None  # the photo files among `files`: proved when copied

    @property
    def ok(self) -> bool:
        return self.site is not None and not has_errors(self.problems)

    def source(self, file: VirtualFile) -> str | Path | None:
        """Where to copy `file` from: a photo's file in the cache once proved (the media
        stage's `PublishedPhotos.source`), any other file's own source."""
        return self.photos.source(file) if self.photos is not None else file.source


def check(settings: Settings, assets: assetpaths.AssetTree | None = None,
          photos: bool = False, state: BuildState | None = None) -> BuildResult:
    """Load, validate and link; report every problem. Nothing is rendered. With `photos`,
    also whether every declared photo can be read and decoded (`showcase check`; a build
    finds that out by processing them). With no `state`, the build state is read and saved
    here."""
    own = state or BuildState(settings.cache_dir, settings.project)
    kept = own.content(content.kept_salt())
    loaded = content.load_content(settings.project, settings.content_dir, own.files, kept)
    kept.save()
    site, problems = link.link(loaded)
    if site is not None:
        assets = assets or assetpaths.AssetTree(settings.assets_dir)
        problems += assetpaths.check(site, assets)
        if photos and not has_errors(problems):  # the renditions' records are only read
            problems += media.verify(site, _media_settings(settings), own.files,
                                     own.renditions(), assets)
    if photos:
        problems += _template_problems(settings)
    pages = free.scan(settings.free_pages_dir, settings.project, list(render.TOP_PAGES),
                      settings.directory_urls)
    if state is None:
        own.save()
    return BuildResult(site=site, free_pages=pages, sources=loaded.sources,
                       problems=sort_problems(loaded.problems + problems + pages.problems))


def _media_settings(settings: Settings) -> MediaSettings:
    return MediaSettings(settings.project, settings.assets_dir, settings.cache_dir,
                         settings.images, settings.workers)


def _renderer(settings: Settings) -> render.Renderer:
    return render.Renderer(render.template_folders(settings.templates_dir),
                           render.RenderSettings(settings.directory_urls),
                           content.display_path(settings.templates_dir, settings.project))


def _template_problems(settings: Settings) -> list[Problem]:
    """Page templates that a build would fail on (a syntax error, a missing template one of
    them includes), found by compiling them, not by rendering pages."""
    try:
        renderer = _renderer(settings)
        renderer.compile_all()
    except render.TemplateFault as error:
        return [render.template_problem(error, render.template_folders(settings.templates_dir),
                                        settings.project)]
    return []


def build(settings: Settings, state: BuildState | None = None) -> BuildResult:
    """Everything the site needs, as virtual files plus navigation; or the problems. With no
    `state`, the build state is read and saved here; else its owner saves it."""
    own = state or BuildState(settings.cache_dir, settings.project)
    try:
        return _build(settings, own)
    finally:
        if state is None:
            own.save()


def _build(settings: Settings, state: BuildState) -> BuildResult:
    assets = assetpaths.AssetTree(settings.assets_dir)
    result = check(settings, assets, state=state)
    if result.site is None or has_errors(result.problems):
        return result
    loaded_site = result.site
    media_settings = _media_settings(settings)
    renditions = state.renditions()
    try:
        index, media_files, media_problems, result.media = media.process(
            loaded_site, media_settings, state.files, renditions, assets)
        result.problems = sort_problems(result.problems + media_problems)
        if not has_errors(result.problems):
            index.sheet = media.cover_sheet(render.section_covers(loaded_site, index),
                                            media_settings, state.files, renditions, index,
                                            media_files)
    except media.DamagedPhoto as error:  # a photo changed while the build read it
        result.problems = sort_problems(result.problems + [error.problem])
        return result
    finally:
        renditions.save()
    if has_errors(result.problems):
        return result
    result.logo = index.header_logo.path if index.header_logo else None
    result.icon = index.icon.path if index.icon else None
    result.logo_size = index.header_logo_size if index.header_logo else None
    if index.badge:
        result.badge = {"path": index.badge.path, "width": index.badge_size[0],
                        "height": index.badge_size[1]}
    codes = qr.index(loaded_site, settings.site_url, settings.directory_urls)
    result.problems = sort_problems(result.problems + _site_url_problems(settings))
    folders = render.template_folders(settings.templates_dir)
    try:
        renderer = _renderer(settings)
        memo = state.rendered(_render_salt(settings, result.sources),
                              {**result.sources, **index.sources, **renderer.sources})
        pages, result.render = renderer.render(loaded_site, index, codes, memo)
    except render.TemplateFault as error:
        result.problems = sort_problems(result.problems + [
            render.template_problem(error, folders, settings.project)])
        return result
    memo.save()
    result.photos = media_files
    result.files = FileList(pages, media_files, codes.files(),
                            [f for f in (index.header_logo, index.icon, index.badge,
                                         index.sheet and index.sheet.file) if f])
    result.nav = render.navigation(loaded_site, result.free_pages.nav(), settings.nav_max_items)
    return result


def _render_salt(settings: Settings, sources: dict[str, str]) -> str:
    """What every page's text may depend on besides what it reads: site.yaml (every page
    shows some of it), the settings pages show, the libraries that read content (a slug is
    spelled by pypinyin) and the template engine."""
    site_file = content.display_path(settings.content_dir / content.SITE_FILE, settings.project)
    return "\n".join([sources.get(site_file, ""), f"{settings.site_url}",
                      f"{settings.directory_urls}", repr(settings.images), content.kept_salt(),
                      *(f"{name} {metadata.version(name)}" for name in ("Jinja2", "MarkupSafe"))])


def _site_url_problems(settings: Settings) -> list[Problem]:
    if settings.config_file is None:
        return []
    if not settings.site_url:
        return [qr.site_url_problem(settings.config_file)]
    local = qr.local_site_url_problem(settings.config_file, settings.site_url)
    return [local] if local else []
