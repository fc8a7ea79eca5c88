"""The one list of collections. A new collection is a model, a template and one line here."""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.models import (
    Article,
    Base,
    Event,
    Industry,
    Item,
    Person,
    Route,
    Scenic,
    Stay,
    Village,
    WorkPractice,
)


@dataclass(frozen=True)
class Collection:
    key: str  # folder under content/ and URL prefix
    model: type[Item]
    title: str  # navigation and index page title, unless site.yaml's `sections` names it
    noun: str  # what one item is called, for messages and `showcase new`
    measure: str  # the measure word counting items: 4 条线路, 3 处景区
    template: str  # detail page template under themes/pages/

    @property
    def folder(self) -> str:
        return self.key

    def count(self, number: int) -> str:
        """How many items, as people say it: 4 条线路, 6 项活动."""
        return f"{number} {self.measure}{self.noun}"


COLLECTIONS: tuple[Collection, ...] = (
    # not 示范村: a village is one only if it holds a title (Village.label); a town whose
    # villages all do may call the section so in site.yaml (SiteInfo.sections)
    Collection("villages", Village, "村（社区）", "村（社区）", "个", "village.md.j2"),
    # a product grown in several villages, declared once (一镇一业); its villages list it
    # under 一村一品, and so does the 一村一品 page, once
    Collection("industries", Industry, "特色产业", "特色产业", "个", "industry.md.j2"),
    # the town's own 党建 work, next to its villages: what officials on a 观摩 look for
    Collection("practices", WorkPractice, "党建工作法", "党建工作法", "项", "practice.md.j2"),
    Collection("people", Person, "人物", "人物", "位", "person.md.j2"),
    # what publicity staff publish every week; listed newest first (link.py: _sort_key)
    Collection("articles", Article, "新闻动态", "文章", "篇", "article.md.j2"),
    Collection("scenic", Scenic, "景区景点", "景区", "处", "scenic.md.j2"),
    Collection("bases", Base, "教育基地", "教育基地", "个", "base.md.j2"),
    Collection("routes", Route, "观摩线路", "线路", "条", "route.md.j2"),
    Collection("events", Event, "节庆活动", "活动", "项", "event.md.j2"),
    # 食宿: where to sleep and to eat (a 农家乐 is a kind of stay: a place with a page, a
    # phone and a way there, whether or not it has rooms)
    Collection("stays", Stay, "食宿", "民宿/农家乐/营地", "家", "stay.md.j2"),
)

BY_KEY: dict[str, Collection] = {c.key: c for c in COLLECTIONS}
