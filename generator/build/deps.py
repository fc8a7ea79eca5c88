"""What a page's rendering read, noted while it renders.

Every piece of content a template can reach has a name: "entry:villages/东山村" (an item and
its page address), "title:villages/东山村" (only its name and page address, what a link to it
shows), "placed:villages/东山村" (which items lie in a village), "visits:scenic/东关寨" (which
routes stop at a place, and where), "products:villages/东山村" (a village's 一村一品
products), "card:villages/东山村" (what lists show of it: summary, kind, level, slogan, its
own photos), "photos:3f2a…" (the photos of one photo declaration — a folder, or a list of files
and captions — wherever it is written), "members:villages" (which items a collection has, in
order).

While a page renders inside `recording()`, whatever hands such content to a template notes
its name: the template environment for every item it touches, and the helpers
(`site.village_of`, `trips.visits`, `media.of`, …) for what they return. `rendercache` turns
the names into fingerprints, so a later build renders a page again only when something it
read has changed.

Kept free of imports from the rest of the generator: the link, media and route modules note
what they hand out without knowing about pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_reads: ContextVar[set[str] | None] = ContextVar("showcase_reads", default=None)


def note(name: str) -> None:
    """Note that the page being rendered read `name` (nothing happens outside `recording`)."""
    reads = _reads.get()
    if reads is not None:
        reads.add(name)


def entry(key: str) -> str:
    return f"entry:{key}"


def members(collection: str) -> str:
    return f"members:{collection}"


def placed(key: str) -> str:
    return f"placed:{key}"


def visits(key: str) -> str:
    return f"visits:{key}"


def title(key: str) -> str:
    return f"title:{key}"


def card(key: str) -> str:
    return f"card:{key}"


def products(key: str) -> str:
    return f"products:{key}"


def photos(key: str) -> str:
    return f"photos:{key}"


@contextmanager
def recording() -> Iterator[set[str]]:
    """Collect the names noted until the block ends."""
    reads: set[str] = set()
    token = _reads.set(reads)
    try:
        yield reads
    finally:
        _reads.reset(token)
