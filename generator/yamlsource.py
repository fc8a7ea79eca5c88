"""Read one YAML file into plain data plus the source position of every value.

Catches what a tired editor types: wrong encodings, tabs, full-width colons, duplicate
keys, empty files and files whose top level is not a mapping. Never raises for user input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

try:  # the C parser is several times faster; positions are the same
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

Path_ = tuple[str | int, ...]
Position = tuple[int, int]  # 1-based line and column


@dataclass
class YamlDocument:
    """Plain data of one file, with a position for every mapping key and list item."""

    file: str
    data: Any = None
    positions: dict[Path_, Position] = field(default_factory=dict)

    def position(self, path: Path_) -> Position:
        """The position of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            found = self.positions.get(tuple(path[:end]))
            if found:
                return found
        return (1, 1)


_FULLWIDTH_KEY = re.compile(r"^\s*(?:-\s+)?[\w\u4e00-\u9fff]+\s*[：︰]")
_FULLWIDTH_SPACE_AFTER_KEY = re.compile(r"^\s*(?:-\s+)?[\w\u4e00-\u9fff]+:\u3000")


def decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 (with or without BOM) is accepted; anything else is explained."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(file, 1, 1, code="encoding-utf16",
                              message="文件是 UTF-16 编码，无法读取。",
                              hint="用记事本或 VS Code 打开，另存为“UTF-8”编码。")]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
    try:
        raw.decode("gb18030")
        guess = "GBK/GB18030（Windows 记事本的“ANSI”）"
    except UnicodeDecodeError:
        guess = "未知编码"
    return None, [Problem(file, line, column, code="encoding",
                          message=f"文件不是 UTF-8 编码，看起来是 {guess}。",
                          hint="用记事本“另存为”，编码选“UTF-8”后保存；或在 VS Code 右下角点编码，"
                               "选“通过编码保存”→“UTF-8”。")]


def _syntax_problem(file: str, text: str, error: yaml.YAMLError) -> Problem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    lines = text.splitlines()
    # Look at the reported line and the one before: PyYAML often reports the line after.
    for number in (line, line - 1):
        if not 1 <= number <= len(lines):
            continue
        source = lines[number - 1]
        if "\t" in source[: len(source) - len(source.lstrip())]:
            return Problem(file, number, 1, code="yaml-tab",
                           message="这一行用了 Tab 键缩进，YAML 只允许空格缩进。",
                           hint="把行首的 Tab 换成空格（每级两个空格）。")
        if _FULLWIDTH_KEY.match(source):
            col = next(i for i, ch in enumerate(source) if ch in "：︰") + 1
            return Problem(file, number, col, code="yaml-fullwidth-colon",
                           message="字段名后面用了中文全角冒号“：”。",
                           hint="改成英文半角冒号加一个空格，例如“name: 东山村”。")
        if _FULLWIDTH_SPACE_AFTER_KEY.match(source):
            col = source.index("\u3000") + 1
            return Problem(file, number, col, code="yaml-fullwidth-space",
                           message="冒号后面是中文全角空格。",
                           hint="冒号后面要用一个英文半角空格，例如“name: 东山村”。")
    reason = getattr(error, "problem", None) or str(error)
    return Problem(file, line, column, code="yaml-syntax",
                   message=f"YAML 格式错误（{reason}）。",
                   hint="检查这一行和上一行的缩进、冒号和引号是否成对；"
                        "冒号后要有一个空格，同一级的字段要对齐。")


class _Walker:
    """Turns a composed YAML node tree into plain data, recording positions."""

    def __init__(self, doc: YamlDocument, loader: Any) -> None:
        self.doc = doc
        self.loader = loader
        self.problems: list[Problem] = []

    def mark(self, path: Path_, node: yaml.Node) -> None:
        self.doc.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)

    def value(self, node: yaml.Node, path: Path_) -> Any:
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, child in enumerate(node.value):
                self.mark((*path, index), child)
                items.append(self.value(child, (*path, index)))
            return items
        return self.loader.construct_object(node, deep=True)

    def mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.loader.construct_object(key_node, deep=True)
            key = str(key) if not isinstance(key, str) else key
            line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key in result:
                first = self.doc.positions[(*path, key)][0]
                self.problems.append(Problem(
                    self.doc.file, line, column, code="yaml-duplicate-key",
                    message=f"字段“{key}”写了两次（第一次在第 {first} 行）。",
                    hint="同一层里每个字段只能写一次：删掉多余的一个，或把内容合并。"))
                continue
            self.doc.positions[(*path, key)] = (line, column)
            result[key] = self.value(value_node, (*path, key))
        return result


def parse(text: str, file: str) -> tuple[YamlDocument, list[Problem]]:
    """Parse YAML text; the document's data is None when it could not be read."""
    doc = YamlDocument(file)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return doc, [Problem(file, 1, 1, code="yaml-empty", message="文件是空的。",
                                 hint="填写内容，或删除这个文件。")]
        if not isinstance(node, yaml.MappingNode):
            doc.data = None
            return doc, [Problem(
                file, node.start_mark.line + 1, node.start_mark.column + 1,
                code="yaml-not-mapping",
                message="文件的最外层应当是“字段: 值”的列表。",
                hint="每个字段单独一行，写成“name: 东山村”的样子（英文冒号后加空格）。")]
        walker = _Walker(doc, loader)
        doc.positions[()] = (1, 1)
        doc.data = walker.mapping(node, ())
        return doc, walker.problems
    except yaml.YAMLError as error:
        return YamlDocument(file), [_syntax_problem(file, text, error)]
    finally:
        loader.dispose()


def load(path: Path, file: str) -> tuple[YamlDocument, list[Problem]]:
    """Read and parse one file; `file` is the name shown to the user."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return YamlDocument(file), [Problem(file, code="io", message=f"无法读取文件：{error}")]
    text, problems = decode(raw, file)
    if text is None:
        return YamlDocument(file), problems
    return parse(text, file)
