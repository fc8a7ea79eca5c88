"""One broken input for every mistake the issue lists, checked the way an editor sees it:
the exit code of `showcase check`, and the file, line and Chinese message it prints."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import Project

from generator.cli import main

V = "content/villages/东山村.yaml"
S = "content/scenic/东关寨.yaml"
R = "content/routes/观摩线.yaml"
VILLAGE_WITH_ORG = "name: 东山村\nparty_org:\n  name: 东山村党支部\n  stars: {stars}\n"
REPORT_LINE = re.compile(r"^(?P<file>\S+?):(?P<line>\d+):(?P<column>\d+): (?P<severity>错误|警告): "
                         r"(?P<text>.+)$")


def _symlink_out(root: Path) -> None:
    outside = root.parent / f"{root.name}-outside.jpg"
    (root / "assets/villages/东山村/村貌.jpg").rename(outside)
    (root / "assets/villages/东山村/村貌.jpg").symlink_to(outside)


@dataclass(frozen=True)
class Case:
    id: str
    files: dict[str, str | bytes]
    exit_code: int = 1
    file: str = V
    line: int = 0  # 0: no problem line expected
    words: tuple[str, ...] = ()
    setup: Callable[[Path], None] | None = None
    extra: dict[str, str] = field(default_factory=dict)


PHOTO_OK = "name: 东山村\nphotos:\n  - file: villages/东山村/村貌.jpg\n    caption: 村貌\n"

CASES = [
    # YAML itself
    Case("yaml-syntax", {V: "name: 东山村\nsummary: 时间: 上午\n"}, line=2,
         words=("YAML 格式错误", "引号")),
    Case("tab-indent", {V: "name: 东山村\nparty_org:\n\tname: 支部\n"}, line=3, words=("Tab",)),
    Case("fullwidth-colon-chinese-key", {V: "名称：东山村\n"}, line=1, words=("全角冒号",)),
    Case("fullwidth-colon", {V: "name: 东山村\nsummary：枇杷之乡\n"}, line=2,
         words=("全角冒号", "summary: 枇杷之乡")),
    Case("fullwidth-space", {V: "name: 东山村\nkind:\u3000村\n"}, line=2, words=("全角空格",)),
    Case("duplicate-key", {V: "name: 东山村\nsummary: 一\nsummary: 二\n"}, line=3,
         words=("写了两次", "第 2 行")),
    Case("empty-file", {V: ""}, line=1, words=("文件是空的",)),
    Case("top-level-list", {V: "- name: 东山村\n"}, line=1, words=("最外层", "列表")),
    Case("top-level-text", {V: "东山村\n"}, line=1, words=("最外层", "字段: 内容")),
    # encodings
    Case("gbk", {V: "name: 东山村\n".encode("gbk")}, line=1, words=("GBK", "UTF-8")),
    Case("utf16", {V: "name: 东山村\n".encode("utf-16")}, line=1, words=("UTF-16", "UTF-8")),
    Case("utf8-bom-is-fine", {V: b"\xef\xbb\xbf" + "name: 东山村\n".encode()}, exit_code=0),
    # types, ranges, required and unknown fields
    Case("text-for-number", {V: "name: 东山村\norder: 第一\n"}, line=2, words=("整数", "第一")),
    Case("chinese-star-rating", {V: VILLAGE_WITH_ORG.format(stars="「三」")}, line=4,
         words=("星级", "「三」", "改成 3")),
    Case("six-stars", {V: VILLAGE_WITH_ORG.format(stars=6)}, line=4, words=("不大于 5", "6")),
    Case("7A", {S: "name: 东关寨\nlevel: 7A\n"}, file=S, line=2, words=("1A", "5A", "7A")),
    Case("missing-required", {S: "level: 3A\n"}, file=S, line=1, words=("缺少必填", "name")),
    Case("missing-nested-required", {V: "name: 东山村\nproducts:\n  - name: 枇杷\n"}, line=3,
         words=("缺少必填", "category", "类别")),
    Case("unknown-key", {V: "name: 东山村\nsumary: 枇杷之乡\n"}, line=2,
         words=("不认识的字段“sumary”", "是不是想写“summary”")),
    Case("number-in-text-is-fine", {V: "name: 东山村\nsummary: 2024\n"}, exit_code=0),
    Case("rule-across-fields", {"content/events/节.yaml": "name: 节\nstart: 2024-04-22\n"
                                "end: 2024-04-20\n"}, file="content/events/节.yaml", line=3,
         words=("结束日期 end 早于开始日期 start", "检查这几项")),
    Case("date-format", {"content/events/节.yaml": "name: 节\nstart: 2024年4月20日\n"},
         file="content/events/节.yaml", line=2, words=("日期", "2024-04-20")),
    # ids, URLs and references
    Case("same-id", {V: "name: 东山村\n", "content/villages/东山村.yml": "name: 东山村\n"},
         file="content/villages/东山村.yml", line=1, words=("同一个名字“东山村”",)),
    Case("same-url", {V: "name: 东山村\n", "content/villages/东山.yaml":
                      "name: 东山\nslug: dongshancun\n"},
         line=1, words=("网址 villages/dongshancun/", "content/villages/东山.yaml", "slug")),
    Case("dangling-reference", {V: "name: 东山村\n", S: "name: 东关寨\nvillage: 东三村\n"},
         file=S, line=2, words=("找不到名为“东三村”的村", "东山村")),
    Case("dangling-route-stop", {V: "name: 东山村\n", R: "name: 观摩线\nkind: 观摩路线\n"
                                 "stops:\n  - village: 东山村\n  - scenic: 东关\n"},
         file=R, line=5, words=("找不到名为“东关”的景区",)),
    # photos
    Case("missing-photo", {V: "name: 东山村\nphotos:\n  - file: villages/东山村/没有.jpg\n"
                           "    caption: x\n"}, line=3, words=("找不到照片",)),
    Case("dot-dot-path", {V: "name: 东山村\nphotos:\n  - ../../etc/passwd\n"}, line=3,
         words=("跳出 assets/",)),
    Case("absolute-path", {V: "name: 东山村\nphotos:\n  - /etc/passwd\n"}, line=3,
         words=("完整路径",)),
    Case("windows-path", {V: "name: 东山村\nphotos: C:\\Users\\照片\n"}, line=2,
         words=("完整路径",)),
    Case("symlink-outside", {V: PHOTO_OK}, line=3, words=("链接", "assets/ 文件夹以外"),
         setup=_symlink_out),
    # links and warnings
    Case("script-link", {V: "name: 东山村\ncontact:\n  website: javascript:alert(1)\n"},
         line=3, words=("http://",)),
    Case("hash-hides-the-value", {V: "name: 东山村\nsummary: #1 枇杷之乡\n"}, exit_code=0,
         line=2, words=("警告", "注释", "单引号")),
    Case("warnings-only", {V: "name: 东山村\nphotos:\n  - villages/东山村/村貌.jpg\n"},
         exit_code=0, line=3, words=("警告", "说明文字")),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_broken_input_is_explained_at_its_line(case: Case, project: Project,
                                               capsys: pytest.CaptureFixture) -> None:
    project.photo("villages/东山村/村貌.jpg")
    for relative, content in case.files.items():
        path = project.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    if case.setup:
        case.setup(project.root)
    assert main(["--project", str(project.root), "check"]) == case.exit_code
    out = capsys.readouterr().out
    reported = [m.groupdict() for m in map(REPORT_LINE.match, out.splitlines()) if m]
    if not case.line:
        assert reported == [] and "检查通过" in out, out
        return
    at = [r for r in reported if (r["file"], int(r["line"])) == (case.file, case.line)]
    shown = [f"{r['severity']}: {r['text']}" for r in at]
    assert any(all(word in text for word in case.words) for text in shown), out
    assert all(re.search(r"[\u4e00-\u9fff]", r["text"]) for r in reported)
    assert all(" 提示: " in r["text"] for r in reported), "every problem says what to do"
    assert out.rstrip().splitlines()[-1].startswith("共 ")


def test_every_problem_is_listed_at_once_sorted_in_one_format(
        project: Project, capsys: pytest.CaptureFixture) -> None:
    project.write(V, "name：东山村\nsumary: x\nparty_org:\n  name: 支部\n  stars: 6\n")
    project.write(S, "name: 东关寨\nlevel: 7A\nvillage: 东三村\n")
    project.write("content/villages/西山村.yaml", "")
    assert main(["--project", str(project.root), "check"]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    problems = [REPORT_LINE.match(line) for line in lines[:-1]]
    assert all(problems), lines
    keys = [(m["file"], int(m["line"]), int(m["column"])) for m in problems if m]
    assert keys == sorted(keys)
    assert {(f, line) for f, line, _ in keys} >= {(V, 1), (V, 2), (V, 5), (S, 2),
                                                  ("content/villages/西山村.yaml", 1)}
    assert lines[-1] == f"共 {len(keys)} 个错误，0 个警告。"
