"""URL slugs from Chinese names."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from generator.content.slugs import slugify

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def test_chinese_names_become_pinyin() -> None:
    assert slugify("东山村") == "dongshancun"
    assert slugify("后溪漂流景区") == "houxipiaoliujingqu"
    assert slugify("重温入党誓词") == "chongwenrudangshici"  # polyphonic 重 read in context
    assert slugify("绿水") == "lvshui"
    assert slugify("Hello World") == "hello-world"
    assert slugify("山野听溪 (营地)") == "shanyetingxi-yingdi"


@given(st.text(max_size=40))
def test_any_name_gives_a_valid_stable_slug(name: str) -> None:
    slug = slugify(name)
    assert SLUG.match(slug), slug
    assert slugify(name) == slug


@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
               min_size=1, max_size=12))
def test_han_names_are_spelled_without_hashes(name: str) -> None:
    slug = slugify(name)
    assert SLUG.match(slug) and not slug.startswith("item-")
