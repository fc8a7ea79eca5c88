"""Markdown fields made safe for Python-Markdown's running time, in one linear pass.

Python-Markdown (which MkDocs renders pages with) takes time quadratic in the input, or worse,
on a few constructs, and overflows Python's stack on deep nesting:

- every `[` (and `![`) is scanned to its matching `]`, to the end of the text when there is
  none: a run of unmatched brackets took 14 s for 4,000 of them; the same for a `(` after `](`;
- list items and quotes nested on one line (`1. 1. 1. …`) recurse once per level:
  1,500 levels ended in a RecursionError;
- each heading's id is compared with every earlier one of the same name (toc), and each
  admonition (`!!! note`) costs more the more there are before it.

Here those constructs are bounded before the text reaches it: a bracket or parenthesis that
is unmatched, or nested deeper than a link ever needs, a container marker deeper than any
real list, and headings and admonitions after the first `MAX_TITLED` of a field, get a
backslash (or an entity), which
Markdown shows as the character itself. Text in a code span is left as it is. What an editor
writes normally (links, nested lists, a few headings) is not changed at all.
"""

from __future__ import annotations

MAX_NESTING = 8  # quotes and list markers opened on one line
MAX_BRACKETS = 3  # `[` inside `[` inside `[`: a link in an image in a link
MAX_PARENS = 3  # `(` inside `(` inside `(`, in a link's address or its text
MAX_TITLED = 30  # headings and admonitions in one field; more are shown as plain paragraphs


def tame(text: str) -> str:
    """`text` with Python-Markdown's slow and recursive constructs escaped (see above)."""
    if not text:
        return text
    lines = text.split("\n")
    titled = 0
    for index, line in enumerate(lines):
        line = _bounded_nesting(line)
        body = line.lstrip(" ")
        if body.startswith(("#", "!!!", "???")) or (
                index and _underline(body) and lines[index - 1].strip()):
            titled += 1
            if titled > MAX_TITLED:  # "=" cannot be escaped with a backslash
                escape = "&#61;" if body[0] == "=" else "\\" + body[0]
                line = line[: len(line) - len(body)] + escape + body[1:]
        lines[index] = line
    out: list[str] = []
    start = 0
    for index in range(len(lines) + 1):  # paragraph by paragraph: blank lines end them
        if index == len(lines) or not lines[index].strip():
            if start < index:
                out.append(_bounded_brackets("\n".join(lines[start:index])))
            if index < len(lines):
                out.append(lines[index])
            start = index + 1
    return "\n".join(out)


def _underline(body: str) -> bool:
    """A setext heading's underline: a line of only "=" or only "-"."""
    stripped = body.rstrip()
    return bool(stripped) and (set(stripped) == {"="} or set(stripped) == {"-"})


def _marker_end(line: str, at: int) -> int:
    """Where a container marker starting at `at` ends (after its spaces), or -1."""
    if at >= len(line):
        return -1
    ch = line[at]
    if ch == ">" or (ch in "-*+" and line[at + 1: at + 2] in (" ", "\t")):
        end = at + 1
    else:
        end = at
        while end < len(line) and end - at < 9 and line[end].isdigit():
            end += 1
        if end == at or line[end: end + 1] not in (".", ")") or \
                line[end + 1: end + 2] not in (" ", "\t"):
            return -1
        end += 1
    while end < len(line) and line[end] in " \t":
        end += 1
    return end


def _bounded_nesting(line: str) -> str:
    """The line with its container marker beyond `MAX_NESTING` escaped."""
    at = len(line) - len(line.lstrip(" \t"))
    for _ in range(MAX_NESTING):
        end = _marker_end(line, at)
        if end < 0:
            return line
        at = end
    if _marker_end(line, at) < 0:
        return line
    if line[at].isdigit():  # "1." becomes "1\." (a backslash before a digit would show)
        dot = at
        while line[dot].isdigit():
            dot += 1
        return line[:dot] + "\\" + line[dot:]
    return line[:at] + "\\" + line[at:]


def _code_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of each code span on a line, as Python-Markdown pairs backtick runs: a run
    opens a span that the next run of the same length closes; a run never closed is text."""
    runs: list[tuple[int, int]] = []
    at = 0
    while True:
        at = line.find("`", at)
        if at < 0:
            break
        end = at
        while end < len(line) and line[end] == "`":
            end += 1
        runs.append((at, end))
        at = end
    following: list[int] = [-1] * len(runs)
    latest: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        following[index] = latest.get(length, -1)
        latest[length] = index
    spans = []
    index = 0
    while index < len(runs):
        close = following[index]
        if close < 0:
            index += 1
            continue
        spans.append((runs[index][0], runs[close][1]))
        index = close + 1
    return spans


def _bounded_brackets(paragraph: str) -> str:
    """The paragraph with unmatched and too deeply nested brackets and parentheses escaped."""
    if "[" not in paragraph and "(" not in paragraph:
        return paragraph
    skip: dict[int, int] = {}  # code span start → its end
    offset = 0
    for line in paragraph.split("\n"):
        for start, end in _code_spans(line):
            skip[offset + start] = offset + end
        offset += len(line) + 1
    escaped: list[int] = []
    brackets: list[int] = []
    parens: list[int] = []
    at = 0
    while at < len(paragraph):
        ch = paragraph[at]
        if ch == "\\":
            at += 2
            continue
        if at in skip:
            at = skip[at]
            continue
        if ch == "[":
            (escaped if len(brackets) >= MAX_BRACKETS else brackets).append(at)
        elif ch == "]" and brackets:
            brackets.pop()
        elif ch == "(":
            (escaped if len(parens) >= MAX_PARENS else parens).append(at)
        elif ch == ")" and parens:
            parens.pop()
        at += 1
    escaped += brackets + parens
    if not escaped:
        return paragraph
    escaped.sort()
    pieces, last = [], 0
    for at in escaped:
        pieces.append(paragraph[last:at])
        pieces.append("\\")
        last = at
    pieces.append(paragraph[last:])
    return "".join(pieces)
