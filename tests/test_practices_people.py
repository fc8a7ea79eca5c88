"""The town's 党建工作法 (practices), its people and their words: the pages visitors read, and
the Chinese errors editors get at the line."""

from __future__ import annotations

from conftest import MINIMAL_SITE, Project

VILLAGE = "name: 东山村\n"
PERSON = """\
name: 林春华（示例）
role: 东山村党支部书记
village: 东山村
quote:
  words: 党员联户，联的是果园，更是人心。
  source: 擂台赛发言
honors:
  - name: 乡村振兴担当作为好支书
    level: 县级
"""
PRACTICE = """\
name: 党员积分制
category: 党员管理
villages:
  - 东山村
people:
  - 林春华
quote:
  person: 林春华
body: 每人一本**积分存折**。
"""
TOWN_WIDE = "name: 五大擂台\nscope: 全镇\nsummary: 年初揭榜挂帅，年末张榜晒单。\n"


def town(project: Project) -> None:
    project.write("content/villages/东山村.yaml", VILLAGE)
    project.write("content/villages/王坑村.yaml", "name: 王坑村\n")
    project.write("content/people/林春华.yaml", PERSON)
    project.write("content/practices/党员积分制.yaml", PRACTICE)
    project.write("content/practices/五大擂台.yaml", TOWN_WIDE)


def pages(project: Project) -> dict[str, str]:
    result = project.build()
    assert result.ok, [p.format() for p in result.problems]
    return {f.path: f.read_text() for f in result.files if f.path.endswith(".md")}


def test_a_practice_page_quotes_the_person_behind_it_as_a_pull_quote(project: Project) -> None:
    town(project)
    page = pages(project)["practices/dangyuanjifenzhi.md"]
    assert "# 党员积分制" in page
    assert ('<figure class="sc-quote">\n'
            '<blockquote><p>党员联户，联的是果园，更是人心。</p></blockquote>') in page
    assert ('<span class="sc-quote__who">— <a href="../../people/linchunhua/">林春华（示例）</a>'
            '，东山村党支部书记</span><span class="sc-quote__source">擂台赛发言</span>') in page
    assert "<strong>积分存折</strong>" in page
    assert "<span>党员管理</span><span>村级</span>" in page
    assert "## 推行的村（社区）" in page and "[东山村](../villages/dongshancun.md)" in page
    assert "## 带头人" in page and "[林春华（示例）](../people/linchunhua.md)" in page


def test_a_quote_may_name_someone_who_is_no_person_of_the_site(project: Project) -> None:
    project.write("content/villages/东山村.yaml", """\
        name: 东山村
        quote:
          words: 心里踏实了。
          name: 林阿婆（示例）
          role: 果农
          date: 2024-05-01
        """)
    page = pages(project)["villages/dongshancun.md"]
    assert ('<span class="sc-quote__who">— 林阿婆（示例），果农</span>'
            '<span class="sc-quote__source"><time datetime="2024-05-01">2024年5月1日</time>'
            '</span>') in page
    assert "> " not in page  # no grey Markdown blockquote


def test_a_village_page_shows_the_practices_naming_it_and_its_people(project: Project) -> None:
    town(project)
    built = pages(project)
    village = built["villages/dongshancun.md"]
    assert "## 本村的党建工作法" in village
    # a card without a photo starts with its title (an empty first line would make the
    # title a code block)
    assert "-   **[党员积分制](../practices/dangyuanjifenzhi.md)** · 党员管理 · 村级" in village
    assert "五大擂台" not in village  # town-wide, naming no village: on the home page
    assert "## 本村人物" in village and "[林春华（示例）](../people/linchunhua.md)" in village
    assert "· 东山村党支部书记" in village  # the card says the role
    assert "党建工作法" not in built["villages/wangkengcun.md"]


def test_a_person_page_says_where_they_serve_their_words_and_their_practices(
        project: Project) -> None:
    town(project)
    page = pages(project)["people/linchunhua.md"]
    assert '<p class="sc-person__role">东山村党支部书记</p>' in page
    assert '所在村：<a href="../../villages/dongshancun/">东山村</a>' in page
    assert '<span class="sc-quote__who">— 林春华（示例），东山村党支部书记</span>' in page
    assert "**乡村振兴担当作为好支书** · 县级" in page
    assert "## 参与的党建工作法" in page
    assert "[党员积分制](../practices/dangyuanjifenzhi.md)" in page


def test_a_portrait_is_shown_beside_the_name_and_on_cards(project: Project) -> None:
    town(project)
    project.photo("people/林春华.jpg", (300, 400))
    project.write("content/people/林春华.yaml", PERSON + "portrait: people/林春华.jpg\n")
    built = pages(project)
    person = built["people/linchunhua.md"]
    assert '<div class="sc-portrait"><picture>' in person
    assert 'alt="林春华"' in person  # the file's name says who it is
    card = built["practices/dangyuanjifenzhi.md"].split("## 带头人")[1]
    assert "<picture>" in card and 'alt="林春华"' in card


def test_the_home_page_shows_practices_as_cards_and_the_site_quote(project: Project) -> None:
    town(project)
    project.write("content/site.yaml", MINIMAL_SITE + "quote:\n  person: 林春华\n")
    home = pages(project)["index.md"]
    assert "## 党建工作法" in home
    assert "[五大擂台](practices/wudaleitai.md)** · 全镇推行" in home
    assert "[党员积分制](practices/dangyuanjifenzhi.md)** · 党员管理 · 村级" in home
    assert '<blockquote><p>党员联户，联的是果园，更是人心。</p></blockquote>' in home
    assert "2 项党建工作法" in home and "1 位人物" in home  # the tiles' counts


def test_words_typed_into_a_quote_are_text(project: Project) -> None:
    project.write("content/villages/东山村.yaml", """\
        name: 东山村
        quote:
          words: <b>好</b> **粗** [链](javascript:alert(1))
          name: <i>某</i>
        """)
    page = pages(project)["villages/dongshancun.md"]
    assert "<b>" not in page and "<i>" not in page and "javascript:alert" not in page.replace(
        "javascript&#58;", "")
    assert "&lt;b&gt;好&lt;/b&gt; &#42;&#42;粗&#42;&#42;" in page


def problems(project: Project) -> list:
    result = project.build()
    assert not result.ok
    return result.problems


def test_a_village_a_practice_names_that_is_not_there_is_an_error_at_the_line(
        project: Project) -> None:
    town(project)
    project.write("content/practices/党员积分制.yaml", PRACTICE.replace("  - 东山村", "  - 东山"))
    [problem] = problems(project)
    assert (problem.file, problem.line) == ("content/practices/党员积分制.yaml", 4)
    assert "找不到名为“东山”的村（社区）" in problem.message and "东山村" in problem.hint


def test_a_person_a_quote_names_that_is_not_there_is_an_error_in_site_yaml(
        project: Project) -> None:
    town(project)
    project.write("content/site.yaml", MINIMAL_SITE + "quote:\n  person: 林春\n")
    [problem] = problems(project)
    assert (problem.file, problem.line) == ("content/site.yaml", 10)
    assert "找不到名为“林春”的人物" in problem.message and "林春华" in problem.hint


def test_a_quote_of_a_person_without_words_says_where_to_write_them(project: Project) -> None:
    town(project)
    project.write("content/people/林春华.yaml", "name: 林春华（示例）\n")
    [problem] = problems(project)
    assert (problem.file, problem.line) == ("content/practices/党员积分制.yaml", 8)
    assert "没有写原话" in problem.message and "content/people/林春华.yaml" in problem.hint


def test_a_quote_says_whose_words_they_are(project: Project) -> None:
    project.write("content/villages/东山村.yaml", "name: 东山村\nquote:\n  words: 好。\n")
    [problem] = problems(project)
    assert (problem.file, problem.line) == ("content/villages/东山村.yaml", 2)
    assert "写上是谁说的" in problem.message


def test_a_persons_phone_number_is_refused_saying_why(project: Project) -> None:
    project.write("content/people/林春华.yaml", "name: 林春华\nphone: 13800000000\n")
    [problem] = problems(project)
    assert (problem.file, problem.line) == ("content/people/林春华.yaml", 2)
    assert "不能写“phone”" in problem.message and "不公开个人的电话" in problem.hint


def test_a_village_level_practice_names_its_villages(project: Project) -> None:
    project.write("content/practices/书记工作室.yaml", "name: 书记工作室\nscope: 村级\n")
    [problem] = problems(project)
    assert problem.file == "content/practices/书记工作室.yaml"
    assert "villages" in problem.message and "scope: 全镇" in problem.message
