"""Feedback: the 👍/👎 members give an answer, kept with the question in the data directory.

One JSON line per vote in `<data_dir>/feedback/votes.jsonl`: data to learn from (which
questions the library answers badly), not a log line, so it survives log rotation and is easy
to read back. Who voted is not stored: the question and the passages are what matter.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Vote:
    question: str
    helpful: bool
    passages: tuple[str, ...]  # "source_id:start-end" of each passage the answer showed
    message_id: int  # the answer's message, to tell votes on one answer from another
    at: dt.datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(timespec="seconds"),
            "question": self.question,
            "vote": "up" if self.helpful else "down",
            "passages": list(self.passages),
            "message_id": str(self.message_id),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Vote:
        return cls(
            question=str(data["question"]),
            helpful=data["vote"] == "up",
            passages=tuple(str(p) for p in data.get("passages", ())),
            message_id=int(data["message_id"]),
            at=dt.datetime.fromisoformat(data["at"]),
        )


class FeedbackStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        # Votes are written from worker threads; one writer at a time keeps lines whole.
        self._lock = threading.Lock()

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> FeedbackStore:
        return cls(data_dir / "feedback" / "votes.jsonl")

    def record(self, vote: Vote) -> None:
        line = json.dumps(vote.to_dict(), ensure_ascii=False) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as stream:
                stream.write(line)

    def read(self) -> list[Vote]:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        return [Vote.from_dict(json.loads(line)) for line in lines if line.strip()]
