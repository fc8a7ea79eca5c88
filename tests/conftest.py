"""Shared fixtures: small throw-away projects and the bundled sample site, built once."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from PIL import Image

from generator.pipeline import BuildResult, Settings, build

ROOT = Path(__file__).resolve().parent.parent

MINIMAL_SITE = """\
name: 测试镇
brand:
  name: 红色领航
  slogan: 测试口号
footer:
  icp: 闽ICP备00000000号-1
  police: 闽公网安备35000000000001号
  copyright: 中共测试镇委员会
"""


class Project:
    """A scratch project: the repository's mkdocs.yml and themes plus content we write."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
        shutil.copytree(ROOT / "themes", root / "themes")
        (root / "content" / "pages").mkdir(parents=True)
        (root / "assets").mkdir()
        self.write("content/site.yaml", MINIMAL_SITE)

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def photo(self, relative: str, size: tuple[int, int] = (64, 48)) -> Path:
        path = self.root / "assets" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", size, (180, 40, 40)).save(path)
        return path

    def build(self, **overrides: object) -> BuildResult:
        return build(Settings.for_project(self.root, **overrides))


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample site, built once by the real MkDocs build."""
    from generator.adapter.plugin import build_site

    site = tmp_path_factory.mktemp("sample") / "site"
    build_site(ROOT / "mkdocs.yml", site_dir=site)
    return site


HOSTED_URL = "https://dangjian.example.com/mancheng/"


@pytest.fixture(scope="session")
def hosted_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site built with a `site_url`, as it is before QR codes are printed."""
    from generator.adapter.plugin import build_site

    site = tmp_path_factory.mktemp("hosted") / "site"
    build_site(ROOT / "mkdocs.yml", site_dir=site, site_url=HOSTED_URL)
    return site
