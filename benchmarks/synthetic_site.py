"""A deterministic synthetic county or province: N villages with everything a real one has.

Each village gets a YAML file with a party organisation, a brand story, demonstration titles,
one to three 一村一品 products, practices, figures, honours, a location and a contact; about
half of them also have a scenic spot, an education base, a festival or a homestay, and every
tenth starts a route through its neighbours. Text is assembled from phrase lists in the style of
real 党建品牌 reports, so pages and the search index have realistic length and vocabulary.

Every village owns exactly `photos_per_village` photos (20 by default: 20,000 for 1,000
villages). They are distinct files with distinct content, but cheap to make and to store:
a small pool of 1024×768 phone-like JPEGs (tens of KB; some stored sideways with EXIF
Orientation 6, some with GPS) is made once, and each photo is a pool member with a JPEG comment
segment naming it inserted after the start marker. Its pixels and its decode cost are those of
its pool member, its bytes and so its content hash are its own: the image pipeline has to
process every one of them, as it would real photos. 20,000 photos take about 1 GB.

    python benchmarks/synthetic_site.py OUT_DIR [--villages 100] [--photos-per-village 20]

The same arguments always give byte-identical files.
"""

from __future__ import annotations

import argparse
import random
import shutil
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from photo_corpus import Spec, make  # noqa: E402
from PIL import Image  # noqa: E402

from generator.content.slugs import slugify  # noqa: E402

POOL_SIZE = 48
POOL_PHOTO = (1024, 768)
SEED = 20240601

# -- vocabulary ------------------------------------------------------------------------------

FIRST = "东西南北上下前后大小新老高长青红金石白黄桂竹梅桃杏柳松枫溪泉湖塘坑岭坪洋坂岗山峰云霞龙凤"
SECOND = "山溪坑林洋坂岭厝塘田坪埔湾源口头尾里岩洲岸垄园庄桥亭坊寨墩港岙垟濑铺"
TOWNS = ["城关", "华亭", "龙华", "灵川", "东海", "平海", "北高", "忠门", "笏石", "山亭",
         "月塘", "东峤", "埭头", "新度", "渠桥", "黄石", "梧塘", "西天尾", "常太", "大洋",
         "庄边", "白沙", "新县", "钟山", "游洋", "石苍", "社硎", "度尾", "园庄", "盖尾"]
SURNAMES = "林陈黄郑吴王李张刘蔡"
GIVEN = "建国志明秀英海峰文华"
PRODUCTS = [
    ("枇杷", "水果", "4—5月"), ("脐橙", "水果", "11—12月"), ("橄榄", "水果", "9—11月"),
    ("龙眼", "水果", "8—9月"), ("荔枝", "水果", "6—7月"), ("杨梅", "水果", "6月"),
    ("文旦柚", "水果", "9—10月"), ("百香果", "水果", "7—10月"), ("蜜柚", "水果", "9—11月"),
    ("地瓜干", "干货", "12月—次年2月"), ("红菇", "山珍", "6—8月"), ("香菇", "山珍", "全年"),
    ("笋干", "干货", "3—5月"), ("高山茶", "茶叶", "4—5月"), ("白茶", "茶叶", "3—4月"),
    ("蜂蜜", "农副产品", "5—10月"), ("米粉", "农副产品", "全年"), ("线面", "农副产品", "全年"),
    ("竹编", "手工艺", "全年"), ("木雕", "手工艺", "全年"), ("花生", "粮油", "8—9月"),
    ("油茶", "粮油", "10—11月"), ("黑鸡", "畜禽", "全年"), ("番鸭", "畜禽", "全年"),
]
BRAND_WORDS = ["红色", "领航", "先锋", "同心", "幸福", "和美", "振兴", "连心", "聚力", "铸魂",
               "固本", "赋能", "共富", "惠民", "善治", "安居", "兴业", "书香", "清风", "暖心"]
PRACTICES = ["党员联户", "揭榜领办", "支部擂台", "积分超市", "一线工作法", "党群议事会",
             "五色网格", "乡贤回引", "村企共建", "强村公司", "红色代办", "夜谈会"]
HONOR_NAMES = ["乡村治理示范村", "美丽乡村示范村", "森林村庄", "卫生村", "文明村",
               "民主法治示范村", "乡村振兴示范村", "一村一品示范村", "传统村落", "生态村"]
LEVELS = [("国家级", "农业农村部"), ("省级", "省委农办"), ("市级", "市委组织部"),
          ("县级", "县委组织部")]
SCENIC_KINDS = ["古寨", "溪谷", "茶园", "梯田", "古街", "森林公园", "红色旧址", "古民居群"]
BASE_KINDS = ["党史教育基地", "党性教育基地", "爱国主义教育基地"]
STAY_KINDS = ["民宿", "露营地", "农家乐", "酒店"]
EVENT_KINDS = ["文化节", "采摘节", "音乐节", "骑行节", "丰收节", "民俗节"]
ROUTE_KINDS = ["观摩路线", "乡村旅游精品线路", "红色研学线路", "其他线路"]
SCENES = ["村口古树", "党群服务中心", "村貌全景", "文化礼堂", "田园风光", "溪畔步道",
          "新村新貌", "产业园区", "乡村振兴讲堂", "志愿服务站", "农家小院", "晒秋",
          "古井", "老街", "荷塘", "茶山", "果园", "祠堂", "廊桥", "山间小路"]
SENTENCES = [
    "{v}位于{t}{dir}部，距镇区约 {km} 公里，辖 {groups} 个村民小组、{households} 户 {people} 人。",
    "村党{org}现有党员 {members} 名，近年来坚持以党建引领乡村振兴，把支部建在产业链上。",
    "依托{p}产业，村里成立了专业合作社，带动 {households2} 户农户增收，村集体经济收入稳步提升。",
    "村“两委”班子带头谋划，推动{p}种植、加工、销售一体发展，让好产品走出大山。",
    "村里深化“{pr}”做法，党员亮身份、作表率，群众有事找党员、难事有人帮。",
    "每逢节假日，游客来村里赏{scene}、品{p}，农文旅融合发展格局初步形成。",
    "{v}完成党群服务中心提升改造，设有便民服务、议事协商、红色宣讲等功能区。",
    "村党组织牵头开展人居环境整治，拆除危旧房 {num} 处，新建小公园、小菜园 {num2} 个。",
    "结合“{brand}”党建品牌，村里推行积分制管理，把移风易俗、环境卫生纳入积分评比。",
    "年轻人返乡创业，开起了直播间和农家乐，{p}通过电商销往全国各地。",
    "支部书记带头对接科研院所，引进新品种、新技术，{p}亩产和品质明显提高。",
    "村里把闲置校舍改造成{p}加工车间，吸纳 {num} 名留守妇女就近就业。",
    "党员分片联系农户，入户宣讲惠农政策，帮助群众解决急难愁盼问题 {num2} 件。",
    "{t}党委把{v}列为“{brand}”品牌培育点，定期开展书记“擂台”比武。",
    "村集体以资产入股、保底分红的方式参与{p}合作社，实现村集体和农户“双增收”。",
    "每月固定主题党日，党员到{scene}开展志愿服务，带动村民参与乡村治理。",
]




# -- the plan --------------------------------------------------------------------------------


@dataclass
class PhotoPlan:
    path: str  # relative to assets/
    pool: int


@dataclass
class VillagePlan:
    index: int
    name: str
    town: str
    photos: list[PhotoPlan] = field(default_factory=list)


def village_names(count: int, seed: int = SEED) -> list[str]:
    """`count` village names whose pinyin slugs are all different."""
    rng = random.Random(seed)
    names: list[str] = []
    slugs: set[str] = set()
    while len(names) < count:
        name = rng.choice(FIRST) + rng.choice(SECOND) + ("社区" if rng.random() < 0.06 else "村")
        if len(slugs) >= len(FIRST) * len(SECOND) * 2 - 1:  # the short names are used up
            name = rng.choice(FIRST) + rng.choice(FIRST) + rng.choice(SECOND) + "村"
        slug = slugify(name)
        if slug not in slugs:
            slugs.add(slug)
            names.append(name)
    return names


def _photo_list(rng: random.Random, plan: VillagePlan, folder: str, count: int,
                caption: str) -> list[dict]:
    entries = []
    for n in range(count):
        scene = rng.choice(SCENES)
        path = f"{folder}/{n + 1:02d}-{scene}.jpg"
        plan.photos.append(PhotoPlan(path, rng.randrange(POOL_SIZE)))
        entries.append({"file": path, "caption": f"{caption}{scene}"})
    return entries


# -- YAML out --------------------------------------------------------------------------------


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if "\n" in text:
        raise ValueError("use _block for multi-line text")
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _yaml(value: object, indent: int = 0) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and "\n" in item:
                lines.append(f"{pad}{key}: |")
                lines.extend(f"{pad}  {line}" if line else "" for line in item.splitlines())
            elif isinstance(item, dict | list):
                if not item:
                    continue
                lines.append(f"{pad}{key}:")
                lines.extend(_yaml(item, indent + 2))
            else:
                lines.append(f"{pad}{key}: {_scalar(item)}")
    else:
        assert isinstance(value, list)
        for item in value:
            inner = _yaml(item, indent + 2) if isinstance(item, dict) else [
                f"{pad}  {_scalar(item)}"]
            lines.append(f"{pad}- {inner[0].lstrip()}")
            lines.extend(inner[1:])
    return lines


def dump(data: dict, comment: str) -> str:
    return f"# {comment}\n" + "\n".join(_yaml(data)) + "\n"


# -- items -----------------------------------------------------------------------------------


def _paragraphs(rng: random.Random, count: int, sentences: int, **values: object) -> str:
    return "\n\n".join("".join(s.format(**values) for s in rng.sample(SENTENCES, sentences))
                       for _ in range(count)) + "\n"


def _village(rng: random.Random, plan: VillagePlan, brand: str, products: list[tuple],
             product_photos: int) -> dict:
    v, t = plan.name, plan.town
    values = {"v": v, "t": t, "dir": rng.choice("东西南北"), "km": rng.randint(2, 30),
              "groups": rng.randint(4, 18), "households": rng.randint(300, 1500),
              "people": rng.randint(1000, 6000), "org": rng.choice(["支部", "总支", "委"]),
              "members": rng.randint(30, 160), "households2": rng.randint(50, 400),
              "p": products[0][0], "pr": rng.choice(PRACTICES), "scene": rng.choice(SCENES),
              "num": rng.randint(5, 60), "num2": rng.randint(3, 20), "brand": brand}
    level, issuer = rng.choice(LEVELS)
    data: dict = {
        "name": v,
        "kind": "社区" if v.endswith("社区") else "村",
        "summary": f"{t}{products[0][0]}主产区，“{brand}”党建品牌示范村，"
                   f"党员 {values['members']} 名。",
        "party_org": {"name": f"中共{t}{v}{'' if values['org'] == '支部' else '总'}支部委员会",
                      "stars": rng.randint(3, 5), "stars_by": "县委组织部",
                      "stars_year": rng.randint(2019, 2024), "members": values["members"],
                      "secretary": rng.choice(SURNAMES) + rng.choice(GIVEN)},
        "brand": {"name": brand, "slogan": f"{rng.choice(BRAND_WORDS)}引领 {products[0][0]}兴村",
                  "story": _paragraphs(rng, 2, 3, **values)},
        "demonstration": [{"title": f"{lvl}{rng.choice(HONOR_NAMES)}", "level": lvl,
                           "year": rng.randint(2015, 2024)}
                          for lvl in rng.sample([lv for lv, _ in LEVELS], rng.randint(1, 2))],
        "description": _paragraphs(rng, 2, 4, **values),
        "products": [],
        "practices": [{"title": f"{p}", "body": _paragraphs(rng, 1, 3, **values)}
                      for p in rng.sample(PRACTICES, rng.randint(2, 3))],
        "figures": [
            {"label": "村集体经济收入", "value": round(rng.uniform(10, 300), 1), "unit": "万元",
             "year": 2023},
            {"label": f"{products[0][0]}产业基地", "value": rng.randint(100, 5000), "unit": "亩",
             "year": 2023},
            {"label": "党员联系农户", "value": rng.randint(50, 900), "unit": "户", "year": 2023},
        ],
        "honors": [{"name": f"{lvl}{rng.choice(HONOR_NAMES)}", "level": lvl,
                    "year": rng.randint(2012, 2024), "issuer": iss}
                   for lvl, iss in rng.sample(LEVELS, rng.randint(1, 3))],
        "location": {"address": f"{t}{v}村委会", "lat": round(rng.uniform(24.0, 27.5), 4),
                     "lng": round(rng.uniform(116.0, 120.0), 4)},
        "contact": {"person": f"{v}党群服务中心",
                    "phone": f"0594-{rng.randint(1000000, 9999999)}"},
    }
    data["demonstration"].insert(0, {"title": f"{level}党建示范村", "level": level,
                                     "year": rng.randint(2018, 2024)})
    for number, (name, category, season) in enumerate(products):
        photos = product_photos // len(products) + (number < product_photos % len(products))
        data["products"].append({
            "name": name, "category": category, "season": season,
            "description": _paragraphs(rng, 1, 2, **{**values, "p": name}),
            "photos": _photo_list(rng, plan, f"villages/{v}/{name}", photos, f"{v}{name}·"),
        })
    data["photos"] = f"villages/{v}/"
    return data


def _scenic(rng: random.Random, plan: VillagePlan, photos: int) -> tuple[str, dict]:
    kind = rng.choice(SCENIC_KINDS)
    name = f"{plan.name[:-1] if plan.name.endswith('村') else plan.name}{kind}"
    return name, {
        "name": name, "level": rng.choice(["2A", "3A", "3A", "4A"]),
        "level_year": rng.randint(2010, 2024), "village": plan.name,
        "summary": f"{plan.town}{plan.name}的{kind}，四季皆宜，适合亲子和研学。",
        "description": f"{name}坐落在{plan.name}，{kind}保存完好、风光秀丽。"
                       f"景区由村党组织牵头运营，村民入股分红。\n\n"
                       f"游客可以沿步道游览，在村里品尝农家菜，购买当地特产。\n",
        "hours": "8:30—17:30", "ticket": rng.choice(["免费", "成人 30 元", "成人 50 元"]),
        "phone": f"0594-{rng.randint(1000000, 9999999)}", "capacity": rng.randint(800, 8000),
        "booking": "节假日建议提前电话预约", "visit_time": f"{rng.randint(1, 4)} 小时",
        "location": {"address": f"{plan.town}{plan.name}", "lat": round(rng.uniform(24, 27), 4),
                     "lng": round(rng.uniform(116, 120), 4)},
        "tags": rng.sample(["亲子", "研学", "摄影", "徒步", "古建", "红色", "采摘"], 2),
        "photos": _photo_list(rng, plan, f"scenic/{name}", photos, f"{name}·"),
    }


def _base(rng: random.Random, plan: VillagePlan, photos: int) -> tuple[str, dict]:
    kind = rng.choice(BASE_KINDS)
    name = f"{plan.name}{kind}"
    sites = []
    for n in range(2):
        site_name = f"{rng.choice(SCENES)}教学点{n + 1}"
        sites.append({"name": site_name,
                      "description": f"{site_name}位于{plan.name}，用于现场教学和主题党日。\n",
                      "photos": _photo_list(rng, plan, f"bases/{name}/{site_name}", 1,
                                            f"{site_name}·")})
    return name, {
        "name": name, "kind": kind, "village": plan.name,
        "summary": f"依托{plan.name}红色资源建设的{kind}，是党员群众身边的“红色课堂”。",
        "titles": [{"title": f"市级{kind}", "issuer": "市委组织部",
                    "year": rng.randint(2015, 2024)}],
        "description": f"{name}由村党组织与共建单位合力打造，设有展陈馆和誓词墙。\n\n"
                       f"基地常年承接各级党组织的主题党日、党性教育和研学活动。\n",
        "sites": sites,
        "programmes": [{"name": "重温入党誓词", "duration": "20 分钟"},
                       {"name": "重走红军路", "duration": "1 小时"}],
        "hours": "9:00—17:00", "closed": "每周一闭馆",
        "booking": {"group_size": "每批 20—60 人", "lead_time": "提前 3 天",
                    "phone": f"0594-{rng.randint(1000000, 9999999)}"},
        "capacity": rng.randint(40, 200),
        "photos": _photo_list(rng, plan, f"bases/{name}", photos - 2, f"{name}·"),
    }


def _event(rng: random.Random, plan: VillagePlan, product: str, photos: int
           ) -> tuple[str, dict]:
    kind = rng.choice(EVENT_KINDS)
    name = f"{plan.name}{product}{kind}"
    return name, {
        "name": name, "edition": f"第{'一二三四五六七八九十'[rng.randrange(10)]}届",
        "season": f"每年 {rng.randint(1, 12)} 月", "village": plan.name,
        "summary": f"{plan.name}一年一度的{product}{kind}，村民和游客同乐。",
        "description": f"{name}由村党组织牵头举办，党员志愿者负责交通疏导和游客咨询。\n\n"
                       f"节会期间有{product}品鉴、农特产品展销和文艺演出。\n",
        "photos": _photo_list(rng, plan, f"events/{name}", photos, f"{name}·"),
    }


def _stay(rng: random.Random, plan: VillagePlan, photos: int) -> tuple[str, dict]:
    kind = rng.choice(STAY_KINDS)
    name = f"{plan.name}{rng.choice(['山居', '溪畔', '竹里', '云上', '田园', '老宅'])}{kind}"
    return name, {
        "name": name, "kind": kind, "village": plan.name,
        "summary": f"{plan.name}的{kind}，推窗见山，适合家庭和研学团队。",
        "description": f"{name}由村民闲置房屋改造而成，村集体以资产入股。\n",
        "price": f"{rng.randint(150, 300)}—{rng.randint(320, 680)} 元/晚",
        "rooms": rng.randint(4, 30),
        "contact": {"phone": f"0594-{rng.randint(1000000, 9999999)}"},
        "photos": _photo_list(rng, plan, f"stays/{name}", photos, f"{name}·"),
    }


def _route(rng: random.Random, number: int, stops: list[tuple[str, str]],
           plan: VillagePlan) -> tuple[str, dict]:
    kind = ROUTE_KINDS[number % len(ROUTE_KINDS)]
    name = f"{plan.town}{plan.name[:-1]}{'红色研学' if '红色' in kind else '乡村慢游'}线"
    return name, {
        "name": name, "kind": kind,
        "summary": f"从{plan.name}出发，串起 {len(stops)} 个村和景点的{kind}。",
        "duration": rng.choice(["半天", "1 天", "2 天 1 夜"]),
        "distance_km": rng.randint(10, 80),
        "description": f"{name}串联一村一品产业园、党群服务中心和乡村景区，"
                       f"适合观摩学习和周末游。\n",
        "stops": [{key: target, "time": f"{rng.randint(1, 3)} 小时",
                   "note": "参观党群服务中心，听支部书记讲村里的变化。"}
                  for key, target in stops],
        "photos": _photo_list(rng, plan, f"routes/{name}", 1, f"{name}·"),
    }


SITE = {
    "name": "示范县", "region": "福建省", "summary": "全县示范村党建品牌展示（合成基准数据）。",
    "intro": "本站由基准测试程序按固定种子生成，内容仿照各地党建品牌交流材料编写。\n",
    "brand": {"name": "红色领航 百村示范", "slogan": "党建引领 乡村振兴",
              "story": "全县以党建引领乡村振兴，打造一批党建品牌示范村。\n",
              "keywords": ["红色领航", "一村一品", "乡村振兴"]},
    "footer": {"icp": "闽ICP备00000000号-1", "copyright": "合成基准数据"},
}


def plan_site(villages: int, photos_per_village: int = 20,
              seed: int = SEED) -> tuple[dict[str, dict[str, dict]], list[VillagePlan]]:
    """Every item (collection → file name → data) and every photo, deterministically."""
    names = village_names(villages, seed)
    items: dict[str, dict[str, dict]] = {k: {} for k in
                                         ("villages", "scenic", "bases", "events", "stays",
                                          "routes")}
    plans: list[VillagePlan] = []
    for index, name in enumerate(names):
        rng = random.Random(f"{seed}-{index}")
        town_number = index // 12 % len(TOWNS)
        town = TOWNS[town_number] + ("乡" if town_number % 4 == 3 else "镇")
        plan = VillagePlan(index, name, town)
        plans.append(plan)
        budget = photos_per_village
        extras: list[tuple[str, str, dict]] = []
        products = rng.sample(PRODUCTS, rng.randint(1, 3))
        brand = "".join(rng.sample(BRAND_WORDS, 2)) + " " + products[0][0] + "飘香"
        if rng.random() < 0.4 and budget >= 12:
            extras.append(("scenic", *_scenic(rng, plan, 3)))
            budget -= 3
        if rng.random() < 0.2 and budget >= 12:
            extras.append(("bases", *_base(rng, plan, 4)))
            budget -= 4
        if rng.random() < 0.5 and budget >= 10:
            extras.append(("events", *_event(rng, plan, products[0][0], 2)))
            budget -= 2
        if rng.random() < 0.6 and budget >= 8:
            extras.append(("stays", *_stay(rng, plan, 2)))
            budget -= 2
        if index % 10 == 0 and budget >= 4:
            targets = [("village", n) for n in names[index:index + 4]]
            targets += [(k[:-1] if k != "scenic" else k, i) for k, i, _ in extras[:2]]
            extras.append(("routes", *_route(rng, index // 10, targets, plan)))
            budget -= 1
        product_photos = min(len(products) * 2, max(budget - 2, 0))
        items["villages"][name] = _village(rng, plan, brand, products, product_photos)
        budget -= product_photos
        for n in range(budget):
            scene = SCENES[(index + n) % len(SCENES)]
            plan.photos.append(PhotoPlan(f"villages/{name}/{n + 1:02d}-{scene}.jpg",
                                         rng.randrange(POOL_SIZE)))
        for key, item_name, data in extras:
            items[key][item_name] = data
    return items, plans


# -- photos ----------------------------------------------------------------------------------


def make_pool(folder: Path) -> list[bytes]:
    """POOL_SIZE phone-like 1024×768 JPEGs, made once (photo_corpus with milder grain)."""
    folder.mkdir(parents=True, exist_ok=True)
    bases = sorted(str(p) for p in (ROOT / "assets").rglob("*.jpg"))
    rng = random.Random(SEED)
    pool = []
    for i in range(POOL_SIZE):
        spec = Spec(name=f"pool-{i:02d}.jpg", base=bases[i % len(bases)], size=POOL_PHOTO,
                    portrait=i % 8 == 3, gps=i % 4 == 1, png=False,
                    grain=rng.uniform(0.005, 0.015), seed=rng.getrandbits(32))
        target = folder / spec.name
        if not target.exists():
            make(spec, folder)
            with Image.open(target) as image:  # phone-app quality: tens of KB
                image.load()
                exif = image.info.get("exif", b"")
            image.save(target, "JPEG", quality=80, exif=exif)
        pool.append(target.read_bytes())
    return pool


def unique_jpeg(pool_photo: bytes, label: str) -> bytes:
    """The pool photo with a comment segment (COM) naming it: same pixels, own bytes."""
    assert pool_photo[:2] == b"\xff\xd8"
    payload = f"synthetic photo {label}".encode()
    return pool_photo[:2] + b"\xff\xfe" + struct.pack(">H", len(payload) + 2) + payload + \
        pool_photo[2:]


def write_photo(assets: Path, photo: PhotoPlan, pool: list[bytes], label: str = "") -> Path:
    target = assets / photo.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(unique_jpeg(pool[photo.pool], label or photo.path))
    return target


# -- the project -----------------------------------------------------------------------------


def make_project(folder: Path, villages: int, photos_per_village: int = 20,
                 pool_dir: Path | None = None, photos: bool = True) -> dict[str, int]:
    """Write a complete project (mkdocs.yml, themes, content, assets) into `folder`."""
    items, plans = plan_site(villages, photos_per_village)
    for sub in ("content", "assets"):
        shutil.rmtree(folder / sub, ignore_errors=True)
    (folder / "content/pages").mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.rmtree(folder / "themes", ignore_errors=True)
    shutil.copytree(ROOT / "themes", folder / "themes")
    (folder / "content/site.yaml").write_text(dump(SITE, "合成基准数据：示范县"),
                                              encoding="utf-8")
    counts = {}
    for key, found in items.items():
        (folder / "content" / key).mkdir(exist_ok=True)
        for name, data in found.items():
            (folder / "content" / key / f"{name}.yaml").write_text(
                dump(data, f"合成基准数据：{name}"), encoding="utf-8")
        counts[key] = len(found)
    counts["photos"] = sum(len(p.photos) for p in plans)
    (folder / "assets").mkdir()
    if photos:
        pool = make_pool(pool_dir or folder / ".pool")
        for plan in plans:
            for photo in plan.photos:
                write_photo(folder / "assets", photo, pool)
    return counts


def add_photos(folder: Path, village_index: int, count: int, tag: str = "new",
               pool_dir: Path | None = None) -> list[Path]:
    """Drop `count` new photos into one village's photo folder (no YAML changes)."""
    _, plans = plan_site(village_index + 1)
    plan = plans[village_index]
    pool = make_pool(pool_dir or folder / ".pool")
    return [write_photo(folder / "assets",
                        PhotoPlan(f"villages/{plan.name}/{90 + n:02d}-{tag}{n + 1}号新照片.jpg",
                                  n % POOL_SIZE), pool, f"{tag} {n}")
            for n in range(count)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--villages", type=int, default=100)
    parser.add_argument("--photos-per-village", type=int, default=20)
    args = parser.parse_args(argv)
    counts = make_project(args.out, args.villages, args.photos_per_village)
    print(", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
