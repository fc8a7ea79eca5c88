"""The one oracle every cache answers to: after any edit, a warm `showcase build` publishes
byte for byte the site a build from nothing publishes.

A copy of the sample project is edited step by step and built warm after each step (its
.cache and site/ kept from the step before). Each step's project is also copied without
.cache and site/ and built from nothing. Every build is `showcase build` in a new process,
with its own hash seed; the two sides share no folder. Besides the files, the numbers
`showcase build` reports prove the caches were used: a warm build converts fewer pages than
a clean one (unless the edit changes what every page shows, such as the navigation or the
theme), processes fewer photos, and a rebuild with nothing changed converts none.

Steps are cumulative (each test applies the steps before it that have not run yet), and
unrelated edits share a step to keep the file quick (every build is a new process); the test
id names them.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from oracle import EPOCH, Build, assert_same_site, build_all, copy_sources, sample_project
from PIL import Image

Edit = Callable[[Path], None]
DAY = 86_400


def sub(path: str, pattern: str, new: str) -> Edit:
    """Replace the one match of `pattern` (multiline) in a project file."""
    def edit(project: Path) -> None:
        file = project / path
        text = file.read_text(encoding="utf-8")
        changed, count = re.subn(pattern, new, text, count=1, flags=re.MULTILINE)
        assert count == 1 and changed != text, f"edit did not apply: {path}: {pattern}"
        file.write_text(changed, encoding="utf-8")
    return edit


def write(path: str, text: str) -> Edit:
    def edit(project: Path) -> None:
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_text(text, encoding="utf-8")
    return edit


def delete(path: str) -> Edit:
    return lambda project: (project / path).unlink()


def rename(path: str, to: str) -> Edit:
    return lambda project: (project / path).rename(project / to)


def photo(path: str, size: tuple[int, int], colour: tuple[int, ...]) -> Edit:
    """A picture written at `path` under assets/ (a new file, or new pixels in place)."""
    def edit(project: Path) -> None:
        target = project / "assets" / path
        assert target.parent.is_dir(), target
        mode = "RGBA" if len(colour) == 4 else "RGB"
        image = Image.new(mode, size, colour)
        image.paste((250, 250, 250)[:len(colour)] + (255,) * (len(colour) - 3),
                    (0, 0, size[0] // 3, size[1] // 3))
        image.save(target)
    return edit


@dataclass(frozen=True)
class Step:
    name: str
    edits: tuple[Edit, ...]
    every_page: bool = False
    """The edit changes what every page shows (navigation, theme, configuration, header):
    MkDocs may convert every page again."""


VILLAGE = "content/villages/东山村.yaml"
SPOT = "content/scenic/东关寨.yaml"
STAY = "content/stays/老寨民宿.yaml"

STEPS = [
    Step("field kinds: text, Markdown, integer, enum, list, nested, card summary, product", (
        sub(SPOT, r"^hours: 8:30—17:30$", "hours: 8:00—18:00"),
        sub(STAY, r"^description: \|\n",
            "description: |\n  **今年新开放**：\n\n  - 院里摘枇杷\n  - 农家餐\n\n"),
        sub(VILLAGE, r"^  members: 68$", "  members: 71"),
        sub(SPOT, r"^level: 3A$", "level: 4A"),
        sub(SPOT, r"^tags:\n  - 古建筑\n", "tags:\n  - 研学基地\n"),
        sub("content/villages/王坑村.yaml", r"^  slogan: .*$", "  slogan: 一根地瓜干 富了一村人"),
        sub("content/stays/竹三里.yaml", r"^summary: .*$", "summary: 新的民宿简介。"),
        sub("content/villages/善山村.yaml", r"^  - name: 善山橄榄$", "  - name: 檀香橄榄"),
    )),
    Step("coords; a caption, a photo list become a folder; route stops reordered and cut", (
        sub(SPOT, r"^  lat: 25\.4351$", "  lat: 25.4551"),  # on two routes' maps
        sub(STAY, r"^  coords: gcj02$", "  coords: wgs84"),
        sub("content/villages/善山村.yaml", r"caption: 秋季成熟的善山橄榄$", "caption: 十月橄榄"),
        sub("content/villages/王坑村.yaml", r"^photos:\n(  .*\n)+\Z", "photos: villages/王坑村/\n"),
        sub("content/routes/果香慢城田园线.yaml",
            r"^(  - village: 东山村\n(?:    .*\n)+)(  - scenic: 东关寨\n(?:    .*\n)+)", r"\2\1"),
        sub("content/routes/溪谷露营慢游线.yaml", r"^  - village: 逸都社区\n(    .*\n)+", ""),
    )),
    Step("a village renamed, a stay's file renamed; an item deleted, an item added", (
        sub(VILLAGE, r"^name: 东山村$", "name: 东山村（枇杷村）"),
        rename("content/stays/后溪慢谷.yaml", "content/stays/后溪慢谷山居.yaml"),
        delete(STAY),
        write("content/events/枇杷品鉴会.yaml",
              "name: 枇杷品鉴会\nsummary: 东山村果农请游客品尝新品种枇杷。\nvillage: 东山村\n"),
    ), every_page=True),
    Step("a stay, a spot moved to other villages; a shared industry's villages; photos added", (
        sub("content/stays/竹三里.yaml", r"^village: 普礼村$", "village: 东山村"),
        # a village leaves the shared industry and another joins: both pages, the industry's
        # and the 一村一品 page change
        sub("content/industries/枇杷.yaml", r"^  - village: 王坑村\n    note: .*$",
            "  - village: 后溪村\n    note: 溪谷里新种的枇杷园，2026 年挂果。"),
        sub("content/scenic/后溪漂流景区.yaml", r"^village: 后溪村$", "village: 王坑村"),
        photo("villages/王坑村/地瓜田.jpg", (800, 600), (150, 110, 60)),
        photo("villages/东山村/枇杷花.jpg", (640, 480), (230, 220, 190)),
        sub(VILLAGE, r"^photos:\n",
            "photos:\n  - file: villages/东山村/枇杷花.jpg\n    caption: 冬天开的枇杷花\n"),
    )),
    Step("photos replaced in place (new pixels); photos deleted (folder and list)", (
        photo("villages/东山村/枇杷.jpg", (1400, 700), (40, 120, 60)),  # another size
        photo("villages/王坑村/高山村貌.jpg", (480, 360), (70, 90, 160)),  # the same size
        delete("assets/villages/王坑村/村级揽收点.jpg"),
        delete("assets/scenic/东关寨/旧寨跑马道.jpg"),
        sub(SPOT, r"^  - file: scenic/东关寨/旧寨跑马道.jpg\n    caption: .*\n", ""),
    )),
    Step("a shared macro; a page template", (
        sub("themes/pages/_macros.md.j2", r"（\{\{ f\.year \}\}年）", "（{{ f.year }} 年统计）"),
        sub("themes/pages/village.md.j2", r"\Z",
            '\n<p class="sc-meta">本页内容由村党支部提供。</p>\n'),
    )),
    Step("a theme override; a CSS file; the logo replaced in place", (
        sub("themes/material/partials/copyright.html", r"^</div>",
            "  <div>本站内容仅供观摩学习。</div>\n</div>"),
        sub("themes/material/assets/stylesheets/showcase.css", r"\Z",
            "\n.sc-footer { letter-spacing: .02em; }\n"),
        photo("site/慢城党建标志.png", (512, 512), (200, 30, 30, 160)),
    ), every_page=True),
    Step("mkdocs.yml: site_url, a Markdown extension's option, the plugin's option", (
        sub("mkdocs.yml", r"^site_url: .*$", "site_url: https://www.example.gov.cn/mancheng/"),
        sub("mkdocs.yml", r"^      permalink: false$", "      permalink: true"),
        sub("mkdocs.yml", r"^  - showcase:\n", "  - showcase:\n      nav_max_items: 5\n"),
    ), every_page=True),
    Step("a hand-written page under docs_dir", (
        sub("content/pages/about.md", r"^网站内容由镇党委宣传办维护。",
            "网站内容由镇党委宣传办维护，每月更新一次。"),
    )),
    Step("a hand-written page added; the footer; the site's name, location, section titles", (
        write("content/pages/guide.md", "# 观摩指南\n\n请提前一周预约。\n"),
        sub("content/site.yaml", r"^  icp: .*$", "  icp: 闽ICP备12345678号-2"),
        sub("content/site.yaml", r"^footer:$", "sections:\n  villages: 美丽村居\nfooter:"),
        sub("content/site.yaml", r"^name: 慢城镇$", "name: 慢城镇党委"),
        sub("content/site.yaml", r"^  lng: 118\.7432$", "  lng: 118.7452"),
    ), every_page=True),
    Step("a person's words, quoted on a practice page; a practice taken up by a village", (
        sub("content/people/林春华.yaml", r"^  words: 果子卖得出去.*$",
            "  words: 果子卖得出去，群众才信支部。"),
        sub("content/practices/五单闭环机制.yaml", r"^  - 逸都社区$", "  - 逸都社区\n  - 王坑村"),
    )),
    Step("an article moved to another village: both villages' article lists change", (
        sub("content/articles/枇杷获评全国名特优新农产品.yaml", r"^  - 状元村$", "  - 善山村"),
    )),
]


class WarmProject:
    """The sample project as a user keeps it: edited step by step, built warm each time."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.project = sample_project(root / "warm")
        self.applied = 0  # steps whose edits are in the project
        self.builds = 0
        self.clean: Path | None = None  # the clean build of the project as it is now
        self.epoch = EPOCH
        self.first = self.build_both("start")

    def seed(self) -> int:
        self.builds += 1
        return (1, 5)[self.builds % 2]  # two seeds that order sets differently

    def build_both(self, name: str) -> tuple[Build, Build]:
        """The project built warm and, from a copy, clean, at once (two processes)."""
        if self.clean is not None:
            shutil.rmtree(self.clean.parent)
        copy = copy_sources(self.project, self.root / f"clean-{name}")
        warm, clean = build_all([(self.project, self.seed()), (copy, 2)], epoch=self.epoch)
        self.clean = clean.ok().site
        return warm.ok(), clean

    def warm_again(self) -> Build:
        [build] = build_all([(self.project, self.seed())], epoch=self.epoch)
        return build.ok()

    def apply(self, index: int) -> None:
        for edit in STEPS[index].edits:
            edit(self.project)
        self.applied = index + 1
        self.epoch = EPOCH + DAY * self.applied  # a stale date in a kept page shows

    def after(self, index: int) -> tuple[Build, Build]:
        """The project built warm and clean after step `index`; steps before it that were
        not selected are applied and built warm first, so each step is its own edit."""
        while self.applied < index:
            self.apply(self.applied)
            self.warm_again()
        self.apply(index)
        return self.build_both(f"{index:02}")


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> WarmProject:
    return WarmProject(tmp_path_factory.mktemp("warm-equals-clean"))


def test_nothing_changed_nothing_is_built_and_the_site_is_the_clean_one(
        warm: WarmProject) -> None:
    first, clean = warm.first
    assert first.pages == clean.pages and clean.pages[0] > 0
    assert_same_site(first.site, clean.site, "the first build", got_name="first")
    again = warm.warm_again()
    assert again.pages == (0, clean.pages[0]), again
    assert again.photos == (0, clean.photos[0]), again
    assert warm.clean is not None
    assert_same_site(again.site, warm.clean, "rebuilt with nothing changed", got_name="rebuilt")


@pytest.mark.parametrize("index", range(len(STEPS)), ids=[step.name for step in STEPS])
def test_a_warm_build_after_an_edit_publishes_the_clean_site(
        warm: WarmProject, index: int) -> None:
    step = STEPS[index]
    built, clean = warm.after(index)
    assert warm.clean is not None
    assert_same_site(built.site, warm.clean, f"after “{step.name}”")
    (warm_built, warm_reused), (clean_built, clean_reused) = built.pages, clean.pages
    assert clean_reused == 0 and warm_built + warm_reused == clean_built, (built, clean)
    if step.every_page:
        assert warm_built <= clean_built
    else:  # the page cache was used: only pages showing the edit were converted again
        assert warm_built < clean_built, (built.pages, clean.pages)
    # and the photo cache: only new or changed photos were processed
    assert built.photos[0] < clean.photos[0] and clean.photos[1] == 0, (built, clean)
    assert sum(built.photos) == sum(clean.photos)


def test_after_every_edit_a_rebuild_with_nothing_changed_builds_nothing(
        warm: WarmProject) -> None:
    if warm.applied < len(STEPS):
        warm.after(len(STEPS) - 1)
    again = warm.warm_again()
    assert again.pages[0] == 0 and again.photos[0] == 0, again
    assert warm.clean is not None
    assert_same_site(again.site, warm.clean, "rebuilt with nothing changed", got_name="rebuilt")
