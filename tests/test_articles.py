"""Articles (新闻动态: 工作动态, 经验交流, 媒体报道): newest first, dated in Chinese, the latest
on the home page, listed on the pages they relate to; Chinese errors at the line."""

from __future__ import annotations

from conftest import Project

OLD = """\
name: 东山村枇杷开园
kind: 工作动态
date: 2021-12-16
source: 慢城镇党建办
villages:
  - 东山村
"""
NEW = """\
name: 书记谈党员积分制
kind: 经验交流
date: 2024-05-16
author: 林春华（示例）
summary: 一本积分存折，让党员“要我做”变成“我要做”。
villages:
  - 东山村
practices:
  - 党员积分制
people:
  - 林春华
body: 每人一本**积分存折**。
"""
MIDDLE = "name: 慢城上了省报\nkind: 媒体报道\ndate: 2023-3-8\nsource: 福建日报\n"


def town(project: Project) -> None:
    project.write("content/villages/东山村.yaml", "name: 东山村\n")
    project.write("content/villages/王坑村.yaml", "name: 王坑村\n")
    project.write("content/people/林春华.yaml", "name: 林春华（示例）\nrole: 东山村党支部书记\n")
    project.write("content/practices/党员积分制.yaml",
                  "name: 党员积分制\nvillages:\n  - 东山村\n")
    project.write("content/articles/开园.yaml", OLD)
    project.write("content/articles/积分制.yaml", NEW)
    project.write("content/articles/省报.yaml", MIDDLE)


def pages(project: Project) -> dict[str, str]:
    result = project.build()
    assert result.ok, [p.format() for p in result.problems]
    return {f.path: f.read_text() for f in result.files if f.path.endswith(".md")}


def _order(page: str, *names: str) -> list[int]:
    return [page.index(f"[{name}]") for name in names]


def test_the_list_is_newest_first_with_chinese_dates(project: Project) -> None:
    town(project)
    page = pages(project)["articles/index.md"]
    assert "# 新闻动态" in page
    first, second, third = _order(page, "书记谈党员积分制", "慢城上了省报", "东山村枇杷开园")
    assert first < second < third
    assert "**[东山村枇杷开园](kaiyuan.md)** · 工作动态" in page
    assert '<time datetime="2021-12-16">2021年12月16日</time>' in page
    assert '<time datetime="2023-03-08">2023年3月8日</time>' in page  # 2023-3-8 is accepted


def test_an_article_page_shows_its_date_source_and_what_it_relates_to(
        project: Project) -> None:
    town(project)
    built = pages(project)
    page = built["articles/jifenzhi.md"]
    assert "# 书记谈党员积分制" in page
    assert ('<p class="sc-meta"><span>经验交流</span> · '
            '<time datetime="2024-05-16">2024年5月16日</time> · 林春华（示例）</p>') in page
    assert "<strong>积分存折</strong>" in page
    assert "## 相关的村（社区）" in page and "[东山村](../villages/dongshancun.md)" in page
    assert "## 相关的党建工作法" in page
    assert "[党员积分制](../practices/dangyuanjifenzhi.md)" in page
    assert "## 相关人物" in page and "[林春华（示例）](../people/linchunhua.md)" in page
    assert "来源：福建日报" in built["articles/shengbao.md"]


def test_the_home_page_shows_the_latest_articles(project: Project) -> None:
    town(project)
    for day in range(1, 5):  # four more, all newer: the oldest one drops off the home page
        project.write(f"content/articles/新{day}.yaml",
                      f"name: 第{day}篇动态\ndate: 2025-01-0{day}\n")
    home = pages(project)["index.md"]
    section = home.split("## 最新动态")[1]
    assert section.index("[第4篇动态]") < section.index("[第1篇动态]")
    assert "书记谈党员积分制" not in section.split("</section>")[0]
    assert '<a href="articles/">全部 7 篇文章</a>' in section


def test_related_village_practice_and_person_pages_list_the_article(project: Project) -> None:
    town(project)
    built = pages(project)
    village = built["villages/dongshancun.md"].split("## 相关动态")[1]
    assert _order(village, "书记谈党员积分制", "东山村枇杷开园") == sorted(
        _order(village, "书记谈党员积分制", "东山村枇杷开园"))
    assert '<time datetime="2021-12-16">2021年12月16日</time>' in village
    assert "慢城上了省报" not in village
    assert "## 相关动态" not in built["villages/wangkengcun.md"]
    assert "[书记谈党员积分制](../articles/jifenzhi.md)" in built[
        "practices/dangyuanjifenzhi.md"].split("## 相关动态")[1]
    assert "[书记谈党员积分制](../articles/jifenzhi.md)" in built[
        "people/linchunhua.md"].split("## 相关动态")[1]


def problems(project: Project) -> list:
    result = project.build()
    assert not result.ok
    return result.problems


def test_a_misspelt_village_is_an_error_at_its_line_with_a_suggestion(project: Project) -> None:
    town(project)
    project.write("content/articles/开园.yaml", OLD.replace("  - 东山村", "  - 东山"))
    [problem] = problems(project)
    assert (problem.file, problem.line) == ("content/articles/开园.yaml", 6)
    assert "找不到名为“东山”的村（社区）" in problem.message and "东山村" in problem.hint


def test_a_misspelt_person_is_an_error_at_its_line(project: Project) -> None:
    town(project)
    project.write("content/articles/积分制.yaml", NEW.replace("  - 林春华", "  - 林春"))
    [problem] = problems(project)
    assert (problem.file, problem.line) == ("content/articles/积分制.yaml", 11)
    assert "找不到名为“林春”的人物" in problem.message and "林春华" in problem.hint


def test_an_article_without_a_date_is_an_error_at_its_first_line(project: Project) -> None:
    town(project)
    project.write("content/articles/开园.yaml", OLD.replace("date: 2021-12-16\n", ""))
    [problem] = problems(project)
    assert (problem.file, problem.line) == ("content/articles/开园.yaml", 1)
    assert "缺少必填的字段“date”（日期）" in problem.message
    assert "date: …" in problem.hint and "2025-04-12" in problem.hint


def test_a_malformed_date_is_an_error_at_its_line(project: Project) -> None:
    town(project)
    project.write("content/articles/开园.yaml", OLD.replace("2021-12-16", "2021年12月16日"))
    [problem] = problems(project)
    assert (problem.file, problem.line) == ("content/articles/开园.yaml", 3)
    assert "2021-12-16" in problem.message + problem.hint


def test_an_unknown_kind_is_an_error(project: Project) -> None:
    town(project)
    project.write("content/articles/省报.yaml", MIDDLE.replace("媒体报道", "新闻"))
    [problem] = problems(project)
    assert (problem.file, problem.line) == ("content/articles/省报.yaml", 2)
    assert "媒体报道" in problem.message + problem.hint


def test_an_article_quotes_someone_as_a_pull_quote(project: Project) -> None:
    town(project)
    project.write("content/articles/积分制.yaml", NEW + """\
quote:
  words: 党员联户，联的是果园，更是人心。
  person: 林春华
""")
    page = pages(project)["articles/jifenzhi.md"]
    assert ('<figure class="sc-quote">\n'
            '<blockquote><p>党员联户，联的是果园，更是人心。</p></blockquote>') in page
    assert '— <a href="../../people/linchunhua/">林春华（示例）</a>，东山村党支部书记' in page
    assert page.index('class="sc-quote"') < page.index("每人一本")  # before the text
