"""Characters that take no room on screen: a zero-width space pasted from a web page or a chat
makes `东山村` and `东山村\u200b` two names that look the same. Messages name them."""

from __future__ import annotations

NAMES = {
    "\u200b": "零宽空格", "\u200c": "零宽不连字", "\u200d": "零宽连字", "\u2060": "零宽不换行",
    "\ufeff": "零宽不换行空格（BOM）", "\u00ad": "软连字符", "\u180e": "蒙古文元音分隔符",
    "\u200e": "从左到右标记", "\u200f": "从右到左标记", "\u202a": "方向控制符",
    "\u202b": "方向控制符", "\u202c": "方向控制符", "\u202d": "方向控制符",
    "\u202e": "方向控制符", "\u2066": "方向控制符", "\u2067": "方向控制符",
    "\u2068": "方向控制符", "\u2069": "方向控制符", "\u3164": "韩文填充符", "\uffa0": "韩文填充符",
}


def strip(text: str) -> str:
    """`text` without its invisible characters."""
    return "".join(ch for ch in text if ch not in NAMES) if any(
        ch in NAMES for ch in text) else text


def describe(text: str) -> str:
    """Which invisible characters `text` holds and where, for a message ("" when none):
    “零宽空格 U+200B，在“东山村”后面”."""
    found = []
    for at, ch in enumerate(text):
        if ch in NAMES and len(found) < 3:
            before = strip(text[:at])
            where = f"在“{before[-6:]}”后面" if before else "在最前面"
            found.append(f"{NAMES[ch]} U+{ord(ch):04X}，{where}")
    return "；".join(found)
