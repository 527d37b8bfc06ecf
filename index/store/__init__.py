"""The store: the registry of sources and the index builds on disk."""
