"""Benchmarks: run as modules from the project root (`python -m benchmarks.ask`), or all at
once with `benchmarks/run`. See benchmarks/README.md. Not part of the test suite."""
