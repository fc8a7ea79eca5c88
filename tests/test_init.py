"""Starting a town of one's own: `showcase init`, `showcase new site`, and a project that
brings some templates of its own (or none at all)."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from conftest import ROOT
from jsonschema import Draft7Validator
from test_cli import tree_digest

from generator.cli import main
from generator.content.yamlsource import parse
from generator.editor.project import project_files
from generator.editor.schema import vscode_files

SAMPLE = "慢城"  # in the sample town's every file: none of it may come along


def init(folder: Path, name: str = "青山镇") -> Path:
    assert main(["init", name, str(folder)]) == 0
    return folder


def build(project: Path) -> int:
    return main(["--project", str(project), "build"])


def text_of(site: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(site.rglob("*"))
                     if p.is_file() and p.suffix in {".html", ".json", ".xml"})


def test_init_writes_a_whole_project_that_builds_at_once(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    project = init(tmp_path / "青山镇")
    assert "新建青山镇的展示站" in capsys.readouterr().out
    for folder in ("villages", "scenic", "bases", "routes", "events", "stays", "pages"):
        assert (project / "content" / folder).is_dir() and not any(
            (project / "content" / folder).iterdir()), folder
    for file in ("mkdocs.yml", "content/site.yaml", "README.md", ".gitignore",
                 ".vscode/settings.json", ".vscode/extensions.json",
                 "schemas/site.schema.json", "schemas/villages.schema.json"):
        assert (project / file).is_file(), file
    assert not (project / "themes").exists()  # the shipped templates serve until it has its own
    assert build(project) == 0
    home = (project / "site/index.html").read_text(encoding="utf-8")
    assert "<title>首页 - 青山镇</title>" in home and "<h1" in home
    assert SAMPLE not in text_of(project / "site")  # pages, search index
    assert list((project / "assets").iterdir()) == []
    # sections with nothing in them do not show: no "共 0 个", no empty pages, nothing in the menu
    assert "共 0 个" not in home and "还没有内容" not in home
    assert not (project / "site/villages").exists()
    assert 'href="villages/' not in home


def test_the_office_readme_names_the_commands_for_windows_and_the_town(tmp_path: Path) -> None:
    readme = (init(tmp_path / "p") / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# 青山镇党建品牌展示站\n")
    assert r".venv\Scripts\showcase check" in readme and ".venv/bin/showcase check" in readme
    assert "content/site.yaml" in readme and "showcase new village" in readme


def test_site_yaml_explains_every_field_and_fills_in_only_the_name(tmp_path: Path) -> None:
    text = (init(tmp_path / "p") / "content/site.yaml").read_text(encoding="utf-8")
    live = [line for line in text.splitlines() if line and not line.lstrip().startswith("#")]
    assert live == ["name: 青山镇"]
    assert "# 党建品牌：" in text and "# footer:" in text and "#   icp:" in text
    doc, problems = parse(text, "site.yaml")
    assert problems == [] and doc.data == {"name": "青山镇"}
    schema = json.loads((tmp_path / "p/schemas/site.schema.json").read_text(encoding="utf-8"))
    assert list(Draft7Validator(schema).iter_errors(doc.data)) == []


def test_filling_in_the_brand_shows_it_on_the_home_page(tmp_path: Path) -> None:
    project = init(tmp_path / "p")
    site_yaml = project / "content/site.yaml"
    text = site_yaml.read_text(encoding="utf-8")
    start = text.index("# brand:\n")
    end = text.index("#   name:\n", start) + len("#   name:\n")
    text = text[:start] + "brand:\n  name: 青山红旗\n" + text[end:]
    site_yaml.write_text(text, encoding="utf-8")
    assert main(["--project", str(project), "new", "village", "西山村"]) == 0
    assert build(project) == 0
    home = (project / "site/index.html").read_text(encoding="utf-8")
    assert "党建品牌：青山红旗" in home
    assert 'href="villages/"' in home and "1 个村（社区）" in home
    assert (project / "site/villages/xishancun/index.html").is_file()


def test_init_never_overwrites_anything(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    project = tmp_path / "p"
    (project / ".venv").mkdir(parents=True)  # where the README has the program installed
    (project / "笔记.txt").write_text("自己的文件", encoding="utf-8")
    init(project)
    (project / "content/site.yaml").write_text("name: 已经改过\n", encoding="utf-8")
    before = tree_digest(project)
    assert main(["init", "别的镇", str(project)]) == 1
    err = capsys.readouterr().err
    assert "content/site.yaml" in err and "mkdocs.yml" in err and "什么也没有写" in err
    assert tree_digest(project) == before


def test_init_in_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", "青山镇"]) == 0
    assert (tmp_path / "mkdocs.yml").is_file() and (tmp_path / "content/site.yaml").is_file()


def test_new_site_writes_the_site_file_once(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    project = init(tmp_path / "p")
    (project / "content/site.yaml").unlink()
    assert main(["--project", str(project), "new", "site", "青山镇"]) == 0
    assert "已新建 content/site.yaml" in capsys.readouterr().out
    assert (project / "content/site.yaml").read_text(encoding="utf-8") == \
        project_files("青山镇", project)["content/site.yaml"]
    assert main(["--project", str(project), "new", "site", "青山镇"]) == 1
    assert "已经存在，没有覆盖它" in capsys.readouterr().err


def test_the_sample_is_an_initialised_project_with_content(tmp_path: Path) -> None:
    """The configuration and editor files a new town gets are the sample's own."""
    files = project_files("青山镇", tmp_path)
    assert files["mkdocs.yml"] == (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for name in vscode_files():
        assert files[name] == (ROOT / name).read_text(encoding="utf-8"), name
    for schema in (ROOT / "schemas").iterdir():
        assert files[f"schemas/{schema.name}"] == schema.read_text(encoding="utf-8")
    # what init writes has no sample page: the sample's about.md is about the sample town
    assert not any(path.startswith("content/pages/") for path in files)


def test_a_project_without_its_pages_folder_builds(tmp_path: Path) -> None:
    """Empty folders are lost by git and by zip files; content/pages/ is optional."""
    project = init(tmp_path / "p")
    (project / "content/pages").rmdir()
    assert build(project) == 0
    assert (project / "site/index.html").is_file()


def test_check_outside_a_project_says_so(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["--project", str(tmp_path), "check"]) == 1
    out = capsys.readouterr().out
    assert "content/: 错误: 找不到内容文件夹" in out and "showcase init" in out


def test_build_outside_a_project_says_so(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert build(tmp_path) == 1
    assert "找不到 mkdocs.yml" in capsys.readouterr().err


# -- a project's own templates ------------------------------------------------------------


def test_a_project_template_replaces_the_shipped_one_of_its_name(tmp_path: Path) -> None:
    project = init(tmp_path / "p")
    assert main(["--project", str(project), "new", "village", "西山村"]) == 0
    own = project / "themes/pages/village.md.j2"
    own.parent.mkdir(parents=True)
    shipped = (ROOT / "themes/pages/village.md.j2").read_text(encoding="utf-8")
    own.write_text(shipped.replace("{{ item.name }}", "{{ item.name }}（本镇改过的模板）", 1),
                   encoding="utf-8")
    overrides = project / "themes/material/partials/copyright.html"
    overrides.parent.mkdir(parents=True)
    overrides.write_text('<div class="md-copyright">本镇自己的页脚</div>\n', encoding="utf-8")
    assert build(project) == 0
    village = (project / "site/villages/xishancun/index.html").read_text(encoding="utf-8")
    assert "西山村（本镇改过的模板）" in village and "本镇自己的页脚" in village
    # every other template and the theme's styles still come from the shipped ones
    home = (project / "site/index.html").read_text(encoding="utf-8")
    assert "本镇自己的页脚" in home and "（本镇改过的模板）" not in home
    assert (project / "site/assets/stylesheets/showcase.css").is_file()
    # removing the copy brings the shipped template back, on the next build
    own.unlink()
    assert build(project) == 0
    village = (project / "site/villages/xishancun/index.html").read_text(encoding="utf-8")
    assert "（本镇改过的模板）" not in village


def test_a_mistake_in_a_project_template_is_a_problem_with_its_line(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    project = init(tmp_path / "p")
    own = project / "themes/pages/home.md.j2"
    own.parent.mkdir(parents=True)
    own.write_text("# {{ info.name }}\n\n{% if info.summary %}\n简介\n", encoding="utf-8")
    assert main(["--project", str(project), "check"]) == 1
    out = capsys.readouterr().out
    assert "themes/pages/home.md.j2:4:1: 错误: 页面模板写错了" in out, out
    assert "Traceback" not in out


def test_a_missing_template_is_a_problem_not_a_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    project = init(tmp_path / "p")
    own = project / "themes/pages/home.md.j2"
    own.parent.mkdir(parents=True)
    own.write_text('{% include "_本镇的页首.md.j2" %}\n# {{ info.name }}\n', encoding="utf-8")
    assert main(["--project", str(project), "check"]) == 1
    out = capsys.readouterr().out
    assert "错误: 找不到页面模板“_本镇的页首.md.j2”" in out, out
    assert "themes/pages/" in out



def test_a_mistake_in_a_project_theme_template_ends_the_build_in_chinese(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    project = init(tmp_path / "p")
    own = project / "themes/material/partials/copyright.html"
    own.parent.mkdir(parents=True)
    own.write_text('<div class="md-copyright">\n{% if config.copyright %}\n</div>\n',
                   encoding="utf-8")
    assert build(project) == 1
    last = capsys.readouterr().err.strip().splitlines()[-1]
    expected = "themes/material/partials/copyright.html:2:1: 错误: 主题模板写错了"
    assert last.startswith(expected), last
    assert not (project / "site").exists()


def test_serve_on_a_port_in_use_says_so(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    project = init(tmp_path / "p")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        address = f"127.0.0.1:{taken.getsockname()[1]}"
        assert main(["--project", str(project), "serve", "--addr", address]) == 1
    err = capsys.readouterr().err
    assert f"错误: {address} 已经被别的程序占用" in err and "Traceback" not in err
