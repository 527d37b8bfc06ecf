"""Evaluation: the figures of eval/README.md, and fitting the verdict to them."""
