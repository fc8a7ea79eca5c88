"""Reading a number the way an editor wrote it in a number field: `九千`, `12.5%`, `90%以上`,
`约 300 人`, `３,０００`, `二〇二三年`. The checks offer the number to write instead and where
the rest belongs (the unit, a note). Plain scanning, linear in the text."""

from __future__ import annotations

from dataclasses import dataclass

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_LARGE_UNITS = {"万": 10_000, "亿": 100_000_000}
_CHINESE = set(_DIGITS) | set(_SMALL_UNITS) | set(_LARGE_UNITS) | {"点"}
_WRAPPING = "「」『』“”‘’\"'《》（）()【】[] \u3000"
_WIDE = {**{0xFF10 + d: str(d) for d in range(10)}, ord("．"): ".", ord("，"): ",",
         ord("％"): "%", ord("＋"): "+", ord("－"): "-", ord("\u3000"): " "}
_BEFORE = ("大约", "约", "近", "超过", "逾", "共", "达", "约为")
_AFTER = ("以上", "以下", "左右", "多", "余", "+", "上下", "以内")


@dataclass(frozen=True)
class Reading:
    value: int | float
    unit: str  # what followed the number: "%", "万元", "人", "星" ("" for none)
    qualified: bool  # 约, 以上, 多…: the number alone says less than what was written


def _chinese(text: str) -> int | float | None:
    """三 → 3, 十二 → 12, 一百零五 → 105, 九千 → 9000, 一万二千 → 12000, 二〇二三 → 2023,
    一点五 → 1.5."""
    whole, _, fraction = text.partition("点")
    if fraction:
        if any(ch not in _DIGITS for ch in fraction):
            return None
        base = _chinese(whole) if whole else 0
        return None if base is None else float(f"{base}." + "".join(
            str(_DIGITS[ch]) for ch in fraction))
    if not whole or any(ch not in _CHINESE for ch in whole):
        return None
    if len(whole) > 1 and all(ch in _DIGITS for ch in whole):  # 二〇二三: digit by digit
        return int("".join(str(_DIGITS[ch]) for ch in whole))
    total, section, digit = 0, 0, None
    for ch in whole:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit = None
        else:
            total += (section + (digit or 0)) * _LARGE_UNITS[ch]
            section, digit = 0, None
    return total + section + (digit or 0)


def _split_number(text: str) -> tuple[str, str]:
    """The leading number (Arabic or Chinese) and what follows it."""
    end = 0
    if text[:1] in "+-":
        end = 1
    while end < len(text) and (text[end].isdigit() or text[end] in ".,"):
        end += 1
    if end and any(ch.isdigit() for ch in text[:end]):
        return text[:end].rstrip(".,"), text[end:].lstrip(".,")
    end = 0
    while end < len(text) and text[end] in _CHINESE:
        end += 1
    return text[:end], text[end:]


def read_number(text: str) -> Reading | None:
    """The number in `text`, with the unit and qualifiers around it; None when there is none
    (or when the text is too long to be one number with a few words around it)."""
    if len(text) > 40:
        return None
    text = text.translate(_WIDE).strip(_WRAPPING)
    qualified = False
    for word in _BEFORE:
        if text.startswith(word):
            text, qualified = text[len(word):].lstrip(), True
            break
    if text.startswith("百分之"):
        number, rest = _split_number(text[3:])
        rest = "%" + rest
    else:
        number, rest = _split_number(text)
    if not number:
        return None
    if number[0].isdigit() or number[0] in "+-":
        digits = number.replace(",", "")
        try:
            value: int | float | None = float(digits) if "." in digits else int(digits)
        except ValueError:
            return None
    else:
        value = _chinese(number)
        if value is None:
            return None
    rest = rest.strip()
    for word in _AFTER:
        if rest.endswith(word):
            rest, qualified = rest[: -len(word)].rstrip(), True
            break
    return Reading(value, rest.strip(), qualified)


def shown(value: int | float) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
