"""Black-box builds for the caching oracles: throw-away copies of a project, `showcase build`
run the way a user runs it (a new process each time), and sites compared byte for byte.

Nothing here imports the generator: the caches and the build state behind `showcase build`
may be redesigned at will, and these helpers still say whether a warm build published the
site a build from nothing publishes.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent

# What a project is made of; generator code and tests are not part of it.
PROJECT_PARTS = ("mkdocs.yml", "content", "assets", "themes")

HOSTED_URL = "https://dangjian.example.com/mancheng/"  # so QR placards and canonicals exist

# One thumbnail and one large width, the fastest WebP effort: photos still go through every
# cache, in a fraction of the time. Both sides of a comparison use the same settings.
SMALL_IMAGES = "      images: {grid_widths: [120], large_widths: [240], webp_method: 0}\n"

# A fixed build date (MkDocs writes it into sitemap.xml and its gzip header).
EPOCH = 1_735_689_600  # 2025-01-01 UTC

_PAGES = re.compile(r"页面：新生成 (\d+) 页，沿用上次生成的 (\d+) 页")
_PHOTOS = re.compile(r"照片：新处理 (\d+) 张，沿用缓存 (\d+) 张")


PHOTO_SIZE = 480  # the sample's photos are 1600 px: decoding them would be most of a build


def sample_project(target: Path, site_url: str | None = HOSTED_URL) -> Path:
    """A copy of the repository's sample project (no .cache, no site), with smaller photos,
    small image settings, a theme feature and, by default, a site_url."""
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)
    for photo in sorted((target / "assets").rglob("*")):
        if photo.suffix.lower() in (".jpg", ".jpeg", ".png"):
            with Image.open(photo) as image:
                image.load()
            if max(image.size) > PHOTO_SIZE:
                kind = image.format
                image.thumbnail((PHOTO_SIZE, PHOTO_SIZE))
                image.save(photo, kind, **({"quality": 90} if kind == "JPEG" else {}))
    configure(target, site_url)
    return target


def configure(project: Path, site_url: str | None = HOSTED_URL) -> None:
    """Small image settings, a theme feature that changes every page (and a site_url) in a
    copy's mkdocs.yml. Both sides of every comparison are built with the same."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    features = re.search(r"^  features:\n(    - .*\n)+", text, flags=re.MULTILINE)
    assert features, "the theme's features moved"
    assert "toc.integrate" not in text, "toc.integrate already set"
    # the page's table of contents moves into the navigation: another sidebar on every page
    text = text[:features.end()] + "    - toc.integrate\n" + text[features.end():]
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.rstrip() == "  - showcase:")
    assert not re.search(r"^      images:", text, flags=re.MULTILINE), "images already set"
    if lines[at + 1:at + 2] and lines[at + 1].startswith("      "):
        lines.insert(at + 1, SMALL_IMAGES)
    else:  # `- showcase` without options
        lines[at] = "  - showcase:\n" + SMALL_IMAGES
    text = "".join(lines)
    if site_url and not re.search(r"^site_url:", text, flags=re.MULTILINE):
        text = f"site_url: {site_url}\n{text}"
    config.write_text(text, encoding="utf-8")


def copy_sources(project: Path, target: Path) -> Path:
    """Everything of `project` but its build state: the top-level .cache and site (and
    leftovers of interrupted builds beside site) are left out, and only those; a folder
    named `site` deeper down (assets/site/) is content like any other."""
    def ignore(folder: str, names: list[str]) -> set[str]:
        if Path(folder) != project:
            return set()
        return {n for n in names if n in (".cache", "site") or n.startswith(".site-")}

    shutil.copytree(project, target, ignore=ignore, symlinks=True)
    return target


@dataclass
class Build:
    """What `showcase build` said."""

    project: Path
    returncode: int
    stdout: str
    stderr: str

    @property
    def site(self) -> Path:
        return self.project / "site"

    def _numbers(self, pattern: re.Pattern[str]) -> tuple[int, int]:
        found = pattern.search(self.stdout)
        assert found, f"`showcase build` did not report it ({pattern.pattern}):\n{self}"
        return int(found.group(1)), int(found.group(2))

    @property
    def pages(self) -> tuple[int, int]:
        """(pages MkDocs built, pages reused from an earlier build)"""
        return self._numbers(_PAGES)

    @property
    def photos(self) -> tuple[int, int]:
        """(photos processed, photos reused)"""
        return self._numbers(_PHOTOS)

    def __str__(self) -> str:
        return (f"`showcase build` in {self.project} exited with {self.returncode}\n"
                f"--- stdout\n{self.stdout}--- stderr\n{self.stderr[-4000:]}")

    def ok(self) -> Build:
        assert self.returncode == 0, str(self)
        return self


def _command() -> list[str]:
    script = Path(sys.executable).with_name("showcase")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "generator.cli"]


def _env(hash_seed: int, epoch: int | None) -> dict[str, str]:
    env = {**os.environ, "PYTHONHASHSEED": str(hash_seed)}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    return env


def start(project: Path, hash_seed: int = 0, epoch: int | None = EPOCH) -> subprocess.Popen:
    """`showcase build` in `project`, as a user runs it, in a process of its own."""
    return subprocess.Popen(_command() + ["build"], cwd=project, env=_env(hash_seed, epoch),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen, project: Path) -> Build:
    stdout, stderr = process.communicate(timeout=600)
    return Build(project, process.returncode, stdout, stderr)


def showcase_build(project: Path, hash_seed: int = 0, epoch: int | None = EPOCH) -> Build:
    return finish(start(project, hash_seed, epoch), project)


def build_all(runs: Iterable[tuple[Path, int]], epoch: int | None = EPOCH) -> list[Build]:
    """Several builds of separate projects at once (each with its hash seed)."""
    started = [(start(project, seed, epoch), project) for project, seed in runs]
    return [finish(process, project) for process, project in started]


def clean_build(project: Path, target: Path, hash_seed: int = 2,
                epoch: int | None = EPOCH) -> Build:
    """`project` built from nothing: its sources copied to `target`, no .cache, no site."""
    return showcase_build(copy_sources(project, target), hash_seed, epoch).ok()


# -- comparing sites ----------------------------------------------------------------------


def site_digests(site: Path) -> dict[str, str]:
    """Every file of a site: relative path → digest of its bytes."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def _excerpt(got: bytes, want: bytes, got_name: str, want_name: str) -> str:
    """Where two versions of a file first differ: both stretches around it, readably."""
    first = next((i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b),
                 min(len(got), len(want)))
    line = want.count(b"\n", 0, first) + 1
    where = (f"    {len(want)} bytes {want_name}, {len(got)} {got_name}; first difference at "
             f"byte {first}")
    names = f"{want_name}:".ljust(8), f"{got_name}:".ljust(8)
    if b"\0" in want[:4096] + got[:4096]:  # binary: show bytes
        return (f"{where}\n      {names[0]} {want[first:first + 24].hex(' ')}"
                f"\n      {names[1]} {got[first:first + 24].hex(' ')}")

    def around(data: bytes) -> str:
        text = data[max(0, first - 120):first + 200].decode("utf-8", errors="replace")
        return text.replace("\n", "⏎")

    return (f"{where} (line {line})\n      {names[0]} …{around(want)}…"
            f"\n      {names[1]} …{around(got)}…")


def difference(got: Path, want: Path, got_name: str = "warm",
               want_name: str = "clean") -> str | None:
    """None if the sites at `got` and `want` are the same files with the same bytes; else a
    readable list of what differs (paths, and where the first few files differ)."""
    mine, theirs = site_digests(got), site_digests(want)
    if mine == theirs:
        return None
    missing = sorted(theirs.keys() - mine.keys())
    extra = sorted(mine.keys() - theirs.keys())
    changed = sorted(p for p in mine.keys() & theirs.keys() if mine[p] != theirs[p])
    report = [f"the {got_name} site ({got}) differs from the {want_name} one ({want}):"]
    for title, paths in ((f"missing from {got_name}", missing),
                         (f"only in {got_name}", extra), ("different bytes", changed)):
        if paths:
            report.append(f"  {title} ({len(paths)}): " + ", ".join(paths[:40])
                          + (" …" if len(paths) > 40 else ""))
    for path in changed[:3]:
        report.append(f"  {path}:")
        report.append(_excerpt((got / path).read_bytes(), (want / path).read_bytes(),
                               got_name, want_name))
    return "\n".join(report)


def assert_same_site(got: Path, want: Path, what: str = "", got_name: str = "warm",
                     want_name: str = "clean") -> None:
    """Fail, listing what differs, unless the two sites are the same bytes."""
    found = difference(got, want, got_name, want_name)
    if found is not None:
        pytest.fail(f"{what}: {found}" if what else found, pytrace=False)
