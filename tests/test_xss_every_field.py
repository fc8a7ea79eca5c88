"""HTML typed into any text field of any collection stays text, on every page of the built site,
and no link typed into one leads to a script, however its scheme is disguised.

The content is derived from the pydantic models: every field that accepts free text gets
an attack, so a field added to a model later is covered without touching this test.
"""

from __future__ import annotations

import html
import re
import types
import typing
from html.parser import HTMLParser
from pathlib import Path
from typing import Annotated, Any

import pytest
import yaml
from conftest import Project
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from generator.adapter import search
from generator.content.modelinfo import field_marker
from generator.content.models import PhotoFile, PhotoSet, RefTo, SiteInfo
from generator.content.registry import COLLECTIONS

ATTACK = ('<script>alert("{n}")</script><img src=x onerror=alert("{n}")>'
          '"\' onmouseover=alert("{n}") [x](javascript:alert("{n}")) {{: onclick=alert("{n}") }}'
          # the ways past the old link filter (issue 19): a reference-style definition inside a
          # block quote and inside a list, a newline in the scheme, a control character before
          # it; and a character reference, a tab, a scheme in capitals
          '\n\n> [引用{n}][q{n}]\n>\n> [q{n}]: javascript:alert("{n}")\n\n'
          '- [列表{n}][l{n}]\n- [l{n}]: javascript:alert("{n}")\n\n'
          '[换行{n}](java\nscript:alert("{n}")) [控制符{n}](\x01javascript:alert("{n}")) '
          '[实体{n}](&#106;avascript:alert("{n}")) [制表符{n}](java\tscript:alert("{n}")) '
          '[大写{n}](JAVASCRIPT:alert("{n}")) '
          '[数据{n}](data:text/html,<script>alert("{n}")</script>)')
SAFE_FALLBACKS: tuple[Any, ...] = (
    1, 2020, 30.5, 118.5, "2024-04-20", "https://example.org/a?b=1&c=2", "0594-1234567",
    "3503000001")
PHOTO = "xss/photo.jpg"


class Attacks:
    """Builds one valid document per model, with a numbered attack in every free-text field."""

    def __init__(self) -> None:
        self.fields: list[str] = []  # dotted path of every field that received an attack

    def attack(self, where: str) -> str:
        self.fields.append(where)
        return ATTACK.format(n=len(self.fields))

    def document(self, model: type[BaseModel], where: str, ids: dict[str, str]) -> dict:
        """A valid document: with a reference if the model takes one, else without (a quote
        names a person, or a name and a role: the text fields are the ones worth attacking)."""
        attacked = len(self.fields)
        data = self._document(model, where, ids, refer=True)
        try:
            model.model_validate(data)
        except ValidationError:
            del self.fields[attacked:]
            data = self._document(model, where, ids, refer=False)
        return data

    def _document(self, model: type[BaseModel], where: str, ids: dict[str, str],
                  refer: bool) -> dict:
        data: dict[str, Any] = {}
        referenced = not refer
        for name, info in model.model_fields.items():
            if name == "slug":
                continue
            path = f"{where}.{name}"
            if field_marker(info, RefTo) is not None:
                if referenced:  # a route stop leads to exactly one place
                    continue
                referenced = True
                target = ids[field_marker(info, RefTo).collection]
                many = typing.get_origin(_shape(info.annotation)) is list
                data[name] = [target] if many else target
            elif field_marker(info, PhotoFile) is not None:  # one picture, named by its file
                data[name] = PHOTO
            elif field_marker(info, PhotoSet) is not None:
                data[name] = [{"file": PHOTO, "caption": self.attack(f"{path}.caption")}]
            else:
                data[name] = self.value(info.annotation, info, path, ids)
        return data

    def value(self, annotation: Any, info: FieldInfo, path: str, ids: dict[str, str]) -> Any:
        shape = _shape(annotation)
        if typing.get_origin(shape) is list:
            return [self.value(typing.get_args(shape)[0], FieldInfo(), path, ids)]
        if isinstance(shape, type) and issubclass(shape, BaseModel):
            return self.document(shape, path, ids)
        if typing.get_origin(shape) is typing.Literal:
            return typing.get_args(shape)[0]
        adapter = TypeAdapter(Annotated[annotation, *info.metadata]) if info.metadata \
            else TypeAdapter(annotation)
        if _accepts(adapter, ATTACK.format(n=len(self.fields) + 1)):
            return self.attack(path)
        for fallback in SAFE_FALLBACKS:
            if _accepts(adapter, fallback):
                return fallback
        raise AssertionError(f"no sample value for {path}: extend SAFE_FALLBACKS")


def _shape(annotation: Any) -> Any:
    """The annotation without Optional and Annotated wrappers."""
    while True:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if typing.get_origin(annotation) is Annotated or (
                typing.get_origin(annotation) in (typing.Union, types.UnionType)
                and len(args) == 1):
            annotation = args[0]
        else:
            return annotation


def _accepts(adapter: TypeAdapter, value: Any) -> bool:
    try:
        adapter.validate_python(value)
    except ValidationError:
        return False
    return True


_C0_OR_SPACE = "".join(map(chr, range(0x21)))


def browser_scheme(url: str) -> str | None:
    """The scheme a browser finds in a URL (WHATWG URL standard: C0 controls and spaces
    stripped from both ends, tabs and newlines removed anywhere); None for a relative URL.
    Character references are already decoded by the HTML parser."""
    url = url.strip(_C0_OR_SPACE).replace("\t", "").replace("\n", "").replace("\r", "")
    found = re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", url)
    return found.group()[:-1].lower() if found else None


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            scheme = browser_scheme(value or "")
            if name == "href" and scheme not in {None, "http", "https", "tel", "mailto"}:
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in {"src", "srcset"} and (scheme or (value or "").startswith("//")):
                self.found.append(f"<{tag} {name}={value!r}>")  # from another host
        if tag == "img" and dict(attrs).get("src") == "x":
            self.found.append("<img src=x>")

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(" in data:
            self.found.append(f"<script>{data[:40]}")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


@pytest.fixture(scope="module")
def attacked_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Attacks]:
    from generator.adapter.plugin import build_site

    project = Project(tmp_path_factory.mktemp("xss"))
    project.photo(PHOTO)
    attacks = Attacks()
    ids = {c.key: f"{c.key}-目标" for c in COLLECTIONS}
    site = attacks.document(SiteInfo, "site", ids)
    site.pop("logo", None)  # a logo is a file path, not text shown to visitors
    site["footer"]["badge"] = PHOTO  # and so is the 党政机关网站标识, shown with its link
    project.write("content/site.yaml", yaml.safe_dump(site, allow_unicode=True))
    for collection in COLLECTIONS:
        data = attacks.document(collection.model, collection.key, ids)
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        project.write(f"content/{collection.key}/{ids[collection.key]}.yaml", text)
    out = project.root / "out"
    build_site(project.root / "mkdocs.yml", site_dir=out)
    return out, attacks


def test_every_text_field_of_every_collection_received_an_attack(
        attacked_site: tuple[Path, Attacks]) -> None:
    _site, attacks = attacked_site
    for collection in COLLECTIONS:
        assert f"{collection.key}.name" in attacks.fields
        assert f"{collection.key}.summary" in attacks.fields
    assert "site.footer.copyright" in attacks.fields
    assert len(attacks.fields) > 80


def test_no_page_runs_or_loads_anything_typed_into_a_field(
        attacked_site: tuple[Path, Attacks]) -> None:
    site, _attacks = attacked_site
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        tags = Tags()
        tags.feed(page.read_text(encoding="utf-8"))
        assert tags.found == [], page.relative_to(site)


def test_attacks_are_shown_to_the_reader_as_text(attacked_site: tuple[Path, Attacks]) -> None:
    site, attacks = attacked_site
    html = "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    shown = {int(n) for n in re.findall(r'&lt;script&gt;alert\((?:&#34;|&quot;|")(\d+)', html)}
    # every collection's name, on its own page, in the navigation and in <title>
    for collection in COLLECTIONS:
        number = attacks.fields.index(f"{collection.key}.name") + 1
        assert number in shown, collection.key
    assert len(shown) > len(attacks.fields) // 2


def test_search_index_holds_no_markup_from_fields(attacked_site: tuple[Path, Attacks]) -> None:
    site, _attacks = attacked_site
    # The index holds text, as the page shows it: markup typed into a field is there as the
    # characters the page shows escaped (search.js escapes every character it shows).
    index = search.read_index(site)
    found = 0
    for location, title, text in index["entries"]:
        page = site / location.split("#")[0] / "index.html"
        shown = page.read_text(encoding="utf-8")
        shown = shown[shown.index("<article"):shown.index("</article>")]
        for typed in re.findall(r"<(?:script|img)[^<>]*>", title + text, re.IGNORECASE):
            bare = re.sub(r"\s", "", typed)  # a name is shown with its spaces taken out
            assert typed not in shown, typed
            assert bare in re.sub(r"\s", "", html.unescape(shown)), typed
            found += 1
    assert found
