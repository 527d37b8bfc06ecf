"""Reading the labelled sets: JSON lines, one labelled item a line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import ParleyError


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Every non-blank line of `path` as a JSON object; a set that cannot be read is one
    line saying why."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]
    except (OSError, ValueError) as error:
        raise ParleyError(f"cannot read {path}: {error}") from None
