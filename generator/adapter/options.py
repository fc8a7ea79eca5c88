"""The showcase plugin's options in mkdocs.yml, each validating itself as MkDocs' own options
do, with the message in Chinese. Defaults come from the core's settings (ImageSettings), not
copied here; what MkDocs hands the plugin is already in range.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import fields

from mkdocs.config import base
from mkdocs.config.base import ValidationError
from mkdocs.config.config_options import BaseConfigOption, SubConfig

from generator.media.images import ImageSettings

_IMAGES = ImageSettings()


def _shown(value: object) -> str:
    return f"“{value}”"


class _Option(BaseConfigOption):
    """An option left empty (`jpeg_quality:`) takes its default, as MkDocs' own do."""

    def validate(self, value: object) -> object:
        return super().validate(self.default if value is None else value)


class Integer(_Option):
    """A whole number from `low` to `high` (no upper end when None)."""

    def __init__(self, label: str, default: int, low: int, high: int | None = None) -> None:
        super().__init__()
        self.label, self.default, self.low, self.high = label, default, low, high

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(f"{self.label}应当是整数，现在写的是{_shown(value)}。")
        if value < self.low or (self.high is not None and value > self.high):
            allowed = (f"在 {self.low} 到 {self.high} 之间" if self.high is not None
                       else f"不小于 {self.low}")
            raise ValidationError(f"{self.label}应当{allowed}，现在写的是 {value}。")
        return value


class Widths(_Option):
    """A list of pixel widths, given to the core as a tuple."""

    LOW, HIGH = 16, 8000

    def __init__(self, label: str, default: tuple[int, ...]) -> None:
        super().__init__()
        self.label, self.default = label, default

    def run_validation(self, value: object) -> tuple[int, ...]:
        wrong = (not isinstance(value, list | tuple) or not value or any(
            isinstance(w, bool) or not isinstance(w, int) or not self.LOW <= w <= self.HIGH
            for w in value))
        if wrong:
            example = ", ".join(map(str, self.default))
            raise ValidationError(
                f"{self.label}应当是一组 {self.LOW} 到 {self.HIGH} 之间的像素宽度，"
                f"写成 [{example}] 这样，现在写的是{_shown(value)}。")
        return tuple(value)  # type: ignore[arg-type]


class Flag(_Option):
    def __init__(self, label: str, default: bool) -> None:
        super().__init__()
        self.label, self.default = label, default

    def run_validation(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise ValidationError(
                f"{self.label}只能写 true（是）或 false（否），现在写的是{_shown(value)}。")
        return value


class Folder(_Option):
    """A folder, relative to mkdocs.yml."""

    def __init__(self, label: str, default: str) -> None:
        super().__init__()
        self.label, self.default = label, default

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(
                f"{self.label}应当是一个文件夹（相对于 mkdocs.yml），例如“{self.default}”，"
                f"现在写的是{_shown(value)}。")
        return value


class _Strict(base.Config):
    """A misspelt option is an error naming the likely one, not a warning that it is ignored
    (a setting that silently does nothing is worse than a stopped build)."""

    def validate(self) -> tuple[list[tuple[str, Exception]], list[tuple[str, str]]]:
        failed, warnings = super().validate()
        known = sorted(self._schema_keys)
        for key in sorted(set(self.keys()) - self._schema_keys):
            guess = difflib.get_close_matches(key, known, n=1)
            hint = f"是不是想写“{guess[0]}”？" if guess else f"可以写的有：{'、'.join(known)}。"
            failed.append((key, ValidationError(f"不认识的设置“{key}”。{hint}")))
        unknown = set(self.keys()) - self._schema_keys
        return failed, [(k, w) for k, w in warnings if k not in unknown]


class ImagesConfig(_Strict):
    """`images:` under the showcase plugin; every field of ImageSettings, plus `workers`."""

    grid_widths = Widths("缩略图宽度", _IMAGES.grid_widths)
    large_widths = Widths("大图宽度", _IMAGES.large_widths)
    jpeg_quality = Integer("JPEG 质量", _IMAGES.jpeg_quality, 1, 100)
    webp_quality = Integer("WebP 质量", _IMAGES.webp_quality, 1, 100)
    webp_method = Integer("WebP 压缩力度", _IMAGES.webp_method, 0, 6)
    avif = Flag("AVIF 开关", _IMAGES.avif)
    avif_quality = Integer("AVIF 质量", _IMAGES.avif_quality, 1, 100)
    originals = Flag("原尺寸大图开关", _IMAGES.originals)
    max_pixels = Integer("像素上限", _IMAGES.max_pixels, 1)
    workers = Integer("并行进程数", 0, 0)

    def image_settings(self) -> ImageSettings:
        return ImageSettings(**{f.name: self[f.name] for f in fields(ImageSettings)})


class ShowcaseConfig(_Strict):
    content_dir = Folder("内容文件夹", "content")
    assets_dir = Folder("照片文件夹", "assets")
    templates_dir = Folder("页面模板文件夹", "themes/pages")
    """The project's own page templates, if any: each replaces the shipped one of its name."""
    theme_dir = Folder("主题覆盖文件夹", "themes/material")
    """The project's own overrides of the Material theme, if any, over the shipped ones."""
    cache_dir = Folder("缓存文件夹", ".cache/showcase")
    nav_max_items = Integer("菜单里每个栏目最多列出的项数", 50, 0)
    """A collection with more items lists only its index page in the navigation; 0: no limit."""
    images = SubConfig(ImagesConfig)
    offline = Flag("离线版开关", False)
    """A site that works from file:// (a USB stick at a kiosk): links to .html files (the
    search index is scripts in every build, adapter/search.py). `showcase build --offline`
    turns it on."""


_PREFIXES = [
    (r"Config value '([^']+)': ", r"\1 → "),
    (r"Plugin '([^']+)' option '([^']+)': ", r"\1 插件 → \2："),
    (r"Sub-option '([^']+)': ", r"\1："),
]


def chinese_config_error(message: str) -> str:
    """MkDocs' English frame around an option's message, in Chinese:
    "Config value 'plugins': Plugin 'showcase' option 'images': Sub-option 'x': …" becomes
    "plugins → showcase 插件 → images：x：…"."""
    for pattern, replacement in _PREFIXES:
        message = re.sub(pattern, replacement, message)
    return message
