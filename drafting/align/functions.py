"""What a provision does, as a profile over the reviewers' checklist (elements E01-E31).

Two laws that implement the same element rarely share their words: "A person who contravenes
subsection (1) commits an offence and shall be liable on conviction ..." and "Member States shall
lay down the penalties applicable to infringements" both serve E26 (penalties). The bundled model
law labels each of its provisions with the elements it serves, so it teaches what each element
reads like: every element gets a centroid, the mean of the (TF-IDF, concept-aware) bags of the
model-law provisions labelled with it. Any unit of any text — a draft, the model law, an official
act used as the model — is then described by its similarity to the 31 centroids, and two units
have the same function when their profiles agree.

Concepts count as words in the centroids (C:licence for licence, permit and authorisation, in every
language of the lexicon), so a draft in another language gets a profile from its concepts.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache

import numpy as np

from drafting.align.features import analyse_units
from drafting.modelset import DEFAULT_MODEL, load_model
from drafting.nlp import content_lemmas

PROFILE_TOP = 3  # elements kept per unit (the rest of its profile is noise)
CONCEPT_WEIGHT = 2.0  # concepts weigh this much more than words in a centroid


class ElementSpace:
    """Element centroids learnt from the bundled model law, and profiles of bags against them."""

    def __init__(self, bags: list[Counter], elements: list[list[str]]):
        self.elements = sorted({e for es in elements for e in es})
        df: Counter = Counter()
        for bag in bags:
            df.update(bag.keys())
        n = len(bags)
        self.idf = {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}
        self.vocab = {t: k for k, t in enumerate(sorted(self.idf))}
        vectors = self.vectors(bags)
        centroids = np.zeros((len(self.elements), len(self.vocab)), dtype=np.float32)
        index = {e: k for k, e in enumerate(self.elements)}
        for vector, es in zip(vectors, elements):
            for e in es:
                centroids[index[e]] += vector
        norms = np.linalg.norm(centroids, axis=1, keepdims=True)
        self.centroids = centroids / np.maximum(norms, 1e-9)

    def vectors(self, bags: list[Counter]) -> np.ndarray:
        out = np.zeros((len(bags), len(self.vocab)), dtype=np.float32)
        for row, bag in enumerate(bags):
            for term, count in bag.items():
                k = self.vocab.get(term)
                if k is None:
                    continue
                weight = CONCEPT_WEIGHT if term.startswith("C:") else 1.0
                out[row, k] = weight * (1.0 + math.log(count) if count >= 1 else count) * self.idf[term]
            norm = np.linalg.norm(out[row])
            if norm:
                out[row] /= norm
        return out

    def profiles(self, bags: list[Counter]) -> np.ndarray:
        """(n units x n elements): similarity to each element, the top few kept, unit length."""
        scores = self.vectors(bags) @ self.centroids.T
        if scores.shape[1] > PROFILE_TOP:
            cut = -np.sort(-scores, axis=1)[:, PROFILE_TOP - 1:PROFILE_TOP]
            scores = np.where(scores >= cut, scores, 0.0)
        norms = np.linalg.norm(scores, axis=1, keepdims=True)
        return scores / np.maximum(norms, 1e-9)

    def labelled(self, elements: list[list[str]]) -> np.ndarray:
        """Profiles of units whose elements are known (the model law's own labels)."""
        out = np.zeros((len(elements), len(self.elements)), dtype=np.float32)
        index = {e: k for k, e in enumerate(self.elements)}
        for row, es in enumerate(elements):
            for e in es:
                if e in index:
                    out[row, index[e]] = 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)


@lru_cache(maxsize=1)
def element_space() -> ElementSpace:
    """The element space of the bundled model law (built once)."""
    model = load_model(DEFAULT_MODEL)
    units = model.units()
    # analysed as alignment analyses them, so the bundled model law (the usual model) is analysed once
    bags = []
    for doc, heading_doc in zip(*analyse_units(units)):
        bag = Counter(content_lemmas(doc))
        if heading_doc is not None:
            bag.update(content_lemmas(heading_doc))
        bags.append(bag)
    return ElementSpace(bags, [model.elements_of(u) for u in units])
