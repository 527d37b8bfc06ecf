"""The command line's parsers: help that says what each command does, with examples, and
complaints that read as one sentence saying where help is."""

from __future__ import annotations

import argparse
import re
from typing import Any, NoReturn


class SentenceParser(argparse.ArgumentParser):
    """argparse, with its complaints as one sentence that says where help is."""

    def error(self, message: str) -> NoReturn:
        message = re.sub(r"^argument (\S+?)(?:/\S+)?: ", r"\1 ", message)
        self.exit(2, f"{self.prog}: {message}; see `{self.prog} --help`\n")


def command(commands: Any, name: str, summary: str, description: str, *examples: str) -> Any:
    """A subcommand whose --help says what it does and shows how it is used."""
    label = "example:" if len(examples) == 1 else "examples:"
    return commands.add_parser(
        name,
        help=summary,
        description=description,
        epilog="\n".join([label, *(f"  {e}" for e in examples)]) if examples else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
