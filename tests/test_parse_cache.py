"""The content cache never shows an editor an old version of a file, and still places every
problem on its line when the file comes from the cache."""

from __future__ import annotations

import os
import shutil
import time

from conftest import Project

from generator.build import parsecache
from generator.pages import render


def summary(project: Project, page: str = "villages/dongshancun.md") -> str:
    result = project.build()
    assert result.ok, [p.format() for p in result.problems]
    return next(f.read_text() for f in result.files if f.path == page)


def test_an_edit_of_the_same_size_and_time_is_still_seen(
        project: Project, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(parsecache, "_SETTLE_NS", 0)  # trust stamps at once: ctime decides
    path = project.write("content/villages/东山村.yaml", "name: 东山村\nsummary: 枇杷之乡\n")
    assert "枇杷之乡" in summary(project)
    old = path.stat()
    path.write_text("name: 东山村\nsummary: 橄榄之乡\n", encoding="utf-8")  # same size
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))  # and the old time put back
    assert "橄榄之乡" in summary(project)


def test_a_file_untouched_since_it_was_read_is_not_read_again(
        project: Project, monkeypatch) -> None:  # noqa: ANN001
    path = project.write("content/villages/东山村.yaml", "name: 东山村\nsummary: 枇杷之乡\n")
    settled = time.time() - 10
    os.utime(path, (settled, settled))
    monkeypatch.setattr(parsecache, "_SETTLE_NS", 0)  # ctime is now: trust it at once
    summary(project)
    read: list[str] = []
    original = type(path).read_bytes

    def counting(self):  # noqa: ANN001, ANN202
        read.append(self.name)
        return original(self)

    monkeypatch.setattr(type(path), "read_bytes", counting)
    assert "枇杷之乡" in summary(project)
    assert "东山村.yaml" not in read


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


def test_small_edits_are_kept_beside_the_cache_and_merged_into_it_later(
        project: Project) -> None:
    for n in range(12):
        project.write(f"content/villages/村{n:02}.yaml", f"name: 村{n:02}\n")
    summary(project, "villages/index.md")
    cache = project.root / ".cache/showcase/content.pickle"
    newer = cache.with_name("content.pickle.new")
    assert cache.is_file() and not newer.exists()
    seen = []
    for n in range(6):  # one more file changed each time
        project.write(f"content/villages/村{n:02}.yaml", f"name: 村{n:02}\nsummary: 第 {n} 版\n")
        assert f"第 {n} 版" in summary(project, f"villages/cun{n:02}.md")
        seen.append(newer.exists())
    # the first edits are written beside the cache alone; once they are a tenth of it, the
    # cache is written again with them
    assert seen[0] and not all(seen), seen
    for n in range(6):
        assert f"第 {n} 版" in summary(project, f"villages/cun{n:02}.md")


def test_a_valid_file_read_afresh_lets_go_of_its_positions_and_finds_them_again(
        project: Project) -> None:
    """A county's positions are several times its text: a valid file keeps only the text
    once validated, and a problem found later is still placed on its line."""
    from generator.content.models import Village
    from generator.content.validate import validate

    path = project.write("content/villages/东山村.yaml", "name: 东山村\nsummary: 枇杷之乡\n"
                        "photos:\n  - file: villages/东山村/枇杷.jpg\n")
    parsed = parsecache.read(path, "content/villages/东山村.yaml", Village, validate)
    assert parsed.model is not None and parsed.doc.text is not None
    assert parsed.doc.__dict__["_positions"] is None  # released
    assert parsed.doc.position(("photos", 0, "file")) == (4, 5)
    assert parsed.doc.data["summary"] == "枇杷之乡"


def loads_of_models(monkeypatch) -> list[str]:  # noqa: ANN001
    """Files whose model a build reads back from the content cache's store, as it reads them."""
    opened: list[str] = []
    original = parsecache.ModelStore.get

    def counting(self, key, again):  # noqa: ANN001, ANN202
        parsed = original(self, key, again)
        opened.append(parsed.doc.file)
        return parsed

    monkeypatch.setattr(parsecache.ModelStore, "get", counting)
    return opened


def small_county(project: Project) -> None:
    for n in range(3):
        project.write(f"content/villages/村{n}.yaml",
                      f"name: 村{n}\nsummary: 第 {n} 村\nproducts:\n"
                      f"  - name: 茶{n}\n    category: 茶叶\n")
    project.write("content/stays/山居.yaml", "name: 山居\nvillage: 村1\n")


def test_a_build_reads_an_items_model_only_to_render_a_page_that_shows_it(
        project: Project, monkeypatch) -> None:  # noqa: ANN001
    """Memory does not grow with every word of a county's files: between builds an item is
    kept as its outline (name, references, photos) and its model is read back when a page
    shows it."""
    small_county(project)
    summary(project, "villages/index.md")
    opened = loads_of_models(monkeypatch)
    summary(project, "villages/index.md")
    assert opened == []  # nothing changed: no page rendered, no model read
    project.write("content/stays/山居.yaml", "name: 山居\nvillage: 村1\nsummary: 新开张\n")
    assert "新开张" in summary(project, "stays/shanju.md")
    assert "content/stays/山居.yaml" in opened
    # 村1's page shows the homestay's card, so it is rendered again; the other villages'
    # pages and the listing show nothing of it (the stay page shows 村1's name only)
    assert set(opened) == {"content/stays/山居.yaml", "content/villages/村1.yaml"}, opened


def test_a_cache_that_lost_its_models_still_builds_the_same_pages(project: Project) -> None:
    small_county(project)
    first = summary(project, "villages/cun1.md")
    models = project.root / ".cache/showcase/models"
    assert len(list(models.iterdir())) == 4  # one per item file
    shutil.rmtree(models)
    shutil.rmtree(project.root / ".cache/showcase/rendered")  # every page rendered again
    assert summary(project, "villages/cun1.md") == first


def test_a_reference_broken_later_is_placed_on_its_line_in_a_file_from_the_cache(
        project: Project) -> None:
    small_county(project)
    summary(project, "villages/index.md")
    (project.root / "content/villages/村1.yaml").unlink()
    [problem] = project.build().problems
    assert (problem.file, problem.line, problem.code) == (
        "content/stays/山居.yaml", 2, "dangling-ref"), problem.format()


def test_models_of_files_no_longer_there_leave_the_cache(project: Project) -> None:
    small_county(project)
    summary(project, "villages/index.md")
    (project.root / "content/villages/村2.yaml").unlink()
    summary(project, "villages/cun1.md")
    assert len(list((project.root / ".cache/showcase/models").iterdir())) == 3


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


def test_a_file_changed_while_its_lost_model_is_read_again_stops_the_build_with_its_name(
        project: Project, monkeypatch) -> None:  # noqa: ANN001
    """The store lost the models (a cleaned cache) and an editor saves a file after the build
    checked it: the page is not made from the new text under the old outline; the build stops
    and names the file."""
    small_county(project)
    summary(project, "villages/cun1.md")
    shutil.rmtree(project.root / ".cache/showcase/models")
    shutil.rmtree(project.root / ".cache/showcase/rendered")
    original = render.Renderer.render

    def saved_meanwhile(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        project.write("content/villages/村1.yaml", "name: 村1\nsummary: 刚改的\n")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(render.Renderer, "render", saved_meanwhile)
    result = project.build()
    assert not result.ok
    [problem] = result.problems
    assert problem.file == "content/villages/村1.yaml"
    assert "生成网站的过程中被修改了" in problem.format()
    monkeypatch.undo()
    assert "刚改的" in summary(project, "villages/cun1.md")  # built once it is saved
