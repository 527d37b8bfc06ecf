"""The embedding model on onnxruntime: the same vectors as sentence-transformers, without torch.

A fresh `parley ask` on torch spends seconds importing it; onnxruntime and the model's own
tokenizer (the `tokenizers` package) load in a tenth of that, and encode a short question
about three times faster. The model is exported once from its sentence-transformers folder
(the only step that needs torch) into the data directory; pooling (the mean over the tokens)
and normalization are done here, as the model's own modules.json says.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from ..errors import ParleyError
from ..settings import ModelSettings
from .embeddings import model_path

_INPUTS = ("input_ids", "attention_mask", "token_type_ids")

log = logging.getLogger("parley.model")


def export_onnx(model_dir: Path, target: Path, *, quantize: bool = False) -> Path:
    """Export the transformer in `model_dir` to `target` (model.onnx and tokenizer.json),
    written aside and moved into place, so a crash never leaves half a model."""
    import torch  # only here: exporting is the one step that needs it
    from transformers import AutoModel
    from transformers.utils import logging as transformers_logging

    # Its weight-loading progress bar would interleave with Parley's own ("Embedding passages").
    transformers_logging.disable_progress_bar()
    model = AutoModel.from_pretrained(str(model_dir), local_files_only=True).eval()

    class Hidden(torch.nn.Module):  # the token vectors; pooling happens in OnnxEmbedder
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            output = self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return output.last_hidden_state

    work = target.with_name(f".{target.name}.{secrets.token_hex(4)}")
    work.mkdir(parents=True)
    try:
        example = torch.tensor([[101, 2054, 102], [101, 102, 0]])
        with warnings.catch_warnings():  # the exporter's tracing notes are not for members
            warnings.simplefilter("ignore")
            torch.onnx.export(
                Hidden(),
                (example, (example != 0).long(), torch.zeros_like(example)),
                str(work / "model.onnx"),
                input_names=list(_INPUTS),
                output_names=["last_hidden_state"],
                dynamic_axes={
                    name: {0: "batch", 1: "tokens"} for name in (*_INPUTS, "last_hidden_state")
                },
                opset_version=17,
                dynamo=False,  # the TorchScript exporter writes one self-contained file
            )
        if quantize:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            # It logs advice for image models through the root logger: that advice alone is
            # held back while it runs, not the root logger's level lowered for everyone.
            root = logging.getLogger()
            root.addFilter(_not_onnxruntime)
            try:
                quantize_dynamic(
                    work / "model.onnx", work / "int8.onnx", weight_type=QuantType.QInt8
                )
            finally:
                root.removeFilter(_not_onnxruntime)
            os.replace(work / "int8.onnx", work / "model.onnx")
        shutil.copy2(model_dir / "tokenizer.json", work / "tokenizer.json")
        (work / "max_seq_length").write_text(str(_max_length(model_dir)), encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        os.replace(work, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def _not_onnxruntime(record: logging.LogRecord) -> bool:
    return "onnxruntime" not in record.pathname


class OnnxEmbedder:
    """An exported model (see `export_onnx`) as an `Embedder`."""

    def __init__(self, folder: Path, name: str) -> None:
        options = ort.SessionOptions()
        # Measured on 2 cores, one question: 2 threads encode no faster than 1 at this size,
        # and idle worker threads spinning for work slow the FAISS search that follows in the
        # same process; batches during a build still get both cores.
        options.intra_op_num_threads = 2
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(
            str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        length = int((folder / "max_seq_length").read_text(encoding="utf-8"))
        self._tokenizer.enable_truncation(length)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self.name = name
        self.dimension = int(self.encode(["dimension"]).shape[1])

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        # Batches of texts of about one length, as sentence-transformers does: a batch is
        # padded to its longest text, and sorting cut the seed library's build time by half.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        parts = [
            self._encode([texts[i] for i in order[start : start + batch_size]])
            for start in range(0, len(texts), batch_size)
        ]
        if not parts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = np.empty((len(texts), parts[0].shape[1]), dtype=np.float32)
        vectors[order] = np.vstack(parts)
        return vectors

    def _encode(self, texts: list[str]) -> np.ndarray:
        encoded = self._tokenizer.encode_batch(texts)
        feeds = {
            "input_ids": np.array([e.ids for e in encoded], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encoded], dtype=np.int64),
        }
        hidden = self._session.run(None, {k: v for k, v in feeds.items() if k in self._inputs})[0]
        mask = feeds["attention_mask"][..., None].astype(np.float32)
        pooled = (hidden * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return np.ascontiguousarray(pooled / np.maximum(norms, 1e-12), dtype=np.float32)


def onnx_embedder(model: ModelSettings, cache_dir: Path) -> OnnxEmbedder:
    """`model` on onnxruntime, exported into `cache_dir` the first time, and again when the
    exported copy cannot be loaded (a cache: the model it came from is the truth)."""
    name, quantize = model.identity, model.quantize
    folder = cache_dir / _folder_name(name)
    if (folder / "model.onnx").exists():
        try:
            return OnnxEmbedder(folder, name)
        # onnxruntime's load errors share no base class but Exception (InvalidProtobuf,
        # Fail, ...), nor do the tokenizer's; whatever it is, exporting again mends it.
        except Exception as error:
            reason = " ".join(str(error).split())[:160]
            log.warning(
                "the exported model in %s is damaged (%s): exporting it again", folder, reason
            )
    export_onnx(Path(model_path(model.name)), folder, quantize=quantize)
    try:
        return OnnxEmbedder(folder, name)
    except Exception as error:  # as above, with a fresh export now
        raise ParleyError(f"cannot load the model exported to {folder}: {error}") from None


def _folder_name(name: str) -> str:
    return "".join(c if c.isalnum() or c in "+-." else "_" for c in name)


def _max_length(model_dir: Path) -> int:
    try:
        config = json.loads((model_dir / "sentence_bert_config.json").read_text(encoding="utf-8"))
        return int(config.get("max_seq_length", 256))
    except (OSError, ValueError):
        return 256
