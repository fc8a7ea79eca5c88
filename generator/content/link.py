"""Link stage: resolve every reference between items into a Site."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from generator.content import hints, invisible
from generator.content.load import (
    LoadedContent,
    PhotoDeclaration,
    SourceItem,
    photo_declaration,
)
from generator.content.modelinfo import DataPath, walk_marked, walk_raw_marked
from generator.content.models import (
    Article,
    Industry,
    Item,
    PhotoSet,
    Quote,
    RefTo,
    SiteInfo,
    Village,
)
from generator.content.registry import BY_KEY, COLLECTIONS, Collection
from generator.content.sources import Sourced, SourcedDict
from generator.content.yamlsource import YamlDocument
from generator.problems import Problem, Severity


class Card(NamedTuple):
    """What lists show of an item (listing cards, QR placards)."""

    summary: str | None
    kind: str | None  # 示范村/村/社区 (Village.label), the kind of base, homestay or route
    level: str | None  # a scenic spot's A-level
    slogan: str | None  # a village's brand slogan
    photos: PhotoDeclaration | None  # the item's own photos
    brand: str | None = None  # a village's own Party-building brand (placards)
    start: dt.date | None = None  # an event's dates (lists, the home page's 近期活动)
    end: dt.date | None = None
    date: dt.date | None = None  # an article's date (shown on its card)


@dataclass(eq=False)
class Entry:
    """An item with its page path; what templates see."""

    source: SourceItem

    @property
    def collection(self) -> Collection:
        return self.source.collection

    @property
    def id(self) -> str:
        return self.source.id

    @property
    def read_from(self) -> tuple[str, ...]:
        """Everything about it comes from its file."""
        return (self.source.file,)

    @property
    def item(self) -> Item:
        return self.source.model

    @property
    def name(self) -> str:
        return self.source.model.name

    @property
    def card(self) -> Card:
        model = self.source.model
        brand = getattr(model, "brand", None)
        # a label where the model has one (示范村, a practice's category, a person's role)
        kind = getattr(model, "label", None) or getattr(model, "kind", None)
        photos = getattr(model, "portrait", None) or model.photos  # a person's face first
        return Card(model.summary, kind, getattr(model, "level", None),
                    brand.slogan if brand is not None else None,
                    None if photos is None else photo_declaration(photos),
                    brand.name if brand is not None else None,
                    getattr(model, "start", None), getattr(model, "end", None),
                    getattr(model, "date", None))

    @property
    def page(self) -> str:
        """Path of the generated Markdown page, e.g. villages/dongshancun.md."""
        return f"{self.collection.key}/{self.source.slug}.md"


def _village_id(entry: Entry) -> str | None:
    return None if isinstance(entry.item, Village) else getattr(entry.item, "village", None)


def _village_ids(entry: Entry) -> tuple[str, ...]:
    """The villages an item lies in: a spot's one, or each village of an industry."""
    if isinstance(entry.item, Industry):
        return tuple(part.village for part in entry.item.villages)
    village_id = _village_id(entry)
    return (village_id,) if village_id else ()


@dataclass
class Site:
    info: SiteInfo
    info_doc: YamlDocument
    entries: dict[str, Sourced]  # each collection's items in order, read from its folder
    _index: dict[tuple[str, str], Entry] = field(default_factory=dict, repr=False)
    _in_village: dict[str, dict[str, list[Entry]]] = field(default_factory=dict, repr=False)
    _placed_from: tuple[str, ...] = ()  # the folders whose items may lie in a village
    # (collection, id) → the items naming it, by the naming item's collection key
    _named_by: dict[tuple[str, str], dict[str, list[Entry]]] = field(default_factory=dict,
                                                                      repr=False)

    @property
    def collections(self) -> tuple[Collection, ...]:
        """The collections in menu order, each titled as site.yaml's `sections` calls it."""
        named = self.info.sections
        return tuple(c if getattr(named, c.key) is None
                     else replace(c, title=getattr(named, c.key)) for c in COLLECTIONS)

    def get(self, collection: str, item_id: str) -> Entry:
        return self._index[(collection, item_id)]

    def village_of(self, entry: Entry) -> Entry | None:
        village_id = _village_id(entry)
        return self._index.get(("villages", village_id)) if village_id else None

    def linked(self, collection: str, ids: Iterable[str]) -> list[Entry]:
        """The items of a collection a list of references names, in its order."""
        return [self._index[(collection, item_id)] for item_id in ids]

    def naming(self, entry: Entry, collection: str) -> Sourced:
        """The items of `collection` whose references name `entry` (the practices a village's
        or a person's page lists), read from that collection's folder."""
        found = self._named_by.get((entry.collection.key, entry.id), {}).get(collection, [])
        return Sourced(found, self.entries[collection].read_from)

    def in_village(self, village: Entry) -> SourcedDict:
        """Items of other collections that lie in this village, by collection key (any of
        their files may say so)."""
        return SourcedDict(self._in_village.get(village.id, {}), self._placed_from)

    def photo_declarations(self) -> Iterator[tuple[DataPath, PhotoDeclaration,
                                                    Callable[[], YamlDocument]]]:
        """(where, what, the file it is written in) of every photo field: site.yaml's, then
        every item's."""
        for path, value, _marker, _owner in walk_marked(self.info, PhotoSet):
            yield path, photo_declaration(value), lambda: self.info_doc
        for entry in self.all_entries():
            source = entry.source
            for path, value, _marker, _owner in walk_marked(source.model, PhotoSet):
                yield path, photo_declaration(value), lambda source=source: source.doc

    def all_entries(self) -> list[Entry]:
        return [e for c in COLLECTIONS for e in self.entries[c.key]]


def _sort_key(entry: Entry) -> tuple[int, int, int, str]:
    """`order` first, then articles newest first (every list of them: the 新闻动态 page, the
    home page's latest, a village's), the rest by their pinyin."""
    order = entry.item.order
    newest = -entry.item.date.toordinal() if isinstance(entry.item, Article) else 0
    return (order is None, order or 0, newest, entry.source.slug)


class _Names:
    """The ids of each collection, listed once for every reference that leads nowhere."""

    # names compared for "是不是想写" suggestions in one check: each dangling reference costs
    # the number of names of its collection, so thousands of typos in a county of thousands
    # of names stay within a linear budget (later ones get the plain hint)
    SUGGESTION_BUDGET = 300_000

    def __init__(self, index: dict[tuple[str, str], Entry], existing: set[tuple[str, str]]):
        self.index = index
        self.existing = existing
        self._known: dict[str, list[str]] = {}
        self._plain: dict[str, dict[str, str]] = {}
        self.said: dict[tuple[str, str], tuple[str, str]] = {}  # one answer per typo
        self.budget = self.SUGGESTION_BUDGET

    def close(self, value: str, collection: str) -> list[str]:
        known = self.known(collection)
        if len(value) > 60 or len(known) > self.budget:
            return []
        self.budget -= len(known)
        return difflib.get_close_matches(value, known, n=3, cutoff=0.3)

    def known(self, collection: str) -> list[str]:
        if collection not in self._known:
            self._known[collection] = sorted(
                {i for (c, i) in (*self.index, *self.existing) if c == collection})
        return self._known[collection]

    def by_plain_name(self, collection: str) -> dict[str, str]:
        """Ids by what they look like on screen (without invisible characters)."""
        if collection not in self._plain:
            self._plain[collection] = {invisible.strip(i): i for i in self.known(collection)}
        return self._plain[collection]


def _dangling(value: str, collection: str, names: _Names) -> tuple[str, str]:
    """Message and hint for a reference to `value` that no file has."""
    if (value, collection) not in names.said:
        names.said[value, collection] = _explain_dangling(value, collection, names)
    return names.said[value, collection]


def _explain_dangling(value: str, collection: str, names: _Names) -> tuple[str, str]:
    noun = BY_KEY[collection].noun
    shown = hints.clip(value)
    message = f"找不到名为“{shown}”的{noun}（content/{collection}/{shown}.yaml）。"
    hidden = invisible.describe(value)
    plain = invisible.strip(value)
    lookalike = names.by_plain_name(collection).get(plain)
    if hidden and lookalike == plain:
        return (f"“{plain}”这个名字里有看不见的字符（{hidden}），和 "
                f"content/{collection}/{plain}.yaml 对不上。",
                f"删掉这个名字重新输入，写成“{plain}”。")
    if lookalike is not None and lookalike != value:
        return (message + f"content/{collection}/ 里的“{plain}.yaml”文件名里有看不见的字符"
                f"（{invisible.describe(lookalike)}）。",
                f"把那个文件改名：删掉文件名重新输入“{plain}.yaml”。")
    close = names.close(value, collection)
    hint = (f"是不是想写：{'、'.join(close)}？" if close
            else f"先在 content/{collection}/ 里建立“{shown}.yaml”。")
    return message, hint


def _references(model: object) -> Iterator[tuple[DataPath, str, str, object]]:
    """(where, id, collection key, the model holding it) of every reference in a model; a
    list of references (a practice's villages) gives one per item."""
    for path, value, marker, owner in walk_marked(model, RefTo):
        if isinstance(value, list):
            for index, one in enumerate(value):
                yield (*path, index), one, marker.collection, owner
        else:
            yield path, value, marker.collection, owner


def _unsaid_quotes(model: object, doc: Callable[[], YamlDocument],
                   index: dict[tuple[str, str], Entry]) -> list[Problem]:
    """A quote naming a person without words of its own takes the person's: a person who has
    none leaves it empty."""
    problems = []
    for path, value, collection, owner in _references(model):
        if not isinstance(owner, Quote) or owner.words or (collection, value) not in index:
            continue
        if index[(collection, value)].item.quote is None:  # type: ignore[attr-defined]
            line, column = doc().position(path)
            problems.append(Problem(
                doc().file, line, column, code="quote-without-words",
                message=f"引语没有写原话 words，人物“{hints.clip(value)}”的文件里"
                        "也没有原话 quote。",
                hint=f"在这里写上 words: 原话，或在 content/people/{hints.clip(value)}.yaml 里"
                     "写上 quote（words: 原话）。"))
    return problems


def _check_refs(refs: Iterable[tuple[DataPath, str, str]], doc: Callable[[], YamlDocument],
                names: _Names) -> list[Problem]:
    """Problems of the references (where, id, collection key) that lead nowhere; `doc` gives
    the file they are written in, asked for only to place a problem."""
    problems = []
    for path, value, collection in refs:
        if (collection, value) in names.index or (collection, value) in names.existing:
            continue  # a file with errors of its own is reported once, in that file
        message, hint = _dangling(value, collection, names)
        line, column = doc().position(path)
        problems.append(Problem(doc().file, line, column, code="dangling-ref",
                                message=message, hint=hint))
    return problems


def link(content: LoadedContent) -> tuple[Site | None, list[Problem]]:
    """A Site with every reference resolved, or None when references dangle."""
    entries = {key: sorted((Entry(s) for s in items), key=_sort_key)
               for key, items in content.items.items()}
    index = {(e.collection.key, e.id): e for es in entries.values() for e in es}
    names = _Names(index, content.existing)
    problems = [p for es in entries.values() for e in es
                for p in _check_refs(((path, value, key) for path, value, key, _
                                      in _references(e.item)),
                                     lambda e=e: e.source.doc, names)]
    if content.site is not None and content.site_doc is not None:
        site_doc = content.site_doc
        problems += _check_refs(((path, value, key) for path, value, key, _
                                 in _references(content.site)), lambda: site_doc, names)
    # files with errors of their own: their references are checked on the plain data
    for collection, doc in content.invalid:
        refs = ((path, value, marker.collection)
                for path, value, marker in walk_raw_marked(collection.model, doc.data, RefTo))
        problems += [p for p in _check_refs(refs, lambda doc=doc: doc, names)
                     if p.line not in doc.guessed_lines]
    if problems or content.site is None or content.site_doc is None:
        return None, problems
    site_doc = content.site_doc
    problems = _unsaid_quotes(content.site, lambda: site_doc, index)
    problems += [p for es in entries.values() for e in es
                 for p in _unsaid_quotes(e.item, lambda e=e: e.source.doc, index)]
    if problems:
        return None, problems
    named_by: dict[tuple[str, str], dict[str, list[Entry]]] = {}
    for collection in COLLECTIONS:
        for entry in entries[collection.key]:
            for _path, value, key, _owner in _references(entry.item):
                found = named_by.setdefault((key, value), {}).setdefault(collection.key, [])
                if not found or found[-1] is not entry:  # one entry naming it twice: once
                    found.append(entry)
    in_village: dict[str, dict[str, list[Entry]]] = {}
    for collection in COLLECTIONS:
        for entry in entries[collection.key]:
            for village_id in _village_ids(entry):
                in_village.setdefault(village_id, {}).setdefault(collection.key, []).append(entry)
    folders = content.folders
    listed = {key: Sourced(found, (folders[key],)) for key, found in entries.items()}
    placed_from = tuple(folders[c.key] for c in COLLECTIONS if c.key != "villages")
    site = Site(content.site, content.site_doc, listed, index, in_village, placed_from,
                named_by)
    return site, _untrue_section_title(site)


def _untrue_section_title(site: Site) -> list[Problem]:
    """A warning when site.yaml calls the villages 示范… while a village holds no title: the
    menu and the home page would claim it for every village."""
    title = site.info.sections.villages
    plain = [e.name for e in site.entries["villages"] if not e.item.demonstration]
    if not title or "示范" not in title or not plain:
        return []
    line, column = site.info_doc.position(("sections", "villages"))
    shown = "、".join(hints.clip(name) for name in plain[:3])
    more = f"等 {len(plain)} 个村（社区）" if len(plain) > 3 else ""
    return [Problem(site.info_doc.file, line, column, Severity.WARNING, "untrue-title",
                    message=f"栏目名称写的是“{hints.clip(title)}”，但{shown}{more}没有示范称号"
                            f"（没有写示范创建 demonstration），菜单和首页上却列在"
                            f"“{hints.clip(title)}”下面。",
                    hint="栏目名称换一个不说“示范”的（删掉 sections 里的 villages，"
                         "就叫“村（社区）”），或者给这些村写上它们获评的示范称号。")]
