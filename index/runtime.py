"""What a program that uses the library sets once for its whole process, at start.

The library itself never changes process-wide state (environment variables, thread pools,
logging levels): a program may run it beside other work. Its front doors (`parley`, the bot)
call `configure_process` first thing.
"""

from __future__ import annotations

import os
from pathlib import Path

from .search.embeddings import model_path
from .settings import Settings


def configure_process(settings: Settings) -> None:
    """FAISS on one thread, and no Hugging Face hub lookups for a model that is on disk."""
    import faiss  # its import is the library's anyway

    # FAISS's OpenMP threads cost more than they give for one question's search (a few
    # hundred vectors compared, or a few IVF lists probed), and they contend with the
    # encoder's threads: one thread was measured faster than two for a single query.
    faiss.omp_set_num_threads(1)
    if Path(model_path(settings.model.name)).exists():
        # A model on disk must never trigger a hub lookup: this machine may have no network.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
