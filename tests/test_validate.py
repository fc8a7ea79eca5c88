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


# -- visitor services: dates, phones and links of the new fields --------------------------

from generator.content.models import Base, Event, Stay  # noqa: E402


def test_event_date_written_the_chinese_way_gets_the_date_to_write() -> None:
    text = "name: 枇杷文化节\nseason: 每年 4 月\nstart: 2027年4月17日\nend: 2027/4/25\n"
    [(line, message, _), (line2, message2, _)] = problems_of(Event, text)
    assert line == 3 and "start" in message and "把“2027年4月17日”改成 2027-04-17" in message
    assert line2 == 4 and "改成 2027-04-25" in message2


def test_a_date_that_does_not_exist_is_named() -> None:
    [(line, message, _)] = problems_of(Event, "name: 节\nstart: 2027-02-30\n")
    assert line == 2 and "2027 年 2 月没有 30 日" in message
    [(line, message, _)] = problems_of(Event, "name: 节\nstart: 2027-13-01\n")
    assert line == 2 and "月份 13 不对" in message
    [(line, message, hint)] = problems_of(Event, "name: 节\nstart: 四月中旬\n")
    assert line == 2 and "年-月-日" in message and "四月中旬" in message
    assert "2025-04-12" in message + hint


def test_event_ending_before_it_starts_points_at_the_end() -> None:
    text = "name: 节\nstart: 2027-04-17\nend: 2027-04-01\n"
    [(line, message, hint)] = problems_of(Event, text)
    assert line == 3 and "早于" in message and "start" in hint and "end" in hint


def test_holiday_opening_needs_a_day_and_what_happens() -> None:
    text = ("name: 东关寨\nspecial_hours:\n  - period: 国庆假期\n    start: 2026-10-01\n"
            "    end: 2026-10-07\n  - start: 2026-10-08\n    note: 照常\n  - hours: 8:00—18:00\n"
            "  - start: 2026-10-05\n    end: 2026-10-01\n    closed: true\n")
    found = problems_of(Scenic, text)
    assert [line for line, _, _ in found] == [3, 8, 9]
    assert "hours" in found[0][1] and "closed" in found[0][1]  # 国庆假期 says no hours
    assert "period" in found[1][1] and "start" in found[1][1]
    assert "早于" in found[2][1]


def test_booking_links_and_shop_phones_are_checked_where_written() -> None:
    text = ("name: 东山村\nproducts:\n  - name: 枇杷\n    category: 水果\n    shops:\n"
            "      - name: 合作社\n        phone: 电话 8800611\n        url: www.example.com\n")
    [(line, message, _), (line2, message2, _)] = problems_of(Village, text)
    assert line == 7 and "电话号码只能包含数字" in message
    assert line2 == 8 and "https://" in message2
    [(line, message, _)] = problems_of(Stay, "name: 民宿\nbooking_url: tel:0594-8800501\n")
    assert line == 2 and "https://" in message
    text = "name: 基地\nbooking:\n  url: javascript:alert(1)\n"
    [(line, message, _)] = problems_of(Base, text)
    assert line == 3 and "https://" in message


def test_visitor_services_validate_when_written_right() -> None:
    text = ("name: 枇杷文化节\nstart: 2027-4-17\nend: 2027-04-25\n"
            "booking_url: https://yuyue.example.com/pipa\nticket: 免费\n")
    doc, _ = parse(text, F)
    model, problems = validate(Event, doc)
    assert problems == [] and model is not None
    assert (model.start.isoformat(), model.end.isoformat()) == ("2027-04-17", "2027-04-25")
