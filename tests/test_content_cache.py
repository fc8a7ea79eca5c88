"""The content cache never shows an editor an old version of a file, never trusts a damaged
cache, and still places every problem on its line when the file comes from the cache."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Project

from generator.build import files
from generator.build.files import FileDigests


def summary(project: Project, page: str = "villages/dongshancun.md") -> str:
    result = project.build()
    assert result.ok, [p.format() for p in result.problems]
    return next(f.read_text() for f in result.files if f.path == page)


@pytest.mark.skipif(os.name == "nt", reason="Windows has no change time to tell")
def test_an_edit_of_the_same_size_and_time_is_still_seen(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "GRANULARITY_NS", 0)  # trust stamps at once: ctime decides
    path = project.write("content/villages/东山村.yaml", "name: 东山村\nsummary: 枇杷之乡\n")
    assert "枇杷之乡" in summary(project)
    old = path.stat()
    path.write_text("name: 东山村\nsummary: 橄榄之乡\n", encoding="utf-8")  # same size
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))  # and the old time put back
    assert "橄榄之乡" in summary(project)


def test_a_file_saved_just_before_a_build_is_read_again_by_the_next(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The racy-stamp rule, where a stamp has no change time to tell (as on Windows): a file
    modified within the file system's time granularity of the moment its stamp was taken
    could change again without its stamp changing, so that stamp is not kept."""
    monkeypatch.setattr(files, "_CTIME", False)
    path = project.write("content/villages/东山村.yaml", "name: 东山村\nsummary: 枇杷之乡\n")
    assert "枇杷之乡" in summary(project)
    before = path.stat()
    path.write_text("name: 东山村\nsummary: 橄榄之乡\n", encoding="utf-8")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the same time
    assert "橄榄之乡" in summary(project)


def test_a_file_untouched_since_it_was_read_is_not_read_again(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    path = project.write("content/villages/东山村.yaml", "name: 东山村\nsummary: 枇杷之乡\n")
    settled = time.time() - 10
    os.utime(path, (settled, settled))
    monkeypatch.setattr(files, "GRANULARITY_NS", 0)  # ctime is now: trust it at once
    summary(project)
    opened: list[str] = []
    original = FileDigests.read

    def reading(self, file):  # noqa: ANN001, ANN202
        opened.append(Path(file).name)
        return original(self, file)

    real = files.hashlib.file_digest
    monkeypatch.setattr(FileDigests, "read", reading)
    monkeypatch.setattr(files.hashlib, "file_digest", lambda stream, name: (
        opened.append(Path(stream.name).name), real(stream, name))[1])
    assert "枇杷之乡" in summary(project)
    assert "东山村.yaml" not in opened and "site.yaml" not in opened


def test_problems_in_a_file_from_the_cache_keep_their_line(project: Project) -> None:
    project.write("content/villages/东山村.yaml", """\
        name: 东山村
        summary: 枇杷之乡
        photos:
          - file: villages/东山村/枇杷.jpg
        """)
    for _ in range(2):  # read, then from the cache (positions parsed again on demand)
        [problem] = project.build().problems
        assert (problem.file, problem.line, problem.code) == (
            "content/villages/东山村.yaml", 4, "photo-missing"), problem.format()


def small_county(project: Project) -> None:
    for n in range(3):
        project.write(f"content/villages/村{n}.yaml",
                      f"name: 村{n}\nsummary: 第 {n} 村\nproducts:\n"
                      f"  - name: 茶{n}\n    category: 茶叶\n")
    project.write("content/stays/山居.yaml", "name: 山居\nvillage: 村1\n")


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x04
    path.write_bytes(bytes(data))


def _cut(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _edit(path: Path) -> None:
    """What a hand (or a tool) might do: the words of another village in the first's place."""
    text = path.read_text(encoding="utf-8")
    assert "第 1 村" in text
    path.write_text(text.replace("第 1 村", "第 2 村"), encoding="utf-8")


@pytest.mark.parametrize("harm", [_flip, _cut, _edit], ids=["bit flipped", "cut short", "edited"])
def test_a_damaged_content_cache_gives_the_pages_the_files_give(
        project: Project, harm: Callable[[Path], None]) -> None:
    small_county(project)
    first = {f.path: f.read_text() for f in project.build().files if f.is_text}
    harm(project.root / ".cache/showcase/content.json")
    again = {f.path: f.read_text() for f in project.build().files if f.is_text}
    assert again == first
    assert "第 1 村" in again["villages/cun1.md"]


def test_a_reference_broken_later_is_placed_on_its_line_in_a_file_from_the_cache(
        project: Project) -> None:
    small_county(project)
    summary(project, "villages/index.md")
    (project.root / "content/villages/村1.yaml").unlink()
    [problem] = project.build().problems
    assert (problem.file, problem.line, problem.code) == (
        "content/stays/山居.yaml", 2, "dangling-ref"), problem.format()


def test_files_no_longer_there_leave_the_cache(project: Project) -> None:
    small_county(project)
    summary(project, "villages/index.md")
    cache = project.root / ".cache/showcase/content.json"
    assert "村2.yaml" in cache.read_text(encoding="utf-8")
    (project.root / "content/villages/村2.yaml").unlink()
    summary(project, "villages/cun1.md")
    assert "村2.yaml" not in cache.read_text(encoding="utf-8")


def test_two_blocks_declaring_the_same_photos_both_show_them(project: Project) -> None:
    project.photo("villages/茶园/01-茶园.jpg")
    project.write("content/villages/东山村.yaml", """\
        name: 东山村
        photos: villages/茶园
        products:
          - name: 茶叶
            category: 茶叶
            photos: villages/茶园
        """)
    page = summary(project)
    assert page.count('alt="茶园"') == 2, page
