"""Save → preview: how long after an editor saves a file the preview serves the new page.

    python benchmarks/bench_preview.py [--times 10] [--project .]

A copy of the project (the sample town by default) is served with `showcase serve` on
127.0.0.1; each round rewrites one village's one-line introduction (as an editor saving in
their editor would) and asks the server for that village's page every 20 ms until the new
words are in it. The browser's reload happens at the same moment: the server tells it to
reload once the rebuild is done. Reported: each round's seconds, the median and the largest.
Budget (issue 14): 1.5 s in the sample town.
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_NOT_COPIED = {".cache", "site", ".venv", ".git", "tools", "tests", "benchmarks"}  # top level
SHOWCASE = Path(sys.executable).parent / "showcase"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, words: str, limit: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        page = fetch(url)
        if page is not None and words in page:
            return time.perf_counter() - start
        time.sleep(0.02)
    raise SystemExit(f"{url} did not show {words!r} within {limit} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--times", type=int, default=10)
    parser.add_argument("--project", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="showcase-preview-") as temp:
        project = Path(temp) / "project"
        top = args.project.resolve()
        shutil.copytree(top, project, ignore=lambda folder, names: [
            n for n in names if Path(folder).resolve() == top and (n in _NOT_COPIED or
                                                                  n.startswith(".site-"))])
        village = sorted((project / "content/villages").glob("*.yaml"))[0]
        port = free_port()
        server = subprocess.Popen([str(SHOWCASE), "--project", str(project), "serve",
                                   "--addr", f"127.0.0.1:{port}"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            home = f"http://127.0.0.1:{port}/"
            wait_for(home, "</html>", 300)
            page = f"{home}villages/{_slug(village)}/"
            wait_for(page, "</html>", 60)
            rounds = []
            for number in range(args.times):
                words = f"第{number + 1}次修改的村情简介"
                text = village.read_text(encoding="utf-8")
                text = re.sub(r"^summary: .*$", f"summary: {words}", text, count=1,
                              flags=re.MULTILINE)
                village.write_text(text, encoding="utf-8")
                rounds.append(wait_for(page, words, 60))
                time.sleep(1)  # as an editor would, before the next save
        finally:
            server.terminate()
            server.wait(timeout=30)
    print("save → page served again, s: " + ", ".join(f"{r:.2f}" for r in rounds))
    print(f"median {statistics.median(rounds):.2f} s, largest {max(rounds):.2f} s "
          f"(budget 1.5 s)")
    return 0


def _slug(village: Path) -> str:
    from generator.content.slugs import slugify

    text = village.read_text(encoding="utf-8")
    given = re.search(r"^slug: *([a-z0-9-]+)", text, re.MULTILINE)
    return given.group(1) if given else slugify(village.stem)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
