"""Browser fixtures: the sample site built once, served under a sub-path with gzip, and
Debian's Chromium driven by Playwright at a phone's size (390×844).

The tests never download a browser: they drive /usr/bin/chromium, which `make setup` installs
with apt-get where it can (as root or with sudo). Where it is missing they are skipped, saying
which command installs it; under CI (CI=true) a missing browser is a failure, never a skip.
"""

from __future__ import annotations

import gzip
import mimetypes
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    Response,
    sync_playwright,
)

from generator import cli
from generator.adapter.plugin import build_site

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("SHOWCASE_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DEVICE_SCALE_FACTOR = 2  # a mid-range Android phone; picks the 2x candidate of a srcset
DESKTOP = {"width": 1280, "height": 800}  # a laptop, or an office PC's browser window
PREFIX = "/showcase/"  # the site is served under a sub-path, as on a county portal
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
APT_COMMAND = "apt-get install -y chromium fonts-noto-cjk"
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml",
              "application/xml")


@dataclass(frozen=True)
class PageType:
    key: str
    title: str  # as the table of page weights calls it
    path: str  # directory-style URL path below the site root

    @property
    def offline_path(self) -> str:
        """The same page in an offline build (use_directory_urls: false)."""
        if not self.path:
            return "index.html"
        if self.path.count("/") == 1:  # a collection index such as villages/
            return self.path + "index.html"
        return self.path.rstrip("/") + ".html"


PAGE_TYPES = (
    PageType("home", "首页", ""),
    PageType("village", "示范村", "villages/dongshancun/"),
    PageType("practice", "党建工作法", "practices/dangyuanjifenzhi/"),
    PageType("person", "人物", "people/linchunhua/"),
    PageType("article", "新闻动态", "articles/pipahuopingquanguomingteyouxinnongchanpin/"),
    PageType("scenic", "景区", "scenic/dongguanzhai/"),
    PageType("base", "教育基地", "bases/luohanlidangshijiaoyujidi/"),
    PageType("route", "观摩线路", "routes/hongselinghangdangjianguanmoxian/"),
    PageType("event", "节庆活动", "events/pipawenhuajie/"),
    PageType("stay", "食宿", "stays/laozhaiminsu/"),
    PageType("products", "一村一品", "products/"),
    PageType("industry", "特色产业", "industries/pipa/"),
    PageType("collection", "列表页（示范村）", "villages/"),
)


# -- serving ----------------------------------------------------------------------------

class SiteServer:
    """A static host serving `root` under PREFIX, gzip for text, nothing cached."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._gzipped: dict[Path, bytes] = {}
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                server.respond(self, body=True)

            def do_HEAD(self) -> None:  # noqa: N802
                server.respond(self, body=False)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str = "") -> str:
        return self.origin + PREFIX + quote(path)

    def file_for(self, url: str) -> Path | None:
        """The file a URL of this server serves, or None (outside the site, or missing)."""
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            return None
        path = unquote(parts.path)
        if not path.startswith(PREFIX):
            return None
        file = (self.root / path[len(PREFIX):]).resolve()
        if not file.is_relative_to(self.root):
            return None
        if file.is_dir():
            file = file / "index.html"
        return file if file.is_file() else None

    def respond(self, handler: BaseHTTPRequestHandler, body: bool) -> None:
        path = urlsplit(handler.path).path
        folder = self.root / unquote(path).removeprefix(PREFIX)
        if path.startswith(PREFIX) and not path.endswith("/") and folder.is_dir():
            handler.send_response(301)  # as static hosts do: villages → villages/
            handler.send_header("Location", path + "/")
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        file = self.file_for(self.origin + path)
        status = 200
        if file is None:
            status, file = 404, self.root / "404.html"
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind.endswith(("javascript", "json", "xml")):
            kind += "; charset=utf-8"
        data = file.read_bytes()
        encoding = None
        if kind.startswith(TEXT_TYPES) and "gzip" in handler.headers.get("Accept-Encoding", ""):
            data, encoding = self._gzip(file, data), "gzip"
        handler.send_response(status)
        handler.send_header("Content-Type", kind)
        handler.send_header("Content-Length", str(len(data)))
        handler.send_header("Cache-Control", "no-store")
        if encoding:
            handler.send_header("Content-Encoding", encoding)
            handler.send_header("Vary", "Accept-Encoding")
        handler.end_headers()
        if body:
            handler.wfile.write(data)

    def _gzip(self, file: Path, data: bytes) -> bytes:
        with self._lock:
            if file not in self._gzipped:
                self._gzipped[file] = gzip.compress(data, compresslevel=6, mtime=0)
            return self._gzipped[file]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


mimetypes.add_type("application/javascript", ".js")
mimetypes.add_type("image/webp", ".webp")
mimetypes.add_type("image/avif", ".avif")


@pytest.fixture(scope="session")
def server(sample_site: Path) -> Iterator[SiteServer]:
    site_server = SiteServer(sample_site)
    yield site_server
    site_server.close()


@pytest.fixture(scope="session")
def hosted_with_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """The sample site built with `site_url` set to where it is served (under PREFIX)."""
    site = tmp_path_factory.mktemp("with-site-url") / "site"
    site.mkdir()
    site_server = SiteServer(site)
    build_site(ROOT / "mkdocs.yml", site_dir=site, site_url=site_server.url())
    yield site_server
    site_server.close()


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site built with `showcase build --offline`, to open from file://."""
    site = tmp_path_factory.mktemp("offline") / "site"
    assert cli.main(["--project", str(ROOT), "build", "--offline", "--site-dir", str(site)]) == 0
    return site


# -- the browser --------------------------------------------------------------------------

def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, naming the command that fixes it; or None."""
    if CHROMIUM.is_file():
        return None
    return (f"缺少 Chromium（{CHROMIUM}）：请有 root 权限的人运行 {APT_COMMAND}"
            "（make setup 有 root 或 sudo 时会自己装；或用 SHOWCASE_CHROMIUM 指出浏览器）")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without the browser, skip every browser test with the reason, before the sample site is
    built for them; under CI they run, and fail at the browser fixture."""
    reason = missing_browser()
    if reason is None or under_ci():
        return
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    reason = missing_browser()
    if reason is not None:
        pytest.fail(f"{reason}; CI=true: a missing browser is a failure")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        BROWSER["version"] = chromium.version
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile (no cache, no localStorage) the size of a phone."""
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=DEVICE_SCALE_FACTOR, is_mobile=True, has_touch=True,
        locale="zh-CN")
    yield context
    context.close()


@pytest.fixture
def desktop(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile the size of a laptop's window (1280×800)."""
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    yield context
    context.close()


# -- screenshots, kept as the run's output ---------------------------------------------------

SHOTS: list[Path] = []


@pytest.fixture(scope="session")
def shot_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: $SCREENSHOT_DIR, or a folder in pytest's temporary folder."""
    given = os.environ.get("SCREENSHOT_DIR")
    folder = Path(given) if given else tmp_path_factory.getbasetemp() / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def screenshot(page: Page, folder: Path, name: str) -> Path:
    """The whole page as a PNG, every lazy picture loaded first (the page is scrolled through)."""
    page.evaluate("""async () => {
      for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
        scrollTo(0, y); await new Promise(done => setTimeout(done, 30));
      }
      scrollTo(0, 0);
    }""")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("[...document.images].every(i => i.complete)")
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    SHOTS.append(path)
    return path


@dataclass
class Visit:
    """What one page load did: every request, and everything that went wrong."""

    url: str
    requests: list[Request] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("request", lambda request: self.requests.append(request))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        page.on("response", self._response)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.url} (HTTP {response.status})")

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def urls(self) -> list[str]:
        return [r.url for r in self.requests]


def open_page(context: BrowserContext, url: str,
              wait_until: str = "load") -> tuple[Page, Visit]:
    page = context.new_page()
    visit = Visit(url)
    visit.watch(page)
    page.goto(url, wait_until=wait_until)  # type: ignore[arg-type]
    return page, visit


# -- page weights, reported at the end of the run -------------------------------------------

@dataclass
class Weight:
    page: PageType
    budget_bytes: int = 0  # everything except images below the fold
    budget_requests: int = 0
    all_bytes: int = 0  # every response until the network is idle
    all_requests: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


WEIGHTS: dict[str, Weight] = {}
BROWSER: dict[str, str] = {}


def weight_table() -> str:
    kinds = ("document", "stylesheet", "script", "image", "other")
    lines = [
        f"Page weight at {PHONE['width']}×{PHONE['height']} (DPR {DEVICE_SCALE_FACTOR}), "
        "first load with an empty cache, gzip bytes as transferred "
        f"(Chromium {BROWSER.get('version', '?')}). 'Above the fold' leaves out images below "
        "the first screen, which Chromium fetches early anyway.",
        "",
        "| page type | URL | above the fold: bytes | requests | all until idle: bytes "
        "| requests | " + " | ".join(kinds) + " |",
        "| --- | --- | ---: | ---: | ---: | ---: | " + " | ".join("---:" for _ in kinds) + " |",
    ]
    order = [p.key for p in PAGE_TYPES]
    for w in sorted(WEIGHTS.values(), key=lambda w: order.index(w.page.key)
                    if w.page.key in order else len(order)):
        page = w.page
        lines.append(
            f"| {page.title} | /{page.path} | {w.budget_bytes:,} | {w.budget_requests} "
            f"| {w.all_bytes:,} | {w.all_requests} | "
            + " | ".join(f"{w.by_kind.get(k, 0):,}" for k in kinds) + " |")
    return "\n".join(lines) + "\n"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if SHOTS:
        terminalreporter.section("screenshots")
        terminalreporter.write_line(f"{len(SHOTS)} screenshots in {SHOTS[0].parent}")
    if not WEIGHTS:
        return
    table = weight_table()
    terminalreporter.section("page weight")
    terminalreporter.write(table)
    base = terminalreporter.config._tmp_path_factory.getbasetemp()  # type: ignore[attr-defined]
    (base / "page-weight.md").write_text(table, encoding="utf-8")
    terminalreporter.write_line(f"written to {base / 'page-weight.md'}")
    target = os.environ.get("PAGE_WEIGHT_REPORT")
    if target:
        command = (f"PAGE_WEIGHT_REPORT={target} .venv/bin/pytest tests/browser -k weight")
        path = Path(target)
        # what follows the table (make lighthouse's section) is another tool's: kept
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        rest = old[old.index("\n## "):] if "\n## " in old else ""
        path.write_text(f"# Page weight\n\nRecorded by `{command}`.\n\n{table}{rest}",
                        encoding="utf-8")
        terminalreporter.write_line(f"and to {target}")
