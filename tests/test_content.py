"""Loading a whole content tree: ids, slugs, references, photos."""

from __future__ import annotations

from conftest import Project


def messages(result) -> list[str]:  # noqa: ANN001
    return [p.format() for p in result.problems]


def test_file_name_is_the_id_and_pinyin_the_url(project: Project) -> None:
    project.write("content/villages/东山村.yaml", "name: 东山村\n")
    project.write("content/villages/西山村.yaml", "name: 西山村\nslug: xishan\n")
    result = project.build()
    assert result.ok, messages(result)
    pages = {f.path for f in result.files}
    assert {"villages/dongshancun.md", "villages/xishan.md", "villages/index.md"} <= pages


def test_dangling_reference_names_file_line_and_close_ids(project: Project) -> None:
    project.write("content/villages/东山村.yaml", "name: 东山村\n")
    project.write("content/scenic/东关寨.yaml", "name: 东关寨\nlevel: 3A\nvillage: 东山\n")
    result = project.build()
    assert not result.ok
    [problem] = result.problems
    assert problem.file == "content/scenic/东关寨.yaml" and problem.line == 3
    assert "找不到名为“东山”的村" in problem.message and "东山村" in problem.hint


def test_route_stop_reference_is_checked(project: Project) -> None:
    project.write("content/villages/东山村.yaml", "name: 东山村\n")
    project.write("content/routes/观摩线.yaml", """\
        name: 观摩线
        kind: 观摩路线
        stops:
          - village: 东山村
          - scenic: 东关寨
        """)
    [problem] = project.build().problems
    assert (problem.file, problem.line) == ("content/routes/观摩线.yaml", 5)
    assert "景区" in problem.message


def test_broken_file_is_reported_once_not_by_every_file_naming_it(project: Project) -> None:
    project.write("content/villages/东山村.yaml", "name: 东山村\noder: 1\n")
    project.write("content/scenic/东关寨.yaml", "name: 东关寨\nlevel: 3A\nvillage: 东山村\n")
    [problem] = project.build().problems
    assert (problem.file, problem.line) == ("content/villages/东山村.yaml", 2)
    assert "oder" in problem.message and "order" in problem.hint


def test_two_files_with_one_url_are_refused(project: Project) -> None:
    project.write("content/villages/东山村.yaml", "name: 东山村\n")
    project.write("content/villages/東山村.yaml", "name: 东山村\nslug: dongshancun\n")
    [problem] = project.build().problems
    assert problem.code == "duplicate-slug" and problem.line == 2
    assert "villages/dongshancun/" in problem.message


def test_all_problems_of_all_files_at_once_sorted(project: Project) -> None:
    project.write("content/villages/b.yaml", "name: 乙村\nkind: 镇\n")
    project.write("content/villages/a.yaml", "name: 甲村\nstars: 5\n")
    project.write("content/scenic/c.yaml", "level: 3A\n")
    result = project.build()
    files = [p.file for p in result.problems]
    assert files == sorted(files) and len(files) == 3


def test_missing_photo_is_an_error_naming_the_line(project: Project) -> None:
    project.write("content/villages/东山村.yaml", """\
        name: 东山村
        photos:
          - file: villages/东山村/村貌.jpg
            caption: 村貌
          - file: villages/东山村/没有.jpg
            caption: 不存在
        """)
    project.photo("villages/东山村/村貌.jpg")
    [problem] = project.build().problems
    assert problem.line == 5 and "没有.jpg" in problem.message


def test_photo_outside_assets_is_refused(project: Project) -> None:
    project.write("content/villages/东山村.yaml", "name: 东山村\nphotos:\n  - ../../etc/passwd\n")
    [problem] = project.build().problems
    assert problem.line == 3 and "不能用“..”跳出 assets/" in problem.message


def test_photo_folder_is_read_in_file_name_order(project: Project) -> None:
    project.write("content/villages/东山村.yaml", "name: 东山村\nphotos: villages/东山村\n")
    for name in ("02-枇杷园.jpg", "01-村貌.jpg"):
        project.photo(f"villages/东山村/{name}")
    result = project.build()
    assert result.ok, messages(result)
    page = next(f.read_text() for f in result.files if f.path == "villages/dongshancun.md")
    assert page.index('alt="村貌"') < page.index('alt="枇杷园"')


def test_stray_files_are_warned_about(project: Project) -> None:
    project.write("content/villages/东山村.yaml", "name: 东山村\n")
    project.write("content/villages/说明.txt", "随手记\n")
    result = project.build()
    assert result.ok
    [problem] = result.problems
    assert not problem.is_error and problem.file == "content/villages/说明.txt"


def test_symlinks_leading_out_of_assets_are_refused(project: Project, tmp_path_factory) -> None:  # noqa: ANN001
    outside = tmp_path_factory.mktemp("elsewhere") / "secret.jpg"
    project.photo("villages/东山村/村貌.jpg").rename(outside)
    folder = project.root / "assets/villages/东山村"
    (folder / "链接.jpg").symlink_to(outside)
    project.write("content/villages/东山村.yaml", "name: 东山村\nphotos: villages/东山村\n")
    project.write("content/villages/西山村.yaml",
                  "name: 西山村\nphotos:\n  - file: villages/东山村/链接.jpg\n    caption: x\n")
    result = project.build()
    assert [(p.file, p.line, p.code) for p in result.problems] == [
        ("content/villages/东山村.yaml", 2, "photo-outside"),
        ("content/villages/西山村.yaml", 3, "photo-outside")]
    assert "链接" in result.problems[0].message and result.files == []


def test_windows_paths_are_explained_or_accepted(project: Project) -> None:
    project.photo("villages/东山村/村貌.jpg")
    project.write("content/villages/东山村.yaml", "name: 东山村\nphotos: villages\\东山村\n")
    project.write("content/villages/西山村.yaml", "name: 西山村\nphotos:\n  - D:\\照片\\a.jpg\n")
    [problem] = project.build().problems
    assert (problem.file, problem.line) == ("content/villages/西山村.yaml", 3)
    assert "完整路径" in problem.message


def test_a_file_with_errors_still_has_its_references_checked(project: Project) -> None:
    project.write("content/villages/东山村.yaml", "name: 东山村\noder: 1\n")
    project.write("content/scenic/东关寨.yaml", "name: 东关寨\nlevel: 7A\nvillage: 东三村\n")
    problems = {(p.file, p.line): p for p in project.build().problems}
    assert set(problems) == {("content/villages/东山村.yaml", 2),
                             ("content/scenic/东关寨.yaml", 2), ("content/scenic/东关寨.yaml", 3)}
    dangling = problems[("content/scenic/东关寨.yaml", 3)]
    assert "东三村" in dangling.message and "东山村" in dangling.hint


def test_a_tab_does_not_hide_the_other_mistakes_of_the_file(project: Project) -> None:
    project.write("content/villages/东山村.yaml",
                  "name: 东山村\nsumary: x\nparty_org:\n  name: 支部\n\tstars: 6\n")
    problems = [(p.line, p.code) for p in project.build().problems]
    assert problems == [(2, "invalid-extra_forbidden"), (5, "yaml-tab")]
