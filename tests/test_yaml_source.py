"""Reading YAML files: positions, and the mistakes a tired editor makes."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content.yamlsource import load, parse

F = "content/villages/东山村.yaml"


def test_positions_of_keys_and_list_items() -> None:
    doc, problems = parse("name: 东山村\nproducts:\n  - name: 枇杷\n    category: 水果\n", F)
    assert problems == []
    assert doc.data == {"name": "东山村", "products": [{"name": "枇杷", "category": "水果"}]}
    assert doc.position(("products", 0, "category")) == (4, 5)
    assert doc.position(("products", 0, "nothing")) == (3, 5)  # nearest known ancestor


@pytest.mark.parametrize(
    ("text", "line", "code", "words"),
    [
        ("name: 东山村\n\tkind: 村\n", 2, "yaml-tab", "Tab"),
        ("name: 东山村\nkind：村\n", 2, "yaml-fullwidth-colon", "全角冒号"),
        ("name: 东山村\nkind:\u3000村\nsummary: x\n", 2, "yaml-fullwidth-space", "全角空格"),
        ("name: 东山村\nsummary: a\nname: 西山村\n", 3, "yaml-duplicate-key", "写了两次"),
        ("", 1, "yaml-empty", "空的"),
        ("- 东山村\n- 西山村\n", 1, "yaml-not-mapping", "最外层"),
        ("name: [东山村\n", 1, "yaml-syntax", "YAML 格式错误"),  # noticed at the end
        ("name: 东山村\nphotos:\n  - file: a.jpg\n    caption 枇杷园\n\n", 4, "yaml-syntax",
         "缺少“字段: ”中的冒号"),
    ],
)
def test_mistakes_are_named_with_their_line(text: str, line: int, code: str, words: str) -> None:
    _doc, problems = parse(text, F)
    assert [(p.line, p.code) for p in problems] == [(line, code)]
    assert words in problems[0].message
    assert problems[0].format().startswith(f"{F}:{line}:")


def test_gbk_file_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "东山村.yaml"
    path.write_bytes("name: 东山村\n".encode("gbk"))
    doc, problems = load(path, F)
    assert doc.data is None
    assert problems[0].code == "encoding"
    assert "GBK" in problems[0].message and "UTF-8" in problems[0].hint


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "东山村.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + "name: 东山村\n".encode())
    doc, problems = load(path, F)
    assert problems == [] and doc.data == {"name": "东山村"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: 东山村\nphotos:\n  -a.jpg\n", [(3, 3, "yaml-dash-space")]),
        ("name: 东山村\nphotos:\n  － a.jpg\n", [(3, 3, "yaml-fullwidth-dash")]),
        ("name: 东山村\nsummary:枇杷之乡\n", [(2, 8, "yaml-colon-space")]),
        ("name: 东山村\nparty_org:\n\u3000\u3000name: 支部\n", [(3, 1, "yaml-fullwidth-indent")]),
        # every slip of a file at once, not one per run
        ("name：东山村\nparty_org:\n  name：支部\n  stars：5\n",
         [(1, 5, "yaml-fullwidth-colon"), (3, 7, "yaml-fullwidth-colon"),
          (4, 8, "yaml-fullwidth-colon")]),
        # two slips on one line: columns as typed
        ("name: x\nparty_org:\n\tname：支部\n",
         [(3, 1, "yaml-tab"), (3, 6, "yaml-fullwidth-colon")]),
        # a block of text after a full-width colon is still free text
        ("name: x\ndescription：|\n  时间：上午\n", [(2, 12, "yaml-fullwidth-colon")]),
    ],
)
def test_typing_slips_are_all_reported(text: str, expected: list[tuple[int, int, str]]) -> None:
    _doc, problems = parse(text, F)
    assert [(p.line, p.column, p.code) for p in problems] == expected
    assert all(p.message and p.hint for p in problems)


def test_repaired_colons_still_give_the_data_for_validation() -> None:
    doc, problems = parse("name：东山村\nparty_org:\n  name：支部\n", F)
    assert len(problems) == 2
    assert doc.data == {"name": "东山村", "party_org": {"name": "支部"}}


def test_prose_is_not_mistaken_for_slips() -> None:
    text = ("name: 东山村\nsummary: 枇杷之乡，\n  注意：周一闭馆\ndescription: |\n"
            "  时间：上午\n  -没有空格的横线\n\n  第二段：也是正文\nhours: 8:30—17:30\n"
            "contact:\n  website: https://example.org\n")
    doc, problems = parse(text, F)
    assert problems == []
    assert doc.data["summary"] == "枇杷之乡， 注意：周一闭馆"
    assert "时间：上午" in doc.data["description"] and "第二段" in doc.data["description"]


def test_values_are_read_as_editors_read_them() -> None:
    doc, problems = parse("a: 1:30\nb: yes\nc: 0594\nd: 2024-04-20\ne: 5\nf: 4.5\ng: true\n", F)
    assert problems == []
    assert doc.data == {"a": "1:30", "b": "yes", "c": "0594", "d": "2024-04-20", "e": 5,
                        "f": 4.5, "g": True}


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("name: 东山村\nsummary: 时间: 上午\n", 2, "多了一个“: ”"),
        ("name: \"东山村\nsummary: x\n", 1, "引号没有成对"),  # where the quote opens
        ("name: @东山村\n", 1, "特殊符号"),
        ("name: 东山村\n---\nname: 西山村\n", 2, "---"),
    ],
)
def test_syntax_errors_are_explained_in_chinese(text: str, line: int, words: str) -> None:
    _doc, [problem] = parse(text, F)
    assert problem.line == line and words in problem.message
    assert problem.message.startswith("YAML 格式错误") and problem.hint


def test_windows_line_endings_are_read_like_any_other(tmp_path: Path) -> None:
    path = tmp_path / "东山村.yaml"
    text = "name: 东山村\ndescription: |\n  时间：上午\n\n  第二段\nsummary：x\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    doc, problems = load(path, F)
    assert [(p.line, p.code) for p in problems] == [(6, "yaml-fullwidth-colon")]
    assert doc.data["description"] == "时间：上午\n\n第二段\n"
