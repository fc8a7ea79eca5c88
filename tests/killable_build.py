"""`showcase build`, stopping where a test wants to kill it: `python killable_build.py PROJECT
CONTROL`, CONTROL being a folder the test and this script share.

Every change the build makes to the disk while publishing (publish.py: each rename, link,
copy, swap and folder removal, and writing the manifest) and every photo variant it encodes
is an instant, logged in order to CONTROL/log as "<operation> <n-th of that operation>". When
CONTROL/stop holds "<operation> <n>", the build writes CONTROL/stopped on reaching that
instant (before the operation) and waits there to be killed. With CONTROL/no-swap, the
system's one-step swap of two folders is not used (as on Windows).
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator import cli
from generator.adapter import publish
from generator.media import images

project, control = sys.argv[1], Path(sys.argv[2])
stop_at = (control / "stop").read_text().split() if (control / "stop").exists() else None
seen: Counter[str] = Counter()
log = (control / "log").open("a", encoding="utf-8")


def instant(operation: str) -> None:
    seen[operation] += 1
    log.write(f"{operation} {seen[operation]}\n")
    log.flush()
    if stop_at == [operation, str(seen[operation])]:
        (control / "stopped").write_text(operation, encoding="utf-8")
        time.sleep(3600)


def stopping(operation: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def stopped(*args: Any, **kwargs: Any) -> Any:
        instant(operation)
        return function(*args, **kwargs)
    return stopped


if (control / "no-swap").exists():
    publish._exchange = lambda a, b: False
for name in ("_rename", "_link", "_copy", "_exchange", "_remove_tree"):
    setattr(publish, name, stopping(name.strip("_"), getattr(publish, name)))
publish._Manifest.save = stopping("manifest", publish._Manifest.save)  # type: ignore[method-assign]
images._encode = stopping("encode", images._encode)

sys.exit(cli.main(["--project", project, "build"]))
