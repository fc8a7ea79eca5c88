"""Read one YAML file into plain data plus the source position of every value.

Catches what a tired editor types: wrong encodings, tabs, full-width colons and spaces,
a missing space after a colon, list dashes typed in a Chinese input method, duplicate
keys, empty files and files whose top level is not a mapping. Typing slips are reported
line by line and repaired in memory, so one run lists every slip in a file and, where the
repair cannot change the file's structure, the repaired data is still validated.
Never raises for user input.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.content import hints
from generator.problems import Problem, Severity

try:  # the C parser is several times faster; positions are the same
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """YAML 1.2 core schema, as editors (yaml-language-server) read it.

    PyYAML's YAML 1.1 rules turn `1:30` into 90, `yes` into True and `0594` into octal;
    here only true/false are booleans, only plain decimal numbers are numbers, and dates
    stay text (the model parses them).
    """

    yaml_implicit_resolvers: dict = {}


_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"))
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."))

Path_ = tuple[str | int, ...]
Position = tuple[int, int]  # 1-based line and column


class YamlDocument:
    """Plain data of one file, with a position for every mapping key and list item.

    A document may be kept as its text alone (`release`, `of_text`): its data and positions
    are parsed again the first time something asks for them, such as a problem to place in
    the file. For a valid file that is almost never, so a build does not hold the position of
    every value of a county's files."""

    def __init__(self, file: str, data: Any = None,
                 positions: dict[Path_, Position] | None = None,
                 guessed_lines: frozenset[int] = frozenset(), text: str | None = None) -> None:
        self.file = file
        self._data = data
        self._positions: dict[Path_, Position] | None = {} if positions is None else positions
        # lines whose indentation was repaired in memory (a guess): later stages say nothing
        # more about them, the slip is already reported there
        self.guessed_lines = guessed_lines
        self.text = text  # what was parsed, when it could be

    @classmethod
    def of_text(cls, file: str, text: str, guessed_lines: frozenset[int]) -> YamlDocument:
        """A document that was read from `text` before, parsed again when asked for."""
        doc = cls(file, guessed_lines=guessed_lines, text=text)
        doc._positions = None
        return doc

    def _parse_again(self) -> None:
        if self._positions is None:
            assert self.text is not None
            doc, _ = parse(self.text, self.file)
            self._data, self._positions = doc._data, doc._positions

    @property
    def readable(self) -> bool:
        """Whether the file could be read as YAML at all (without parsing it again)."""
        return self._positions is None or self._data is not None

    @property
    def data(self) -> Any:
        self._parse_again()
        return self._data

    @data.setter
    def data(self, value: Any) -> None:
        self._data = value

    @property
    def positions(self) -> dict[Path_, Position]:
        self._parse_again()
        assert self._positions is not None
        return self._positions

    def position(self, path: Path_) -> Position:
        """The position of `path`, or of its nearest ancestor that has one."""
        positions = self.positions
        for end in range(len(path), -1, -1):
            found = positions.get(tuple(path[:end]))
            if found:
                return found
        return (1, 1)

    def release(self) -> None:
        """Forget the parsed data and positions, keeping the text: they are parsed again the
        first time something asks for them. A county's files hold the position of every value,
        several times their text; once validated, only a problem placed later needs them."""
        if self._can_parse_again():
            self._data = self._positions = None

    def _can_parse_again(self) -> bool:
        return self.text is not None and self._data is not None

    def __repr__(self) -> str:
        return f"YamlDocument({self.file!r})"


SAVE_AS_UTF8 = ("用记事本打开，点“文件”→“另存为”，下方“编码”选“UTF-8”后保存；"
                "或在 VS Code 右下角点编码名称，选“通过编码保存”→“UTF-8”。")


def _looks_like_utf16(head: bytes) -> bool:
    """UTF-16 without a byte order mark: a NUL in every other byte of the Latin text (field
    names, colons, spaces). One stray NUL in a UTF-8 file is a control character, not this."""
    if len(head) < 4:
        return False
    halves = (head[0::2], head[1::2])
    return any(half.count(0) * 3 >= len(half) for half in halves)


def decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 (with or without BOM) is accepted; anything else is explained."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_like_utf16(raw[:400]):
        return None, [Problem(file, 1, 1, code="encoding-utf16",
                              message="文件是 UTF-16 编码（记事本里叫“Unicode”），无法读取。",
                              hint=SAVE_AS_UTF8)]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = len(raw[raw.rfind(b"\n", 0, error.start) + 1: error.start]
                     .decode("utf-8", "replace")) + 1
    try:
        raw.decode("gb18030")
        guess = "GBK/GB18030（Windows 记事本里叫“ANSI”）"
    except UnicodeDecodeError:
        guess = "其他编码"
    return None, [Problem(file, line, column, code="encoding",
                          message=f"文件不是 UTF-8 编码，看起来是 {guess}。",
                          hint=SAVE_AS_UTF8)]


# ---- typing slips, found line by line ------------------------------------------------

# Every pattern here is matched against one line at a time and cannot backtrack: each
# quantifier is possessive (`*+`) or meets a character it cannot take, so a line of any length
# is checked in time linear in its length (a hostile run of spaces, dashes or colons included).
_ITEM = r"(?:-[ \t]++)?+"
_KEY = r"[^\W\d][\w\-]*+"
_ASCII_KEY = r"[A-Za-z_][A-Za-z0-9_]*+"
_TAB_INDENT = re.compile(r"^[ \u3000]*+\t[ \t\u3000]*+")
_FULLWIDTH_INDENT = re.compile(r"^[ \t]*+\u3000[ \t\u3000]*+(?=\S)")
_FULLWIDTH_DASH = re.compile(r"^([ \t]*+)[－—–]++[ \t\u3000]*+(?=\S)")
_DASH_NO_SPACE = re.compile(r"^([ \t]*+)-(?=[^\s\-\d.])")
_FULLWIDTH_COLON = re.compile(rf"^([ \t]*+{_ITEM}{_KEY})[ \t]*+[：︰][ \t\u3000]*+")
_FULLWIDTH_SPACE = re.compile(rf"^([ \t]*+{_ITEM}{_KEY}:)[ \t]*+\u3000[ \t\u3000]*+")
_NO_SPACE = re.compile(rf"^([ \t]*+{_ITEM}(?!(?:https?|tel|mailto):){_ASCII_KEY}:)"
                       r"(?=[^\s/\\:])")
_COLONS = ":：︰"


def _block_indicator(text: str, at: int) -> bool:
    """Whether `text[at:]` is a block scalar's indicator: `|` or `>`, then chomping and
    indentation indicators, spaces and at most a comment. Scans by index: no copies."""
    if at >= len(text) or text[at] not in "|>":
        return False
    at += 1
    while at < len(text) and text[at] in "-+0123456789":
        at += 1
    while at < len(text) and text[at] in " \t":
        at += 1
    return at == len(text) or text[at] == "#"


def _starts_block(line: str) -> bool:
    """`key: |`, `- |`, `- key: >-` and the like: the line opens a block of free text.
    Each character is looked at a bounded number of times, however many colons the line has."""
    start = len(line) - len(line.lstrip(" \t"))
    while line[start: start + 1] == "-" and line[start + 1: start + 2] in (" ", "\t"):
        start += 1
        while start < len(line) and line[start] in " \t":
            start += 1
    if _block_indicator(line, start):
        return True
    if start == len(line) or line[start] in "#'\"" or line[start].isspace():
        return False
    comment = line.find("#", start)
    end = len(line) if comment < 0 else comment
    for at in range(start, end):
        if line[at] in _COLONS:
            after = at + 1
            while after < len(line) and line[after] in " \t\u3000":
                after += 1
            if _block_indicator(line, after):
                return True
    return False


@dataclass(frozen=True)
class _Slip:
    code: str
    pattern: re.Pattern[str]
    repair: Callable[[re.Match[str]], str]
    message: str
    hint: str
    structural: bool  # the repair is a guess at the file's structure
    column: Callable[[re.Match[str]], int]
    in_text: bool = False  # also a slip on a continuation line of text


def _spaces(text: str) -> str:
    return "".join("  " if ch in "\t\u3000" else ch for ch in text)


_SLIPS: tuple[_Slip, ...] = (
    _Slip("yaml-tab", _TAB_INDENT, lambda m: _spaces(m.group(0)),
          "这一行用了 Tab 键缩进，YAML 只允许空格缩进。",
          "把行首的 Tab 换成空格（每级两个空格），上下同一级的字段要左对齐。", True,
          lambda m: m.group(0).index("\t") + 1, in_text=True),
    _Slip("yaml-fullwidth-indent", _FULLWIDTH_INDENT, lambda m: _spaces(m.group(0)),
          "这一行行首用了中文全角空格缩进。",
          "把行首的全角空格换成英文半角空格（每级两个），上下同一级的字段要左对齐。", True,
          lambda m: m.group(0).index("\u3000") + 1, in_text=True),
    _Slip("yaml-fullwidth-dash", _FULLWIDTH_DASH, lambda m: m.group(1) + "- ",
          "列表项开头用了中文的横线（“－”或“—”）。",
          "列表的每一项要以英文减号加一个空格“- ”开头（切换到英文输入法再输入）。", False,
          lambda m: len(m.group(1)) + 1),
    _Slip("yaml-dash-space", _DASH_NO_SPACE, lambda m: m.group(1) + "- ",
          "列表项的“-”后面少了一个空格。",
          "写成“- ”加内容：{fixed}", False,
          lambda m: len(m.group(1)) + 1),
    _Slip("yaml-fullwidth-colon", _FULLWIDTH_COLON, lambda m: m.group(1) + ": ",
          "字段名后面用了中文全角冒号“：”。",
          "改成英文半角冒号加一个空格，写成：{fixed}", False,
          lambda m: len(m.group(1).rstrip()) + 1),
    _Slip("yaml-fullwidth-space", _FULLWIDTH_SPACE, lambda m: m.group(1) + " ",
          "冒号后面是中文全角空格。",
          "冒号后面要用一个英文半角空格，写成：{fixed}", False,
          lambda m: len(m.group(1)) + 1),
    _Slip("yaml-colon-space", _NO_SPACE, lambda m: m.group(1) + " ",
          "冒号后面少了一个空格。",
          "字段名、英文冒号、一个空格、内容，写成：{fixed}", False,
          lambda m: len(m.group(1))),
)


_KEY_LINE = re.compile(
    rf"^([ \t\u3000]*+(?:-[ \t]++)*+)({_KEY}[ \t]*+[:：︰](?:[ \t\u3000]++|$))?+(.*+)$")


def _chinese_key(fixed: str) -> bool:
    """Whether a line's key (the text before its first colon) is written in Chinese."""
    key, colon, _ = fixed.removeprefix("-").lstrip().partition(":")
    return bool(colon) and any("\u3400" <= ch <= "\u9fff" for ch in key)


def _width(text: str) -> int:
    return sum(2 if ch in "\t\u3000" else 1 for ch in text)


def _indent(line: str) -> int:
    """The width of a line's indentation (a tab or a full-width space counts two)."""
    return _width(line[: len(line) - len(line.lstrip(" \t\u3000"))])


def _free_text_lines(lines: list[str]) -> tuple[set[int], set[int]]:
    """0-based indexes of lines inside `key: |` blocks, and of continuation lines of text.

    Free text is not checked for typing slips: a line like `注意：周一闭馆` there is prose.
    """
    blocks: set[int] = set()
    continued: set[int] = set()
    block_parent: int | None = None
    text_parent: int | None = None  # indent of the key whose text value may continue
    for index, line in enumerate(lines):
        stripped = line.lstrip(" \t\u3000")
        indent = _width(line[: len(line) - len(stripped)])
        if block_parent is not None:
            if not stripped.strip() or indent > block_parent:
                blocks.add(index)
                continue
            block_parent = None
        if not stripped.strip() or stripped.startswith("#"):
            continue
        if text_parent is not None and indent > text_parent:
            continued.add(index)
            continue
        match = _KEY_LINE.match(line)
        assert match is not None  # every line matches: both groups are optional
        owner = _width(match.group(1))  # column of the key
        if not match.group(2) and match.group(1).rstrip().endswith("-"):
            owner = _width(match.group(1).rstrip()) - 1  # a bare list item: column of its "-"
        value = match.group(3).split(" #")[0].strip()
        if _starts_block(line):
            block_parent, text_parent = owner, None
        elif value:
            text_parent = owner
        else:
            text_parent = None
    return blocks, continued


def _scan(lines: list[str], file: str) -> tuple[list[str], list[Problem], set[int]]:
    """Repaired lines, one problem per slip, and the lines whose indentation was guessed."""
    problems: list[Problem] = []
    structural: set[int] = set()
    repaired = list(lines)
    blocks, continued = _free_text_lines(lines)
    for index, line in enumerate(lines):
        if index in blocks or not line.strip() or line.lstrip(" \t\u3000").startswith("#"):
            continue
        found: list[tuple[_Slip, int]] = []
        original = line
        for slip in _SLIPS:
            if index in continued and not slip.in_text:
                continue
            match = slip.pattern.match(line)
            if match is None:
                continue
            # earlier repairs on this line are all to the left: count columns as typed
            found.append((slip, slip.column(match) - (len(line) - len(original))))
            line = slip.repair(match) + line[match.end():]
            if slip.structural:
                structural.add(index + 1)
        repaired[index] = line
        fixed = hints.clip(line.strip(), 120)
        for slip, column in found:
            shown = f"“{fixed}”" if fixed.isascii() or not _chinese_key(fixed) \
                else "“字段名: 内容”（字段名用英文）"
            problems.append(Problem(file, index + 1, column, code=slip.code,
                                    message=slip.message, hint=slip.hint.format(fixed=shown)))
    return repaired, problems, structural


# ---- syntax errors PyYAML finds ---------------------------------------------------------

_QUOTES = ("引号没有成对。", "检查这一行的引号：左右都要是英文引号（' 或 \"），并且成对；"
           "文字里本身有引号时，用中文引号“”。")
_QUOTE_IT = "用英文单引号把整段内容括起来，写成：{quoted}"
# (what PyYAML says, message, hint); {quoted} is the line as written with its value quoted
_REASONS: tuple[tuple[str, str, str], ...] = (
    ("unknown escape character", "双引号里的“\\”后面跟了不认识的字符。",
     "路径请用“/”分隔；或者把双引号换成单引号。"),
    ("hexdecimal number", "双引号里的“\\”后面跟了不认识的字符。",
     "路径请用“/”分隔；或者把双引号换成单引号。"),
    ("quoted scalar", *_QUOTES),
    ("mapping values are not allowed", "这一行多了一个“: ”，或者缩进不对。",
     "文字里有“: ”时，" + _QUOTE_IT + "；否则检查这一行是否和同一级的字段左对齐。"),
    ("could not find expected ':'",
     "这一行或上一行缺少“字段: ”中的冒号，或者一段文字换行后没有缩进。",
     "每个字段写成“字段: 内容”（英文冒号后加空格）；文字要分行时，写成“description: |”，"
     "下面的每一行比字段名多缩进两个空格。"),
    ("expected '-' indicator", "列表的缩进没有对齐。",
     "列表的每一项都以“- ”开头，各项的“-”要上下对齐。"),
    ("expected key", "缩进没有对齐。", "同一级的字段要左边对齐（只用空格，每级两个空格）。"),
    ("expected <block end>", "缩进没有对齐。",
     "同一级的字段或列表项要左边对齐（只用空格，每级两个空格）。"),
    ("cannot start any token", "这一行的内容以特殊符号开头（例如 @、`、%）。", _QUOTE_IT + "。"),
    ("alias", "内容以“*”开头，YAML 会把它当成引用（别名）。",
     "要显示“*”（例如 Markdown 的 *斜体*）时，" + _QUOTE_IT + "。"),
    ("anchor", "内容以“&”或“*”开头，YAML 会把它当成引用。", _QUOTE_IT + "。"),
    ("tag", "内容以“!”开头，YAML 会把它当成类型标记。", _QUOTE_IT + "。"),
    ("single document", "文件里有“---”，把内容分成了好几份。",
     "一个文件只写一项：删掉“---”这一行，把另一项写到新文件里。"),
    ("special characters are not allowed", "文件里有看不见的控制字符。",
     "删掉这一行重新输入，或从别处复制文字时先粘贴到记事本里。"),
    ("tab", "这一行用了 Tab 键。", "YAML 只允许空格：把 Tab 换成空格（每级两个空格）。"),
    ("nesting depth", "括号或缩进嵌套了上千层，无法读取。",
     "检查这一行：是不是多打了很多“[”“{”，或每行都比上一行多缩进了？"),
    ("document start", "文件里有“...”，它后面的内容读不到。",
     "删掉只有“...”的那一行（它在 YAML 里表示文件结束）。"),
    ("end of stream", *_QUOTES),
)


def _quoted_path(line: str) -> str | None:
    """A computer path in double quotes on the line (Explorer's “复制文件地址” gives
    `"C:\\Users\\…\\1.jpg"`), as written."""
    start = line.find('"')
    if start < 0:
        return None
    end = line.find('"', start + 1)
    inside = line[start + 1: end if end > 0 else len(line)]
    return inside if "\\" in inside and hints.computer_path(inside) else None


def _path_problem(file: str, line: int, column: int, text: str, written: str) -> Problem:
    before = text[: text.find('"')].rstrip()
    return Problem(
        file, line, column, code="yaml-computer-path",
        message=f"照片路径写成了电脑上的完整路径“{written}”（资源管理器“复制文件地址”得到的就是这样）。",
        hint="照片要放在 assets/ 里，路径从 assets/ 之后写起，用“/”分隔，不加引号，写成："
             f"“{before.strip()} {hints.path_in_assets(written, file)}”")


def _syntax_problem(file: str, error: yaml.YAMLError, text: str) -> Problem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    written = text.rstrip().split("\n")
    if line > len(written):  # noticed only at the end of the file: name where it started
        start = getattr(error, "context_mark", None)
        if start is not None and start.line < len(written):
            line, column = start.line + 1, start.column + 1
        else:
            line = len(written)
            column = len(written[-1]) - len(written[-1].lstrip()) + 1
    here = written[line - 1] if 0 < line <= len(written) else ""
    path = _quoted_path(here)
    if path is not None:
        return _path_problem(file, line, column, here, path)
    reason = " ".join(str(getattr(error, part, "") or "") for part in ("context", "problem"))
    quoted = hints.quoted_line(here)
    for needle, message, hint in _REASONS:
        if needle in reason:
            if "{quoted}" in hint:
                hint = hint.format(quoted=f"“{hints.clip(quoted, 120)}”" if quoted else "name: '…'")
            return Problem(file, line, column, code="yaml-syntax",
                           message=f"YAML 格式错误：{message}", hint=hint)
    return Problem(file, line, column, code="yaml-syntax", message="YAML 格式错误。",
                   hint="检查这一行和上一行：缩进是否对齐、冒号后是否有空格、引号是否成对。")


ALIAS_ALLOWANCE = 100_000  # characters aliases may add beyond the file's own size


class _AliasBomb(Exception):
    """Aliases (`*name`) would expand the file far beyond its size ("billion laughs")."""

    def __init__(self, path: Path_) -> None:
        self.path = path


class _Walker:
    """Turns a composed YAML node tree into plain data, recording positions.

    The composed tree shares an anchored node between its aliases; walking it expands each
    alias again. What aliases add is counted (a node, and a scalar's characters) and may not
    exceed the file's own size plus `ALIAS_ALLOWANCE`: a few lines of nested aliases would
    otherwise expand into billions of values, and an alias inside itself forever."""

    def __init__(self, doc: YamlDocument, loader: Any, text: str) -> None:
        self.doc = doc
        self.loader = loader
        self.text = text
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.open: set[int] = set()  # nodes being walked: an alias to one is a loop
        self.expanding = 0  # depth inside nodes reached through an alias
        self.outermost: Path_ = ()  # where the alias being expanded is written
        self.budget = len(text) + ALIAS_ALLOWANCE

    def mark(self, path: Path_, node: yaml.Node) -> None:
        self.doc.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)

    def value(self, node: yaml.Node, path: Path_) -> Any:
        aliased = id(node) in self.seen
        self.seen.add(id(node))
        if aliased and not self.expanding:
            self.outermost = path
        if aliased or self.expanding:
            self.budget -= 1 + (len(node.value) if isinstance(node, yaml.ScalarNode) else 0)
            if self.budget < 0 or id(node) in self.open:
                raise _AliasBomb(self.outermost)
        self.expanding += aliased
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self.mapping(node, path)
            if isinstance(node, yaml.SequenceNode):
                items = []
                for index, child in enumerate(node.value):
                    self.mark((*path, index), child)
                    items.append(self.value(child, (*path, index)))
                return items
            try:
                return self.loader.construct_object(node, deep=True)
            except (ValueError, OverflowError):  # a number of thousands of digits
                self.problems.append(Problem(
                    self.doc.file, node.start_mark.line + 1, node.start_mark.column + 1,
                    code="yaml-number-too-long",
                    message=f"这个数字太长了（有 {len(node.value)} 位），无法读取。",
                    hint="检查是不是多按了键；数字字段只写正常大小的数。"))
                return node.value
        finally:
            self.expanding -= aliased
            self.open.discard(id(node))

    def mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key = self.loader.construct_object(key_node, deep=True)
            else:  # `? [a, b]`: a list or mapping as a key is named as written
                key = self.text[key_node.start_mark.index: key_node.end_mark.index] or "?"
            key = str(key) if not isinstance(key, str) else key
            line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key in result:
                first = self.doc.positions[(*path, key)][0]
                self.problems.append(Problem(
                    self.doc.file, line, column, code="yaml-duplicate-key",
                    message=f"字段“{hints.clip(key)}”写了两次（第一次在第 {first} 行）。",
                    hint="同一层里每个字段只能写一次：删掉多余的一个，或把内容合并到第一个里。"))
                continue
            self.doc.positions[(*path, key)] = (line, column)
            result[key] = self.value(value_node, (*path, key))
        return result


def _not_a_mapping(file: str, node: yaml.Node, text: str) -> Problem:
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    found = hints.item_of(file)
    example = f"name: {found[1] if found else '名称'}"
    if isinstance(node, yaml.SequenceNode):
        first = text.split("\n")[node.start_mark.line].strip()
        rest = first[1:].strip()
        shown = (f"把“{hints.clip(first)}”改成“{hints.clip(rest)}”" if ": " in rest
                 else f"每个字段写成“字段: 内容”，例如“{example}”")
        return Problem(file, line, column, code="yaml-not-mapping",
                       message="文件的最外层是一个列表（以“- ”开头），应当是一行一个“字段: 内容”。",
                       hint=f"去掉最外层行首的“- ”：{shown}。")
    return Problem(file, line, column, code="yaml-not-mapping",
                   message="文件的最外层只有一段文字，应当是一行一个“字段: 内容”。",
                   hint=f"每个字段单独一行，写成“{example}”的样子："
                        "字段名、英文冒号、一个空格、内容。")


def _compose(text: str, file: str) -> tuple[YamlDocument, list[Problem]]:
    doc = YamlDocument(file)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return doc, [Problem(file, 1, 1, code="yaml-empty",
                                 message="文件是空的（没有内容，或者只有以“#”开头的说明）。",
                                 hint="填写内容（至少写上“name: 名称”），或删除这个文件。")]
        if not isinstance(node, yaml.MappingNode):
            return doc, [_not_a_mapping(file, node, text)]
        walker = _Walker(doc, loader, text)
        doc.positions[()] = (1, 1)
        doc.data = walker.mapping(node, ())
        return doc, walker.problems
    except _AliasBomb as bomb:
        # an alias in a list is marked where its anchor is: name the line of the list's key
        where = bomb.path[:-1] if bomb.path and isinstance(bomb.path[-1], int) else bomb.path
        line, column = doc.position(where)
        return YamlDocument(file), [Problem(
            file, line, column, code="yaml-alias-bomb",
            message="YAML 格式错误：用“&名字”“*名字”写的引用展开后比整个文件大得多，文件无法读取。",
            hint="每项内容直接写出来，不要用“&”“*”引用别处的内容；"
                 "文字本身以“&”或“*”开头时，用英文单引号把整段括起来。")]
    except yaml.YAMLError as error:
        return YamlDocument(file), [_syntax_problem(file, error, text)]
    except (ValueError, OverflowError, RecursionError):  # e.g. a number too large to read
        return YamlDocument(file), [Problem(file, 1, 1, code="yaml-syntax",
                                            message="YAML 格式错误：有一个值无法读取。",
                                            hint="检查很长的数字或很深的嵌套。")]
    finally:
        loader.dispose()


_HASH_VALUE = re.compile(rf"^([ \t]*+{_ITEM}{_KEY}:[ \t]++)#")


def _indent_of_next_content(lines: list[str]) -> list[int]:
    """For each line, the indentation of the next line below it that is neither blank nor a
    comment (-1 when there is none): one pass from the end, whatever the number of lines."""
    found = [-1] * len(lines)
    below = -1
    for index in range(len(lines) - 1, -1, -1):
        found[index] = below
        line = lines[index]
        if line.strip() and not line.lstrip().startswith("#"):
            below = _indent(line)
    return found


def _hidden_by_hash(lines: list[str], file: str) -> list[Problem]:
    """`summary: #1 茶乡` is a key with an empty value and a comment: say so."""
    problems = []
    blocks, continued = _free_text_lines(lines)
    following = _indent_of_next_content(lines)
    for index, line in enumerate(lines):
        match = _HASH_VALUE.match(line)
        if match is None or index in blocks or index in continued:
            continue
        indent = _indent(line)
        if following[index] > indent:
            continue  # `photos:  # 照片` followed by the photos: a real comment
        problems.append(Problem(
            file, index + 1, len(match.group(1)) + 1, severity=Severity.WARNING,
            code="yaml-hash-value",
            message="“#”和后面的文字被当成了说明（注释），这个字段现在是空的。",
            hint="如果这是要显示的内容，用英文单引号括起来，写成："
                 f"“{hints.clip(match.group(1).strip())} "
                 f"'{hints.clip(line[match.end() - 1:].strip().replace(chr(39), chr(39) * 2))}'”；"
                 "如果本来就是说明，可以不管。"))
    return problems


# What YAML does not allow in a file (its "printable" set is the complement), and the line
# separators it counts as line breaks where editors show none. One character class: a scan
# in time linear in the text.
_UNPRINTABLE = re.compile("[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd"
                          "\U00010000-\U0010ffff]")
_SEPARATORS = {"\x85": "下一行符 NEL", "\u2028": "分行符 LS", "\u2029": "分段符 PS"}
_CONTROL_NAMES = {0: "空字符 NUL", 8: "退格符 BS", 0xB: "垂直制表符 VT", 0xC: "换页符 FF",
                  0x1B: "转义符 ESC", 0x7F: "删除符 DEL"}


def control_name(ch: str) -> str:
    """How a message names an invisible character: its Chinese name and code point."""
    code = f"U+{ord(ch):04X}"
    name = _SEPARATORS.get(ch) or _CONTROL_NAMES.get(ord(ch))
    return f"{name}，{code}" if name else code


def _unprintable(lines: list[str], file: str) -> tuple[list[str], list[Problem]]:
    """Lines without the characters YAML refuses, and one problem per line that had some.
    A control character is an error (it is in the file); a line separator pasted from a web
    page is read as a space, with a warning: either way the rest of the file is still read."""
    problems: list[Problem] = []
    repaired = lines
    for index, line in enumerate(lines):
        found = _UNPRINTABLE.search(line)
        if found is None:
            continue
        if repaired is lines:
            repaired = list(lines)
        ch = found.group()
        separator = ch in _SEPARATORS
        problems.append(Problem(
            file, index + 1, found.start() + 1,
            severity=Severity.WARNING if separator else Severity.ERROR,
            code="yaml-separator" if separator else "yaml-control",
            message=(f"这一行有一个看不见的换行符（{control_name(ch)}），检查时当作空格。"
                     if separator else
                     f"这一行第 {found.start() + 1} 个字符是看不见的控制字符"
                     f"（{control_name(ch)}），YAML 文件里不允许有。"),
            hint=("它多半是从网页复制来的；删掉它，需要分行时写成“字段: |”，"
                  "下一行起多缩进两个空格。"
                  if separator else
                  "把光标移到这个位置删掉它；看不见的话，删掉这一行重新输入"
                  "（从网页、Word 或聊天软件复制的文字里常带这种字符）。")))
        repaired[index] = _UNPRINTABLE.sub(lambda m: " " if m.group() in _SEPARATORS else "",
                                           line)
    return repaired, problems


def parse(text: str, file: str) -> tuple[YamlDocument, list[Problem]]:
    """Parse YAML text; the document's data is None when it could not be read."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")  # Windows files too
    lines, unprintable = _unprintable(lines, file)
    repaired, slips, guessed = _scan(lines, file)
    slips = unprintable + slips
    doc, problems = _compose("\n".join(repaired), file)
    problems = slips + [p for p in problems
                        if not (p.code == "yaml-syntax" and any(s.line == p.line for s in slips))]
    doc.guessed_lines = frozenset(guessed)
    doc.text = text
    if doc.data is not None:
        problems += _hidden_by_hash(lines, file)
    return doc, problems


def load(path: Path, file: str) -> tuple[YamlDocument, list[Problem]]:
    """Read and parse one file; `file` is the name shown to the user."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return YamlDocument(file), [Problem(
            file, code="io", message=f"无法读取文件（{error.strerror}）。",
            hint="检查文件是否被其他程序占用，或是否有读取权限。")]
    return load_bytes(raw, file)


def load_bytes(raw: bytes, file: str) -> tuple[YamlDocument, list[Problem]]:
    """Parse a file's bytes already read; `file` is the name shown to the user."""
    text, problems = decode(raw, file)
    if text is None:
        return YamlDocument(file), problems
    return parse(text, file)


def check_syntax(text: str, file: str) -> tuple[Any, list[Problem]]:
    """The typing slips and syntax errors of a YAML file that another program reads (such
    as MkDocs' mkdocs.yml, with its own tags): its node tree is composed, never constructed,
    so tags like `!!python/name:` are left alone. The tree's root is None when it could not be
    read, or when anything had to be repaired."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines, unprintable = _unprintable(lines, file)
    repaired, slips, _guessed = _scan(lines, file)
    problems = unprintable + slips
    try:  # repaired: a slip is reported once, at its own line
        root = yaml.compose("\n".join(repaired), Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        syntax = _syntax_problem(file, error, "\n".join(repaired))
        if not any(p.line == syntax.line for p in problems):
            problems.append(syntax)
        return None, problems
    return (None if problems else root), problems
