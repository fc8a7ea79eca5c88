"""Without the browser the browser tests need (no root to install it), they are skipped with
the command that installs it; under CI a missing browser fails the run instead."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

ONE_TEST = "tests/browser/test_search.py::test_page_load_does_not_download_the_search_index"


def run_browser_test(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "CI"}
    environment.update(SHOWCASE_CHROMIUM=str(tmp_path / "no-chromium"), **env)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
         "-p", "no:hypothesispytest", "--basetemp", str(tmp_path / "run"), ONE_TEST],
        cwd=ROOT, env=environment, capture_output=True, text=True, check=False)


def test_without_chromium_the_browser_tests_are_skipped_naming_the_command(tmp_path: Path) -> None:
    done = run_browser_test(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 skipped" in done.stdout
    assert "apt-get install -y chromium fonts-noto-cjk" in done.stdout


def test_under_ci_a_missing_chromium_fails(tmp_path: Path) -> None:
    done = run_browser_test(tmp_path, CI="true")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "skipped" not in done.stdout
    assert "apt-get install -y chromium fonts-noto-cjk" in done.stdout
