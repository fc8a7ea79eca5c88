"""Hosting as a host sees it: the offline build for file://, and what site_url changes.
(The browser tests in tests/browser/ open these sites for real.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import Project

from generator.adapter import search
from generator.cli import main


def test_offline_option_links_html_files_and_ships_the_search_index_as_a_script(
        project: Project) -> None:
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "templates_dir: themes/pages", "templates_dir: themes/pages\n      offline: true"),
        encoding="utf-8")
    project.write("content/villages/东山村.yaml", "name: 东山村\n")
    assert main(["--project", str(project.root), "build"]) == 0
    site = project.root / "site"
    assert (site / "villages/dongshancun.html").is_file()
    assert 'href="villages/dongshancun.html"' in (site / "index.html").read_text(encoding="utf-8")
    index = search.read_index(site)  # scripts, which file:// pages can load
    assert any(entry[0] == "villages/dongshancun.html" for entry in index["entries"])


def test_without_site_url_no_page_has_a_canonical_link(project: Project) -> None:
    project.write("content/villages/东山村.yaml", "name: 东山村\n")
    assert main(["--project", str(project.root), "build"]) == 0
    for page in (project.root / "site").rglob("*.html"):
        assert 'rel="canonical"' not in page.read_text(encoding="utf-8"), page
    index = search.read_index(project.root / "site")
    assert any(entry[0] == "villages/dongshancun/" for entry in index["entries"])


def test_a_build_writes_nothing_to_the_shared_temporary_folder(project: Project,
                                                                tmp_path: Path) -> None:
    """Where several users share /tmp, a file another user left there cannot be replaced:
    the build keeps its files in .cache/."""
    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    project.write("content/villages/东山村.yaml", "name: 东山村\nsummary: 枇杷之乡\n")
    env = {**os.environ, "TMPDIR": str(shared), "TEMP": str(shared), "TMP": str(shared)}
    done = subprocess.run([sys.executable, "-m", "generator.cli", "--project", str(project.root),
                           "build"], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert list(shared.iterdir()) == []
    index = search.read_index(project.root / "site")
    assert any("枇杷之乡" in entry[2] for entry in index["entries"])
