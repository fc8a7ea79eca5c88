"""Problems: user mistakes reported as data, never as exceptions."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


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
        return text


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
