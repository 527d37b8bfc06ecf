"""Benchmark libraries: the seed library, and synthetic libraries of any number of passages.

Each is a data directory of its own (what PARLEY_DATA names: a registry and an index), cached
under <data>/synthetic/: `seed/` and `<N>/`. A synthetic library is made offline and
deterministically from `seed`, without running Library.build over it (the model embeds
~100 passages a second here: a million would take hours):

1. It starts with the seed library, built by `Library.build` with the real model: its
   passages, vectors and events come first, so the dev questions find their real answers
   at every size, among the synthetic ones.
2. Text: every seed passage (one or two sentences of one paragraph, one speaker) is a
   template. A synthetic article is 8 to 20 paragraphs of 1 to 3 templates, each with about a
   quarter of its lower-case words replaced by pseudo-words drawn from a 20,000-word
   vocabulary with Zipf frequencies: no two passages are alike, and BM25 sees common seed
   words and a long tail of rare ones, as in news. Each template gives one passage (about
   two sentences), cut here rather than by split_passages (pysbd and the speaker extractor
   cost ~1.5 ms a passage: 25 minutes at a million); it keeps its template's speaker, and its
   context (embedded with it, never shown) is the sentence before it, as split_passages
   does. Paragraph numbers are checked against index.sources.paragraphs.
3. Vectors: 2,000 synthetic passages, a few of each template, are embedded for real, as
   Library does (the normalized sum of the passage's embedding and its embedding in
   context). Every other passage gets the real vector of one of those with the same
   template, plus Gaussian noise (sigma 0.025 a dimension, cosine ~0.9 to it),
   renormalized. So a question's nearest neighbours are passages about the same thing, as
   with real vectors; but the vectors are more clustered (2,000 centres) than real ones.
4. Written with index.store.write_index (which picks the vector index type for the size)
   and new_manifest, and every source registered in the registry, so that
   `Library(settings).load()` and `parley ask` open it like any library, with no reindex.

    python -m benchmarks.synthetic [--backends all] seed 100k 1m   # make them ahead of time
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import re
import shutil
import time
from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

import numpy as np

from parley.index.errors import IndexCorrupt, IndexMismatch, IndexMissing
from parley.index.library import Library
from parley.index.search.embeddings import Embedder
from parley.index.settings import Settings
from parley.index.store.builds import current_name, load_index, read_manifest, write_index
from parley.index.store.manifest import check_compatible, new_manifest
from parley.index.text.passages import Passage, sentences
from parley.index.text.sources import Source, Span, paragraphs

from .common import (
    TORCH_BACKEND,
    Backend,
    Size,
    available_backends,
    data_root,
    load_backend,
    log,
    parse_sizes,
    settings_at,
)

#: Bump when the recipe changes: cached libraries made by another version are made again.
GENERATOR = 1
REAL_VECTORS = 2_000
NOISE = 0.025
VOCABULARY = 20_000
ZIPF = 1.07  # word frequencies in English fall off about as 1 / rank ** 1.07
REPLACED = 0.25  # the share of a template's lower-case words replaced by pseudo-words
PARAGRAPHS = (8, 20)
TEMPLATES_PER_PARAGRAPH = (1, 3)
CHUNK = 65_536  # vectors made at a time: a few hundred MB of temporaries, not gigabytes
FIRST_DAY, LAST_DAY = dt.date(2022, 2, 24), dt.date(2025, 12, 31)
SIDECAR = "synthetic.json"

_SPLIT = re.compile(r"(\W+)")
_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]


@dataclass(frozen=True)
class Template:
    """A seed passage cut into words, ready to be varied into synthetic passages."""

    sentences: tuple[tuple[str, ...], ...]  # each sentence as words and the text between them
    replaceable: tuple[tuple[int, ...], ...]  # per sentence: where its lower-case words are
    speaker: str | None
    speaker_role: str | None
    direct: bool


def library_dir(
    size: Size, root: Path, backend: Backend = TORCH_BACKEND, embedder: Embedder | None = None
) -> Path:
    """The data directory of the library of `size` for `backend`, made if not cached yet."""
    if size.passages is None:
        return seed_library(root, backend=backend, embedder=embedder)
    return synthetic_library(root, size.passages, backend=backend, embedder=embedder)


def seed_library(
    data_dir: Path, *, backend: Backend = TORCH_BACKEND, embedder: Embedder | None = None
) -> Path:
    """The seed articles indexed by `backend`, in <data_dir>/synthetic/seed[-backend]."""
    target = data_dir / "synthetic" / _name("seed", backend)
    library = Library(
        settings_at(target, backend), embedder, lambda _: load_backend(backend, data_dir)
    )
    try:
        library.load()
        if not library.stale():
            return target
    except (IndexMissing, IndexMismatch, IndexCorrupt):
        pass
    log(f"building the seed library in {target}")
    library.build()
    return target


def synthetic_library(
    data_dir: Path,
    passages: int,
    *,
    seed: int = 0,
    backend: Backend = TORCH_BACKEND,
    embedder: Embedder | None = None,
) -> Path:
    """A library of `passages` passages in <data_dir>/synthetic/<passages>[-backend] (see the
    module's docstring for how it is made), its real vectors made by `backend` (`embedder`
    if given, else loaded); made again only if missing or made otherwise."""
    target = data_dir / "synthetic" / _name(str(passages), backend)
    settings = settings_at(target, backend)
    if _cached(target, settings, passages, seed):
        return target
    started = time.perf_counter()
    model = embedder or load_backend(backend, data_dir)
    seed_dir = seed_library(data_dir, backend=backend, embedder=model)
    seed_settings = settings_at(seed_dir, backend)
    base = load_index(seed_settings.index_dir, seed_settings, seed_settings.model.identity)
    if passages <= len(base.passages):
        raise ValueError(f"a synthetic library needs more than the seeds' {len(base.passages)}")
    partial = target.with_name(f".{target.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    shutil.rmtree(target, ignore_errors=True)
    partial_settings = settings_at(partial, backend)

    log(f"synthetic library of {passages:,} passages: writing text")
    rng = random.Random(seed)
    templates = _templates(base.sources, base.passages)
    words, cumulative = _vocabulary(rng)
    sources, made, template_of = _articles(
        passages - len(base.passages), templates, words, cumulative, rng
    )

    log(f"  {len(sources):,} articles; embedding ~{REAL_VECTORS:,} passages ({backend.name})")
    texts = {s.id: s.text for s in sources}
    vectors = np.empty((passages, base.manifest.dimension), dtype=np.float32)
    seed_ids = base.ids
    vectors[: len(seed_ids)] = np.vstack([base.vectors.reconstruct(int(i)) for i in seed_ids])
    vectors[len(seed_ids) :] = _vectors(
        made, template_of, texts, model, settings.model.batch_size, np.random.default_rng(seed)
    )

    all_sources = [*base.sources.values(), *sources]
    all_passages = [*base.passages, *made]
    log(f"  {time.perf_counter() - started:.0f} s so far; registering the articles")
    library = Library(partial_settings, model)
    library.registry.ensure_seeded(partial_settings.seeds_dir)
    for source in sources:
        library.registry.add(source, "synthetic")
    if library.registry.hashes() != {s.id: s.sha256 for s in all_sources}:
        raise RuntimeError("the seed library's sources are not the configured seeds")

    log(f"  {time.perf_counter() - started:.0f} s so far; writing the index")
    manifest = new_manifest(
        partial_settings, base.manifest.model, base.manifest.dimension, all_sources, passages
    )
    write_index(
        partial_settings.index_dir, manifest, all_sources, all_passages, vectors, base.raw_events
    )
    sidecar = {"generator": GENERATOR, "seed": seed, "passages": passages}
    sidecar["build"] = current_name(partial_settings.index_dir)
    (partial / SIDECAR).write_text(json.dumps(sidecar, indent=2) + "\n", encoding="utf-8")
    partial.rename(target)  # only a complete library ever has the final name
    log(f"  done in {time.perf_counter() - started:.0f} s: {target}")
    return target


def _name(label: str, backend: Backend) -> str:
    return label if backend == TORCH_BACKEND else f"{label}-{backend.name}"


def _cached(target: Path, settings: Settings, passages: int, seed: int) -> bool:
    """Whether `target` holds this library, complete, as this version of the recipe makes
    it, with the registry and the index in step (else `parley ask` would start a reindex)."""
    try:
        recorded = json.loads((target / SIDECAR).read_text(encoding="utf-8"))
        # The manifest alone: loading a million passages to check them would take minutes.
        manifest = read_manifest(settings.index_dir)
        check_compatible(manifest, settings, settings.model.identity)
    except (OSError, ValueError, IndexMissing, IndexMismatch, IndexCorrupt):
        return False
    return (
        recorded == {**recorded, "generator": GENERATOR, "seed": seed, "passages": passages}
        and recorded.get("build") == current_name(settings.index_dir)
        and manifest.passages == passages
        and Library(settings).registry.hashes() == manifest.sources
    )


def _templates(sources: dict[str, Source], passages: Sequence[Passage]) -> list[Template]:
    """Every seed passage that can close a paragraph on its own (it ends a sentence and is
    not a short line in title case, which index.sources.paragraphs would take for a
    heading): then any run of them is one body paragraph, whatever their order."""
    templates = []
    for passage in passages:
        text = sources[passage.source_id].text
        spans = sentences(text, Span(passage.start, passage.end))
        cut = [" ".join(text[s.start : s.end].split()) for s in spans]
        alone = Source(id="template", text=" ".join(cut))
        if [(p.start, p.end) for p in paragraphs(alone)] != [(0, len(alone.text))]:
            continue
        split = [tuple(_SPLIT.split(sentence)) for sentence in cut]
        templates.append(
            Template(
                sentences=tuple(split),
                replaceable=tuple(
                    tuple(
                        i
                        for i, w in enumerate(words)
                        if i > 0 and len(w) >= 3 and w.isalpha() and w.islower()
                    )
                    for words in split
                ),
                speaker=passage.speaker,
                speaker_role=passage.speaker_role,
                direct=passage.direct,
            )
        )
    return templates


def _vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """Pseudo-words of two to four syllables, with cumulative Zipf weights for drawing."""
    words: dict[str, None] = {}
    while len(words) < VOCABULARY:
        words["".join(rng.choices(_SYLLABLES, k=rng.randint(2, 4)))] = None
    weights = [1 / rank**ZIPF for rank in range(1, VOCABULARY + 1)]
    return list(words), list(accumulate(weights))


def _articles(
    count: int,
    templates: Sequence[Template],
    words: Sequence[str],
    cumulative: Sequence[float],
    rng: random.Random,
) -> tuple[list[Source], list[Passage], np.ndarray]:
    """Synthetic articles holding `count` passages in all; also each passage's template."""
    sources: list[Source] = []
    passages: list[Passage] = []
    template_of = np.empty(count, dtype=np.int32)
    total = cumulative[-1]
    days = (LAST_DAY - FIRST_DAY).days

    def vary(sentence: tuple[str, ...], replaceable: tuple[int, ...]) -> str:
        if not replaceable:
            return "".join(sentence)
        out = list(sentence)
        chosen = rng.sample(replaceable, max(1, round(REPLACED * len(replaceable))))
        for position in chosen:
            out[position] = words[bisect(cumulative, rng.random() * total)]
        return "".join(out)

    while len(passages) < count:
        number = len(sources)
        source_id = f"synthetic-{number:07d}"
        parts: list[str] = []
        cuts: list[tuple[int, int, int, int, int]] = []  # paragraph, start, end, context, template
        position = 0
        last_sentence: int | None = None  # where the sentence before the next passage starts
        for paragraph in range(1, rng.randint(*PARAGRAPHS) + 1):
            if paragraph > 1:
                parts.append("\n\n")
                position += 2
            for slot in range(rng.randint(*TEMPLATES_PER_PARAGRAPH)):
                if len(passages) + len(cuts) == count:
                    break
                chosen = rng.randrange(len(templates))
                template = templates[chosen]
                if slot:
                    parts.append(" ")
                    position += 1
                start = position
                starts = []
                for index, (sentence, replaceable) in enumerate(
                    zip(template.sentences, template.replaceable, strict=True)
                ):
                    if index:
                        parts.append(" ")
                        position += 1
                    starts.append(position)
                    varied = vary(sentence, replaceable)
                    parts.append(varied)
                    position += len(varied)
                context = start if last_sentence is None else last_sentence
                cuts.append((paragraph, start, position, context, chosen))
                last_sentence = starts[-1]
            if len(passages) + len(cuts) == count:
                break
        source = Source(
            id=source_id,
            text="".join(parts).rstrip("\n"),
            title=f"Synthetic article {number}",
            published=FIRST_DAY + dt.timedelta(days=rng.randrange(days)),
        )
        spans = paragraphs(source)
        if len(spans) != cuts[-1][0]:
            raise RuntimeError(f"{source_id}: paragraphs() finds {len(spans)} paragraphs")
        for paragraph, start, end, context, chosen in cuts:
            span = spans[paragraph - 1]
            if not span.start <= start < end <= span.end:
                raise RuntimeError(f"{source_id}: a passage is not in its paragraph")
            template = templates[chosen]
            template_of[len(passages)] = chosen
            passages.append(
                Passage(
                    source_id,
                    paragraph,
                    start,
                    end,
                    source.text[start:end],
                    speaker=template.speaker,
                    speaker_role=template.speaker_role,
                    direct=template.direct,
                    context_start=context,
                )
            )
        sources.append(source)
    return sources, passages, template_of


def _vectors(
    passages: Sequence[Passage],
    template_of: np.ndarray,
    texts: dict[str, str],
    embedder: Embedder,
    batch_size: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Real vectors for a sample stratified by template, perturbed copies of them for the
    rest (see the module's docstring)."""
    templates = int(template_of.max()) + 1
    per_template = math.ceil(REAL_VECTORS / templates)
    order = np.argsort(template_of, kind="stable")
    bounds = np.searchsorted(template_of[order], np.arange(templates + 1))
    sample_rows: list[int] = []
    for template in range(templates):
        rows = order[bounds[template] : bounds[template + 1]]
        if len(rows):
            take = min(per_template, len(rows))
            sample_rows += sorted(rng.choice(rows, size=take, replace=False).tolist())
    sample = np.asarray(sample_rows, dtype=np.int64)

    own = [passages[row].text for row in sample_rows]
    in_context = [passages[row].search_text(texts[passages[row].source_id]) for row in sample_rows]
    summed = embedder.encode(own, batch_size) + embedder.encode(in_context, batch_size)
    real = (summed / np.linalg.norm(summed, axis=1, keepdims=True)).astype(np.float32)

    # The sample sorted by template, and where each template's rows begin and how many.
    by_template = np.argsort(template_of[sample], kind="stable")
    first = np.searchsorted(template_of[sample][by_template], np.arange(templates))
    counts = np.bincount(template_of[sample], minlength=templates)
    out = np.empty((len(passages), real.shape[1]), dtype=np.float32)
    for start in range(0, len(passages), CHUNK):
        chosen = template_of[start : start + CHUNK]
        offsets = (rng.random(len(chosen)) * counts[chosen]).astype(np.int64)
        base = real[by_template[first[chosen] + offsets]]
        noisy = base + rng.standard_normal(base.shape, dtype=np.float32) * NOISE
        out[start : start + len(chosen)] = noisy / np.linalg.norm(noisy, axis=1, keepdims=True)
    out[sample] = real  # the sample keeps its exact vectors
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="+", help="passages: 100k, 1m, 250000, ... or seed")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", type=Path, help="data directory (default: the configured one)")
    parser.add_argument("--backends", default="torch", help="e.g. torch,onnx-int8, or all")
    args = parser.parse_args(argv)
    root = args.data or data_root()
    wanted = None if args.backends == "all" else args.backends.split(",")
    for backend in available_backends(wanted):
        if wanted and backend.name not in wanted:
            continue
        for size in parse_sizes(",".join(args.sizes)):
            print(library_dir(size, root, backend))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
