"""The site engine: MkDocs 1.6, or ProperDocs 1.6.x, the drop-in continuation of MkDocs 1.6 by
one of its former maintainers (MkDocs 1.x has had no release since 2024-08).

ProperDocs installs a package of its own, `properdocs`, next to `mkdocs` (Material requires
MkDocs, so an environment with ProperDocs has both). Importing `properdocs.replacement`, as its
command does, sends every later `import mkdocs…` of the process to `properdocs…`: this module,
Material and every plugin then run on ProperDocs unchanged. So the engine is chosen once per
process, before anything imports MkDocs; this module imports neither engine until then.
"""

from __future__ import annotations

import sys
from importlib.util import find_spec

NAMES = ("mkdocs", "properdocs")
INSTALL = {
    "mkdocs": "pip install 'mkdocs>=1.6,<1.7'",
    "properdocs": "pip install properdocs",
}


class EngineMissing(Exception):
    """The engine asked for is not installed, or another one runs in this process already."""


def installed(name: str) -> bool:
    return find_spec(name) is not None  # without importing it


def use(name: str | None = None) -> str:
    """Run this process's builds on `name`; None: MkDocs when it is installed (Material is made
    and tested against it), else ProperDocs. Returns the engine's name."""
    running = _running()
    if name is None:
        if running is not None:
            return running
        name = "mkdocs" if installed("mkdocs") else "properdocs"
    if running is not None and running != name:
        raise EngineMissing(f"这个进程已经在用 {running} 生成网站，不能再换成 {name}。")
    if not installed(name):
        raise EngineMissing(f"没有安装 {name}。安装它：{INSTALL[name]}")
    if name == "properdocs":
        import properdocs.replacement  # noqa: F401 - from now on, mkdocs.* is properdocs.*
    return name


def _running() -> str | None:
    module = sys.modules.get("mkdocs")
    return None if module is None else module.__name__  # "properdocs" once redirected


def version() -> str:
    """The running engine and its version, e.g. "mkdocs 1.6.1" (for cache keys)."""
    import mkdocs

    return f"{mkdocs.__name__} {mkdocs.__version__}"
