"""Reading YAML files: positions, and the mistakes a tired editor makes."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.yamlsource import load, parse

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
        ("name: [东山村\n", 2, "yaml-syntax", "YAML 格式错误"),
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
