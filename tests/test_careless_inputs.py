"""Careless and hostile input found by trying it (issue 19): each case is what `showcase check`
prints, a Chinese message at the file and line with what to write instead, never a
traceback; and the hints quote the project's own content, never the sample town's."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from conftest import Project
from test_broken_inputs import REPORT_LINE

from generator.cli import main

V = "content/villages/西山村.yaml"
S = "content/scenic/云岭.yaml"
SAMPLE_TOWN = ("东山村", "东关寨", "王坑村", "状元村", "红色领航", "山地慢城", "慢城", "枇杷")


def _bomb() -> str:
    text = 'name: 西山村\na: &a ["哈","哈","哈","哈","哈","哈","哈","哈","哈"]\n'
    for level, name in enumerate("bcdefghij"):
        text += f"{name}: &{name} [" + ", ".join([f"*{'abcdefghij'[level]}"] * 9) + "]\n"
    return text


@dataclass(frozen=True)
class Case:
    id: str
    files: dict[str, str | bytes]
    line: int
    words: tuple[str, ...]
    file: str = V
    absent: tuple[str, ...] = ()  # wrong causes that must not be given
    photos: tuple[str, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)


CASES = [
    Case("explorer-path-in-double-quotes",
         {V: 'name: 西山村\nphotos:\n  - file: "C:\\Users\\张三\\Desktop\\网站\\assets\\villages'
             '\\西山村\\村口.jpg"\n    caption: 村口\n'},
         3, ("完整路径", "复制文件地址", "villages/西山村/村口.jpg"), absent=("引号没有成对",)),
    Case("explorer-path-outside-assets",
         {V: 'name: 西山村\nphotos:\n  - file: "D:\\照片\\村口.jpg"\n'},
         3, ("完整路径", "villages/西山村/村口.jpg"), absent=("引号没有成对",)),
    Case("unquoted-computer-path", {V: "name: 西山村\nphotos:\n  - file: C:\\照片\\村口.jpg\n"},
         3, ("完整路径", "villages/西山村/村口.jpg")),
    Case("one-nul-byte-in-utf8", {V: "name: 西山村\nsummary: 山\x00下\n".encode()},
         2, ("控制字符", "NUL", "第 11 个字符"), absent=("UTF-16",)),
    Case("escape-sequence", {V: "name: 西山村\nsummary: \x1b[2J红\n"}, 2, ("ESC", "控制字符")),
    Case("zero-width-space-in-a-reference",
         {V: "name: 西山村\n", S: "name: 云岭\nvillage: 西山村\u200b\n"}, 2,
         ("看不见的字符", "零宽空格 U+200B", "写成“西山村”"), file=S),
    Case("zero-width-space-in-a-file-name",
         {"content/villages/西山村\u200b.yaml": "name: 西山村\n",
          S: "name: 云岭\nvillage: 西山村\n"},
         2, ("文件名里有看不见的字符", "零宽空格"), file=S),
    Case("zero-width-space-in-a-key", {V: "name: 西山村\nsummary\u200b: 好\n"}, 2,
         ("字段名", "看不见的字符", "写成“summary”")),
    Case("markdown-emphasis-in-a-list", {V: "name: 西山村\nproducts:\n  - name: 茶\n"
                                            "    category: 茶\n    honors:\n      - *省级*\n"},
         6, ("“*”", "单引号", "- '*省级*'")),
    Case("at-sign-start", {V: "name: @西山村\n"}, 1, ("特殊符号", "name: '@西山村'")),
    Case("chinese-number", {V: "name: 西山村\nfigures:\n  - label: 收入\n    value: 九千\n"},
         4, ("“九千”", "改成 9000")),
    Case("percent", {V: "name: 西山村\nfigures:\n  - label: 覆盖率\n    value: 12.5%\n"},
         4, ("“12.5%”", "改成 12.5", "unit: '%'")),
    Case("percent-and-words",
         {V: "name: 西山村\nfigures:\n  - label: 覆盖率\n    value: 90%以上\n"},
         4, ("“90%以上”", "改成 90", "unit: '%'", "note: 90%以上")),
    Case("members-with-a-unit", {V: "name: 西山村\nparty_org:\n  name: 支部\n  members: 约68人\n"},
         4, ("“约68人”", "改成 68")),
    Case("number-of-thousands-of-digits", {V: "name: 西山村\norder: " + "9" * 5000 + "\n"},
         2, ("数字太长", "5000 位")),
    Case("full-width-dash-in-a-phone",
         {V: "name: 西山村\ncontact:\n  phone: 0594－7654321\n"}, 3,
         ("“－”", "第 5 个字", "0594-7654321")),
    Case("two-phones", {V: "name: 西山村\ncontact:\n  phone: 0594-7654321、13800000000\n"}, 3,
         ("不止一个", "0594-7654321")),
    Case("mail-as-website", {V: "name: 西山村\ncontact:\n  website: xsc@163.com\n"}, 3,
         ("电子邮箱", "email: xsc@163.com")),
    Case("website-without-scheme", {V: "name: 西山村\ncontact:\n  website: www.xsc.gov.cn\n"},
         3, ("https://", "https://www.xsc.gov.cn")),
    Case("notepad-txt", {"content/villages/北岭村.yaml.txt": "name: 北岭村\n"}, 1,
         ("北岭村.yaml.txt", "不会出现在网站上", "改名为“北岭村.yaml”", "扩展名"),
         file="content/villages/北岭村.yaml.txt"),
    Case("upper-case-extension", {"content/villages/北岭村.YAML": "name: 北岭村\n"}, 1,
         ("改名为“北岭村.yaml”", "小写"), file="content/villages/北岭村.YAML"),
    Case("notepad-txt-site", {"content/site.yaml.txt": "name: 测试镇\n"}, 1,
         ("改名为“site.yaml”",), file="content/site.yaml.txt"),
    Case("address-too-long", {"content/villages/" + "很长的村名" * 16 + ".yaml": "name: 长\n"}, 1,
         ("文件名太长", "slug"), file="content/villages/" + "很长的村名" * 16 + ".yaml"),
    Case("alias-bomb", {V: _bomb()}, 6, ("引用", "展开")),  # where it outgrows the file
    Case("alias-loop", {V: "name: 西山村\ntags: &t [*t]\n"}, 2, ("引用", "展开")),
    Case("photo-extension-case",
         {V: "name: 西山村\nphotos:\n  - file: villages/西山村/村口.JPG\n    caption: 村口\n"},
         3, ("“村口.jpg”", "改成 villages/西山村/村口.jpg"), photos=("villages/西山村/村口.jpg",)),
    Case("photo-folder-near-name", {V: "name: 西山村\nphotos: villages/西山/\n"}, 2,
         ("找不到照片文件夹", "“西山村”", "改成 villages/西山村/"),
         photos=("villages/西山村/村口.jpg",)),
    Case("photo-not-there",
         {V: "name: 西山村\nphotos:\n  - file: villages/西山村/祠堂.jpg\n    caption: 祠堂\n"},
         3, ("没有叫“祠堂.jpg”的文件", "村口.jpg"), photos=("villages/西山村/村口.jpg",)),
    Case("text-too-long", {V: "name: 西山村\nsummary: " + "字" * 20_001 + "\n"}, 2,
         ("20001 个字", "太长")),
    Case("list-as-a-key", {V: "name: 西山村\n? [甲, 乙]\n: 丙\n"}, 2, ("不认识的字段“[甲, 乙]”",)),
    Case("not-a-number", {V: "name: 西山村\nfigures:\n  - label: 收入\n    value: .nan\n"}, 4,
         ("具体的数字", "“nan”")),
    Case("nested-a-thousand-times", {V: "name: 西山村\ntags: " + "[" * 2000 + "]" * 2000 + "\n"},
         2, ("嵌套了上千层",)),
    Case("document-end-marker", {V: "name: 西山村\n...\nsummary: 好\n"}, 3, ("“...”",)),
    Case("a-line-of-a-hundred-thousand-characters",
         {V: "name: 西山村\norder: " + "好" * 100_000 + "\n"}, 2, ("共 100000 个字",)),
]


def _write(project: Project, files: dict[str, str | bytes]) -> None:
    for relative, content in files.items():
        path = project.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def _reported(out: str) -> list[dict[str, str]]:
    return [m.groupdict() for m in map(REPORT_LINE.match, out.splitlines()) if m]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_careless_input_is_explained_at_its_line(case: Case, project: Project,
                                                 capfd: pytest.CaptureFixture) -> None:
    for photo in case.photos:
        project.photo(photo)
    _write(project, case.files)
    assert main(["--project", str(project.root), "check"]) == 1
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err
    reported = _reported(out)
    at = [r["text"] for r in reported if (r["file"], int(r["line"])) == (case.file, case.line)]
    assert any(all(word in text for word in case.words) for text in at), out
    assert not any(wrong in text for text in at for wrong in case.absent), out
    assert all(re.search(r"[\u4e00-\u9fff]", r["text"]) and " 提示: " in r["text"]
               for r in reported), out
    assert not any(name in out for name in SAMPLE_TOWN), out


def test_hints_quote_the_project_never_the_sample_town(project: Project,
                                                       capfd: pytest.CaptureFixture) -> None:
    """Another town's site: every hint that needs an example takes it from this project."""
    project.write("content/site.yaml", "name: 云岭镇\nbrand:\n  name: ''\nlogo: /tmp/标志.png\n")
    _write(project, {
        V: "name: 西山村\nsummary: #1 茶乡\ntags:\n  -茶园\nparty_org:\n  name: ''\nphotos:\n"
           "  - file: ../外面.jpg\n  - file: villages/西山村/没有.jpg\n",
        S: "name: 云岭\nvillage: 西山村\nphotos: C:\\照片\\云岭\n",
        "content/stays/山居.yaml": "- name: 山居\n",
        "content/events/茶节.yaml": "茶节\n",
        "content/bases/讲习所.yaml": "name: 讲习所\nvillage: ''\n",
    })
    assert main(["--project", str(project.root), "check"]) == 1
    out = capfd.readouterr().out
    assert len(_reported(out)) >= 8, out
    assert not any(name in out for name in SAMPLE_TOWN), out
    assert "“- 茶园”" in out and "villages/西山村/" in out and "“name: 山居”" in out
    assert "“summary: '#1 茶乡'”" in out and "中共西山村支部委员会" in out


def test_a_full_width_colon_in_mkdocs_yml_is_explained_by_check_build_and_serve(
        project: Project, capfd: pytest.CaptureFixture) -> None:
    config = project.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("use_directory_urls: true", "use_directory_urls： true"),
                      encoding="utf-8")
    line = next(i for i, row in enumerate(config.read_text().splitlines(), 1)
                if row.startswith("use_directory_urls"))
    for command in (["check"], ["build"], ["serve", "--addr", "127.0.0.1:0"]):
        assert main(["--project", str(project.root), *command]) == 1
        out, err = capfd.readouterr()
        assert "Traceback" not in out + err and "ConfigurationError" not in out + err
        assert re.search(rf"^mkdocs\.yml:{line}:\d+: 错误: .*全角冒号.*use_directory_urls: true",
                         out + err, re.MULTILINE), (command, out, err)
    assert not (project.root / "site").exists()


def test_a_setting_mkdocs_refuses_is_named_at_its_line(project: Project,
                                                       capfd: pytest.CaptureFixture) -> None:
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "use_directory_urls: true", "use_directory_urls: 也许"), encoding="utf-8")
    assert main(["--project", str(project.root), "build"]) == 1
    out, err = capfd.readouterr()
    assert re.search(r"^mkdocs\.yml:\d+:1: 错误: .*“use_directory_urls”这一项的设置不对",
                     err, re.MULTILINE), err


def test_a_misspelt_plugin_option_is_an_error_at_its_line(
        project: Project, capsys: pytest.CaptureFixture) -> None:
    """A setting that silently does nothing is worse than a stopped build."""
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "content_dir: content", "content_dirr: content"), encoding="utf-8")
    line = next(i for i, row in enumerate(config.read_text().splitlines(), 1)
                if row.startswith("plugins:"))
    assert main(["--project", str(project.root), "build"]) == 1
    err = capsys.readouterr().err
    assert re.search(rf"mkdocs\.yml:{line}:1: 错误: .*content_dirr.*content_dir", err), err


def test_a_file_name_too_long_for_a_page_address_stops_the_build_with_a_problem(
        project: Project, capfd: pytest.CaptureFixture, caplog: pytest.LogCaptureFixture) -> None:
    project.write("content/villages/" + "很长的村名" * 16 + ".yaml", "name: 长\n")
    assert main(["--project", str(project.root), "build"]) == 1
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err and "File name too long" not in out + err
    assert "文件名太长" in caplog.text + err  # the build reports its problems
    project.write("content/villages/" + "很长的村名" * 16 + ".yaml", "name: 长\nslug: changcun\n")
    assert main(["--project", str(project.root), "build"]) == 0
    assert (project.root / "site/villages/changcun/index.html").is_file()


def test_nothing_printed_can_steer_the_terminal(project: Project,
                                                capfd: pytest.CaptureFixture) -> None:
    """Escape sequences and direction overrides from content (a value, a key, a file name)
    are shown as escapes in what the command prints."""
    _write(project, {
        V: "name: 西山村\nsummary: 红\x1b]0;标题\x07\x1b[2J\n",
        S: "name: 云岭\nsumm\u202eary: x\n",
        "content/villages/\x1b[31m红.yaml": "name: 红\nstars: 1\n",
    })
    assert main(["--project", str(project.root), "check"]) == 1
    out, err = capfd.readouterr()
    printed = out + err
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]", printed)
    assert "\\x1b" in printed and "\\u202e" in printed


def test_a_camera_name_is_never_shown_as_a_caption(project: Project) -> None:
    """The warning stays; the page shows no caption, and the alt text is the page's subject."""
    project.write(V, "name: 西山村\nphotos:\n  - file: villages/西山村/IMG_20230912_101530.jpg\n"
                     "products:\n  - name: 云雾茶\n    category: 茶\n    photos: villages/茶/\n")
    project.photo("villages/西山村/IMG_20230912_101530.jpg")
    project.photo("villages/茶/微信图片_20230912101530.jpg")
    result = project.build()
    assert result.ok
    assert {p.code for p in result.problems} == {"photo-no-caption"}
    page = next(f.read_text() for f in result.files if f.path == "villages/xishancun.md")
    assert "IMG_20230912" not in page and "微信图片" not in page
    assert "<figcaption>" not in page
    assert 'alt="西山村"' in page and 'alt="云雾茶"' in page


def test_lists_nested_on_one_line_are_plain_text_with_a_warning(project: Project) -> None:
    """`1. 1. 1. …` made Python-Markdown recurse once a level, into a RecursionError."""
    project.write(V, "name: 西山村\ndescription: |\n  " + "1. " * 1500 + "好\n")
    result = project.build()
    assert result.ok
    [warning] = result.problems
    assert (warning.file, warning.line, warning.code) == (V, 2, "markdown-too-complex")
    assert "套了太多层" in warning.message
    page = next(f.read_text() for f in result.files if f.path == "villages/xishancun.md")
    assert "<p>1. 1. 1. " in page
