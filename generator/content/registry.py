"""The one list of collections. A new collection is a model, a template and one line here."""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.models import Base, Event, Item, Route, Scenic, Stay, Village


@dataclass(frozen=True)
class Collection:
    key: str  # folder under content/ and URL prefix
    model: type[Item]
    title: str  # navigation and index page title
    noun: str  # what one item is called, for messages and `showcase new`
    template: str  # detail page template under themes/pages/

    @property
    def folder(self) -> str:
        return self.key


COLLECTIONS: tuple[Collection, ...] = (
    Collection("villages", Village, "示范村", "村（社区）", "village.md.j2"),
    Collection("scenic", Scenic, "景区景点", "景区", "scenic.md.j2"),
    Collection("bases", Base, "教育基地", "教育基地", "base.md.j2"),
    Collection("routes", Route, "观摩线路", "线路", "route.md.j2"),
    Collection("events", Event, "节庆活动", "活动", "event.md.j2"),
    # 食宿: where to sleep and to eat (a 农家乐 is a kind of stay: a place with a page, a
    # phone and a way there, whether or not it has rooms)
    Collection("stays", Stay, "食宿", "民宿/农家乐/营地", "stay.md.j2"),
)

BY_KEY: dict[str, Collection] = {c.key: c for c in COLLECTIONS}
