"""The site swap keeps photo names as numbers: every name comes back exactly."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.output import _packed, _unpacked

PHOTO_NAMES = st.builds(lambda key, width, ext: f"{key:016x}-{width}.{ext}",
                        st.integers(0, 2**64 - 1), st.integers(1, 999_999),
                        st.sampled_from(["jpg", "webp", "avif", "png"]))
NEAR_MISSES = st.from_regex(r"[0-9a-fA-F]{15,17}-0?[0-9]{1,7}\.(jpg|webp|avif|png|JPG|tmp)",
                            fullmatch=True)


@given(st.one_of(PHOTO_NAMES, NEAR_MISSES, st.text()))
def test_a_packed_name_unpacks_to_itself(name: str) -> None:
    assert _unpacked(_packed(name)) == name


@given(PHOTO_NAMES)
def test_photo_names_pack_to_numbers(name: str) -> None:
    assert isinstance(_packed(name), int)


@settings(deadline=None)  # files on disk: a busy machine takes longer, as in the other such tests
@given(st.lists(st.one_of(PHOTO_NAMES, NEAR_MISSES), max_size=30, unique=True),
       st.lists(st.one_of(PHOTO_NAMES, NEAR_MISSES), max_size=30, unique=True),
       st.randoms(use_true_random=False))
def test_the_swap_leaves_exactly_the_wanted_files(old, new, rng) -> None:  # noqa: ANN001
    """Whatever the old site's photo folder held and in whatever order the wanted files come,
    the folder ends up holding exactly them, each placed only if it was missing."""
    import tempfile
    from pathlib import Path

    from generator.output import add_missing, remove_unwanted

    wanted = list(dict.fromkeys(new))
    rng.shuffle(wanted)
    with tempfile.TemporaryDirectory() as temp:
        folder, sources = Path(temp) / "media", Path(temp) / "sources"
        folder.mkdir()
        sources.mkdir()
        for name in old:
            (folder / name).write_text("old")
        for name in wanted:
            (sources / name).write_text("new")
        unwanted = add_missing(((name, sources / name) for name in wanted), folder)
        assert sorted(unwanted) == sorted(set(old) - set(wanted))
        remove_unwanted(unwanted, folder)
        assert sorted(p.name for p in folder.iterdir()) == sorted(wanted)
        for name in wanted:  # kept when present (same name, same content), placed when not
            assert (folder / name).read_text() == ("old" if name in old else "new")
