"""`showcase init`: a new project for a town or county, with no sample content, that builds at
once (compare `mkdocs new`, `hugo new site`).

It writes the sample's own mkdocs.yml, a content/site.yaml written from the model with Chinese
comments (as `showcase new site` writes it), an empty folder for each collection, content/pages/
and assets/, the editors' schemas/ and .vscode/, a README for the office and a .gitignore.
Templates and theme overrides are not copied: the project uses the ones shipped with the
generator until it puts its own into themes/. Nothing is overwritten: when any of these files
exists already, nothing at all is written.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator.content.load import PAGES_FOLDER, SITE_FILE
from generator.content.registry import COLLECTIONS
from generator.editor.scaffold import site_skeleton
from generator.editor.schema import SCHEMA_FOLDER, vscode_files
from generator.resources import PROJECT_TEMPLATES, SCHEMAS

CONFIG_FILE = "mkdocs.yml"


def folders() -> list[str]:
    """The folders of a new project, empty at first (relative paths)."""
    return [f"content/{c.folder}" for c in COLLECTIONS] + [f"content/{PAGES_FOLDER}", "assets"]


def project_files(name: str, root: Path) -> dict[str, str]:
    """Relative path → text of every file `showcase init` writes for the town `name`."""
    templates = Environment(loader=FileSystemLoader(PROJECT_TEMPLATES), autoescape=False,
                            undefined=StrictUndefined, keep_trailing_newline=True)
    files = {
        CONFIG_FILE: (PROJECT_TEMPLATES / CONFIG_FILE).read_text(encoding="utf-8"),
        "README.md": templates.get_template("README.md.j2").render(name=name),
        ".gitignore": (PROJECT_TEMPLATES / "gitignore").read_text(encoding="utf-8"),
        f"content/{SITE_FILE}": site_skeleton(name, root / "content" / SITE_FILE, root),
    }
    files.update({f"{SCHEMA_FOLDER}/{p.name}": p.read_text(encoding="utf-8")
                  for p in sorted(SCHEMAS.glob("*.json"))})
    files.update(vscode_files())
    return files


def init(name: str, root: Path) -> list[str]:
    """Write a new project into `root` (made when missing); the relative paths written.
    FileExistsError, listing them, when any of its files exists already."""
    files = project_files(name, root)
    taken = sorted(path for path in files if (root / path).exists())
    if taken:
        raise FileExistsError(taken)
    for folder in folders():
        (root / folder).mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8", newline="\n") as stream:  # never overwrite
            stream.write(text)
    return list(files)
