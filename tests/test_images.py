"""The photo pipeline as editors and visitors meet it: upright, private, small, cached."""

from __future__ import annotations

import re
import shutil
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MINIMAL_SITE, Project
from photos import display_p3_profile, phone_photo
from PIL import Image

from generator.build import files
from generator.media import images
from generator.media.images import ImageSettings
from generator.output import export
from generator.pipeline import BuildResult

VILLAGE = """\
name: 东山村
photos:
  - file: villages/东山村/村貌.jpg
    caption: 村貌
  - file: villages/东山村/枇杷.jpg
    caption: 枇杷
"""


def built(project: Project, result: BuildResult) -> Path:
    """The built files (pages and renditions) in a folder."""
    assert result.ok, [p.format() for p in result.problems]
    folder = project.root / "out"
    export(result.files, folder, result.source)
    return folder


RENDITION = re.compile(r"media/[0-9a-f]{16}-\d+\.\w+")  # a photo's variant: key-width.ext


def rendition(folder: Path, suffix: str) -> Image.Image:
    """The widest rendition with this suffix among the exported media files."""
    files = sorted((p for p in folder.glob(f"media/*{suffix}")
                    if RENDITION.fullmatch(p.relative_to(folder).as_posix())),
                   key=lambda p: int(p.stem.split("-")[1]))
    return Image.open(files[-1])


def two_photos(project: Project) -> None:
    project.write("content/villages/东山村.yaml", VILLAGE)
    phone_photo(project.root / "assets/villages/东山村/村貌.jpg", (800, 600))
    phone_photo(project.root / "assets/villages/东山村/枇杷.jpg", (800, 600), colour=(240, 170, 40))


def test_portrait_stored_sideways_comes_out_portrait_and_upright(project: Project) -> None:
    project.write("content/villages/东山村.yaml",
                  "name: 东山村\nphotos:\n  - file: v/竖拍.jpg\n    caption: 竖拍\n")
    # Stored 800×600 with Orientation 6: the phone was turned, the picture is 600×800.
    phone_photo(project.root / "assets/v/竖拍.jpg", (800, 600), orientation=6)
    folder = built(project, project.build())
    for suffix in (".jpg", ".webp"):
        image = rendition(folder, suffix).convert("RGB")
        assert image.height > image.width
        # The stored top-left marker ends up top-right once turned 90° clockwise.
        assert image.getpixel((image.width - 5, 5))[0] > 180
        assert image.getpixel((5, 5))[0] < 150
    page = (folder / "villages/dongshancun.md").read_text(encoding="utf-8")
    assert re.search(r'width="(\d+)" height="(\d+)"', page)
    width, height = map(int, re.search(r'width="(\d+)" height="(\d+)"', page).groups())
    assert height > width


def test_no_output_keeps_exif_gps_or_colour_profile(project: Project) -> None:
    project.write("content/villages/东山村.yaml", VILLAGE)
    for name, orientation in (("村貌", 6), ("枇杷", None)):
        phone_photo(project.root / f"assets/villages/东山村/{name}.jpg", (900, 700),
                    orientation=orientation, icc=display_p3_profile())
    folder = built(project, project.build(images=ImageSettings(avif=True, originals=True)))
    outputs = sorted((folder / "media").iterdir())
    assert {p.suffix for p in outputs} == {".jpg", ".webp", ".avif"}
    for path in outputs:
        data = path.read_bytes()
        assert b"Exif" not in data and b"GPS" not in data and b"ICC_PROFILE" not in data
        with Image.open(path) as image:
            assert not image.getexif() and "icc_profile" not in image.info, path.name


def test_display_p3_photo_is_converted_to_srgb(project: Project) -> None:
    project.write("content/villages/东山村.yaml",
                  "name: 东山村\nphotos:\n  - file: v/p3.jpg\n    caption: 手机照片\n")
    phone_photo(project.root / "assets/v/p3.jpg", (400, 300), colour=(200, 100, 50),
                marker=False, icc=display_p3_profile())
    folder = built(project, project.build())
    r, _g, b = rendition(folder, ".jpg").convert("RGB").getpixel((200, 150))
    # P3 orange is more saturated than sRGB can say at the same numbers: red rises, blue falls.
    assert r >= 210 and b <= 35


@pytest.mark.parametrize("suffix", [".png", ".webp"])
def test_variants_are_never_upscaled(project: Project, suffix: str) -> None:
    project.write("content/villages/东山村.yaml",
                  f"name: 东山村\nphotos:\n  - file: v/小图{suffix}\n    caption: 小图\n")
    project.photo(f"v/小图{suffix}", (500, 300))
    folder = built(project, project.build())
    widths = {int(p.stem.split("-")[1]) for p in (folder / "media").iterdir()
              if RENDITION.fullmatch(f"media/{p.name}")}
    assert widths == {360, 500}
    page = (folder / "villages/dongshancun.md").read_text(encoding="utf-8")
    assert "500w" in page and "720w" not in page and "1600w" not in page


def test_transparent_png_keeps_alpha_in_webp_and_gets_white_in_jpeg(project: Project) -> None:
    project.write("content/villages/东山村.yaml",
                  "name: 东山村\nphotos:\n  - file: v/标志.png\n    caption: 标志\n")
    path = project.root / "assets/v/标志.png"
    path.parent.mkdir(parents=True)
    Image.new("RGBA", (400, 400), (200, 0, 0, 0)).save(path)
    folder = built(project, project.build())
    assert rendition(folder, ".webp").getpixel((10, 10))[3] == 0
    assert rendition(folder, ".jpg").convert("RGB").getpixel((10, 10)) == (255, 255, 255)


def test_palette_logo_with_transparency_builds_without_an_english_warning(
        project: Project) -> None:
    """A logo saved as a palette PNG (256 colours, per-entry transparency), as the sample's is:
    Pillow warns about converting such a file, in English, on every first build."""
    project.write("content/site.yaml", MINIMAL_SITE + "logo: site/标志.png\n")
    path = project.root / "assets/site/标志.png"
    path.parent.mkdir(parents=True)
    logo = Image.new("P", (300, 300), 1)
    logo.putpalette([255, 255, 255, 200, 0, 0, 0, 0, 200] + [0] * 759)
    logo.paste(0, (0, 0, 150, 300))  # the left half: entry 0, fully transparent
    logo.paste(2, (0, 280, 300, 300))  # a half-transparent blue line at the bottom
    logo.save(path, transparency=bytes([0, 255, 128]))
    assert isinstance(Image.open(path).info["transparency"], bytes)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        folder = built(project, project.build(workers=1))
    assert [str(w.message) for w in caught] == []
    webp = next(p for p in (folder / "media").iterdir() if p.suffix == ".webp")
    with Image.open(webp) as shown:
        assert shown.convert("RGBA").getpixel((5, 5))[3] == 0
        assert shown.convert("RGBA").getpixel((shown.width - 5, 5)) == (200, 0, 0, 255)


def test_second_build_processes_nothing(project: Project) -> None:
    two_photos(project)
    first = project.build()
    assert (first.media.processed, first.media.reused) == (2, 0)
    second = project.build()
    assert (second.media.processed, second.media.reused) == (0, 2)
    assert [f.path for f in first.files] == [f.path for f in second.files]


def test_changed_photo_is_processed_again_and_deleted_one_disappears(project: Project) -> None:
    two_photos(project)
    before = {f.path for f in project.build().files if f.path.startswith("media/")}
    phone_photo(project.root / "assets/villages/东山村/枇杷.jpg", (800, 600), colour=(0, 0, 0))
    changed = project.build()
    assert (changed.media.processed, changed.media.reused, changed.media.removed) == (1, 1, 1)
    after = {f.path for f in changed.files if f.path.startswith("media/")}
    assert len(after) == len(before) and len(after - before) == len(before) // 2

    project.write("content/villages/东山村.yaml", VILLAGE.split("  - file: villages/东山村/枇")[0])
    (project.root / "assets/villages/东山村/枇杷.jpg").unlink()
    removed = project.build()
    assert (removed.media.processed, removed.media.removed) == (0, 1)
    left = {f.path for f in removed.files if f.path.startswith("media/")}
    assert left < after
    cache = project.root / ".cache/showcase/images"
    assert sorted(p.name for p in cache.iterdir() if p.is_dir()) == sorted(
        {p.split("/")[1].split("-")[0] for p in left if RENDITION.fullmatch(p)})
    folder = built(project, removed)
    assert sorted(p.name for p in (folder / "media").iterdir()) == sorted(
        p.split("/")[1] for p in left)


def test_other_image_settings_make_other_files(project: Project) -> None:
    two_photos(project)
    plain = {f.path for f in project.build().files if f.path.startswith("media/")}
    sharper = project.build(images=ImageSettings(jpeg_quality=90))
    assert sharper.media.processed == 2
    assert plain.isdisjoint(f.path for f in sharper.files)


@pytest.mark.parametrize(("content", "kind", "words"), [
    (b"this is not a photo", "unreadable", "无法读取"),
    (None, "truncated", "不完整"),
])
def test_broken_photo_is_a_problem_naming_file_and_line(
        project: Project, content: bytes | None, kind: str, words: str) -> None:
    project.write("content/villages/东山村.yaml", VILLAGE)
    good = phone_photo(project.root / "assets/villages/东山村/村貌.jpg", (800, 600))
    bad = project.root / "assets/villages/东山村/枇杷.jpg"
    bad.write_bytes(content if content is not None else good.read_bytes()[:3000])
    result = project.build()
    assert not result.ok
    [problem] = result.problems
    assert (problem.file, problem.line, problem.code) == (
        "content/villages/东山村.yaml", 5, f"photo-{kind}")
    assert "assets/villages/东山村/枇杷.jpg" in problem.message and words in problem.message
    assert problem.hint


def test_an_svg_logo_is_explained_as_a_vector_file_to_export_as_png(project: Project) -> None:
    """Logos often come as SVG from a designer: the message says what it is and how to get a
    picture the site can use, not that the file is damaged."""
    project.write("content/site.yaml", "name: 测试镇\nbrand:\n  name: 测试品牌\n"
                  "logo: site/标志.svg\n")
    svg = project.root / "assets/site/标志.svg"
    svg.parent.mkdir(parents=True)
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"><circle r="5"/></svg>',
                   encoding="utf-8")
    [problem] = project.build().problems
    assert (problem.file, problem.line, problem.code) == (
        "content/site.yaml", 4, "photo-vector")
    assert "assets/site/标志.svg" in problem.message and "矢量图" in problem.message
    assert "PNG" in problem.hint


def test_a_logo_too_small_for_a_sharp_phone_screen_is_warned_about(project: Project) -> None:
    project.write("content/site.yaml", "name: 测试镇\nbrand:\n  name: 测试品牌\n"
                  "logo: site/标志.png\n")
    project.photo("site/标志.png", size=(40, 40))
    result = project.build()
    assert result.ok  # shown all the same
    [problem] = result.problems
    assert (problem.file, problem.line, problem.code) == ("content/site.yaml", 4, "logo-small")
    assert "40×40" in problem.message and "发虚" in problem.message
    project.photo("site/标志.png", size=(240, 240))
    assert project.build().problems == []


def test_photo_above_the_pixel_limit_is_refused_not_decoded(project: Project) -> None:
    two_photos(project)
    result = project.build(images=ImageSettings(max_pixels=100_000))
    assert {(p.line, p.code) for p in result.problems} == {(3, "photo-too-large"),
                                                          (5, "photo-too-large")}
    assert "像素太多" in result.problems[0].message


def test_photo_folder_with_camera_file_names_warns(project: Project) -> None:
    project.write("content/villages/东山村.yaml", "name: 东山村\nphotos: villages/东山村\n")
    project.photo("villages/东山村/IMG_20240401_1030.jpg")
    project.photo("villages/东山村/02-村口古榕.jpg")
    result = project.build()
    assert result.ok
    [warning] = result.problems
    assert "IMG_20240401_1030.jpg" in warning.message and "文件名" in warning.hint
    page = next(f.read_text() for f in result.files if f.path == "villages/dongshancun.md")
    assert page is not None and 'alt="村口古榕"' in page


@pytest.mark.skipif(not images.HEIF_SUPPORTED, reason="pillow-heif is an optional extra")
def test_heic_photo_from_an_iphone_is_accepted(project: Project) -> None:
    project.write("content/villages/东山村.yaml",
                  "name: 东山村\nphotos:\n  - file: v/iphone.heic\n    caption: 苹果手机照片\n")
    path = project.root / "assets/v/iphone.heic"
    path.parent.mkdir(parents=True)
    Image.new("RGB", (800, 600), (30, 120, 60)).save(path, "HEIF")
    folder = built(project, project.build())
    assert rendition(folder, ".webp").size == (800, 600)


def test_avif_option_offers_avif_first_then_webp_then_jpeg(project: Project) -> None:
    two_photos(project)
    result = project.build(images=ImageSettings(avif=True))
    page = next(f.read_text() for f in result.files if f.path == "villages/dongshancun.md") or ""
    picture = re.search(r"<picture>.*?</picture>", page)
    assert picture
    types = re.findall(r'<source type="([^"]+)"', picture.group(0))
    assert types == ["image/avif", "image/webp"] and ".jpg 720w" in picture.group(0)


def test_webp_at_every_width_and_jpeg_only_at_the_widest_of_each_group(project: Project) -> None:
    project.write("content/villages/东山村.yaml", VILLAGE)
    phone_photo(project.root / "assets/villages/东山村/村貌.jpg", (2000, 1500))
    phone_photo(project.root / "assets/villages/东山村/枇杷.jpg", (500, 375))
    folder = built(project, project.build())
    widths: dict[str, set[tuple[int, str]]] = {}
    for path in (folder / "media").iterdir():
        if not RENDITION.fullmatch(f"media/{path.name}"):
            continue  # the home page's cover sheet
        key, width = path.stem.split("-")
        widths.setdefault(key, set()).add((int(width), path.suffix))
    big, small = sorted(widths.values(), key=len, reverse=True)
    assert big == {(360, ".webp"), (720, ".webp"), (1080, ".webp"), (1600, ".webp"),
                   (720, ".jpg"), (1600, ".jpg")}
    # Never enlarged: the 500 px photo is its own widest thumbnail and large variant.
    assert small == {(360, ".webp"), (500, ".webp"), (500, ".jpg")}
    page = (folder / "villages/dongshancun.md").read_text(encoding="utf-8")
    lead = re.search(r"<img [^>]+>", page).group(0)  # type: ignore[union-attr]
    assert re.search(r'srcset="[^"]*-720\.jpg 720w, [^"]*-1600\.jpg 1600w"', lead)


def _flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _taller(path: Path) -> None:
    """A rendition's record edited by hand: the photo said to be taller than it is."""
    text = path.read_text(encoding="utf-8")
    assert '"height":600' in text
    path.write_text(text.replace('"height":600', '"height":601'), encoding="utf-8")


DAMAGE = [("a variant cut short", ["*/*.webp"], _truncate, 0),
          ("a variant with one bit flipped", ["*/*.jpg"], _flip_a_byte, 0),
          ("a variant deleted by a cleaning tool", ["*/*.webp"], Path.unlink, 0),
          ("a rendition's own record edited", ["*/rendition.json"], _taller, 0),
          ("the index of records cut short", ["index.json"], _truncate, 0),
          ("both records edited", ["index.json", "*/rendition.json"], _taller, 1),
          ("both records cut short", ["index.json", "*/rendition.json"], _truncate, 1)]


@pytest.mark.parametrize(("damage", "patterns", "harm", "processed"), DAMAGE,
                         ids=[d[0] for d in DAMAGE])
def test_a_damaged_rendition_is_made_again_and_never_published(
        project: Project, damage: str, patterns: list[str],
        harm: Callable[[Path], None], processed: int) -> None:
    """The records of renditions are sealed (each folder's own, and the index of all of
    them, which spares reading one per photo): a damaged record makes the photo again in the
    media stage. A variant is checked against its digest when it is copied: a damaged one
    makes its rendition again then (`processed` counts only the first kind)."""
    two_photos(project)
    first = built(project, project.build())
    published = {p.name: p.read_bytes() for p in (first / "media").iterdir()}
    pages = {p.name: p.read_bytes() for p in first.rglob("*.md")}
    cache = project.root / ".cache/showcase/images"
    key = next(p for p in sorted(cache.iterdir()) if p.is_dir()).name
    for pattern in patterns:
        harm(next(cache.glob(pattern.replace("*/", f"{key}/"))))
    again = project.build()
    assert (again.media.processed, again.media.reused) == (processed, 2 - processed), damage
    shutil.rmtree(first)
    second = built(project, again)
    assert {p.name: p.read_bytes() for p in (second / "media").iterdir()} == published
    assert {p.name: p.read_bytes() for p in second.rglob("*.md")} == pages


def test_a_warm_build_reads_no_photo_however_its_folders_are_declared(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """Photos and cached renditions are known by their stamps: a folder declared again by
    another item (and photos of several folders in one list) are not read again either; a
    changed photo is."""
    monkeypatch.setattr(files, "GRANULARITY_NS", 0)  # trust stamps at once
    for folder in ("村甲", "村乙"):
        for n in (1, 2):
            project.photo(f"villages/{folder}/0{n}-景{n}.jpg", size=(60 + n, 40))
    project.write("content/villages/甲村.yaml", "name: 甲村\nphotos: villages/村甲\n")
    project.write("content/villages/乙村.yaml", """\
        name: 乙村
        photos:
          - file: villages/村乙/01-景1.jpg
            caption: 乙一
          - file: villages/村甲/02-景2.jpg
            caption: 借甲
          - file: villages/村乙/02-景2.jpg
            caption: 乙二
        """)
    project.write("content/stays/山居.yaml", "name: 山居\nphotos: villages/村甲\n")
    assert project.build().ok
    read: list[str] = []
    real = files.hashlib.file_digest

    def counting(stream, name):  # noqa: ANN001, ANN202
        read.append(stream.name)
        return real(stream, name)

    monkeypatch.setattr(files.hashlib, "file_digest", counting)
    result = project.build()
    assert result.ok and result.media.processed == 0 and read == []
    project.photo("villages/村甲/02-景2.jpg", size=(90, 40))  # a new picture, same name
    result = project.build()
    assert result.media.processed == 1 and [Path(r).name for r in read] == ["02-景2.jpg"]


def test_a_16_bit_greyscale_png_keeps_its_brightness(project: Project) -> None:
    """Scanned documents and some cameras give 16-bit greyscale PNGs (mode I;16); converted
    as they were, every value above 255 became white."""
    project.write("content/villages/东山村.yaml", "name: 东山村\nphotos:\n"
                  "  - file: villages/东山村/扫描件.png\n    caption: 扫描件\n")
    grey = Image.new("I;16", (400, 300))
    grey.paste(128 * 257, (0, 0, 400, 150))  # mid grey on top, black below: mean 64
    path = project.root / "assets/villages/东山村/扫描件.png"
    path.parent.mkdir(parents=True)
    grey.save(path)
    folder = built(project, project.build())
    for suffix in (".jpg", ".webp"):
        shown = rendition(folder, suffix).convert("L")
        top = shown.crop((0, 0, shown.width, shown.height // 2 - 4)).resize((1, 1), Image.BOX)
        assert abs(top.getpixel((0, 0)) - 128) <= 3, suffix
        bottom = shown.crop((0, shown.height // 2 + 4, shown.width, shown.height))
        assert bottom.resize((1, 1), Image.BOX).getpixel((0, 0)) <= 3, suffix


def _corrupt_exif_jpeg(path: Path) -> None:
    """A JPEG whose EXIF says it holds five entries and stops after half of one."""
    import io
    import struct

    ifd = (b"II*\x00" + struct.pack("<IH", 8, 5) + struct.pack("<HHII", 0x0112, 3, 1, 6)
           + b"\x01\x02\x03\x04\x05\x06")
    out = io.BytesIO()
    Image.new("RGB", (320, 240), (90, 140, 60)).save(out, "JPEG", exif=b"Exif\x00\x00" + ifd)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


def test_corrupt_exif_is_a_chinese_warning_not_pillows_english_one(
        project: Project, capfd: pytest.CaptureFixture) -> None:
    project.write("content/villages/东山村.yaml", VILLAGE)
    phone_photo(project.root / "assets/villages/东山村/村貌.jpg", (800, 600))
    _corrupt_exif_jpeg(project.root / "assets/villages/东山村/枇杷.jpg")
    for _build in range(2):  # said again when the photo comes from the cache
        result = project.build(workers=1)
        assert result.ok
        [warning] = result.problems
        assert (warning.file, warning.line, warning.code) == (
            "content/villages/东山村.yaml", 5, "photo-note-exif")
        assert "assets/villages/东山村/枇杷.jpg" in warning.message
        assert "EXIF" in warning.message and "损坏" in warning.message and warning.hint
    out, err = capfd.readouterr()
    assert "Corrupt EXIF" not in out + err and "Warning" not in out + err


def test_a_photo_replaced_while_the_build_reads_it_is_a_problem_not_a_wrong_picture(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build hashed the photo, then someone saved another picture over it before it was
    decoded: nothing is kept under the old bytes' key, the build says which photo, and the
    next build shows the new picture."""
    two_photos(project)
    path = project.root / "assets/villages/东山村/枇杷.jpg"
    real = images.render

    def replaced_meanwhile(source, target, settings, digest):  # noqa: ANN001, ANN202
        if source == path:
            phone_photo(path, (640, 480), colour=(10, 10, 200))
        return real(source, target, settings, digest)

    monkeypatch.setattr(images, "render", replaced_meanwhile)
    result = project.build(workers=1)
    assert not result.ok
    [problem] = [p for p in result.problems if p.code == "photo-changed"]
    assert "枇杷.jpg" in problem.message and problem.file == "content/villages/东山村.yaml"
    monkeypatch.undo()
    again = project.build()
    assert again.ok and again.media.processed == 1
    folder = built(project, again)
    assert (640, 480) in {Image.open(p).size for p in (folder / "media").glob("*.jpg")}


def test_a_paragraph_written_where_a_photo_folder_belongs_is_a_missing_photo(
        project: Project) -> None:
    """A name longer than the file system allows (text pasted into `photos:`) is asked of
    the disk, which refuses it: the photo is reported missing at its line, no traceback."""
    text = "线路从镇区出发，先到罗汉里看红色资源怎样成为党建阵地，" * 12
    project.write("content/villages/东山村.yaml", f"name: 东山村\nphotos: {text}\n")
    result = project.build()
    [problem] = [p for p in result.problems if p.code == "photo-missing"]
    assert (problem.file, problem.line) == ("content/villages/东山村.yaml", 2)
