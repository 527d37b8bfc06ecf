"""Sources a build holds that the registry no longer does.

A removal commits to the registry first, and a reindex killed or failed after it leaves the
build behind. Nothing of such a source is quoted from the next question on, in this process
and in a bot that has the build loaded, until the index catches up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .builds import StoredIndex
from .registry import Registry


@dataclass(frozen=True)
class _Known:
    """What was found, as of one state of the build and the registry."""

    build: str
    registry: tuple[int, int, int]  # the registry file's inode, size and modification time
    ids: frozenset[str]


class Withdrawn:
    def __init__(self, registry: Registry, registered: Callable[[], None]) -> None:
        """`registered` fills the registry on first use (see `Builder.registered`)."""
        self._registry = registry
        self._registered = registered
        self._known: _Known | None = None

    def of(self, index: StoredIndex) -> frozenset[str]:
        """The sources of `index` that the registry no longer holds. Read again only when the
        registry file or the build changes: a stat per question, not a query."""
        try:
            status = self._registry.path.stat()
        except OSError:
            return frozenset()
        stamp = (status.st_ino, status.st_size, status.st_mtime_ns)
        known = self._known
        if known is not None and known.build == index.name and known.registry == stamp:
            return known.ids
        self._registered()
        ids = frozenset(set(index.manifest.sources) - set(self._registry.hashes()))
        self._known = _Known(index.name, stamp, ids)
        return ids
