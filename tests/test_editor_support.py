"""Editor support: `showcase schema`, `.vscode/settings.json` and `showcase new` skeletons."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, Project
from jsonschema import Draft7Validator

from generator.cli import main
from generator.content.registry import COLLECTIONS, Collection
from generator.content.validate import validate
from generator.content.yamlsource import load, parse
from generator.editor.scaffold import singular
from generator.editor.schema import SCHEMA_FOLDER, editor_settings, schema_files, schema_name

HAN = re.compile(r"[\u4e00-\u9fff]")


def validator(name: str) -> Draft7Validator:
    """yaml-language-server implements JSON Schema draft 7."""
    schema = json.loads((ROOT / SCHEMA_FOLDER / name).read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


def schema_errors(name: str, text: str) -> list[str]:
    doc, problems = parse(text, "x.yaml")
    assert problems == []
    return [e.message for e in validator(name).iter_errors(doc.data)]


def test_committed_schemas_are_what_the_model_gives() -> None:
    expected = schema_files()
    committed = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / SCHEMA_FOLDER).iterdir()}
    assert committed == expected, "运行 showcase schema 重新生成 schemas/"


def test_vscode_maps_every_content_folder_to_its_schema() -> None:
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == editor_settings()
    for schema, patterns in settings["yaml.schemas"].items():
        assert (ROOT / schema).is_file()
        assert all(p.startswith("content/") for p in patterns)
    assert {c.key for c in COLLECTIONS} <= {Path(s).name.split(".")[0]
                                            for s in settings["yaml.schemas"]}
    assert settings["[yaml]"]["editor.insertSpaces"] is True


def every_property(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = list(schema.get("properties", {}).items())
    for definition in schema.get("$defs", {}).values():
        found += definition.get("properties", {}).items()
    return found


@pytest.mark.parametrize("name", sorted(schema_files()))
def test_schemas_have_chinese_titles_and_descriptions(name: str) -> None:
    schema = json.loads(schema_files()[name])
    assert HAN.search(schema["title"]) and HAN.search(schema["description"])
    for key, prop in every_property(schema):
        assert HAN.search(prop.get("title", "")), key
        assert HAN.search(prop.get("description", "")), key
    for definition in schema.get("$defs", {}).values():
        assert "title" not in definition or HAN.search(definition["title"])


def sample_files() -> list[tuple[str, Path]]:
    files = [("site.schema.json", ROOT / "content/site.yaml")]
    for collection in COLLECTIONS:
        files += [(schema_name(collection), p)
                  for p in sorted((ROOT / "content" / collection.folder).glob("*.yaml"))]
    return files


def test_editors_underline_nothing_in_the_sample_content() -> None:
    for name, path in sample_files():
        doc, problems = load(path, path.name)
        assert problems == []
        assert [e.message for e in validator(name).iter_errors(doc.data)] == [], path.name


def test_editors_underline_the_usual_mistakes() -> None:
    assert schema_errors("villages.schema.json", "name: 东山村\nsumary: x\n")
    assert schema_errors("villages.schema.json",
                         "name: 东山村\nparty_org:\n  name: 支部\n  stars: 6\n")
    assert schema_errors("villages.schema.json",
                         "name: 东山村\nparty_org:\n  name: 支部\n  stars: 三\n")
    assert schema_errors("scenic.schema.json", "name: 东关寨\nlevel: 7A\n")
    assert schema_errors("routes.schema.json", "name: 线路\nkind: 观摩路线\n")  # no stops


def test_editors_accept_what_the_generator_accepts() -> None:
    text = "name: 东关寨\nlevel: AAA\nphone: 13800000000\nticket: 30\n"
    assert schema_errors("scenic.schema.json", text) == []
    assert schema_errors("scenic.schema.json", "name: 东关寨\nlevel: 4\n") == []


def test_showcase_schema_writes_the_same_files(tmp_path: Path,
                                               capsys: pytest.CaptureFixture) -> None:
    assert main(["--project", str(tmp_path), "schema"]) == 0
    written = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "schemas").iterdir()}
    assert written == schema_files()
    assert "schemas" in capsys.readouterr().out


# ---- showcase new -----------------------------------------------------------------------


@pytest.fixture
def town(project: Project) -> Project:
    project.write("content/villages/东山村.yaml", "name: 东山村\n")
    assert main(["--project", str(project.root), "schema"]) == 0
    return project


def new(project: Project, *args: str) -> int:
    return main(["--project", str(project.root), "new", *args])


@pytest.mark.parametrize("collection", COLLECTIONS, ids=lambda c: c.key)
def test_new_item_passes_check_and_becomes_a_page(collection: Collection, town: Project,
                                                  capsys: pytest.CaptureFixture) -> None:
    assert new(town, singular(collection), "新建项") == 0
    path = town.root / "content" / collection.folder / "新建项.yaml"
    assert f"content/{collection.folder}/新建项.yaml" in capsys.readouterr().out
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../../schemas/{schema_name(collection)}"
    assert (path.parent / first.split("=", 1)[1]).resolve().is_file()
    assert main(["--project", str(town.root), "check"]) == 0
    assert "检查通过" in capsys.readouterr().out
    result = town.build()
    assert result.ok and f"{collection.key}/xinjianxiang.md" in {f.path for f in result.files}


@pytest.mark.parametrize("collection", COLLECTIONS, ids=lambda c: c.key)
def test_every_field_has_a_chinese_comment(collection: Collection, town: Project) -> None:
    assert new(town, collection.key, "新建项") == 0
    lines = (town.root / "content" / collection.folder / "新建项.yaml").read_text(
        encoding="utf-8").splitlines()
    for name, info in collection.model.model_fields.items():
        at = next(i for i, line in enumerate(lines)
                  if re.match(rf"^(# )?{name}:", line))
        assert lines[at - 1].startswith("# ") and info.title in lines[at - 1], name
        assert ("必填" in lines[at - 1]) == info.is_required(), name


@pytest.mark.parametrize("collection", COLLECTIONS, ids=lambda c: c.key)
def test_uncommented_fields_land_where_the_model_expects_them(
        collection: Collection, town: Project) -> None:
    """Deleting the "# " of a whole block gives fields the model knows, where it knows them."""
    assert new(town, collection.key, "新建项") == 0
    text = (town.root / "content" / collection.folder / "新建项.yaml").read_text(encoding="utf-8")
    header, *blocks = text.split("\n\n")
    opened = "\n\n".join([header] + [
        block if "把上面一行换成" in block
        else re.sub(r"^# (?=[ a-z_-])", "", block, flags=re.MULTILINE) for block in blocks])
    doc, problems = parse(opened, "x.yaml")
    assert problems == [] and doc.data is not None
    _model, problems = validate(collection.model, doc)
    kinds = {p.code for p in problems}
    assert kinds <= {"invalid-string_type", "invalid-int_type", "invalid-float_type",
                     "invalid-list_type", "invalid-model_type", "invalid-union_type",
                     "invalid-value_error", "invalid-missing", "invalid-literal_error",
                     "invalid-date_type", "invalid-string_too_short"}, problems
    assert not [p for p in problems if "不认识的字段" in p.message]
    assert all("还没有填写" in p.message or "缺少" in p.message or "只写一个去处" in p.message
               or "不能是空的" in p.message or "同时填写" in p.message
               for p in problems), [p.format() for p in problems]


def test_new_refuses_to_overwrite(town: Project, capsys: pytest.CaptureFixture) -> None:
    path = town.root / "content/villages/东山村.yaml"
    before = path.read_bytes()
    assert new(town, "village", "东山村") == 1
    assert path.read_bytes() == before
    assert "content/villages/东山村.yaml 已经存在，没有覆盖它" in capsys.readouterr().err


@pytest.mark.parametrize(("args", "words"), [
    (("town", "东山村"), "不认识“town”"),
    (("village", "东山村/二组"), "不能有"),
    (("village", " "), "不能是空的"),
])
def test_new_explains_what_it_cannot_do(args: tuple[str, str], words: str, town: Project,
                                        capsys: pytest.CaptureFixture) -> None:
    before = sorted(p.name for p in (town.root / "content/villages").iterdir())
    assert new(town, *args) == 1
    assert words in capsys.readouterr().err
    assert sorted(p.name for p in (town.root / "content/villages").iterdir()) == before


def test_new_accepts_chinese_collection_names_and_a_typed_extension(town: Project) -> None:
    assert new(town, "景区", "东关寨") == 0
    assert (town.root / "content/scenic/东关寨.yaml").is_file()
    assert new(town, "stays", "老寨民宿.yaml") == 0
    assert (town.root / "content/stays/老寨民宿.yaml").is_file()


def test_new_takes_the_english_word_for_one_item_of_each_collection(town: Project) -> None:
    """`person` as well as `people`, as `village` beside `villages`."""
    assert new(town, "person", "林秀英") == 0
    assert (town.root / "content/people/林秀英.yaml").is_file()
    assert new(town, "people", "陈国平") == 0
    assert (town.root / "content/people/陈国平.yaml").is_file()
