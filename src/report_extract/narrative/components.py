"""The spaCy parts of the narrative model: the context a unit is read in, and the classifier that reads it.

A unit of narrative (a sentence, an enumerated item or a clause) means different
things in different places: "进一步规范政府信息公开申请办理流程" is work done in part 一
and a planned measure in part 五.  The context therefore travels *with* the Doc,
never inside its text:

* ``doc._.section`` – the canonical section id the unit sits in (set by the caller);
* ``doc._.phase`` – inside part 五, the half it sits in: ``problem`` or ``improvement``;
* the ``narrative_context`` pipeline component turns both into ``doc._.context``,
  the named context features (``section=…``, ``phase=…``, ``section+phase=…``);
* the ``report_extract.NarrativeBOW.v1`` architecture is spaCy's TextCatBOW with
  those features added next to the character n-grams.

``nlp(text)`` on the shipped pipeline reads a unit with unknown context;
``nlp(doc)`` on a Doc whose extensions are set reads it in context.  Importing
this module (or the ``spacy_factories`` / ``spacy_architectures`` entry points the
package declares) registers both parts, so ``spacy.load`` of the model works.
"""
from __future__ import annotations

from functools import partial

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.ml.models.textcat import resize_and_set_ref
from spacy.strings import hash_string
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Logistic, Model, SparseLinear_v2, chain, resizable, softmax_activation, with_cpu
from thinc.layers.resizable import resize_linear_weighted

SECTIONS = ("overview", "proactive_disclosure", "requests", "review_litigation", "problems_improvements",
            "other_matters")
PHASES = ("problem", "improvement")
NEG_VALUE = -5000  # as spaCy's BOW classifier: a label added later starts out impossible

for _name in ("section", "phase"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
if not Doc.has_extension("context"):
    Doc.set_extension("context", default=())


class NarrativeContext:
    """Named context features of a unit from ``doc._.section`` and ``doc._.phase``.

    ``groups`` folds sections that read alike into one value (the three table
    sections carry the same kind of prose); an unknown section or phase reads as
    ``none`` so that ``nlp(text)`` still describes its input.
    """

    def __init__(self, groups: dict[str, str]):
        self.groups = dict(groups)

    def __call__(self, doc: Doc) -> Doc:
        sec = doc._.section if doc._.section in SECTIONS else "none"
        sec = self.groups.get(sec, sec)
        phase = doc._.phase if doc._.phase in PHASES else "none"
        doc._.context = (f"section={sec}", f"phase={phase}", f"section+phase={sec}+{phase}")
        return doc


@Language.factory(
    "narrative_context",
    default_config={"groups": {"proactive_disclosure": "tables", "requests": "tables", "review_litigation": "tables"}},
)
def make_context(nlp: Language, name: str, groups: dict[str, str]) -> NarrativeContext:
    return NarrativeContext(groups)


def context_ngrams(ngram_size: int, context_weight: float, context_per: int, context_max: float) -> Model:
    """Character 1..n-gram counts plus the ``doc._.context`` features.

    A bag of n-grams sums one weight per n-gram, so a long sentence would drown
    a feature counted once: each context feature counts ``context_weight`` per
    ``context_per`` tokens (at least once, at most ``context_max`` times).
    """
    return Model("context_ngrams", _context_forward,
                 attrs={"ngram_size": ngram_size, "weight": context_weight, "per": context_per,
                        "max": context_max})


_CONTEXT_KEYS: dict[tuple, object] = {}  # context features -> their hashed keys (not in model.attrs: those are saved)


def _context_forward(model: Model, docs: list[Doc], is_train: bool):
    # every n-gram occurrence is its own key with value 1: the sparse linear layer sums
    # them, which is what counting unique keys gives, without sorting each doc
    ops, xp = model.ops, model.ops.xp
    n, per = model.attrs["ngram_size"], model.attrs["per"]
    cache = _CONTEXT_KEYS
    batch_keys, batch_vals, lengths = [], [], []
    for doc in docs:
        unigrams = ops.asarray(doc.to_array([ORTH]))
        grams = [unigrams] + [ops.ngrams(k, unigrams) for k in range(2, n + 1)]
        vals = [xp.ones(sum(len(g) for g in grams), dtype="f")]
        ctx = doc._.context
        if ctx:
            if ctx not in cache:
                cache[ctx] = xp.asarray([hash_string(c) for c in ctx], dtype="uint64")
            grams.append(cache[ctx])
            k = min(1 + len(doc) // per, model.attrs["max"]) * model.attrs["weight"]
            vals.append(xp.full(len(ctx), k, dtype="f"))
        batch_keys.extend(grams)
        batch_vals.extend(vals)
        lengths.append(sum(len(v) for v in vals))
    keys = xp.concatenate(batch_keys) if batch_keys else xp.zeros((0,), dtype="uint64")
    vals = xp.concatenate(batch_vals) if batch_vals else xp.zeros((0,), dtype="f")
    return (keys.astype("uint64"), vals, ops.asarray(lengths, dtype="int32")), lambda dY: []


@registry.architectures("report_extract.NarrativeBOW.v1")
def build_narrative_bow(exclusive_classes: bool, ngram_size: int, no_output_layer: bool, length: int = 262144,
                        context_weight: float = 1.0, context_per: int = 16, context_max: float = 8.0,
                        nO: int | None = None) -> Model:
    """spaCy's TextCatBOW.v3 (hashed sparse linear layer, softmax) over :func:`context_ngrams`."""
    length = 2 ** (length - 1).bit_length()
    sparse_linear = SparseLinear_v2(nO=nO, length=length)
    fill_defaults = {"b": 0, "W": 0}
    output_layer = None
    if not no_output_layer:
        fill_defaults["b"] = NEG_VALUE
        output_layer = softmax_activation() if exclusive_classes else Logistic()
    layer = resizable(sparse_linear, resize_layer=partial(resize_linear_weighted, fill_defaults=fill_defaults))
    model = chain(context_ngrams(ngram_size, context_weight, context_per, context_max), layer)
    model = with_cpu(model, model.ops)
    if output_layer is not None:
        model = chain(model, with_cpu(output_layer, output_layer.ops))
    if nO is not None:
        model.set_dim("nO", nO)
    model.set_ref("output_layer", sparse_linear)
    model.attrs["multi_label"] = not exclusive_classes
    model.attrs["resize_output"] = partial(resize_and_set_ref, resizable_layer=layer)
    return model
