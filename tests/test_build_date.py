"""The one date in a site, sitemap.xml's lastmod (and the time in sitemap.xml.gz's gzip
header), is the newest change among the project's sources, not the day of the build: the
same sources give byte-identical sites on any day."""

from __future__ import annotations

import gzip
import os
import re
import struct
from datetime import UTC, datetime
from pathlib import Path

import oracle
import pytest
from conftest import Project

from generator.adapter.plugin import build_site


def at(day: str) -> int:
    return int(datetime.fromisoformat(f"{day}T09:30:00+00:00").timestamp())


def touch_all(root: Path, when: int) -> None:
    for path in [root, *root.rglob("*")]:
        os.utime(path, (when, when), follow_symlinks=False)


def site_date(site: Path) -> str:
    """The one lastmod of sitemap.xml, checked against sitemap.xml.gz (same text, its gzip
    header's time that day at midnight)."""
    text = (site / "sitemap.xml").read_bytes()
    packed = (site / "sitemap.xml.gz").read_bytes()
    assert gzip.decompress(packed) == text
    dates = set(re.findall(r"<lastmod>([^<]+)</lastmod>", text.decode("utf-8")))
    assert len(dates) == 1, dates
    [day] = dates
    (header_time,) = struct.unpack("<I", packed[4:8])  # RFC 1952: MTIME
    assert datetime.fromtimestamp(header_time, UTC).isoformat() == f"{day}T00:00:00+00:00"
    return day


def build(root: Path) -> Path:
    build_site(root / "mkdocs.yml", site_dir=root / "site", site_url=oracle.HOSTED_URL)
    return root / "site"


def test_same_sources_give_the_same_site_whatever_the_day(
        project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project.write("content/villages/东山村.yaml", "name: 东山村\nsummary: 枇杷之乡。\n")
    project.photo("villages/东山村/村貌.jpg")
    touch_all(project.root, at("2024-03-05"))
    first = build(project.root)
    assert site_date(first) == "2024-03-05"  # not today
    # the same sources elsewhere (copied with their times), built from nothing
    copy = oracle.copy_sources(project.root, tmp_path.with_name(f"{tmp_path.name}-copy"))
    oracle.assert_same_site(build(copy), first, "the same sources", "copy", "first")

    # an edit moves the date; a deleted file moves it too (its folder changed)
    village = project.root / "content/villages/东山村.yaml"
    village.write_text("name: 东山村\nsummary: 枇杷和杨梅之乡。\n", encoding="utf-8")
    os.utime(village, (at("2024-06-01"),) * 2)
    assert site_date(build(project.root)) == "2024-06-01"
    (project.root / "assets/villages/东山村/村貌.jpg").unlink()
    os.utime(project.root / "assets/villages/东山村", (at("2024-07-09"),) * 2)
    assert site_date(build(project.root)) == "2024-07-09"


def test_a_build_date_the_user_gives_is_kept(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    touch_all(project.root, at("2024-03-05"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(at("2025-02-03")))
    assert site_date(build(project.root)) == "2025-02-03"
