"""Validation messages: Chinese, at the right line, saying what to write instead."""

from __future__ import annotations

from generator.content.models import Route, Scenic, Village
from generator.content.validate import validate
from generator.content.yamlsource import parse

F = "content/villages/东山村.yaml"


def problems_of(model: type, text: str) -> list[tuple[int, str, str]]:
    doc, found = parse(text, F)
    assert found == []
    result, problems = validate(model, doc)
    assert result is None
    return [(p.line, p.message, p.hint) for p in problems]


def test_unknown_key_suggests_the_right_one() -> None:
    [(line, message, hint)] = problems_of(Village, "name: 东山村\nsumary: 枇杷之乡\n")
    assert line == 2
    assert "不认识的字段“sumary”" in message
    assert "summary" in hint


def test_chinese_key_is_translated() -> None:
    [(line, _message, hint)] = problems_of(Village, "name: 东山村\n名称: 东山村\n")
    assert line == 2 and "name" in hint


def test_nested_unknown_key_in_photo_list() -> None:
    text = "name: 东山村\nphotos:\n  - file: a.jpg\n    capton: 村貌\n"
    [(line, message, hint)] = problems_of(Village, text)
    assert line == 4 and "capton" in message and "caption" in hint


def test_text_where_a_number_belongs() -> None:
    text = "name: 东山村\nparty_org:\n  name: 东山村党支部\n  stars: 三\n"
    [(line, message, _hint)] = problems_of(Village, text)
    assert line == 4 and "整数" in message and "三" in message


def test_out_of_range_values() -> None:
    text = "name: 东山村\nparty_org:\n  name: 东山村党支部\n  stars: 6\n"
    [(line, message, _)] = problems_of(Village, text)
    assert line == 4 and "不大于 5" in message
    [(line, message, _)] = problems_of(Scenic, "name: 东关寨\nlevel: 7A\n")
    assert line == 2 and "1A" in message and "5A" in message


def test_missing_required_field_points_at_its_parent() -> None:
    text = "name: 东山村\nproducts:\n  - name: 枇杷\n"
    [(line, message, hint)] = problems_of(Village, text)
    assert line == 3 and "category" in message and "类别" in message
    assert "category:" in hint


def test_route_stop_needs_exactly_one_target() -> None:
    text = "name: 线路\nkind: 观摩路线\nstops:\n  - village: 东山村\n    scenic: 东关寨\n"
    [(line, message, _)] = problems_of(Route, text)
    assert line == 4 and "只写一个去处" in message


def test_a_level_accepts_letters() -> None:
    doc, _ = parse("name: 东关寨\nlevel: AAA\n", F)
    model, problems = validate(Scenic, doc)
    assert problems == [] and model is not None and model.level == "3A"


def test_links_only_allow_safe_schemes() -> None:
    text = "name: 东山村\ncontact:\n  website: javascript:alert(1)\n"
    [(line, message, _)] = problems_of(Village, text)
    assert line == 3 and "http" in message


def test_chinese_numerals_get_the_digits_to_write() -> None:
    text = "name: 东山村\nparty_org:\n  name: 东山村党支部\n  stars: 「三」\n  members: 68人\n"
    [(line, message, hint), (line2, _, hint2)] = problems_of(Village, text)
    assert line == 4 and "「三」" in message and "改成 3" in hint
    assert line2 == 5 and "改成 68" in hint2


def test_chinese_key_is_one_problem_not_also_a_missing_name() -> None:
    [(line, message, hint)] = problems_of(Village, "名称: 东山村\n")
    assert line == 1 and "名称" in message and "“name”" in hint


def test_unknown_key_without_a_close_match_lists_fields_with_chinese_titles() -> None:
    [(_, _, hint)] = problems_of(Village, "name: 东山村\n简介: x\n")
    assert "summary（一句话介绍）" in hint
