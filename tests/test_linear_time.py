"""Every check takes time linear in its input: long runs of each special character are fed to
every checker at two sizes, n and 8n, and the two times are compared in the same process.

The bound is generous on purpose: a pattern that backtracks shows as seconds against
milliseconds (a run of 16,000 spaces took a second in plain text, 100,000 took minutes), not
as a few percent. Times are the process's own CPU time, so other work on a busy machine does
not count; below `FLOOR` seconds nothing is compared: that is noise, not growth."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Project

from generator.content.numbers import read_number
from generator.content.validate import validate
from generator.content.yamlsource import load_bytes, parse
from generator.media.stage import camera_name
from generator.pages.render import escape_text, markdown_field
from generator.pipeline import Settings, check

N = 1000
RATIO = 24  # linear is 8, quadratic 64
FLOOR = 0.05  # seconds of CPU time

SPECIALS = [
    " ", "\t", "\u3000", "\n", "\r\n", "\n\n", ":", "：", ": ", "-", "- ", "-a", "－", "—", "#",
    " #", "'", '"', "[", "]", "(", ")", "](", "![", "{", "}", "*", "&", "!", "|", ">", "> ",
    "%", "@", "`", "\\", "/", ".", ",", "_", "<", "=", "~", "^", "$", "+", "?", "a", "文",
    "1. ", "a: ", "a: #", "http://", "mailto:a@", "a@", "\u200b", "\u2028", "\x1b", "\x00",
    "IMG_", "九", "0594－", "*a*", "&a", "!!! ", "# ",
]
FORMS: dict[str, Callable[[str, int], str]] = {
    "run": lambda c, n: c * n,  # "[[[[…"
    "words": lambda c, n: ("a" + c) * n,  # "a[a[a[…"
    "lines": lambda c, n: (c + "x\n") * (n // 4),  # "[x\n[x\n…"
}


def _seconds(work: Callable[[], object], times: int = 1) -> float:
    best = float("inf")
    for _ in range(times):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def _grows_linearly(work: Callable[[object], object], small: object, large: object) -> str:
    """"" when `large` (8 times `small`) takes at most RATIO times as long; else the times.
    A pair that looks slow is timed again, best of three, before it counts: the machine may
    have been busy."""
    for times in (1, 3):
        t_small = _seconds(lambda: work(small), times)
        t_large = _seconds(lambda: work(large), times)
        if t_large <= max(RATIO * t_small, FLOOR):
            return ""
    return f"{t_small:.3f}s → {t_large:.3f}s"


def _assert_linear(name: str, checker: Callable[[str], object], n: int = N,
                   specials: list[str] = SPECIALS) -> None:
    slow = []
    for special in specials:
        for form, make in FORMS.items():
            found = _grows_linearly(checker, make(special, n), make(special, 8 * n))
            if found:
                slow.append(f"{special!r} {form}: {found}")
    assert not slow, f"{name} is not linear in its input:\n" + "\n".join(slow)


F = "content/villages/西山村.yaml"


def _block(text: str) -> str:
    """`text` as the lines of a block scalar (any character but a line break stays as is)."""
    return "\n".join("    " + line for line in text.split("\n"))


CHECKERS: dict[str, Callable[[str], object]] = {
    "yaml: a value": lambda run: parse(f"name: 西山村\nsummary: {run}\n", F),
    "yaml: a line": lambda run: parse(f"name: 西山村\n{run}\n", F),
    "yaml: a list item": lambda run: parse(f"name: 西山村\ntags:\n  -{run}\n  - {run}\n", F),
    "yaml: a key": lambda run: parse(f"name: 西山村\n{run}: x\n  {run}：x\n", F),
    "yaml: free text": lambda run: parse(f"name: 西山村\ndescription: |\n{_block(run)}\n", F),
    "plain text": lambda run: escape_text(run),
    "markdown field": lambda run: markdown_field(run),
    "camera names": lambda run: camera_name(run),
    "numbers": lambda run: read_number(run),
}


@pytest.mark.parametrize("name", CHECKERS)
def test_each_checker_is_linear_in_long_runs_of_special_characters(name: str) -> None:
    _assert_linear(name, CHECKERS[name])


def _village(run: str) -> str:
    """A village file with `run` in every kind of field: text, Markdown, a website, a phone,
    an email, a photo path, a number, a rating and the page address."""
    block = _block(run)
    return (f"name: 西山村\nslug: |\n{block}\nsummary: |\n{block}\ndescription: |\n{block}\n"
            f"party_org:\n  name: 支部\n  stars: |\n{block}\n"
            f"contact:\n  phone: |\n{block}\n  website: |\n{block}\n  email: |\n{block}\n"
            f"photos: |\n{block}\nfigures:\n  - label: 收入\n    value: |\n{block}\n")


def test_validating_a_file_is_linear_in_long_runs_of_special_characters() -> None:
    from generator.content.models import Village

    def checker(run: str) -> object:
        doc, _ = load_bytes(_village(run).encode("utf-8", "surrogatepass"), F)
        return validate(Village, doc) if doc.readable else None

    _assert_linear("validate", checker, n=N // 2)


def test_checking_a_project_is_linear_in_long_runs_of_special_characters(
        project: Project) -> None:
    """Load, validate, link (a reference to a name nobody has) and the photo checks."""
    village = project.root / "content/villages/西山村.yaml"
    scenic = project.root / "content/scenic/景区.yaml"
    scenic.parent.mkdir(parents=True)
    village.parent.mkdir(parents=True)
    settings = Settings.for_project(project.root)

    def checker(run: str) -> object:
        village.write_bytes(_village(run).encode("utf-8", "surrogatepass"))
        scenic.write_bytes(f"name: 景区\nvillage: |\n{_block(run)}\n".encode(
            "utf-8", "surrogatepass"))
        return check(settings)

    _assert_linear("showcase check", checker, n=N // 4, specials=SPECIALS[::3])


def test_lists_nested_on_one_line_are_shown_as_text() -> None:
    """Python-Markdown recursed once for each marker: 1,500 ended in a RecursionError."""
    for nested in ("1. " * 2000 + "x", "+ " * 2000 + "x", "- " * 2000 + "x", "> " * 2000 + "x",
                   "- > " * 1000 + "x"):
        assert str(markdown_field(nested)).startswith("<p>")


def _big_village(products: int) -> bytes:
    text = "name: 西山村\nsummary: 一句话\ndescription: |\n" + "  西山村位于山脚，" * 200 + "\n"
    text += "products:\n" + "".join(
        f"  - name: 产品{i}\n    category: 水果\n    description: |\n      第{i}种，"
        + "好吃" * 40 + "\n" for i in range(products))
    return text.encode()


def test_a_file_of_a_few_megabytes_is_checked_in_linear_time() -> None:
    from generator.content.models import Village

    def checker(raw: bytes) -> None:
        doc, problems = load_bytes(raw, F)
        model, invalid = validate(Village, doc)
        assert model is not None and not problems and not invalid

    small, large = _big_village(1000), _big_village(8000)
    assert len(large) > 2_500_000
    assert not _grows_linearly(checker, small, large)


def test_a_long_route_is_built_in_linear_time(tmp_path: Path) -> None:
    """A route of 3,000 stops (it took minutes: labels were placed pair by pair)."""
    def make(stops: int) -> Settings:
        (tmp_path / str(stops)).mkdir()
        project = Project(tmp_path / str(stops))
        for i in range(20):
            project.write(f"content/villages/村{i}.yaml",
                          f"name: 村{i}\nlocation:\n  lat: {25 + i / 100}\n  lng: {118 + i / 77}\n")
        project.write("content/routes/长线.yaml", "name: 长线\nkind: 观摩路线\nstops:\n" + "".join(
            f"  - village: 村{i % 20}\n    note: 第{i}站\n" for i in range(stops)))
        return Settings.for_project(project.root)

    from generator.pipeline import build

    def built(settings: object) -> None:
        assert build(settings).ok  # type: ignore[arg-type]

    assert not _grows_linearly(built, make(375), make(3000))
