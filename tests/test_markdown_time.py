"""A Markdown field is checked and rendered in time that grows with its length, not faster:
shapes of text that made Python-Markdown take seconds to minutes (thousands of heading lines
or link definitions in one block, nested or unclosed "[", nested quotes) are shown as plain
text, with a warning at the field.

Times are compared as a ratio in the same process, at n and 8n characters: growth like n² shows
as a ratio near 64 and seconds against milliseconds; the bound is generous for a busy machine.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

import pytest
import yaml
from conftest import Project

from generator.content.markdown import check_fields
from generator.content.models import Village
from generator.content.yamlsource import parse
from generator.pages.render import markdown_field

SHAPES: dict[str, Callable[[int], str]] = {
    "unclosed [": lambda n: "[" * n,
    "nested [": lambda n: "[" * (n // 2) + "]" * (n // 2),
    "unclosed ![": lambda n: "![" * (n // 2),
    "link heads": lambda n: "[a](" * (n // 4),
    "many [] pairs": lambda n: "[]" * (n // 2),
    "definitions in one block": lambda n: "[x]: https://a.cn\n" * (n // 18),
    "headings in one block": lambda n: "# a\n" * (n // 4),
    "empty headings": lambda n: "#\n" * (n // 2),
    "setext headings": lambda n: "a\n=\n" * (n // 4),
    "rules": lambda n: "---\n" * (n // 4),
    "nested quotes": lambda n: "> " * (n // 2) + "a",
    "stars": lambda n: "*" * (n // 2) + "a" + "*" * (n // 2),
    "underscores": lambda n: "_a" * (n // 2),
    "backticks": lambda n: "`" * n,
    "angle brackets": lambda n: "<a" * (n // 2),
    "blank lines": lambda n: "[a](b)" + "\n" * n + "c",
    "blank lines with spaces": lambda n: "[a](b)" + "\n  " * (n // 3) + "c",
    "paragraphs": lambda n: "[a](b)" + "\n\na" * (n // 3),
    "spaces": lambda n: "[a](b)" + " " * n + "c",
    "list items without their space": lambda n: "-a\n" * (n // 3),
    "references": lambda n: "&#" * (n // 2),
    "backslashes": lambda n: "\\" * n,
}
N = 2000


def _village(text: str) -> tuple[Village, object]:
    doc, _ = parse(yaml.safe_dump({"name": "东山村", "description": text}, allow_unicode=True),
                   "content/villages/东山村.yaml")
    return Village.model_validate(doc.data), doc


def _seconds(work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        gc.collect()
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("shape", list(SHAPES))
def test_checking_and_rendering_grow_with_the_text(shape: str) -> None:
    times = []
    for size in (N, 8 * N):
        text = SHAPES[shape](size)
        model, doc = _village(text)
        times.append(_seconds(lambda t=text, m=model, d=doc: (
            check_fields(m, d), markdown_field(t))))
    small, large = times
    assert large < 0.25 or large / small < 30, (shape, small, large)


def test_a_field_too_complex_to_convert_is_plain_text_with_a_warning(project: Project) -> None:
    headings = "".join(f"# 标题{i}\n" for i in range(150))
    project.write("content/villages/东山村.yaml",
                  "name: 东山村\ndescription: |\n" + "".join(f"  {line}\n"
                                                               for line in headings.splitlines()))
    result = project.build()
    warning = next(p for p in result.problems if p.code == "markdown-too-complex")
    assert (warning.file, warning.line) == ("content/villages/东山村.yaml", 2)
    assert "普通文字" in warning.message
    page = next(f for f in result.files if f.path == "villages/dongshancun.md").read_text()
    assert "<p># 标题0\n# 标题1" in page and "<h1>标题0" not in page
