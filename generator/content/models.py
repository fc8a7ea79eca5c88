"""The content model: one pydantic class per kind of thing publicity staff describe.

Field names are English; every field has a Chinese title and description, which feed
error messages, `showcase new` skeletons and the JSON Schema used by editors.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError


@dataclass(frozen=True)
class RefTo:
    """Marks a field whose value is the id of an item in another collection."""

    collection: str


@dataclass(frozen=True)
class PhotoSet:
    """Marks a field that declares photos (a folder or a list)."""


@dataclass(frozen=True)
class PhotoFile(PhotoSet):
    """Marks a field that names one picture file (a 公众号 QR code), not a folder or a list."""


@dataclass(frozen=True)
class MarkdownText:
    """Marks a field rendered as Markdown (raw HTML is escaped)."""


def F(title: str, description: str = "", **kwargs: object) -> object:  # noqa: N802
    """A field with a Chinese title and description."""
    return Field(title=title, description=description or title, **kwargs)


MAX_TEXT = 20_000  # characters in one plain text field
# A Markdown field longer than content/markdown.py's bound is shown as plain text, with a
# warning; this one only keeps a pasted book out of the page.
MAX_MARKDOWN = 1_000_000
Text = Annotated[str, Field(min_length=1)]
Markdown = Annotated[str, MarkdownText(), Field(max_length=MAX_MARKDOWN)]
Year = Annotated[int, Field(ge=1921, le=2100)]

# anchored, and the only unbounded runs (spaces before and after 转) meet what they cannot take
_PHONE = re.compile(r"^\+?[0-9][0-9\- ]{2,20}[0-9](\s*+(转|ext\.?)\s*+[0-9]{1,6})?$")
_NOT_IN_URLS = frozenset(" \t\n\r\f\v<>\"'")
_WIDE_IN_PHONES = str.maketrans({"－": "-", "—": "-", "–": "-", "‐": "-", "（": "(", "）": ")",
                                 "＋": "+", "\u3000": " ",
                                 **{chr(0xFF10 + d): str(d) for d in range(10)}})


def suggested(message: str, hint: str, **values: object) -> PydanticCustomError:
    """A rule's error that says what to write instead (`hint`); `{name}` in either is filled
    from `values` (user text goes there, never into the template itself)."""
    return PydanticCustomError("suggested", message, {"hint": hint, **values})


def _plain_url_text(text: str) -> bool:
    return bool(text) and not any(ch in _NOT_IN_URLS or ch.isspace() for ch in text)


def _is_url(value: str) -> bool:
    """http(s)://…, tel:…, mailto:…@…: checked by scanning (no pattern can backtrack)."""
    for scheme in ("https://", "http://"):
        if value.startswith(scheme):
            return _plain_url_text(value[len(scheme):])
    if value.startswith("tel:"):
        number = value[4:].removeprefix("+")
        return bool(number) and all(ch.isdigit() or ch == "-" for ch in number)
    if value.startswith("mailto:"):
        user, at, host = value[7:].rpartition("@")
        return bool(at) and _plain_url_text(user) and _plain_url_text(host)
    return False


def _check_url(value: str) -> str:
    if _is_url(value):
        return value
    if "@" in value and _plain_url_text(value) and "://" not in value:
        raise suggested("“{value}”是电子邮箱，不是网址",
                        "电子邮箱写在 email 字段里：email: {value}；"
                        "一定要当链接时写成 mailto:{value}", value=value)
    head = value.split("/")[0]
    if "." in head and _plain_url_text(value) and ":" not in head:
        raise suggested("网址“{value}”前面少了 https://", "写成 https://{value}", value=value)
    raise ValueError("链接只能以 http://、https://、tel: 或 mailto: 开头")


def _check_web_url(value: str) -> str:
    """A page to open (a booking page, an online shop): http(s) only; an e-mail address or a
    bare www.… gets _check_url's suggestion."""
    if value.startswith(("https://", "http://")) and _is_url(value):
        return value
    try:
        _check_url(value)
    except PydanticCustomError:
        raise
    except ValueError:
        pass
    raise ValueError("网址要写完整，以 https:// 或 http:// 开头")


def _check_phone(value: str) -> str:
    if _PHONE.match(value):
        return value
    fixed = value.translate(_WIDE_IN_PHONES)
    wide = next((ch for ch in value if ch.translate(_WIDE_IN_PHONES) != ch), None)
    if wide is not None:
        at = value.index(wide) + 1
        raise suggested("电话号码“{value}”第 {at} 个字是中文全角的“{wide}”",
                        "电话号码只用英文半角的数字和“-”：切换到英文输入法重新输入，写成 {fixed}"
                        if _PHONE.match(fixed) else
                        "电话号码只用英文半角的数字和“-”，例如 0594-1234567 或 13800000000",
                        value=value, at=at, wide=wide, fixed=fixed)
    for separator in ("、", "，", ",", "；", ";", "/", "或"):
        first = fixed.split(separator)[0].strip()
        if separator in fixed and _PHONE.match(first):
            raise suggested("“{value}”写了不止一个电话号码",
                            "一个电话字段只写一个号码，例如 {first}；另一个可以写在介绍或备注里",
                            value=value, first=first)
    raise ValueError("电话号码只能包含数字、“-”和空格，例如 0594-1234567 或 13800000000")


def _stringify_phone(value: object) -> object:
    return str(value) if isinstance(value, int) else value


def _check_asset_path(value: str) -> str:
    """A path inside assets/, written with "/" (a Windows "\\" is accepted and turned into "/")."""
    path = value.strip().replace("\\", "/")
    if path.startswith(("/", "~")) or re.match(r"^[A-Za-z]:", path):
        raise PydanticCustomError(  # validate says what to write instead
            "computer_path",
            "照片路径要从 assets/ 里面写起，不能写电脑上的完整路径（如 C:/… 或 /…）")
    if ".." in path.split("/"):
        raise ValueError("照片路径不能用“..”跳出 assets/ 文件夹")
    if path.split("/")[0] == "assets":
        raise ValueError("照片路径从 assets/ 之后写起，去掉开头的“assets/”")
    return path


def _check_site_code(value: str) -> str:
    if not re.fullmatch(r"[0-9A-Za-z]{4,20}", value):
        raise ValueError("政府网站标识码只能由数字和英文字母组成，例如 3503000001")
    return value


_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
# what people type instead: 2025/4/12, 2025.4.12, 2025年4月12日
_OTHER_DATE = re.compile(r"^(\d{4})\s*[年/.．\-－]\s*(\d{1,2})\s*[月/.．\-－]\s*(\d{1,2})\s*日?$")
_EXAMPLE_DATE = "例如 2025-04-12（年-月-日）"


def _parse_date(value: object) -> dt.date:
    """A date written 2025-04-12 (2025-4-12 too); anything else is explained."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    text = str(value).strip() if isinstance(value, str | int) else ""
    written = _ISO_DATE.match(text)
    found = written or _OTHER_DATE.match(text)
    if found is None:
        raise ValueError(f"日期要写成“年-月-日”，{_EXAMPLE_DATE}，现在写的是“{text}”")
    year, month, day = (int(part) for part in found.groups())
    if not 1 <= month <= 12:
        raise ValueError(f"“{text}”里的月份 {month} 不对，月份是 1 到 12")
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{year} 年 {month} 月没有 {day} 日") from None
    if written is None:
        raise ValueError(f"日期要写成“年-月-日”：把“{text}”改成 {date.isoformat()}")
    if not 1921 <= year <= 2100:
        raise ValueError(f"年份 {year} 不对，应在 1921 到 2100 之间")
    return date


Url = Annotated[str, AfterValidator(_check_url)]
SiteCode = Annotated[str, AfterValidator(_check_site_code)]
WebUrl = Annotated[str, AfterValidator(_check_web_url)]  # a page to open: booking, a shop
Date = Annotated[
    dt.date, BeforeValidator(_parse_date),
    # what editors accept: what _parse_date accepts
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{1,2}-\d{1,2}$"}),
]
AssetPath = Annotated[str, Field(min_length=1), AfterValidator(_check_asset_path)]
Phone = Annotated[str, BeforeValidator(_stringify_phone), AfterValidator(_check_phone)]


def Ref(collection: str) -> object:  # noqa: N802
    return Annotated[str, RefTo(collection)]


VillageRef = Annotated[str, RefTo("villages")]
PersonRef = Annotated[str, RefTo("people")]
PracticeRef = Annotated[str, RefTo("practices")]


class Model(BaseModel):
    # a number typed into a text field (`price: 280`) is text; unknown fields are mistakes
    # no plain text is longer than MAX_TEXT: what renders a page takes more than linear time on
    # some long inputs (Python-Markdown), and no field of a showcase needs more
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True,
                              coerce_numbers_to_str=True, str_max_length=MAX_TEXT,
                              allow_inf_nan=False)  # `.nan`, `.inf` are YAML, not figures


# ---- building blocks ---------------------------------------------------------------


class Photo(Model):
    file: AssetPath = F("照片文件", "相对于 assets/ 的照片路径，例如 villages/某某村/村貌.jpg")
    caption: str | None = F("说明", "照片说明，也作为读屏软件朗读的替代文字", default=None)


PhotoEntry = Annotated[Photo | AssetPath, Field(union_mode="left_to_right")]
Photos = Annotated[
    AssetPath | list[PhotoEntry] | None,
    PhotoSet(),
    Field(title="照片", description="一个文件夹（相对于 assets/，按文件名排序），"
          "或照片列表（每张可写 file 和 caption）"),
]


class Honor(Model):
    name: Text = F("荣誉名称", "例如 全国一村一品示范村镇")
    level: str | None = F("级别", "例如 国家级、省级、市级、县级", default=None)
    year: Year | None = F("年份", "获得荣誉的年份", default=None)
    issuer: str | None = F("授予单位", default=None)


class Figure(Model):
    label: Text = F("指标", "例如 村集体经济收入")
    value: int | float = F("数值", "只写数字，例如 21 或 91.3")
    unit: str | None = F("单位", "例如 万元、个、%", default=None)
    year: Year | None = F("年份", "数据所属年份", default=None)
    note: str | None = F("备注", "例如 占比 91.3%", default=None)


class Contact(Model):
    person: str | None = F("联系人", default=None)
    phone: Phone | None = F("电话", "例如 0594-1234567", default=None)
    wechat: str | None = F("微信公众号", "公众号的名称，例如 山地慢城", default=None)
    wechat_qr: Annotated[AssetPath | None, PhotoFile()] = F(
        "公众号二维码", "相对于 assets/ 的二维码图片，例如 site/公众号二维码.png"
        "（从公众号后台下载，原样放进 assets/）；访客长按或扫码关注", default=None)
    email: str | None = F("电子邮箱", default=None)
    website: Url | None = F("网址", "以 http:// 或 https:// 开头", default=None)


class Location(Model):
    address: str | None = F("地址", default=None)
    lat: float | None = F("纬度", "例如 25.4521", default=None, ge=3, le=54)
    lng: float | None = F("经度", "例如 118.9012", default=None, ge=73, le=136)
    coords: Literal["gcj02", "wgs84", "bd09"] = F(
        "坐标系", "高德/腾讯地图拾取的坐标写 gcj02，GPS 设备写 wgs84，百度地图写 bd09",
        default="gcj02")

    @model_validator(mode="after")
    def _both_or_neither(self) -> Location:
        if (self.lat is None) != (self.lng is None):
            raise ValueError("纬度 lat 和经度 lng 要同时填写")
        return self


class SpecialHours(Model):
    """Opening that differs from the usual hours for a while: a holiday, a season, a closure."""

    period: str | None = F("时段名称", "例如 国庆假期、春节、暑期（7—8 月）、每周一", default=None)
    start: Date | None = F("开始日期", _EXAMPLE_DATE, default=None)
    end: Date | None = F("结束日期", "只有一天时不写；" + _EXAMPLE_DATE, default=None)
    hours: str | None = F("这段时间的开放时间", "例如 8:00—18:30", default=None)
    closed: bool = F("暂停开放", "这段时间闭园（闭馆）时写 true", default=False)
    note: str | None = F("说明", "例如 17:30 停止入园；遇雨天暂停漂流", default=None)

    @model_validator(mode="after")
    def _says_when_and_what(self) -> SpecialHours:
        if not (self.period or self.start or self.hours or self.closed or self.note):
            raise ValueError("这一段还没有填写：写时段名称 period 或开始日期 start，"
                             "再写开放时间 hours 或 closed: true")
        if self.period is None and self.start is None:
            raise ValueError("要写时段名称 period 或开始日期 start，说明是哪几天")
        if self.end is not None and self.start is None:
            raise ValueError("写了结束日期 end，也要写开始日期 start")
        if self.start and self.end and self.end < self.start:
            raise ValueError("结束日期 end 早于开始日期 start")
        if not (self.hours or self.closed or self.note):
            raise ValueError("写上这段时间的开放时间 hours，或暂停开放时写 closed: true")
        return self


class Shop(Model):
    """Where a product can be bought: a shop, a stall, a phone, an online store."""

    name: Text = F("购买地点", "例如 东山村枇杷专业合作社门市部、镇农产品展销中心")
    address: str | None = F("地址", default=None)
    phone: Phone | None = F("电话", "订货、咨询电话，例如 0594-1234567", default=None)
    url: WebUrl | None = F("网店链接", "以 https:// 开头的网店或商品页面", default=None)
    note: str | None = F("说明", "例如 顺丰冷链发货，4—5 月现摘现发", default=None)


# Visitor services, shared by the places visitors go (fields named alike everywhere).
def _notice(what: str = "入园") -> object:
    return F("参观须知", f"每条写一句，例如 {what}请出示预约码；禁止吸烟和使用明火",
             default_factory=list)


def _last_entry(what: str = "入园") -> object:
    return F(f"停止{what}时间", "例如 17:00，或 闭园前 1 小时", default=None)


def _special_hours() -> object:
    return F("临时和节假日开放", "节假日、旺季的开放时间或临时闭园：每段写 period（时段名称）"
             "或 start、end（日期），以及 hours 或 closed: true；"
             "过了结束日期的，网页上自动不再显示", default_factory=list)


def _booking_url(what: str = "预约") -> object:
    return F(f"在线{what}链接", f"网上{what}的网址，以 https:// 开头", default=None)


def _parking() -> object:
    return F("停车", "停车场位置、车位数和收费，例如 寨前停车场约 120 个车位，免费", default=None)


def _toilets() -> object:
    return F("厕所", "公共厕所在哪里，例如 游客中心、寨门口各一处，含无障碍厕位", default=None)


def _food() -> object:
    return F("餐饮", "在哪里吃饭，例如 寨下老寨民宿提供农家餐；同一村的民宿、农家乐会自动列出",
             default=None)


class Brand(Model):
    name: Text = F("品牌名称", "党建品牌的名字，例如“党建引领·幸福某某”")
    slogan: str | None = F("口号", default=None)
    story: Markdown | None = F("品牌故事", "可以写多段，支持 Markdown", default=None)
    keywords: list[str] = F("关键词", default_factory=list)


class Award(Model):
    title: Text = F("称号", "例如 市级红色文化党性教育实践基地")
    issuer: str | None = F("授予单位", default=None)
    year: Year | None = F("年份", default=None)


class Practice(Model):
    title: Text = F("做法名称", "例如 五单闭环机制")
    body: Markdown = F("做法介绍", "支持 Markdown")


# What a person of content/people/ says, in their own words. (Comments, not docstrings, on
# these two: a docstring would reach the editors' JSON Schema, which speaks Chinese.)
class Words(Model):
    words: Text = F("原话", "照本人的原话写，一两句最好")
    source: str | None = F("出处", "在哪里说的，例如 2024 年全县党建观摩会交流发言", default=None)
    date: Date | None = F("日期", _EXAMPLE_DATE, default=None)


# A pull quote: whose words they are is a person of content/people/, or a name and a role.
class Quote(Model):
    words: Text | None = F("原话", "不写时用这位人物自己的原话（人物文件里的 quote）",
                           default=None)
    person: PersonRef | None = F("人物", "content/people/ 里的文件名（不带 .yaml）", default=None)
    name: str | None = F("姓名", "说话的人不在“人物”里时，写姓名和职务", default=None)
    role: str | None = F("职务", "例如 东山村党支部书记", default=None)
    source: str | None = F("出处", "在哪里说的，例如 2024 年全县党建观摩会交流发言", default=None)
    date: Date | None = F("日期", _EXAMPLE_DATE, default=None)

    @model_validator(mode="after")
    def _says_who(self) -> Quote:
        if not (self.words or self.person or self.name or self.role):
            raise ValueError("这段引语还没有填写：写上原话 words，和人物 person"
                             "（content/people/ 里的文件名）或姓名 name、职务 role")
        if self.person and (self.name or self.role):
            raise ValueError("写了人物 person，就不要再写姓名 name 和职务 role："
                             "它们取自人物文件；不在“人物”里的人，删掉 person")
        if not self.person and not self.name:
            raise ValueError("写上是谁说的：人物 person（content/people/ 里的文件名），"
                             "或姓名 name 和职务 role")
        if not self.person and not self.words:
            raise ValueError("写上原话 words")
        return self


# ---- the unit running the site -------------------------------------------------------


class Footer(Model):
    """What the 政府网站发展指引 (国办发〔2017〕47号) asks a Party or government site to show,
    centred at the foot of every page; all optional, images local."""

    sponsor: str | None = F("主办单位", "例如 中共某某镇委员会 某某镇人民政府；也显示在每页顶部",
                            default=None)
    organizer: str | None = F("承办单位", "例如 某某镇党建办公室", default=None)
    site_code: SiteCode | None = F("政府网站标识码", "10 位左右的数字或字母，例如 3503000001",
                                   default=None)
    badge: AssetPath | None = F(
        "党政机关网站标识", "相对于 assets/ 的标识图片（开办单位下载的 PNG），"
        "例如 site/党政机关标识.png；图片随网站一起发布，不从其他网站加载", default=None)
    badge_link: Url | None = F("标识验证链接", "点击标识打开的验证网址（以 https:// 开头），"
                               "开办时由网站标识管理单位给出", default=None)
    icp: str | None = F("ICP备案号", "例如 闽ICP备12345678号-1", default=None)
    police: str | None = F("公安备案号", "例如 闽公网安备35030202000123号", default=None)
    copyright: str | None = F("版权所有", "例如 中共某某镇委员会", default=None)

    @model_validator(mode="after")
    def _badge_for_link(self) -> Footer:
        if self.badge_link and not self.badge:
            raise ValueError("写了标识验证链接 badge_link，也要写标识图片 badge")
        return self


def _section_title(default: str, note: str = "") -> object:
    return F(f"“{default}”栏目", f"不写时叫“{default}”{note}", default=None)


# What site.yaml calls each section: one field per collection of the registry (its key),
# whose default title (registry.py) each description names. (A comment, not a docstring: a
# docstring would reach the editors' JSON Schema, which speaks Chinese.)
class SectionTitles(Model):

    villages: Text | None = _section_title(
        "村（社区）", "；本镇的村（社区）都有示范称号（示范创建）时，可以写 示范村")
    industries: Text | None = _section_title("特色产业")
    practices: Text | None = _section_title("党建工作法")
    people: Text | None = _section_title("人物")
    articles: Text | None = _section_title("新闻动态")
    scenic: Text | None = _section_title("景区景点")
    bases: Text | None = _section_title("教育基地")
    routes: Text | None = _section_title("观摩线路")
    events: Text | None = _section_title("节庆活动")
    stays: Text | None = _section_title("食宿")


class SiteInfo(Model):
    name: Text = F("单位名称", "运营本站的乡镇或县，例如 某某镇")
    region: str | None = F("所在地区", "例如 福建省莆田市", default=None)
    summary: str | None = F("简介", "一两句话，显示在首页和分享卡片上", default=None)
    intro: Markdown | None = F("详细介绍", "支持 Markdown", default=None)
    brand: Brand | None = F("党建品牌", "名称、口号、品牌故事和关键词，显示在首页", default=None)
    logo: AssetPath | None = F("标志", "相对于 assets/ 的图片路径，显示在每页顶部，"
                              "也是浏览器标签页的图标；透明背景的方形 PNG 最好"
                              "（SVG 要先导出为 PNG）", default=None)
    honors: list[Honor] = F("荣誉", default_factory=list)
    figures: list[Figure] = F("关键数据", default_factory=list)
    photos: Photos = None
    contact: Contact | None = F("联系方式", default=None)
    location: Location | None = F("位置", "镇政府或党建办的地址和坐标，显示在首页“联系我们”",
                                  default=None)
    host: str | None = F("页头主办单位", "显示在每页顶部网站名称下面的一行，例如 "
                         "中共某某镇委员会 某某镇人民政府；不写时用页脚的主办单位"
                         "（footer 里的 sponsor）", default=None)
    updated: Date | None = F("资料日期", "例如 2026-11-20：印在观摩手册和二维码牌上"
                                "（不用生成网站那天的日期：同样的内容总是生成同样的网站）",
                                default=None)
    quote: Quote | None = F("首页引语", "一段话，显示在首页：写 words（原话），"
                            "和 person（人物的文件名）"
                            "或 name、role（姓名、职务）", default=None)
    footer: Footer = F("页脚", "主办、承办单位，党政机关网站标识，政府网站标识码，备案号",
                       default_factory=Footer)
    sections: SectionTitles = F("栏目名称", "菜单、首页和列表页上各栏目的名称，要换个名称时写，"
                                "例如 villages: 美丽乡村；不写的用默认名称",
                                default_factory=SectionTitles)


# ---- collections ------------------------------------------------------------------


class Item(Model):
    """Fields shared by every collection item."""

    name: Text = F("名称")
    slug: str | None = F(
        "网址名", "网址里用的名字（小写字母、数字和“-”），不写时由名称的拼音生成",
        default=None, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    order: int | None = F("排序", "数字小的排在前面；不写时按拼音排序", default=None)
    summary: str | None = F("一句话介绍", "显示在列表卡片上", default=None)
    photos: Photos = None


class PartyOrg(Model):
    name: Text = F("党组织名称", "例如 中共某某村支部委员会")
    stars: int | None = F("星级", "1 到 5 的数字", default=None, ge=1, le=5)
    stars_by: str | None = F("评星单位", default=None)
    stars_year: Year | None = F("评星年份", default=None)
    members: int | None = F("党员人数", default=None, ge=0)
    secretary: str | None = F("党组织书记", default=None)


class Demonstration(Model):
    title: Text = F("示范称号", "例如 全国一村一品示范村、市级党建示范村")
    level: str | None = F("级别", "例如 国家级、省级", default=None)
    year: Year | None = F("年份", default=None)


class Product(Model):
    name: Text = F("产品名称", "例如 茶叶")
    category: Text = F("类别", "例如 水果、干货、山珍、手工艺")
    season: str | None = F("上市季节", "例如 4—5月", default=None)
    price: str | None = F("价格", "例如 鲜果 15—25 元/斤，礼盒 128 元/箱（5 斤）", default=None)
    shops: list[Shop] = F("购买渠道", "在哪里买：门市、电话订购、网店",
                          default_factory=list)
    description: Markdown | None = F("介绍", "支持 Markdown", default=None)
    honors: list[Honor] = F("荣誉", default_factory=list)
    photos: Photos = None


class Village(Item):
    kind: Literal["村", "社区"] = F("类型", "村 或 社区", default="村")
    party_org: PartyOrg | None = F("党组织", default=None)
    brand: Brand | None = F("村级党建品牌", default=None)
    demonstration: list[Demonstration] = F("示范创建", default_factory=list)
    description: Markdown | None = F("村情介绍", "支持 Markdown", default=None)
    products: list[Product] = F("一村一品", default_factory=list)
    practices: list[Practice] = F("特色做法", default_factory=list)
    quote: Quote | None = F("引语", "一段话，显示在村的页面上：写 words（原话），"
                            "和 person（人物的文件名）或 name、role（姓名、职务）", default=None)
    figures: list[Figure] = F("数据", default_factory=list)
    honors: list[Honor] = F("荣誉", default_factory=list)
    location: Location | None = F("位置", default=None)
    parking: str | None = _parking()
    toilets: str | None = _toilets()
    contact: Contact | None = F("联系方式", default=None)

    @property
    def label(self) -> str:
        """示范村 (示范社区) only for a village holding a demonstration title; else 村 (社区)."""
        return f"示范{self.kind}" if self.demonstration else self.kind


class Scale(Model):
    year: Year | None = F("统计年份", "这些数字是哪一年的，例如 2023", default=None)
    area: float | None = F("面积（亩）", "种植或养殖面积，只写数字，单位是亩，例如 8600",
                           default=None, gt=0)
    output: float | None = F("年产量", "只写数字，单位写在 output_unit，例如 6500",
                             default=None, gt=0)
    output_unit: str | None = F("产量单位", "例如 吨、万斤、万株", default=None)
    value: float | None = F("年产值（万元）", "只写数字，单位是万元，例如 13000（即 1.3 亿元）",
                            default=None, gt=0)
    households: int | None = F("带动农户（户）", "种植、加工或受益的农户数，只写数字，例如 1800",
                               default=None, ge=1)

    @model_validator(mode="after")
    def _output_has_a_unit(self) -> Scale:
        if self.output is not None and not self.output_unit:
            raise ValueError("写了年产量 output，也要写产量单位 output_unit，例如 output_unit: 吨")
        return self

    @property
    def figures(self) -> list[Figure]:
        """The scale as key figures, in the order people ask: how big, how much, worth what,
        for how many households."""
        rows = [("面积", self.area, "亩"), ("年产量", self.output, self.output_unit),
                ("年产值", self.value, "万元"), ("带动农户", self.households, "户")]
        return [Figure(label=label, value=value, unit=unit, year=self.year)
                for label, value, unit in rows if value is not None]


class Participant(Model):
    village: VillageRef = F("村", "村的文件名（不含 .yaml），例如 东山村")
    note: str | None = F("这个村的情况", "这个村种多少、有什么特色、在哪里看，"
                         "例如 核心产区，建有枇杷新品种示范园", default=None)


# A product of the town grown in several villages (一镇一业): declared once, with the villages
# that take part; it has the fields of a village's product (Product) and its own page.
class Industry(Product, Item):
    # not required, unlike a village's product: a new file passes `showcase check` at once
    category: Text = F("类别", "例如 水果、干货、山珍、手工艺；不写时列在“特色产业”下",
                       default="特色产业")
    villages: list[Participant] = F(
        "参与的村", "每个村写一项：village（村的文件名）和 note（这个村的情况）", min_length=1)
    scale: Scale | None = F("规模", "面积（亩）、年产量、年产值（万元）、带动农户和统计年份",
                            default=None)

    @field_validator("villages")
    @classmethod
    def _each_village_once(cls, parts: list[Participant]) -> list[Participant]:
        seen: set[str] = set()
        for part in parts:
            if part.village in seen:
                raise suggested("村“{village}”写了两次", "每个村只写一项，把两项的 note 合在一起",
                                village=part.village)
            seen.add(part.village)
        return parts


class WorkPractice(Item):
    """A 党建工作法 of the town: a method with a name, practised town-wide or in villages."""

    category: str | None = F("类别", "例如 组织建设、产业振兴、基层治理", default=None)
    tags: list[Text] = F("标签", "每个写一项，例如 网格治理", default_factory=list)
    scope: Literal["全镇", "村级"] | None = F(
        "推行范围", "全镇 或 村级；不写时，写了推行的村 villages 的是村级，没写的是全镇",
        default=None)
    villages: list[VillageRef] = F("推行的村", "在哪些村（社区）推行，村的页面上会列出这个工作法",
                                   default_factory=list)
    people: list[PersonRef] = F("带头人", "谁在做：人物的文件名，人物的页面上会列出这个工作法",
                                default_factory=list)
    body: Markdown | None = F("做法介绍", "怎么做、做成了什么；支持 Markdown", default=None)
    figures: list[Figure] = F("成效数据", default_factory=list)
    quote: Quote | None = F("引语", "一段话：写 words（原话），和 person（人物的文件名）"
                            "或 name、role（姓名、职务）", default=None)

    @model_validator(mode="after")
    def _village_level_names_villages(self) -> WorkPractice:
        if self.scope == "村级" and not self.villages:
            raise ValueError("村级的工作法要写推行的村 villages；全镇推行的写 scope: 全镇")
        return self

    @property
    def town_wide(self) -> bool:
        return self.scope == "全镇" if self.scope else not self.villages

    @property
    def label(self) -> str:
        """What cards say it is: its category and how far it reaches."""
        reach = "全镇推行" if self.town_wide else "村级"
        return f"{self.category} · {reach}" if self.category else reach


class Person(Item):
    """Someone behind the town's Party-building work, and their own words. Nothing private:
    no phone number, no address (a person's contact is their office's)."""

    # fields people may look for that a person does not have, and why (validate.py says it)
    REFUSED: ClassVar[dict[str, str]] = dict.fromkeys(
        ("phone", "mobile", "tel", "wechat", "email", "address", "contact", "id_card", "birthday"),
        "网站不公开个人的电话、微信、住址等私人信息：删掉这一项。要留联系方式，"
        "写在村（社区）或镇的联系方式里")

    role: str | None = F("职务", "例如 东山村党支部书记、党务专员、乡贤、致富带头人",
                         default=None)
    village: VillageRef | None = F("所在村",
                                   "在哪个村（社区）：村的文件名，村的页面上会列出这位人物",
                                   default=None)
    place: str | None = F("工作单位", "不在村里的写单位，例如 慢城镇党建办", default=None)
    portrait: Annotated[AssetPath | None, PhotoFile()] = F(
        "肖像", "相对于 assets/ 的一张照片，例如 people/林某某.jpg；要本人同意后再放", default=None)
    quote: Words | None = F("原话", "本人说过的一段话：写 words，可以写出处 source 和日期 date",
                            default=None)
    story: Markdown | None = F("事迹", "支持 Markdown", default=None)
    honors: list[Honor] = F("荣誉", default_factory=list)

    @property
    def label(self) -> str | None:
        return self.role


class Article(Item):
    """A 动态: what publicity staff publish every week (工作动态, 经验交流, 媒体报道), dated,
    with its source, and the villages, practices and people it is about."""

    name: Text = F("标题")
    order: int | None = F("排序", "置顶用：写了数字的排在最前面，数字小的在前；"
                          "不写时按日期从新到旧排", default=None)
    kind: Literal["工作动态", "经验交流", "媒体报道"] = F(
        "类别", "工作动态、经验交流 或 媒体报道", default="工作动态")
    date: Date = F("日期", "发布日期，" + _EXAMPLE_DATE)
    source: str | None = F("来源", "例如 慢城镇党建办、福建日报、2024 年全县党建观摩会",
                           default=None)
    author: str | None = F("作者", "写稿人或发言人，例如 慢城镇党委宣传委员 某某某", default=None)
    body: Markdown | None = F("正文", "支持 Markdown", default=None)
    quote: Quote | None = F("引语", "一段话，显示在正文前：写 words（原话），"
                            "和 person（人物的文件名）或 name、role（姓名、职务）", default=None)
    villages: list[VillageRef] = F("相关的村", "村的文件名，村的页面上会列出这篇文章",
                                   default_factory=list)
    practices: list[PracticeRef] = F("相关的党建工作法",
                                     "工作法的文件名，工作法的页面上会列出这篇文章",
                                     default_factory=list)
    people: list[PersonRef] = F("相关人物", "人物的文件名，人物的页面上会列出这篇文章",
                                default_factory=list)


def _normalise_a_level(value: object) -> object:
    if isinstance(value, int):
        return f"{value}A"
    if isinstance(value, str) and re.fullmatch(r"A{1,5}", value.strip().upper()):
        return f"{len(value.strip())}A"
    return value.strip().upper() if isinstance(value, str) else value


_A_LEVELS = ["1A", "2A", "3A", "4A", "5A"]
ALevel = Annotated[
    Literal["1A", "2A", "3A", "4A", "5A"],
    BeforeValidator(_normalise_a_level),
    # what editors accept: what _normalise_a_level accepts
    WithJsonSchema({"anyOf": [{"enum": [*_A_LEVELS, *("A" * n for n in range(1, 6))]},
                              {"type": "integer", "minimum": 1, "maximum": 5}]}),
]


class Scenic(Item):
    level: ALevel | None = F("A级", "国家 A 级旅游景区等级：1A 到 5A（也可写 AAA）", default=None)
    level_year: Year | None = F("评定年份", default=None)
    village: VillageRef | None = F("所在村", "村的文件名（不含 .yaml），例如 某某村", default=None)
    description: Markdown | None = F("介绍", "支持 Markdown", default=None)
    hours: str | None = F("开放时间", "例如 8:30—17:30", default=None)
    last_entry: str | None = _last_entry("入园")
    special_hours: list[SpecialHours] = _special_hours()
    ticket: str | None = F("门票", "例如 免费 或 成人 30 元", default=None)
    phone: Phone | None = F("咨询电话", default=None)
    capacity: int | None = F("日最大承载量", "单位：人次/天", default=None, ge=1)
    booking: str | None = F("预约方式", "例如 散客无需预约；团队请提前 1 天电话预约", default=None)
    booking_url: WebUrl | None = _booking_url("预约")
    notice: list[Text] = _notice("入园")
    transport: str | None = F("交通", default=None)
    parking: str | None = _parking()
    toilets: str | None = _toilets()
    food: str | None = _food()
    visit_time: str | None = F("建议游览时间", "例如 2 小时", default=None)
    location: Location | None = F("位置", default=None)
    tags: list[str] = F("标签", default_factory=list)


class TeachingSite(Model):
    name: Text = F("教学阵地名称", "例如 榕树下讲习所")
    description: Markdown | None = F("介绍", "支持 Markdown", default=None)
    photos: Photos = None


class Programme(Model):
    name: Text = F("课程名称", "例如 重温入党誓词")
    description: str | None = F("内容", default=None)
    duration: str | None = F("时长", "例如 30 分钟", default=None)


class Booking(Model):
    group_size: str | None = F("团队人数", "例如 每批 20—60 人", default=None)
    lead_time: str | None = F("提前预约", "例如 提前 3 天", default=None)
    phone: Phone | None = F("预约电话", default=None)
    url: WebUrl | None = _booking_url("预约")
    note: str | None = F("说明", default=None)


class Base(Item):
    kind: str = F("基地类型", "例如 党史教育基地、党性教育基地、爱国主义教育基地",
                  default="党性教育基地")
    titles: list[Award] = F("授牌", default_factory=list)
    village: VillageRef | None = F("所在村", default=None)
    description: Markdown | None = F("介绍", "支持 Markdown", default=None)
    sites: list[TeachingSite] = F("教学阵地", default_factory=list)
    programmes: list[Programme] = F("现场教学课程", default_factory=list)
    hours: str | None = F("开放时间", "例如 8:30—17:00", default=None)
    last_entry: str | None = _last_entry("入馆")
    closed: str | None = F("闭馆日", "例如 每周一闭馆", default=None)
    special_hours: list[SpecialHours] = _special_hours()
    booking: Booking | None = F("预约", default=None)
    guided_tours: str | None = F("讲解服务", default=None)
    capacity: int | None = F("接待能力", "单位：人/批", default=None, ge=1)
    notice: list[Text] = _notice("入馆")
    transport: str | None = F("交通", default=None)
    parking: str | None = _parking()
    toilets: str | None = _toilets()
    food: str | None = _food()
    figures: list[Figure] = F("数据", default_factory=list)
    location: Location | None = F("位置", default=None)
    contact: Contact | None = F("联系方式", default=None)


class Stop(Model):
    village: Annotated[str, RefTo("villages")] | None = F("村", "村的文件名", default=None)
    scenic: Annotated[str, RefTo("scenic")] | None = F("景区", "景区的文件名", default=None)
    base: Annotated[str, RefTo("bases")] | None = F("教育基地", "基地的文件名", default=None)
    stay: Annotated[str, RefTo("stays")] | None = F("民宿/农家乐/营地", "content/stays/ 里的文件名",
                                                     default=None)
    event: Annotated[str, RefTo("events")] | None = F("活动", "活动的文件名", default=None)
    time: str | None = F("建议停留", "例如 40 分钟", default=None)
    note: str | None = F("看点", "这一站看什么、做什么", default=None)

    @model_validator(mode="after")
    def _exactly_one_target(self) -> Stop:
        targets = [k for k in STOP_TARGETS if getattr(self, k) is not None]
        if len(targets) != 1:
            raise ValueError("每一站要写且只写一个去处：village、scenic、base、stay 或 event 之一")
        return self

    @property
    def target(self) -> tuple[str, str]:
        """(collection, id) this stop leads to."""
        for key, collection in STOP_TARGETS.items():
            value = getattr(self, key)
            if value is not None:
                return collection, value
        raise AssertionError("validated stop without a target")


STOP_TARGETS = {"village": "villages", "scenic": "scenic", "base": "bases",
                "stay": "stays", "event": "events"}


class Route(Item):
    kind: Literal["观摩路线", "乡村旅游精品线路", "红色研学线路", "其他线路"] = F(
        "线路类型", "观摩路线、乡村旅游精品线路、红色研学线路 或 其他线路")
    season: str | None = F("最佳季节", default=None)
    duration: str | None = F("全程用时", "例如 半天、1 天", default=None)
    distance_km: float | None = F("全程距离（公里）", default=None, gt=0)
    description: Markdown | None = F("介绍", "支持 Markdown", default=None)
    stops: list[Stop] = F("站点", "按顺序列出每一站", min_length=1)


class Event(Item):
    edition: str | None = F("届次", "例如 第六届", default=None)
    season: str | None = F("举办时间", "例如 每年 4 月", default=None)
    start: Date | None = F("开始日期", "这一届的日期，" + _EXAMPLE_DATE, default=None)
    end: Date | None = F("结束日期", "只办一天时不写；" + _EXAMPLE_DATE, default=None)
    time: str | None = F("活动时间", "例如 每天 9:00—17:00，开幕式 9:30", default=None)
    ticket: str | None = F("门票", "例如 免费 或 采摘体验 30 元/人", default=None)
    booking_url: WebUrl | None = _booking_url("报名")
    village: VillageRef | None = F("举办地", "村的文件名", default=None)
    description: Markdown | None = F("介绍", "支持 Markdown", default=None)
    location: Location | None = F("位置", default=None)
    parking: str | None = _parking()
    contact: Contact | None = F("联系方式", default=None)

    @model_validator(mode="after")
    def _dates_in_order(self) -> Event:
        if self.start and self.end and self.end < self.start:
            raise ValueError("结束日期 end 早于开始日期 start")
        return self


class Stay(Item):
    kind: Literal["民宿", "露营地", "酒店", "农家乐"] = F(
        "类型", "民宿、露营地、酒店 或 农家乐（以吃饭为主的写农家乐，房间数可以不写）",
        default="民宿")
    village: VillageRef | None = F("所在村", default=None)
    description: Markdown | None = F("介绍", "支持 Markdown", default=None)
    hours: str | None = F("营业时间", "农家乐、餐厅写，例如 10:30—14:00，17:00—20:30",
                          default=None)
    price: str | None = F("住宿价格", "例如 280—480 元/晚", default=None)
    rooms: int | None = F("房间/营位数", default=None, ge=1)
    meals: str | None = F("餐饮", "例如 提供早餐和农家晚餐，可同时接待 60 人用餐", default=None)
    dishes: list[Text] = F("招牌菜", "每道菜写一项，例如 红菇炖土鸡",
                           default_factory=list)
    meal_price: str | None = F("人均消费", "例如 人均 60—80 元", default=None)
    booking_url: WebUrl | None = _booking_url("预订")
    parking: str | None = _parking()
    contact: Contact | None = F("联系方式", default=None)
    location: Location | None = F("位置", default=None)
