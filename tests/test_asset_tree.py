"""The walk of assets/ answers exactly what the disk would, for any tree a county makes."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.media.assets import AssetTree

NAMES = st.sampled_from(["村貌.jpg", "01-古榕.JPG", "a", "b.png", "东山村", "照片", ".hidden"])
# a tree: each entry a path of up to three names, and what it is
ENTRIES = st.lists(st.tuples(st.lists(NAMES, min_size=1, max_size=3),
                             st.sampled_from(["file", "folder", "link-in", "link-out"])),
                   max_size=12)


def make(root: Path, outside: Path, entries: list[tuple[list[str], str]]) -> list[str]:
    made = []
    for parts, kind in entries:
        path = root.joinpath(*parts)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if kind == "file":
                path.write_bytes(b"x")
            elif kind == "folder":
                path.mkdir(exist_ok=True)
            else:
                path.symlink_to(root if kind == "link-in" else outside)
        except OSError:  # a name already taken by something else
            continue
        made.append("/".join(parts))
    return made


@settings(max_examples=60, deadline=None)
@given(ENTRIES, st.lists(st.lists(NAMES, min_size=1, max_size=4), max_size=6))
def test_the_walk_answers_as_the_disk(entries, asked) -> None:  # noqa: ANN001
    with tempfile.TemporaryDirectory() as temp:
        root, outside = Path(temp) / "assets", Path(temp) / "elsewhere"
        root.mkdir()
        outside.mkdir()
        made = make(root, outside, entries)
        tree = AssetTree(root)
        for relative in ["", *made, *("/".join(p) for p in asked),
                         *(f"/{m}/" for m in made), *(f"{m}/x" for m in made)]:
            disk = root / relative.strip("/")
            assert tree.is_file(relative) == disk.is_file(), relative
            assert tree.is_dir(relative) == disk.is_dir(), relative
            if disk.is_dir():
                assert tree.children(relative) == sorted(p.name for p in disk.iterdir())
                if any(p.is_symlink() for p in disk.iterdir()):
                    assert tree.may_hold_links(relative), relative
            real = disk.resolve()
            leads_out = not real.is_relative_to(root.resolve())
            assert (tree.outside(relative) is not None) == leads_out, relative
        shutil.rmtree(root)
