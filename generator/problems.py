"""Problems: user mistakes reported as data, never as exceptions."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

# Characters a terminal acts on instead of showing: C0 and C1 controls (ESC starts the escape
# sequences that recolour, move the cursor or retitle the window; CR overwrites a line) and
# the bidirectional overrides that make text read other than it is stored. Printed text from
# content shows them as visible escapes.
_ACTIVE = [*range(0x20), 0x7F, *range(0x80, 0xA0), 0x061C, 0x200E, 0x200F, 0x2028, 0x2029,
           *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_SHOWN = {code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" for code in _ACTIVE}
_LINES = str.maketrans({k: v for k, v in _SHOWN.items() if k not in (0x09, 0x0A)})
_ONE_LINE = str.maketrans(_SHOWN)


def terminal_safe(text: str, one_line: bool = False) -> str:
    """`text` as it can be printed to a terminal: controls and direction overrides shown as
    escapes (`\\x1b`); line breaks and tabs kept unless `one_line`."""
    return text.translate(_ONE_LINE if one_line else _LINES)


class Severity(StrEnum):
    ERROR = "错误"
    WARNING = "警告"


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in the content, located at file:line:column (1-based; 0 = unknown)."""

    file: str
    line: int = 0
    column: int = 0
    severity: Severity = field(default=Severity.ERROR, compare=False)
    code: str = field(default="", compare=False)
    message: str = field(default="", compare=False)
    hint: str = field(default="", compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        text = f"{where}: {self.severity.value}: {self.message}"
        if self.hint:
            text += f" 提示: {self.hint}"
        return terminal_safe(text, one_line=True)  # one problem, one line, nothing active


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Every problem once, ordered by file, line and column."""
    unique = {(p.file, p.line, p.column, p.code, p.message): p for p in problems}
    return sorted(unique.values(), key=lambda p: (p.file, p.line, p.column, p.code, p.message))


def has_errors(problems: list[Problem]) -> bool:
    return any(p.is_error for p in problems)


def format_report(problems: list[Problem]) -> str:
    ordered = sort_problems(problems)
    errors = sum(p.is_error for p in ordered)
    warnings = len(ordered) - errors
    lines = [p.format() for p in ordered]
    lines.append(f"共 {errors} 个错误，{warnings} 个警告。")
    return "\n".join(lines)
