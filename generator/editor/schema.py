"""JSON Schema for editors, generated from the content model.

VS Code with the YAML extension (yaml-language-server) reads these files to autocomplete
field names and to underline mistakes while typing. Titles and descriptions are the Chinese
ones from the model; `showcase schema` writes them to `schemas/`, where `.vscode/settings.json`
and the `# yaml-language-server: $schema=…` line of `showcase new` files point.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.content.models import SiteInfo
from generator.content.registry import COLLECTIONS, Collection

SCHEMA_FOLDER = "schemas"
SITE_SCHEMA = "site.schema.json"


def schema_name(collection: Collection) -> str:
    return f"{collection.key}.schema.json"


def _chinese_titles(schema: dict[str, Any]) -> None:
    """Name each nested definition after the field that uses it (`PartyOrg` → 党组织)."""
    definitions = schema.get("$defs", {})

    def visit(node: Any, title: str | None) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            name = ref.rsplit("/", 1)[-1]
            if name in definitions and title and definitions[name].get("title") == name:
                definitions[name]["title"] = title
            for key, value in node.items():
                if key == "properties":
                    for child in value.values():
                        visit(child, child.get("title"))
                else:
                    visit(value, title)
        elif isinstance(node, list):
            for value in node:
                visit(value, title)

    visit(schema, schema.get("title"))
    for name, definition in definitions.items():
        if definition.get("title") == name:  # never referenced under a title: keep it readable
            definition.pop("title")


def _numbers_are_text_too(node: Any) -> None:
    """Text fields also take a number (`price: 280`): the model turns it into text."""
    if isinstance(node, dict):
        if node.get("type") == "string" and not {"enum", "pattern", "format", "const"} & set(node):
            node["type"] = ["string", "number"]
        for value in node.values():
            _numbers_are_text_too(value)
    elif isinstance(node, list):
        for value in node:
            _numbers_are_text_too(value)


def model_schema(model: type[BaseModel], title: str, description: str) -> dict[str, Any]:
    schema = model.model_json_schema()
    schema["title"] = title
    schema["description"] = description
    _chinese_titles(schema)
    _numbers_are_text_too(schema)
    return schema


def site_schema() -> dict[str, Any]:
    return model_schema(SiteInfo, "站点信息",
                        "content/site.yaml：运营本站的乡镇或县、党建品牌、页脚备案号等")


def collection_schema(collection: Collection) -> dict[str, Any]:
    return model_schema(collection.model, collection.title,
                        f"content/{collection.folder}/ 里的一个文件：一个{collection.noun}。"
                        "文件名就是它的编号，别的文件用这个名字引用它。")


def schema_files() -> dict[str, str]:
    """File name → JSON text, for every collection and for site.yaml."""
    schemas = {SITE_SCHEMA: site_schema()}
    schemas.update({schema_name(c): collection_schema(c) for c in COLLECTIONS})
    return {name: json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
            for name, schema in schemas.items()}


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema file into `folder`; unchanged files are left untouched."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_files().items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


def editor_settings() -> dict[str, list[str]]:
    """The `yaml.schemas` mapping of .vscode/settings.json: schema file → content files."""
    mapping = {f"./{SCHEMA_FOLDER}/{SITE_SCHEMA}": ["content/site.yaml"]}
    for collection in COLLECTIONS:
        folder = f"content/{collection.folder}"
        mapping[f"./{SCHEMA_FOLDER}/{schema_name(collection)}"] = [
            f"{folder}/*.yaml", f"{folder}/*.yml"]
    return mapping


def vscode_files() -> dict[str, str]:
    """`.vscode/` of a project, path → JSON text: each content folder mapped to its schema,
    files saved as UTF-8, two spaces for a Tab in YAML, and the YAML extension recommended."""
    settings: dict[str, Any] = {
        "yaml.schemas": editor_settings(),
        "yaml.schemaStore.enable": False,
        "yaml.validate": True,
        "yaml.completion": True,
        "yaml.hover": True,
        "yaml.format.enable": False,
        "files.encoding": "utf8",
        "files.autoGuessEncoding": False,
        "[yaml]": {
            "editor.insertSpaces": True,
            "editor.tabSize": 2,
            "editor.detectIndentation": False,
            "editor.renderWhitespace": "boundary",
            "editor.quickSuggestions": {"other": True, "comments": False, "strings": True},
            "files.encoding": "utf8",
        },
    }
    extensions = {"recommendations": ["redhat.vscode-yaml"]}
    return {f".vscode/{name}": json.dumps(value, ensure_ascii=False, indent=2) + "\n"
            for name, value in (("settings.json", settings), ("extensions.json", extensions))}
