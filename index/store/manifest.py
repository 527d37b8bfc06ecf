"""The manifest beside every build: which model, dimension, chunking and pipeline made it, the
hash of every source, and when. A build made otherwise is refused (`check_compatible`), never
searched with vectors of another space or passages of another cut."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from ..errors import IndexMismatch
from ..settings import Settings
from ..text.sources import Source

#: Bump when passage splitting, what a passage records, what is embedded with it or how
#: events are found changes: an index of another version is rebuilt.
PIPELINE_VERSION = 52

REBUILD_HINT = "run `parley index` to rebuild it"


@dataclass(frozen=True)
class Manifest:
    model: str
    dimension: int
    chunking: dict[str, int]
    pipeline: int
    sources: dict[str, str]  # source id -> sha256 of its text
    passages: int
    built_at: str

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, raw: str) -> Manifest:
        data = json.loads(raw)
        return cls(
            model=str(data["model"]),
            dimension=int(data["dimension"]),
            chunking={str(k): int(v) for k, v in data["chunking"].items()},
            pipeline=int(data["pipeline"]),
            sources={str(k): str(v) for k, v in data["sources"].items()},
            passages=int(data["passages"]),
            built_at=str(data["built_at"]),
        )


def new_manifest(
    settings: Settings, model: str, dimension: int, sources: Iterable[Source], passages: int
) -> Manifest:
    return Manifest(
        model=model,
        dimension=dimension,
        chunking=settings.chunking.as_dict(),
        pipeline=PIPELINE_VERSION,
        sources={source.id: source.sha256 for source in sources},
        passages=passages,
        built_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )


def check_compatible(manifest: Manifest, settings: Settings, model: str) -> None:
    if manifest.model != model:
        raise IndexMismatch(
            f"the index was built with model {manifest.model!r} but the config names "
            f"{model!r}; {REBUILD_HINT} with the configured model"
        )
    if manifest.pipeline != PIPELINE_VERSION:
        raise IndexMismatch(
            f"the index was written by another version of Parley (pipeline {manifest.pipeline}, "
            f"this version writes {PIPELINE_VERSION}); {REBUILD_HINT}"
        )
    if manifest.chunking != settings.chunking.as_dict():
        raise IndexMismatch(
            f"the index was built with other chunking settings ({manifest.chunking}) than "
            f"the config names ({settings.chunking.as_dict()}); {REBUILD_HINT}"
        )
