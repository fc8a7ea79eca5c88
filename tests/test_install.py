"""The tool as an office installs it: the wheel alone, in a fresh environment, on the oldest and
the newest Python it supports, in an empty folder; nothing from this repository in sight.

Installing takes the packages from the registry (pip's cache usually has them). An interpreter
that is not on this machine is skipped, except under CI, where it fails the run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import ROOT

PYTHONS = ("3.11", "3.13")
SOURCES = ("pyproject.toml", "README.md", "generator", "themes", "schemas")


def run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items()
                   if k not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}}
    environment.update(env)
    done = subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of what it is made of (a build writes into its sources)."""
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    # with this environment's setuptools (a test extra): no build environment to set up
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(out), str(source)], cwd=source)
    return next(out.glob("dangjian_showcase-*.whl"))


def test_the_wheel_carries_every_template_override_and_schema(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"generator/{p.relative_to(ROOT / 'generator').as_posix()}"
                for p in (ROOT / "generator").rglob("*.py")}
    for folder in ("themes", "schemas"):
        expected |= {f"generator/{folder}/{p.relative_to(ROOT / folder).as_posix()}"
                     for p in (ROOT / folder).rglob("*") if p.is_file()}
    assert expected - names == set()
    assert {n for n in names if not n.startswith(("generator/", "dangjian_showcase-"))} == set()


def interpreter(version: str) -> str | None:
    """`pythonX.Y` on the PATH, or one that pyenv installed but does not put on it."""
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates = [shutil.which(f"python{version}"),
                  *map(str, sorted(root.glob(f"versions/{version}*/bin/python{version}")))]
    for candidate in filter(None, candidates):
        try:
            done = subprocess.run([candidate, "-c", "import sys; print(sys.version[:5])"],
                                  capture_output=True, text=True, timeout=60, check=False)
        except OSError:
            continue
        if done.returncode == 0 and done.stdout.startswith(version):
            return candidate
    return None


def install(wheel: Path, version: str, folder: Path) -> Path | str:
    """A fresh environment of Python `version` with the wheel in it; or why there is none."""
    python = interpreter(version)
    if python is None:
        return f"Python {version} is not installed here"
    venv = folder / f"venv-{version}"
    run([python, "-m", "venv", "--without-pip", str(venv)], cwd=folder)
    # this environment's pip installs into the new one: no pip of its own to set up
    run([sys.executable, "-m", "pip", "--python", str(venv / "bin/python"), "install",
         "--quiet", "--no-compile", "--disable-pip-version-check", str(wheel)], cwd=folder)
    return venv


@pytest.fixture(scope="session")
def environments(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path | str]:
    """Both environments, installed at the same time (most of it is waiting for downloads)."""
    folder = tmp_path_factory.mktemp("environments")
    with ThreadPoolExecutor(len(PYTHONS)) as pool:
        made = {v: pool.submit(install, wheel, v, folder) for v in PYTHONS}
        return {version: future.result() for version, future in made.items()}


@pytest.mark.parametrize("version", PYTHONS)
def test_installed_wheel_starts_and_builds_a_town_in_an_empty_folder(
        environments: dict[str, Path | str], tmp_path: Path, version: str) -> None:
    venv = environments[version]
    if isinstance(venv, str):
        if os.environ.get("CI"):
            pytest.fail(venv)
        pytest.skip(venv)
    showcase = str(venv / "bin/showcase")
    town = tmp_path / "青山镇"
    town.mkdir()
    run([showcase, "init", "青山镇"], cwd=town)
    run([showcase, "new", "village", "西山村"], cwd=town)
    run([showcase, "build"], cwd=town)  # it checks the content first, as showcase check does
    site = town / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN"' in home and "青山镇" in home  # Material, with our overrides
    village = (site / "villages/xishancun/index.html").read_text(encoding="utf-8")
    assert "西山村" in village  # a page template from the package
    assert (site / "assets/stylesheets/showcase.css").is_file()
    assert (site / "search/manifest.js").is_file()
    assert (site / "assets/javascripts/search.js").is_file()
    where = run([str(venv / "bin/python"), "-c", "import generator; print(generator.__file__)"],
                cwd=tmp_path).stdout
    assert Path(where.strip()).is_relative_to(venv)
