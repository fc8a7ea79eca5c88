"""Where the files that ship with the generator are: the page templates and the Material
overrides (`themes/`), the editors' schemas (`schemas/`) and what `showcase init` writes
(`themes/project/`).

In the repository they are top-level folders beside `generator/`. A wheel carries them as
package data inside the package, `generator/themes/` and `generator/schemas/` (pyproject.toml
maps the two folders there). An editable install (`pip install -e .`, `make setup`) imports
the package from the repository itself, so the folders are found beside it, and an edit to a
template shows at the next build: nothing is copied anywhere.

A project's own `themes/pages/` and `themes/material/` come first, file by file (see
`pages.render.template_folders` and the adapter's theme folders)."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    inside = _PACKAGE / name  # installed from a wheel
    return inside if inside.is_dir() else _PACKAGE.parent / name  # the repository


THEMES = _shipped("themes")
PAGE_TEMPLATES = THEMES / "pages"
MATERIAL_OVERRIDES = THEMES / "material"
PROJECT_TEMPLATES = THEMES / "project"
SCHEMAS = _shipped("schemas")
