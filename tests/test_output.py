"""Photo files carried from the old site into the new one: whatever the old site's photo
folder holds (or the spare's, moved into the new site and kept in place), and whatever was done
to it since it was published, the new folder holds exactly the wanted files with the bytes of
their sources, and none of them is a source's own file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.adapter.publish import _Manifest, fill_carried
from generator.output import copy_file, place

NAMES = st.from_regex(r"[0-9a-f]{4}-[1-9][0-9]{0,3}\.(jpg|webp)", fullmatch=True)


@settings(max_examples=40, deadline=None)
@given(published=st.lists(NAMES, max_size=12, unique=True),
       wanted=st.lists(NAMES, max_size=12, unique=True),
       changed=st.sets(st.integers(0, 11)), removed=st.sets(st.integers(0, 11)),
       in_place=st.booleans())
def test_the_new_photo_folder_holds_exactly_the_wanted_bytes(
        published: list[str], wanted: list[str], changed: set[int], removed: set[int],
        in_place: bool) -> None:
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        sources, old, new = root / "cache", root / "site/media", root / "staging/media"
        for folder in (sources, old, new.parent):
            folder.mkdir(parents=True)
        for name in {*published, *wanted}:
            (sources / name).write_bytes(f"photo {name}".encode())
            os.utime(sources / name, ns=(0, 10**18))  # made by an earlier build: in the past
        for name in published:  # an earlier build published these and recorded them
            copy_file(sources / name, old / name)
        manifest = _Manifest(root / "published", root / "site")
        manifest.save(old.parent, dict.fromkeys(published))
        known = _Manifest(root / "published", root / "site").read().entries
        for index, name in enumerate(published):
            if index in changed:  # rewritten in place by another tool
                with (old / name).open("r+b") as stream:
                    stream.write(b"optimised")
            elif index in removed:
                (old / name).unlink()
        if in_place:  # the spare's photos, moved into the new site
            old.rename(new)
        names, linked = fill_carried(((n, sources / n) for n in wanted), old, new, known,
                                     in_place, source=lambda path: path)
        assert list(names) == wanted
        assert set(linked) <= set(published) and not (in_place and linked)
        assert sorted(p.name for p in new.iterdir()) == sorted(wanted)
        for name in wanted:
            assert (new / name).read_bytes() == f"photo {name}".encode()
            assert not os.path.samefile(new / name, sources / name)


def test_a_placed_file_is_a_copy_that_replaces_what_was_there(tmp_path: Path) -> None:
    source, target = tmp_path / "source.webp", tmp_path / "site/media/a.webp"
    source.write_bytes(b"cached")
    target.parent.mkdir(parents=True)
    os.link(source, target)  # as earlier versions left the site: the cache's own file
    place(source, target)
    assert target.read_bytes() == b"cached" and not os.path.samefile(source, target)
    with target.open("r+b") as stream:
        stream.write(b"CHANGED")
    assert source.read_bytes() == b"cached"
    assert target.stat().st_mtime_ns != 0
    place(source, tmp_path / "new/folder/b.webp")
    assert (tmp_path / "new/folder/b.webp").stat().st_mtime_ns == source.stat().st_mtime_ns
