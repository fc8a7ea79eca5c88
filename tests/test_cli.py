"""The `showcase` command as publicity staff use it."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import Project

from generator.cli import main


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_check_passes_on_good_content(project: Project, capsys: pytest.CaptureFixture) -> None:
    project.write("content/villages/东山村.yaml", "name: 东山村\n")
    assert main(["--project", str(project.root), "check"]) == 0
    assert "检查通过" in capsys.readouterr().out


def test_check_lists_every_problem_and_fails(project: Project,
                                             capsys: pytest.CaptureFixture) -> None:
    project.write("content/villages/东山村.yaml", "name: 东山村\nkind: 镇\n")
    project.write("content/scenic/东关寨.yaml", "name: 东关寨\nlevel: 7A\n")
    assert main(["--project", str(project.root), "check"]) == 1
    out = capsys.readouterr().out
    assert "content/scenic/东关寨.yaml:2:1: 错误:" in out
    assert "content/villages/东山村.yaml:2:1: 错误:" in out
    assert "共 2 个错误" in out


def test_warnings_alone_do_not_fail(project: Project) -> None:
    project.write("content/villages/东山村.yaml", "name: 东山村\nphotos:\n  - villages/a.jpg\n")
    project.photo("villages/a.jpg")
    assert main(["--project", str(project.root), "check"]) == 0


def test_new_yaml_file_becomes_a_new_page(project: Project) -> None:
    project.write("content/villages/东山村.yaml", "name: 东山村\n")
    assert main(["--project", str(project.root), "build"]) == 0
    site = project.root / "site"
    assert not (site / "villages/xishancun/index.html").exists()
    project.write("content/villages/西山村.yaml", "name: 西山村\nsummary: 新建的示范村\n")
    assert main(["--project", str(project.root), "build"]) == 0
    page = (site / "villages/xishancun/index.html").read_text(encoding="utf-8")
    assert "新建的示范村" in page
    assert 'href="xishancun/"' in (site / "villages/index.html").read_text(encoding="utf-8")


def test_failed_build_leaves_site_and_content_untouched(project: Project) -> None:
    project.write("content/villages/东山村.yaml", "name: 东山村\n")
    assert main(["--project", str(project.root), "build"]) == 0
    site_before = tree_digest(project.root / "site")
    project.write("content/villages/西山村.yaml", "name: 西山村\nkind：村\n")
    content_before = tree_digest(project.root / "content")
    assert main(["--project", str(project.root), "build"]) == 1
    assert tree_digest(project.root / "site") == site_before
    assert tree_digest(project.root / "content") == content_before
    assert sorted(p.name for p in project.root.iterdir()) == [
        ".cache", "assets", "content", "mkdocs.yml", "site", "themes"]


def test_a_console_that_cannot_show_chinese_gets_question_marks_not_a_traceback(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    project.write("content/villages/东山村.yaml", "name: 东山村\nstars: 五\n")
    out = io.TextIOWrapper(io.BytesIO(), encoding="gbk")
    monkeypatch.setattr(sys, "stdout", out)
    project.write("content/villages/😀.yaml", "name: 😀\nsumary: x\n")
    assert main(["--project", str(project.root), "check"]) == 1
    out.flush()
    report = out.buffer.getvalue().decode("gbk")
    assert "content/villages/?.yaml:2:1: 错误: 不认识的字段“sumary”" in report


def test_a_failed_build_ends_in_chinese(project: Project, capsys: pytest.CaptureFixture) -> None:
    project.write("content/villages/西山村.yaml", "name: 西山村\nkind：村\n")
    assert main(["--project", str(project.root), "build"]) == 1
    told = capsys.readouterr().err.strip()
    assert "Aborted" not in told
    assert told.startswith("内容有错误，网站没有生成")
    assert told.splitlines()[-1] == "共 1 个错误，0 个警告。"


def test_a_wrong_setting_in_mkdocs_yml_ends_in_chinese(
        project: Project, capsys: pytest.CaptureFixture) -> None:
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "use_directory_urls: true", "use_directory_urls: 是"), encoding="utf-8")
    assert main(["--project", str(project.root), "build"]) == 1
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last.startswith("网站没有生成：mkdocs.yml 里的设置有错误"), last
    assert not (project.root / "site").exists()


def test_check_finds_damaged_photos_where_they_are_declared_without_building(
        project: Project, capsys: pytest.CaptureFixture) -> None:
    """`showcase check` reads every photo file (a truncated copy, something that is no
    photo) but makes no rendition and no site: a town with hundreds of new photos gets its
    answer in seconds. Photos an earlier build processed are not read again."""
    from photos import phone_photo

    project.write("content/villages/东山村.yaml", """\
        name: 东山村
        photos:
          - file: villages/东山村/村貌.jpg
            caption: 村貌
        """)
    good = phone_photo(project.root / "assets/villages/东山村/村貌.jpg", (1600, 1200))
    assert main(["--project", str(project.root), "build"]) == 0
    images = project.root / ".cache/showcase/images"
    cached = tree_digest(images)
    site = tree_digest(project.root / "site")
    project.write("content/villages/西山村.yaml", """\
        name: 西山村
        photos:
          - file: villages/西山村/村口.jpg
            caption: 村口
          - file: villages/西山村/枇杷.jpg
            caption: 枇杷
          - file: villages/西山村/新居.jpg
            caption: 新居
        """)
    folder = project.root / "assets/villages/西山村"
    folder.mkdir(parents=True)
    (folder / "村口.jpg").write_bytes(good.read_bytes()[:len(good.read_bytes()) // 2])
    (folder / "枇杷.jpg").write_bytes(b"\xff\xd8\xff\xe0 this is not a photo at all")
    phone_photo(folder / "新居.jpg", (1600, 1200), colour=(30, 90, 200))
    capsys.readouterr()
    assert main(["--project", str(project.root), "check"]) == 1
    out = capsys.readouterr().out
    where, photos = "content/villages/西山村.yaml", "照片 assets/villages/西山村"
    assert f"{where}:3:5: 错误: {photos}/村口.jpg 不完整" in out
    assert f"{where}:5:5: 错误: {photos}/枇杷.jpg 无法读取" in out
    assert "新居.jpg" not in out and "村貌.jpg" not in out
    assert "共 2 个错误" in out
    assert tree_digest(images) == cached  # nothing rendered, no photo memo written
    assert tree_digest(project.root / "site") == site

    (project.root / "site").rename(project.root / "old-site")
    shutil.rmtree(project.root / ".cache")
    assert main(["--project", str(project.root), "check"]) == 1
    assert not (project.root / "site").exists() and not images.exists()


@pytest.mark.parametrize(("option", "words"), [
    ("images:\n        jpeg_quality: 150",
     "images：jpeg_quality：JPEG 质量应当在 1 到 100 之间，现在写的是 150"),
    ("images:\n        grid_widths: []",
     "images：grid_widths：缩略图宽度应当是一组 16 到 8000 之间的像素宽度"),
    ("images:\n        large_widths: [1080, 大]", "大图宽度应当是一组 16 到 8000 之间的像素宽度"),
    ("images:\n        webp_method: 9", "WebP 压缩力度应当在 0 到 6 之间，现在写的是 9"),
    ("images:\n        avif: 1", "AVIF 开关只能写 true（是）或 false（否），现在写的是“1”"),
    ("images:\n        workers: -1", "并行进程数应当不小于 0"),
    ("images:\n        jpeg_qualty: 90", "不认识的设置“jpeg_qualty”。是不是想写“jpeg_quality”？"),
    ("nav_max_items: 很多",
     "nav_max_items：菜单里每个栏目最多列出的项数应当是整数，现在写的是“很多”"),
    ("cache_dir: ''", "缓存文件夹应当是一个文件夹（相对于 mkdocs.yml）"),
])
def test_a_wrong_plugin_option_stops_the_build_with_a_message_naming_it(
        project: Project, capsys: pytest.CaptureFixture, option: str, words: str) -> None:
    project.write("content/villages/东山村.yaml", "name: 东山村\n")
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - showcase:\n", f"  - showcase:\n      {option}\n"), encoding="utf-8")
    assert main(["--project", str(project.root), "build"]) == 1
    err = capsys.readouterr().err
    assert "网站没有生成：mkdocs.yml 里的设置有错误" in err and "showcase" in err
    assert words in err, err
    assert "Config value" not in err and "Aborted" not in err
    assert not (project.root / "site").exists()
    assert main(["--project", str(project.root), "check"]) == 1  # check reads them too


def test_plugin_image_options_reach_the_photos(project: Project) -> None:
    from photos import phone_photo

    project.write("content/villages/东山村.yaml", "name: 东山村\nphotos: villages/东山村/\n")
    phone_photo(project.root / "assets/villages/东山村/01-村貌.jpg", (1600, 1200))
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - showcase:\n", "  - showcase:\n      images:\n        grid_widths: [200, 500]\n"
        "        large_widths: [900]\n        webp_method: 4\n"), encoding="utf-8")
    assert main(["--project", str(project.root), "build"]) == 0
    widths = {int(p.stem.split("-")[1]) for p in (project.root / "site/media").glob("*.webp")
              if p.stem.split("-")[1].isdigit()}  # the photo's variants, not the cover sheet
    assert widths == {200, 500, 900}
