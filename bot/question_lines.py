"""Questions read from a JSON lines file (`parley ask --jsonl`): one per line, with the line's
number, or why the line holds none, so that every line in gets a line out."""

from __future__ import annotations

import codecs
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from parley.index import ParleyError


@dataclass(frozen=True)
class BadLine:
    reason: str


def read_questions(path: str) -> Iterator[tuple[int, str | BadLine]]:
    """Each non-blank line's number and its `question`, or why it has none. UTF-8, with or
    without a byte-order mark; UTF-16 and UTF-32 with one (as Windows tools write them)."""
    try:
        stream: IO[bytes] = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
    except OSError as error:
        raise ParleyError(f"cannot read {path}: {error.strerror}") from None
    with stream:
        for number, line in enumerate(_lines(stream, path), start=1):
            if isinstance(line, str) and not line.strip():
                continue
            yield number, line if isinstance(line, BadLine) else _question_in(line)


def _lines(stream: IO[bytes], path: str) -> Iterator[str | BadLine]:
    head = stream.read(4)
    wide = next((c for bom, c in _WIDE_BOMS if head.startswith(bom)), None)
    if wide is not None:  # a whole-file encoding: decoded as one, then split
        try:
            yield from (head + stream.read()).decode(wide).splitlines()
        except UnicodeDecodeError:
            raise ParleyError(f"{path} is not valid {wide} text") from None
        return
    rest = head[len(codecs.BOM_UTF8) :] if head.startswith(codecs.BOM_UTF8) else head
    for raw in _chain(rest, stream):
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            yield BadLine("not valid UTF-8")


def _chain(start: bytes, stream: IO[bytes]) -> Iterator[bytes]:
    """The lines of `stream` after `start`, the bytes already read from it."""
    first = start + stream.readline()
    if first:
        yield first
    yield from stream


_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose mark is its prefix
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _question_in(line: str) -> str | BadLine:
    try:
        record = json.loads(line)
    except RecursionError:
        return BadLine("JSON nested too deeply")
    except ValueError:
        return BadLine("not JSON")
    if not isinstance(record, dict) or "question" not in record:
        return BadLine("not a JSON object with a `question`")
    question = record["question"]
    if not isinstance(question, str):
        kind = "null" if question is None else type(question).__name__
        return BadLine(f"`question` must be a string, not {kind}")
    return question
