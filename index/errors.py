"""The errors Parley reports to a person: each carries a one-line message that says what to do.

Front doors (the command line, the bot) catch `ParleyError` and print its message; anything
else is a bug and keeps its traceback.
"""


class ParleyError(Exception):
    """A problem the user can act on; `str(error)` is the one-line explanation."""


class ConfigError(ParleyError):
    """The configuration file or an environment variable is invalid."""


class SourceError(ParleyError):
    """An article or its metadata cannot be read."""


class SourceRefused(ParleyError):
    """Input Parley will not take as an article; `str(error)` is the one-line reason."""


class IndexMissing(ParleyError):
    """No index has been built in the data directory yet."""


class IndexMismatch(ParleyError):
    """The index on disk was built with another model or other chunking settings."""


class IndexCorrupt(ParleyError):
    """An index file is missing, truncated or unreadable."""


class RegistryDamaged(ParleyError):
    """The registry (library.sqlite3) cannot be read: it is not, or no longer, a database."""


class StorageError(ParleyError):
    """Parley could not write to its data directory (the disk is full, or it is read-only);
    what was there before is unchanged."""


class BadQuestion(ParleyError):
    """A question that cannot be answered as typed (empty, too long)."""
