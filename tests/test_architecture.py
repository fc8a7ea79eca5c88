"""The tree shows the pipeline, and data only flows forward: each stage package imports only
the stages before it; build state imports no stage; only the adapter imports MkDocs.

Imports are read from the source (every `import` and `from … import`, at any depth, also
inside functions), so a late import cannot hide an arrow pointing backwards."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parent.parent / "generator"

# What each package may import from the generator. `problems` and `output` are the shared
# vocabulary (a Problem; a virtual file) every stage speaks; `resources` says where the files
# shipped with the generator are (templates, theme overrides, schemas).
SHARED = {"problems", "output", "resources"}
ALLOWED: dict[str, set[str]] = {
    "content": SHARED,
    "media": SHARED | {"content"},
    "pages": SHARED | {"content", "media"},
    "build": SHARED,
    "editor": SHARED | {"content"},
    "adapter": SHARED | {"content", "media", "pages", "build", "pipeline"},
}
ENGINES = ("mkdocs", "properdocs", "material")  # the site engine: the adapter's business

def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in a generator source file."""
    package = path.relative_to(GENERATOR.parent).with_suffix("").parts[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = list(package[:len(package) - node.level + 1]) if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            if node.module is None:  # `from . import x`: x is a module too
                found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, module))
    return found


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "generator" and len(parts) > 1 else None


SOURCES = sorted(GENERATOR.rglob("*.py"))


def test_every_stage_is_a_package() -> None:
    for name in ALLOWED:
        assert (GENERATOR / name / "__init__.py").is_file(), name
    top = {p.stem for p in GENERATOR.glob("*.py")} - {"__init__"}
    assert top <= {"cli", "pipeline", "problems", "output", "resources"}, top


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(GENERATOR).as_posix())
def test_arrows_point_forward(path: Path) -> None:
    relative = path.relative_to(GENERATOR)
    own = relative.parts[0] if len(relative.parts) > 1 else None
    wrong = []
    for line, module in _imports(path):
        root = module.split(".")[0]
        if root in ENGINES and own != "adapter":
            wrong.append(f"line {line}: {module} (only generator/adapter imports the engine)")
        stage = _stage(module)
        if own is None or stage is None or stage == own:
            continue
        if stage not in ALLOWED[own]:
            wrong.append(f"line {line}: {module} ({own} may import {sorted(ALLOWED[own])})")
    assert not wrong, f"{relative}: " + "; ".join(wrong)


def test_the_checker_sees_backward_arrows(tmp_path: Path) -> None:
    """The reader finds relative, absolute and function-level imports alike."""
    source = GENERATOR / "content" / "_probe.py"
    source.write_text("from ..pages import render\n\ndef f():\n    import mkdocs.config\n"
                      "    from generator.build import state\n", encoding="utf-8")
    try:
        modules = [m for _, m in _imports(source)]
    finally:
        source.unlink()
    assert modules == ["generator.pages", "mkdocs.config", "generator.build"]
