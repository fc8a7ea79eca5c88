"""Validate plain YAML data against a model, turning pydantic errors into Chinese problems."""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.content import hints, invisible
from generator.content.modelinfo import DataPath, field_at, model_at
from generator.content.numbers import read_number, shown
from generator.content.yamlsource import YamlDocument
from generator.problems import Problem

_TYPE_NAMES = {
    "string_type": "文字", "int_type": "整数", "int_parsing": "整数", "int_from_float": "整数",
    "float_type": "数字", "float_parsing": "数字", "bool_type": "是或否（true/false）",
    "bool_parsing": "是或否（true/false）", "list_type": "列表（每一项以“- ”开头）",
    "model_type": "“字段: 值”形式的一组内容", "dict_type": "“字段: 值”形式的一组内容",
    "model_attributes_type": "“字段: 值”形式的一组内容",
    "date_type": "日期（例如 2024-04-20）", "date_parsing": "日期（例如 2024-04-20）",
    "date_from_datetime_parsing": "日期（例如 2024-04-20）",
}


def _clean_path(loc: tuple[Any, ...], data: Any, error_type: str) -> tuple[DataPath, bool]:
    """Keep the parts of a pydantic loc that name real data; drop union branch tags."""
    path: list[str | int] = []
    node = data
    skipped = False
    for index, part in enumerate(loc):
        in_dict = isinstance(node, dict) and isinstance(part, str) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            path.append(part)
            node = node[part]
        elif error_type == "missing" and index == len(loc) - 1:
            path.append(part)
        else:
            skipped = True
    return tuple(path), skipped


def _label(model: type[BaseModel], path: DataPath) -> str:
    names = [p for p in path if isinstance(p, str)]
    if not names:
        return "这个文件"
    info = field_at(model, path)
    title = f"（{info.title}）" if info is not None and info.title else ""
    item = f"的第 {path[-1] + 1} 项" if isinstance(path[-1], int) else ""
    return f"字段“{names[-1]}”{title}{item}"


def _field_for(model: type[BaseModel], parent: DataPath, key: str) -> tuple[str | None, bool]:
    """The field an unknown key most likely means, and whether that is certain."""
    owner = model_at(model, parent)
    if owner is None:
        return None, False
    by_title = {info.title: name for name, info in owner.model_fields.items() if info.title}
    if key in by_title:
        return by_title[key], True
    lowered = key.strip().lower().replace("-", "_").replace(" ", "_")
    if lowered in owner.model_fields:
        return lowered, True
    if len(key) > 60:  # no field name is this long; comparing would take time for nothing
        return None, False
    close = difflib.get_close_matches(lowered, list(owner.model_fields), n=1, cutoff=0.6)
    if close:
        return close[0], False
    close_title = difflib.get_close_matches(key, list(by_title), n=1, cutoff=0.5)
    if close_title:
        return by_title[close_title[0]], False
    return None, False


def _suggest_field(model: type[BaseModel], parent: DataPath, key: str) -> str:
    owner = model_at(model, parent)
    if owner is None:
        return "删掉这个字段，或检查拼写。"
    name, certain = _field_for(model, parent, key)
    if name is not None:
        title = owner.model_fields[name].title
        if certain:
            return f"字段名要这样写：把“{hints.clip(key)}”改成“{name}”（{title}）。"
        return f"是不是想写“{name}”（{title}）？"
    allowed = "、".join(f"{name}（{info.title}）" for name, info in owner.model_fields.items())
    return f"这里可以写的字段有：{allowed}。"


def chinese_number(text: str) -> int | float | None:
    """三 → 3, 「十二」 → 12, 一百零五 → 105, ５ → 5; None when it is not a number."""
    reading = read_number(text)
    return reading.value if reading is not None else None


_GENERIC_NUMBER = "只写阿拉伯数字（例如 3），不要写汉字、单位或引号"


def _number_hint(model: type[BaseModel], path: DataPath, got: object, described: str,
                 integer: bool) -> str:
    """What to write instead of text typed into a number field: the number, and where the
    unit and words like 以上 go when the block has fields for them (a figure's unit, note)."""
    tail = f"（{described}）。" if described else "。"
    reading = read_number(got) if isinstance(got, str) and len(got) < 100 else None
    if reading is None:
        return _GENERIC_NUMBER + tail
    owner = model_at(model, path[:-1])
    fields = owner.model_fields if owner is not None else {}
    value, unit = reading.value, reading.unit
    if unit.startswith(("万", "亿")) and "unit" not in fields:
        value *= 10_000 if unit[0] == "万" else 100_000_000
        unit = unit[1:]
    if integer and isinstance(value, float) and not value.is_integer():
        return f"这里只能写整数，例如把“{got}”改成 {round(value)}" + tail
    advice = [f"只写阿拉伯数字，把“{got}”改成 {shown(value)}"]
    if unit and "unit" in fields:
        advice.append(f"单位另写一行“unit: '{unit}'”")
    if reading.qualified:
        advice.append(f"“{got}”这样的说法可以写在备注里：“note: {got}”" if "note" in fields
                      else "这里只能写一个确定的数字")
    return "；".join(advice) + tail


def _named_fields(owner: type[BaseModel], message: str) -> list[str]:
    """Field names a model rule's message mentions ("结束日期 end 早于开始日期 start")."""
    return [name for name in owner.model_fields if re.search(rf"(?<![a-z_]){name}(?![a-z_])",
                                                            message)]


def _rule_position(doc: YamlDocument, model: type[BaseModel], error: dict[str, Any],
                   path: DataPath) -> tuple[int, int] | None:
    """Where a rule about several fields of a block points: the last of them that is written
    (a rule about a list item, like a route stop, points at the item)."""
    if error["type"] != "value_error" or (path and isinstance(path[-1], int)):
        return None
    owner = model_at(model, path)
    if owner is None:
        return None
    message = str(error.get("ctx", {}).get("error", ""))
    written = [(*path, name) for name in _named_fields(owner, message)
               if (*path, name) in doc.positions]
    return max(doc.positions[p] for p in written) if written else None


_TEXT = "写一段文字，和字段名写在同一行；要分成几行时写成“字段: |”，下一行起多缩进两个空格。"
_FALLBACK_HINTS = {
    "string_type": _TEXT,
    "list_type": "写成列表：从下一行起每项一行，以“- ”开头，比字段名多缩进两个空格。",
    "model_type": "写成一组“字段: 内容”：从下一行起每个字段一行，比上一级多缩进两个空格。",
    "dict_type": "写成一组“字段: 内容”：从下一行起每个字段一行，比上一级多缩进两个空格。",
    "bool_type": "写 true（是）或 false（否）。",
    "bool_parsing": "写 true（是）或 false（否）。",
    "date_type": "写成 2024-04-20 这样的日期（年-月-日，月和日都写两位）。",
    "date_parsing": "写成 2024-04-20 这样的日期（年-月-日，月和日都写两位）。",
    "literal_error": "从上面列出的几种里选一个，照原样写。",
    "greater_than_equal": "改成范围内的数字。", "greater_than": "改成范围内的数字。",
    "less_than_equal": "改成范围内的数字。", "less_than": "改成范围内的数字。",
    "too_short": "在冒号后面写上内容；不需要这一项的话，删掉这一行。",
    "string_too_short": "在冒号后面写上内容；不需要这一项的话，删掉这一行。",
    "string_pattern_mismatch": "只用小写英文字母、数字和“-”，例如 dongshan 或 dongshan-2。",
    "value_error": "照上面的说明改。",
}


def _describe(model: type[BaseModel], error: dict[str, Any], path: DataPath,
              doc: YamlDocument) -> tuple[str, str]:
    """The Chinese message and hint for one pydantic error; the hint is never empty."""
    message, hint = _explain(model, error, path, doc)
    return message, hint or _FALLBACK_HINTS.get(
        error["type"], "对照 showcase new 生成的文件或示例镇的文件，检查这一项的写法。")


def _explain(model: type[BaseModel], error: dict[str, Any], path: DataPath,
             doc: YamlDocument) -> tuple[str, str]:
    kind = error["type"]
    label = _label(model, path)
    got = error.get("input")
    info = field_at(model, path)
    described = (info.description if info is not None else "") or ""
    if info is not None and described == info.title:
        described = ""  # a description that only repeats the title says nothing new
    described = hints.localise(described, doc.file, doc.data)
    if kind == "suggested":  # a rule that says what to write instead
        return f"{label}：{error['msg']}。", str(error["ctx"]["hint"]).format(**error["ctx"]) + "。"
    if kind == "computer_path":
        return (f"{label}：{error['msg']}。",
                "把照片复制到 assets/ 里，路径从 assets/ 之后写起，用“/”分隔，写成："
                f"{hints.path_in_assets(str(got), doc.file)}")
    if kind == "extra_forbidden":
        hidden = invisible.describe(str(path[-1]))
        if hidden:
            return (f"字段名“{hints.clip(path[-1])}”里有看不见的字符（{hidden}）。",
                    f"删掉这个字段名重新输入，写成“{invisible.strip(str(path[-1]))}”。")
    if kind == "missing":
        return f"缺少必填的{label}。", f"在这一层加上“{hints.clip(path[-1])}: …”。{described}"
    if kind == "extra_forbidden":
        owner = model_at(model, path[:-1])
        refused = getattr(owner, "REFUSED", {}).get(str(path[-1]))
        if refused:  # a field left out on purpose (a person's phone): say why
            return f"不能写“{hints.clip(path[-1])}”。", refused
        return (f"不认识的字段“{hints.clip(path[-1])}”。",
                _suggest_field(model, path[:-1], str(path[-1])))
    if kind in _TYPE_NAMES and got is None:
        return (f"{label}还没有填写。",
                f"在冒号后面写上{_TYPE_NAMES[kind]}；不需要这一项的话，删掉这一行。{described}")
    if kind in _TYPE_NAMES:
        hint = described
        if kind.startswith(("int_", "float_")):
            hint = _number_hint(model, path, got, described, kind.startswith("int_"))
        if isinstance(got, str) and "：" in got:
            hint = "这里好像用了中文全角冒号“：”，要改成英文冒号加空格“: ”。"
        return f"{label}应当是{_TYPE_NAMES[kind]}，现在写的是“{hints.clip(got)}”。", hint
    if kind == "literal_error":
        expected = str(error.get("ctx", {}).get("expected", ""))
        expected = expected.replace("' or '", "、").replace("', '", "、").strip("'")
        return f"{label}只能是 {expected} 之一，现在写的是“{hints.clip(got)}”。", described
    if kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        ctx = error.get("ctx", {})
        bound = {"greater_than_equal": f"不小于 {ctx.get('ge')}",
                 "greater_than": f"大于 {ctx.get('gt')}",
                 "less_than_equal": f"不大于 {ctx.get('le')}",
                 "less_than": f"小于 {ctx.get('lt')}"}[kind]
        return f"{label}应当{bound}，现在写的是 {hints.clip(got)}。", described
    if kind == "finite_number":
        return (f"{label}应当是一个具体的数字，现在写的是“{hints.clip(got)}”。",
                "写阿拉伯数字，例如 21 或 91.3（“.nan”“.inf”在 YAML 里表示“不是数”“无穷大”）。")
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        return (f"{label}有 {len(str(got))} 个字，太长了（最多 {limit} 个字）。",
                "网页上的一段文字不宜这么长：只留要点，或分成几项来写（例如几项特色做法）。")
    if kind in {"too_short", "string_too_short"}:
        return f"{label}不能是空的。", described
    if kind == "string_pattern_mismatch":
        return f"{label}的写法不对：“{hints.clip(got)}”。", described
    if kind in {"value_error", "assertion_error"}:
        message = str(error.get("ctx", {}).get("error", error["msg"]))
        owner = model_at(model, path)
        named = _named_fields(owner, message) if owner is not None else []
        if named and owner is not None:  # a rule about several fields of one block
            fields = "、".join(f"{n}（{owner.model_fields[n].title}）" for n in named)
            where = "" if not path else f"{label}："
            return f"{where}{message}。", f"检查这几项：{fields}。"
        return f"{label}：{message}。", described
    return f"{label}的写法不对（{error['msg']}）。", described


# errors raised by the model's own rules, which say more than "not this member of a union"
_OWN_REASONS = frozenset({"value_error", "suggested", "computer_path", "finite_number"})


def validate(model: type[BaseModel], doc: YamlDocument) -> tuple[BaseModel | None, list[Problem]]:
    """A model instance, or None with every problem found in the document."""
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    cleaned = []
    for error in errors:
        path, from_union = _clean_path(error["loc"], doc.data, error["type"])
        cleaned.append((path, from_union, error))
    # a validator's own reason says more than "not this union member": report it first
    cleaned.sort(key=lambda found: found[2]["type"] not in _OWN_REASONS)
    explained = {(*path[:-1], _field_for(model, path[:-1], str(path[-1]))[0])
                 for path, _, error in cleaned if error["type"] == "extra_forbidden"}
    problems: list[Problem] = []
    seen: set[DataPath] = set()
    for path, from_union, error in cleaned:
        if error["type"] == "missing" and path in explained:
            continue  # "名称: …" is reported as a key to rename, not also as a missing name
        deeper = any(other[: len(path)] == path and len(other) > len(path)
                     for other, _, _ in cleaned)
        if from_union and (deeper or path in seen):
            continue  # a union branch that did not apply; a more specific error says it
        seen.add(path)
        where = path[:-1] if error["type"] == "missing" else path
        line, column = _rule_position(doc, model, error, path) or doc.position(where)
        message, hint = _describe(model, error, path, doc)
        if from_union and not deeper and error["type"] not in _OWN_REASONS:
            info = field_at(model, path)
            numeric = error["type"] in {"int_parsing", "float_parsing", "int_type", "float_type"}
            if error.get("input") is None:
                message = f"{_label(model, path)}还没有填写。"
                hint = "在冒号后面写上内容；不需要这一项的话，删掉这一行。"
            elif numeric:  # a number that may be whole or not (a figure's value)
                message = f"{_label(model, path)}应当是数字，现在写的是“{error.get('input')}”。"
                hint = _number_hint(model, path, error.get("input"), "", False)
            elif info is not None and info.description:
                message = f"{_label(model, path)}的写法不对。"
                hint = hints.localise(info.description, doc.file, doc.data)
        problems.append(Problem(doc.file, line, column, code=f"invalid-{error['type']}",
                                message=message, hint=hint))
    return None, problems
