"""Publishing the built site (`showcase build`): whatever happens to a build, `site/` is the
whole old site or the whole new one; what a killed build leaves is cleared by the next; a
full disk, a read-only folder or an immutable `site/` stop the build with a message naming
the folder; the cache and the site share no file; the site is readable by any web server.

The kill tests run a real `showcase build` in another process (killable_build.py), stop it
at one instant after another (each rename, link, copy and swap of the publish, each photo
variant encoded) and kill it there with SIGKILL."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import ROOT, Project
from PIL import Image

from generator.adapter.plugin import build_site
from generator.cli import main

RUNNER = Path(__file__).with_name("killable_build.py")
POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX signals and permissions")


def digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def photo(project: Project, relative: str, colour: tuple[int, int, int],
          size: tuple[int, int] = (96, 64)) -> None:
    path = project.root / "assets" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path)


def version(project: Project, which: str) -> None:
    """Two states of one town; going from either to the other changes pages and photos both
    ways (photos added, photos gone, photos kept)."""
    for stale in ("content/villages/西山村.yaml", "content/stays/山居.yaml",
                  "assets/villages/东山村/03-新修的路.jpg"):
        (project.root / stale).unlink(missing_ok=True)
    photo(project, "villages/东山村/01-村貌.jpg", (180, 40, 40))
    photo(project, "villages/东山村/02-枇杷园.jpg", (40, 160, 40))
    if which == "A":
        project.write("content/villages/东山村.yaml",
                      "name: 东山村\nsummary: 枇杷之乡\nphotos: villages/东山村/\n")
        project.write("content/villages/西山村.yaml", """\
            name: 西山村
            photos:
              - file: villages/西山村.jpg
                caption: 西山村全景
            """)
        photo(project, "villages/西山村.jpg", (40, 40, 180))
    else:
        project.write("content/villages/东山村.yaml",
                      "name: 东山村\nsummary: 新修了进村的路\nphotos: villages/东山村/\n")
        photo(project, "villages/东山村/03-新修的路.jpg", (200, 200, 40))
        project.write("content/stays/山居.yaml", """\
            name: 山居
            village: 东山村
            photos:
              - file: stays/山居.jpg
                caption: 山居小院
            """)
        photo(project, "stays/山居.jpg", (90, 60, 30))


def town(root: Path, which: str) -> Project:
    project = Project(root)
    config = root / "mkdocs.yml"  # photos encoded in this process: each one an instant
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - showcase:\n", "  - showcase:\n      images:\n        workers: 1\n"),
        encoding="utf-8")
    version(project, which)
    return project


@pytest.fixture(scope="module")
def clean_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    """Each version's site as a build with no cache and no earlier site makes it."""
    sites = {}
    for which in "AB":
        root = tmp_path_factory.mktemp(f"clean{which}")
        town(root, which)
        assert main(["--project", str(root), "build"]) == 0
        sites[which] = digest(root / "site")
    return sites


def run(project: Project, control: Path, stop: str | None = None,
        no_swap: bool = False) -> tuple[bool, str]:
    """One `showcase build` of the project; with `stop`, killed at that instant. Returns
    whether it was killed there, and what it printed."""
    shutil.rmtree(control, ignore_errors=True)
    control.mkdir()
    if stop:
        (control / "stop").write_text(stop, encoding="utf-8")
    if no_swap:
        (control / "no-swap").touch()
    process = subprocess.Popen([sys.executable, str(RUNNER), str(project.root), str(control)],
                               cwd=ROOT, start_new_session=True, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    while process.poll() is None and not (control / "stopped").exists():
        time.sleep(0.02)
    killed = process.poll() is None
    if killed:
        os.killpg(process.pid, signal.SIGKILL)
    output = process.communicate()[0]
    if not killed:
        assert process.returncode == 0, output
    return killed, output


def instants(control: Path) -> Counter[str]:
    """How often the last run did each operation."""
    log = (control / "log").read_text(encoding="utf-8").split("\n")
    return Counter(line.split()[0] for line in log if line)


def beside(project: Project) -> list[str]:
    """What lies beside site/ that is not part of the project, but for the spare (the site a
    build replaced, kept on purpose: the next build takes its photos over)."""
    return sorted(p.name for p in project.root.iterdir()
                  if p.name.startswith(".site") and p.name != ".site-spare")


def half_written(project: Project) -> list[str]:
    images = project.root / ".cache/showcase/images"
    return sorted(p.name for p in images.iterdir() if p.name.startswith("."))


def which_site(project: Project, clean: dict[str, dict[str, str]]) -> str:
    found = digest(project.root / "site")
    matches = [name for name, site in clean.items() if site == found]
    assert matches, "site/ is neither the whole old site nor the whole new one"
    return matches[0]


@POSIX
def test_a_build_killed_at_any_instant_leaves_the_old_or_the_new_site(
        tmp_path: Path, clean_sites: dict[str, dict[str, str]]) -> None:
    (tmp_path / "town").mkdir()
    project, control = town(tmp_path / "town", "A"), tmp_path / "control"
    run(project, control)
    assert which_site(project, clean_sites) == "A"

    # killed while encoding the new photos: the site is the old one, and the half-written
    # rendition folder does not stay in the cache
    version(project, "B")
    assert run(project, control, stop="encode 2")[0]
    assert which_site(project, clean_sites) == "A" and half_written(project)
    run(project, control)
    assert which_site(project, clean_sites) == "B"
    assert half_written(project) == [] and beside(project) == []
    assert (project.root / ".site-spare").is_dir()  # the old site, kept for its photos

    def settle(name: str) -> None:  # site/ is `name`, and so is the spare
        version(project, name)
        run(project, control)
        run(project, control)

    counts: dict[str, Counter[str]] = {}
    for old, new in (("B", "A"), ("A", "B")):
        settle(old)
        version(project, new)
        run(project, control)
        counts[old + new] = instants(control)
    # the spare's photos are moved in at once, the old site becomes the spare: no link
    assert counts["AB"]["exchange"] == 1 and counts["AB"]["rename"] == 2
    assert counts["AB"]["copy"] and not counts["AB"]["link"]

    # then killed at each step of the publish: before the swap the site is the old one,
    # after it the new one
    current = "B"
    for operation, nth in [("rename", 1), ("copy", 1), ("copy", -1), ("exchange", 1),
                           ("rename", 2), ("manifest", 1)]:
        new = "A" if current == "B" else "B"
        settle(current)
        if nth == -1:  # the last of them in a build the same way round
            nth = counts[current + new][operation]
        version(project, new)
        assert run(project, control, stop=f"{operation} {nth}")[0], (operation, nth)
        swapped = operation == "manifest" or (operation, nth) == ("rename", 2)
        assert which_site(project, clean_sites) == (new if swapped else current)
        current = new if swapped else current

    run(project, control)  # and the next build clears what the killed ones left
    assert digest(project.root / "site") == clean_sites[current]
    assert beside(project) == [] and half_written(project) == []


@POSIX
def test_without_a_one_step_swap_a_kill_between_the_renames_is_repaired_by_the_next_build(
        tmp_path: Path, clean_sites: dict[str, dict[str, str]]) -> None:
    """Where the system cannot swap two folders (Windows, FAT), site/ is renamed aside and the
    new one renamed in: killed in between, there is no site/ for a moment, but the complete
    old site lies beside it, and the next build puts it back before it builds."""
    (tmp_path / "town").mkdir()
    project, control = town(tmp_path / "town", "A"), tmp_path / "control"
    run(project, control, no_swap=True)
    version(project, "B")
    assert run(project, control, stop="rename 1", no_swap=True)[0]  # before site → aside
    assert which_site(project, clean_sites) == "A"
    assert run(project, control, stop="rename 2", no_swap=True)[0]  # between the two
    assert not (project.root / "site").exists()
    [aside] = [p for p in beside(project) if "-old-" in p]
    assert digest(project.root / aside) == clean_sites["A"]
    assert run(project, control, stop="copy 1", no_swap=True)[0]  # the next build, later on
    assert which_site(project, clean_sites) == "A"  # put back first
    assert run(project, control, stop="rename 3", no_swap=True)[0]  # new site in, old aside
    assert which_site(project, clean_sites) == "B"
    run(project, control, no_swap=True)
    assert digest(project.root / "site") == clean_sites["B"]
    assert beside(project) == []


def test_folders_left_by_builds_of_earlier_versions_are_removed(project: Project) -> None:
    """Earlier versions left .site-new-<random> and .site-old-<pid> when killed."""
    version(project, "A")
    build_site(project.root / "mkdocs.yml")
    for name in (".site-new-k3j_9abc", ".site-old-4242", ".site-new-0195d2b1c3a4e5f6-77"):
        (project.root / name / "media").mkdir(parents=True)
    (project.root / ".site-notes").write_text("not ours", encoding="utf-8")
    build_site(project.root / "mkdocs.yml")
    assert beside(project) == [".site-notes"]


# -- starved builds: no space, no permission -----------------------------------------------------


def can_mount() -> bool:
    return sys.platform.startswith("linux") and os.geteuid() == 0 and shutil.which("mount")


def disk_use(folder: Path) -> int:
    return sum(p.lstat().st_blocks * 512 for p in [folder, *folder.rglob("*")])


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Callable[[int], Path]]:
    """A folder on a file system of its own of so many bytes (a tmpfs; root on Linux)."""
    mounted: list[Path] = []

    def make(size: int) -> Path:
        folder = tmp_path / "disk"
        folder.mkdir()
        if not can_mount() or subprocess.run(
                ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                capture_output=True).returncode != 0:
            pytest.skip("a small file system needs root (mount -t tmpfs)")
        mounted.append(folder)
        return folder

    yield make
    for folder in mounted:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def test_a_full_disk_stops_the_build_naming_the_folder_and_keeps_the_old_site(
        project: Project, small_disk: Callable[[int], Path],
        capsys: pytest.CaptureFixture) -> None:
    version(project, "A")
    assert main(["--project", str(project.root), "build"]) == 0
    disk = small_disk(disk_use(project.root / "site") * 3 // 2)  # not two sites
    site = disk / "site"
    assert main(["--project", str(project.root), "build", "--site-dir", str(site)]) == 0
    before = digest(site)
    version(project, "B")
    capsys.readouterr()
    assert main(["--project", str(project.root), "build", "--site-dir", str(site)]) == 1
    message = capsys.readouterr().err
    assert f"网站没有生成：{site} 所在的磁盘空间不够了" in message
    assert digest(site) == before
    assert sorted(p.name for p in disk.iterdir()) == ["site"]


@POSIX
def test_a_file_size_limit_stops_the_build_and_keeps_the_old_site(project: Project) -> None:
    """The same without root: the system refuses writes beyond a size (ulimit -f)."""
    version(project, "A")
    assert main(["--project", str(project.root), "build"]) == 0
    before = digest(project.root / "site")
    version(project, "B")

    def limited() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    done = subprocess.run([sys.executable, "-m", "generator.cli", "--project",
                           str(project.root), "build"], cwd=ROOT, preexec_fn=limited,
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert "网站没有生成" in done.stderr and "原来的网站" in done.stderr
    assert digest(project.root / "site") == before
    assert beside(project) == []


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder nothing can be written into, from the moment `seal` is called: without root,
    by its permissions; as root (who ignores them), by remounting it read-only."""
    folder = tmp_path / "out"
    folder.mkdir()
    mounted = False
    if os.name == "posix" and os.geteuid() == 0:
        if not can_mount() or subprocess.run(
                ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(folder)],
                capture_output=True).returncode != 0:
            pytest.skip("as root, a read-only folder needs a read-only mount")
        mounted = True
    try:
        yield folder
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=True)
        else:
            folder.chmod(0o755)


def seal(folder: Path) -> None:
    if os.name == "posix" and os.geteuid() == 0:
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    else:
        folder.chmod(0o555)


def test_a_read_only_output_folder_stops_the_build_naming_it(
        project: Project, read_only_folder: Path, capsys: pytest.CaptureFixture) -> None:
    version(project, "A")
    site = read_only_folder / "site"
    assert main(["--project", str(project.root), "build", "--site-dir", str(site)]) == 0
    before = digest(site)
    seal(read_only_folder)
    version(project, "B")
    capsys.readouterr()
    assert main(["--project", str(project.root), "build", "--site-dir", str(site)]) == 1
    message = capsys.readouterr().err
    assert f"网站没有生成：{read_only_folder} " in message
    assert "只读" in message or "不允许写入" in message
    assert digest(site) == before


@pytest.fixture
def immutable() -> Iterator[list[Path]]:
    """Folders made immutable (chattr +i: not even root may rename them), made mutable again."""
    made: list[Path] = []
    yield made
    for folder in made:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_an_immutable_site_folder_stops_the_build_and_stays_as_it_was(
        project: Project, immutable: list[Path], capsys: pytest.CaptureFixture) -> None:
    version(project, "A")
    assert main(["--project", str(project.root), "build"]) == 0
    site = project.root / "site"
    before = digest(site)
    if not shutil.which("chattr") or subprocess.run(
            ["chattr", "+i", str(site)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i needs root and a file system that has it")
    immutable.append(site)
    version(project, "B")
    capsys.readouterr()
    assert main(["--project", str(project.root), "build"]) == 1
    message = capsys.readouterr().err
    assert f"网站没有生成：{site} 不允许写入" in message and "chattr" in message
    assert digest(site) == before
    assert beside(project) == []


def test_a_second_build_of_the_same_project_at_once_is_refused(
        project: Project, capsys: pytest.CaptureFixture) -> None:
    from generator.adapter.publish import Publication

    version(project, "A")
    with Publication(project.root / "site", project.root / ".cache/showcase"):
        assert main(["--project", str(project.root), "build"]) == 1
    assert "另一个 showcase build 正在生成" in capsys.readouterr().err
    assert main(["--project", str(project.root), "build"]) == 0


# -- a photo replaced while the build reads it ---------------------------------------------------


def test_a_photo_replaced_during_the_build_is_never_cached_under_its_old_bytes(
        project: Project, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
        capsys: pytest.CaptureFixture,
        clean_sites: dict[str, dict[str, str]]) -> None:
    """The photo is replaced after the build hashed it and before it encodes it: the build
    stops with a problem naming the photo, and its old bytes, put back, give the old pixels."""
    from generator.media import stage

    version(project, "A")
    build_site(project.root / "mkdocs.yml")
    version(project, "B")
    new_photo = project.root / "assets/stays/山居.jpg"
    wanted = new_photo.read_bytes()
    render_all = stage._render_all

    def replaced_first(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        Image.new("RGB", (96, 64), (250, 250, 250)).save(new_photo)  # another photo, same name
        return render_all(*args, **kwargs)

    monkeypatch.setattr(stage, "_render_all", replaced_first)
    before = digest(project.root / "site")
    assert main(["--project", str(project.root), "build"]) == 1
    assert ("content/stays/山居.yaml:4:5: 错误: 照片 assets/stays/山居.jpg 在生成网站的过程中"
            "被替换或修改了") in caplog.text + capsys.readouterr().err
    assert digest(project.root / "site") == before
    monkeypatch.setattr(stage, "_render_all", render_all)
    new_photo.write_bytes(wanted)  # the photo the build hashed first
    build_site(project.root / "mkdocs.yml")
    assert digest(project.root / "site") == clean_sites["B"]


# -- the site and the cache share nothing ----------------------------------------------------------


def test_a_site_file_changed_in_place_changes_neither_the_cache_nor_the_next_build(
        project: Project, clean_sites: dict[str, dict[str, str]]) -> None:
    """An optimiser run over site/ rewrites files in place, here keeping their size and even
    their modification time: the cache keeps its own copy and the next build publishes it."""
    version(project, "A")
    build_site(project.root / "mkdocs.yml")
    site = project.root / "site"
    changed = [next(site.glob("media/*.webp")), site / "villages/dongshancun/index.html"]
    for path in changed:
        times = path.stat()
        with path.open("r+b") as stream:
            stream.write(b"\0" * 16)
        os.utime(path, ns=(times.st_atime_ns, times.st_mtime_ns))
    cache = project.root / ".cache/showcase"
    assert not any(os.path.samefile(c, s) for c in cache.rglob("*") if c.is_file()
                   for s in changed)
    build_site(project.root / "mkdocs.yml")
    assert digest(site) == clean_sites["A"]
    version(project, "B")
    build_site(project.root / "mkdocs.yml")
    version(project, "A")  # the pages and photos come from the cache: it was not changed
    build_site(project.root / "mkdocs.yml")
    assert digest(site) == clean_sites["A"]


def test_photos_kept_from_the_spare_cost_no_write_and_a_changed_one_is_replaced(
        project: Project, clean_sites: dict[str, dict[str, str]]) -> None:
    """The site a build replaces is kept as the spare; the next build moves the spare's photos
    in and keeps each one that is exactly as published (the same file, not a new link or
    copy). A photo an optimiser rewrote in place under site/ (the spare holds the same file)
    is copied from the cache again, and the site is the one a clean build makes."""
    version(project, "A")
    build_site(project.root / "mkdocs.yml")
    build_site(project.root / "mkdocs.yml")  # the first site is the spare now
    site, spare = project.root / "site", project.root / ".site-spare"
    assert digest(spare / "media") == digest(site / "media")
    kept = {p.name: p.stat().st_ino for p in (spare / "media").iterdir()}
    changed = next(site.glob("media/*.webp"))
    times = changed.stat()
    with changed.open("r+b") as stream:
        stream.write(b"\0" * 16)
    os.utime(changed, ns=(times.st_atime_ns, times.st_mtime_ns))
    build_site(project.root / "mkdocs.yml")
    assert digest(site) == clean_sites["A"]
    now = {p.name: p.stat().st_ino for p in (site / "media").iterdir()}
    assert now[changed.name] != kept[changed.name]
    assert {n: i for n, i in now.items() if n != changed.name} == {
        n: i for n, i in kept.items() if n != changed.name}
    version(project, "B")
    build_site(project.root / "mkdocs.yml")
    assert digest(site) == clean_sites["B"]


def test_pages_kept_from_the_spare_cost_no_write_and_a_changed_one_is_replaced(
        project: Project, clean_sites: dict[str, dict[str, str]]) -> None:
    """A build works in the spare (the site the last build replaced): each page there that
    is exactly as published (the same file, with the bytes the page cache holds now) stays.
    A page an optimiser rewrote in place under site/ is written again once that site is the
    spare, a file nobody published goes, and the site is the one a clean build makes."""
    version(project, "A")
    build_site(project.root / "mkdocs.yml")
    build_site(project.root / "mkdocs.yml")
    site = project.root / "site"
    pages = sorted(p.relative_to(site) for p in site.rglob("index.html"))
    published = {page: (site / page).stat().st_ino for page in pages}
    changed = Path("villages/dongshancun/index.html")
    times = (site / changed).stat()
    with (site / changed).open("r+b") as stream:
        stream.write(b"\0" * 16)
    os.utime(site / changed, ns=(times.st_atime_ns, times.st_mtime_ns))
    (site / "villages/stray.html").write_text("left by hand", encoding="utf-8")
    build_site(project.root / "mkdocs.yml")  # in the other spare; this site becomes one
    assert digest(site) == clean_sites["A"]
    build_site(project.root / "mkdocs.yml")  # in the site changed above
    assert digest(site) == clean_sites["A"]
    now = {page: (site / page).stat().st_ino for page in pages}
    assert now[changed] != published[changed]
    assert {p: i for p, i in now.items() if p != changed} == {
        p: i for p, i in published.items() if p != changed}
    version(project, "B")
    build_site(project.root / "mkdocs.yml")
    assert digest(site) == clean_sites["B"]


def test_no_file_of_the_site_is_a_file_of_the_cache(project: Project) -> None:
    version(project, "A")
    build_site(project.root / "mkdocs.yml")
    version(project, "B")
    build_site(project.root / "mkdocs.yml")  # photos kept from the old site, pages reused
    cached = {(s.st_dev, s.st_ino) for p in (project.root / ".cache").rglob("*")
              if p.is_file() and (s := p.stat())}
    published = {(s.st_dev, s.st_ino) for p in (project.root / "site").rglob("*")
                 if p.is_file() and (s := p.stat())}
    assert published and cached.isdisjoint(published)


# -- modes ------------------------------------------------------------------------------------


def modes(root: Path) -> Counter[str]:
    return Counter(f"{'d' if p.is_dir() else 'f'}{stat.S_IMODE(p.stat().st_mode):o}"
                   for p in [root, *root.rglob("*")])


@POSIX
@pytest.mark.parametrize(("umask", "folder", "file"), [(0o022, "755", "644"),
                                                       (0o027, "750", "640")])
def test_the_site_is_readable_as_the_umask_says(project: Project, umask: int, folder: str,
                                                file: str) -> None:
    """A web server running as another user reads what the umask lets it: with the usual
    022, folders 0755 and files 0644, the site folder itself too; a warm build keeps it."""
    version(project, "A")
    previous = os.umask(0o077)
    try:
        build_site(project.root / "mkdocs.yml")  # a stricter umask before: not kept
        os.umask(umask)
        version(project, "B")
        build_site(project.root / "mkdocs.yml")
        first = modes(project.root / "site")
        build_site(project.root / "mkdocs.yml")
    finally:
        os.umask(previous)
    assert set(first) == {f"d{folder}", f"f{file}"}, first
    assert modes(project.root / "site") == first
