"""Theme suggestions: group observations by what they talk about.

Pure module: no Django. Texts in, suggested groups out; the caller turns ORM rows into
``(id, text)`` pairs and stores the result.

Pipeline (the choices are argued in docs/insight-algorithms.md):

1. Each text is tokenised, stop words removed and stemmed (:mod:`mulighetsrom.insight.text`).
2. TF-IDF with sublinear term frequency and L2-normalised rows. Stems that occur in only one
   document, or in more than half of them, are dropped once there are enough documents for
   those thresholds to mean something (``_MIN_DOCS_FOR_PRUNING``).
3. NMF (non-negative matrix factorisation, X ≈ W·H) with ``nndsvda`` initialisation and the
   coordinate-descent solver, which is deterministic for a fixed ``random_state``. Each document
   joins the theme with its largest weight in W.
4. The number of themes k is chosen in ``[k_min, k_max]`` by a **gap statistic on the
   silhouette of the document–theme matrix** (:func:`choose_k`): rows of W normalised to unit
   length, labelled by their arg-max theme, Euclidean silhouette — high when documents load
   clearly on one theme. That silhouette alone falls as k grows even on text with no themes at
   all (it picked k = 3 on the labelled set, ARI 0.2), so it is compared with the same
   measurement on shuffled-token null corpora, and the smallest k within one standard error of
   the best gap wins. The reconstruction error was rejected: it falls for every extra
   component and its elbow is a judgement by eye. For more than ``search_sample`` documents,
   k is searched on a fixed random sample with a capped number of NMF iterations, and only the
   final model sees all documents.
"""

import warnings
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import silhouette_score
from sklearn.utils.extmath import randomized_svd

from mulighetsrom.insight.text import analyze_with_surface

IdT = TypeVar("IdT", bound=Hashable)

DEFAULT_K_MIN = 3
DEFAULT_K_MAX = 12
DEFAULT_SEARCH_SAMPLE = 1200
DEFAULT_N_NULL = 3
# Below this many documents, "in at least two documents" and "in at most half" would throw away
# most of the vocabulary of a small workshop, so every stem is kept.
_MIN_DOCS_FOR_PRUNING = 20
_SEARCH_MAX_ITER = 100
_FINAL_MAX_ITER = 400
_N_REPRESENTATIVES = 3


@dataclass(frozen=True, slots=True)
class Suggestion(Generic[IdT]):
    """One suggested theme.

    ``label_terms`` are the theme's strongest terms, most important first, each shown as the
    surface word most often written for that stem. ``member_ids`` are in input order;
    ``representative_ids`` (at most three) are the members whose text is closest to the theme,
    closest first.
    """

    label_terms: tuple[str, ...]
    member_ids: tuple[IdT, ...]
    size: int
    representative_ids: tuple[IdT, ...]


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def display_forms(surface_counts: Counter[tuple[str, str]]) -> dict[str, str]:
    """For each stem, the surface word seen most often with it (alphabetically first on a tie)."""
    best: dict[str, tuple[int, str]] = {}
    for (stem, word), count in surface_counts.items():
        current = best.get(stem)
        if current is None or (-count, word) < (-current[0], current[1]):
            best[stem] = (count, word)
    return {stem: word for stem, (_, word) in best.items()}


def vectorize(token_lists: Sequence[list[str]]) -> tuple[sp.csr_matrix, np.ndarray]:
    """TF-IDF matrix (rows L2-normalised) and the stem for each column.

    Falls back to keeping every stem when pruning would leave no vocabulary at all.
    """
    n_docs = len(token_lists)
    prune = n_docs >= _MIN_DOCS_FOR_PRUNING
    vectorizer = TfidfVectorizer(
        analyzer=_identity, min_df=2 if prune else 1, max_df=0.5 if prune else 1.0, sublinear_tf=True
    )
    try:
        matrix = vectorizer.fit_transform(token_lists)
    except ValueError:  # "After pruning, no terms remain": e.g. 25 copies of one sentence.
        vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True)
        matrix = vectorizer.fit_transform(token_lists)
    return sp.csr_matrix(matrix), vectorizer.get_feature_names_out()


def _count_distinct_rows(matrix: sp.csr_matrix) -> int:
    rows = {
        (matrix.indices[a:b].tobytes(), matrix.data[a:b].round(12).tobytes())
        for a, b in zip(matrix.indptr[:-1], matrix.indptr[1:], strict=True)
    }
    return len(rows)


def candidate_ks(n_distinct: int, n_terms: int, k_min: int, k_max: int) -> list[int]:
    """The numbers of themes worth trying for ``n_distinct`` distinct documents.

    The silhouette needs 2 ≤ k ≤ n − 1 and NMF's SVD-based start needs k ≤ the vocabulary size.
    When the requested range does not fit, the range shrinks towards 2; an empty list means the
    input is too small to split and becomes a single theme.
    """
    upper = min(k_max, n_distinct - 1, n_terms)
    lower = min(k_min, upper)
    return list(range(max(lower, 2), upper + 1))


def _fit_nmf(
    matrix: sp.csr_matrix, k: int, max_iter: int, random_state: int, start: tuple[np.ndarray, np.ndarray] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    model = NMF(
        n_components=k,
        init="nndsvda" if start is None else "custom",
        solver="cd",
        max_iter=max_iter,
        random_state=random_state,
    )
    with warnings.catch_warnings():
        # The iteration cap is a deliberate time bound; an unconverged fit is still deterministic
        # and, for ranking and assigning, close enough (see docs/insight-algorithms.md).
        warnings.simplefilter("ignore", ConvergenceWarning)
        if start is None:
            weights = model.fit_transform(matrix)
        else:
            weights = model.fit_transform(matrix, W=start[0].copy(), H=start[1].copy())
    return weights, model.components_


Svd = tuple[np.ndarray, np.ndarray, np.ndarray]


def nndsvda_start(matrix: sp.csr_matrix, svd: Svd, k: int) -> tuple[np.ndarray, np.ndarray]:
    """NNDSVDa starting matrices (Boutsidis and Gallopoulos 2008) for k components.

    The same start scikit-learn's ``init="nndsvda"`` computes, but built from a truncated SVD
    with at least ``k`` components that the caller computes *once* for all candidate k: the
    top-k singular triplets of a rank-12 SVD are those of a rank-k SVD, and recomputing them for
    every k was most of the search time. Zeros are filled with the mean of ``matrix``.
    """
    u, sigma, vt = svd
    w = np.zeros((matrix.shape[0], k))
    h = np.zeros((k, matrix.shape[1]))
    w[:, 0] = np.sqrt(sigma[0]) * np.abs(u[:, 0])
    h[0, :] = np.sqrt(sigma[0]) * np.abs(vt[0, :])
    for j in range(1, k):
        x, y = u[:, j], vt[j, :]
        x_pos, y_pos = np.maximum(x, 0), np.maximum(y, 0)
        x_neg, y_neg = np.abs(np.minimum(x, 0)), np.abs(np.minimum(y, 0))
        pos = np.linalg.norm(x_pos) * np.linalg.norm(y_pos)
        neg = np.linalg.norm(x_neg) * np.linalg.norm(y_neg)
        x_part, y_part, size = (x_pos, y_pos, pos) if pos > neg else (x_neg, y_neg, neg)
        if size == 0:
            continue
        scale = np.sqrt(sigma[j] * size)
        w[:, j] = scale * x_part / np.linalg.norm(x_part)
        h[j, :] = scale * y_part / np.linalg.norm(y_part)
    mean = float(matrix.mean())
    w[w < 1e-6] = mean
    h[h < 1e-6] = mean
    return w, h


def theme_separation(weights: np.ndarray, random_state: int) -> float:
    """Silhouette of the unit-length rows of a document–theme matrix under arg-max labels.

    −1 when fewer than two themes, or as many themes as documents, have members (the
    silhouette is undefined there, and such a split is useless anyway).
    """
    labels = weights.argmax(axis=1)
    n_labels = len(np.unique(labels))
    if n_labels < 2 or n_labels >= len(labels):
        return -1.0
    norms = np.linalg.norm(weights, axis=1, keepdims=True)
    unit = weights / np.where(norms == 0, 1.0, norms)
    return float(silhouette_score(unit, labels, metric="euclidean"))


def shuffled_tokens(token_lists: Sequence[list[str]], rng: np.random.Generator) -> list[list[str]]:
    """A null corpus: the same tokens dealt at random to documents of the same lengths.

    Term frequencies and document lengths are kept; which words occur together is destroyed.
    """
    flat = [token for tokens in token_lists for token in tokens]
    order = rng.permutation(len(flat))
    dealt: list[list[str]] = []
    cursor = 0
    for tokens in token_lists:
        dealt.append([flat[i] for i in order[cursor : cursor + len(tokens)]])
        cursor += len(tokens)
    return dealt


def _separation_at(matrix: sp.csr_matrix, svd: Svd, k: int, max_iter: int, random_state: int) -> float:
    if k > svd[1].size:
        return -1.0
    weights, _ = _fit_nmf(matrix, k, max_iter, random_state, start=nndsvda_start(matrix, svd, k))
    return theme_separation(weights, random_state)


def _truncated_svd(matrix: sp.csr_matrix, rank: int, random_state: int) -> Svd:
    rank = min(rank, *matrix.shape)
    u, sigma, vt = randomized_svd(matrix, rank, random_state=random_state)
    return u, sigma, vt


def choose_k(
    token_lists: Sequence[list[str]],
    ks: Sequence[int],
    *,
    n_null: int = DEFAULT_N_NULL,
    max_iter: int = _SEARCH_MAX_ITER,
    random_state: int = 0,
) -> int:
    """The number of themes in ``ks`` whose separation most exceeds chance.

    The separation (:func:`theme_separation`) of a k-theme NMF falls as k grows even on text
    without any themes, so it is compared with ``n_null`` null corpora made by
    :func:`shuffled_tokens` — a gap statistic (Tibshirani, Walther and Hastie 2001) with the
    silhouette in place of the within-cluster dispersion:

        gap(k) = separation(real, k) − mean(separation(null, k))

    and, as in the gap statistic, the answer is the *smallest* k whose gap is within one
    standard error of the largest gap (s = sd(null) · √(1 + 1/n_null)): a simpler grouping
    unless a finer one is clearly better. ``token_lists`` must hold non-empty lists.
    """
    if len(ks) == 1:
        return ks[0]
    rng = np.random.default_rng(random_state)
    real, _ = vectorize(token_lists)
    nulls = [vectorize(shuffled_tokens(token_lists, rng))[0] for _ in range(n_null)]
    real_svd = _truncated_svd(real, max(ks), random_state)
    null_svds = [_truncated_svd(null, max(ks), random_state) for null in nulls]
    gaps, errors = [], []
    for k in ks:
        null_scores = np.array(
            [_separation_at(null, svd, k, max_iter, random_state) for null, svd in zip(nulls, null_svds, strict=True)]
        )
        gaps.append(_separation_at(real, real_svd, k, max_iter, random_state) - null_scores.mean())
        errors.append(null_scores.std() * np.sqrt(1 + 1 / n_null))
    best = int(np.argmax(gaps))
    threshold = gaps[best] - errors[best]
    return next(k for k, gap in zip(ks, gaps, strict=True) if gap >= threshold)


def _search_sample(
    token_lists: Sequence[list[str]], kept: Sequence[int], size: int, random_state: int
) -> list[list[str]]:
    """The non-empty token lists, or a fixed random sample of ``size`` of them (input order kept)."""
    if len(kept) > size:
        rng = np.random.default_rng(random_state)
        kept = [kept[i] for i in np.sort(rng.choice(len(kept), size=size, replace=False))]
    return [token_lists[i] for i in kept]


def _top_terms(component: np.ndarray, stems: np.ndarray, display: dict[str, str], n_terms: int) -> tuple[str, ...]:
    # Stable sort on the negated weights: equal weights keep vocabulary (alphabetical) order.
    order = np.argsort(-component, kind="stable")
    return tuple(display[str(stems[i])] for i in order[:n_terms] if component[i] > 0)


def _representatives(rows: np.ndarray, matrix: sp.csr_matrix, component: np.ndarray) -> np.ndarray:
    """Member rows ordered by cosine similarity to the theme's component, closest first."""
    direction = component / (np.linalg.norm(component) or 1.0)
    similarity = matrix[rows] @ direction  # rows of the TF-IDF matrix are already unit length
    order = np.lexsort((rows, -np.asarray(similarity).ravel()))
    return rows[order[:_N_REPRESENTATIVES]]


def suggest_themes(
    observations: Sequence[tuple[IdT, str]],
    *,
    k_min: int = DEFAULT_K_MIN,
    k_max: int = DEFAULT_K_MAX,
    n_terms: int = 5,
    search_sample: int = DEFAULT_SEARCH_SAMPLE,
    random_state: int = 0,
) -> list[Suggestion[IdT]]:
    """Suggest themes for ``observations``, a sequence of ``(id, text)`` pairs.

    Contract:

    * Every observation whose text has at least one content word that survives TF-IDF pruning
      is a member of exactly one suggestion; the others (empty texts, only stop words or
      numbers) are in none. Ids are passed through untouched and need not be unique.
    * The number of suggestions is chosen in ``[k_min, k_max]`` (see the module docstring);
      inputs too small for that range get fewer, down to a single suggestion, and an input with
      no content words gets ``[]``. A theme that ends up with no members is dropped.
    * Suggestions are ordered by size (largest first), then by the input position of their
      first member. The same input and ``random_state`` give the same output.
    * Up to ``search_sample`` documents, every document takes part in choosing k; beyond that,
      a fixed random sample of that size does (a speed/accuracy trade-off measured in
      benchmarks/clustering.py).
    """
    if not 2 <= k_min <= k_max:
        raise ValueError("Need 2 <= k_min <= k_max.")
    surface_counts: Counter[tuple[str, str]] = Counter()
    token_lists: list[list[str]] = []
    for _, text in observations:
        pairs = analyze_with_surface(text)
        surface_counts.update(pairs)
        token_lists.append([stem for stem, _ in pairs])

    kept = [i for i, tokens in enumerate(token_lists) if tokens]
    if not kept:
        return []
    matrix, stems = vectorize([token_lists[i] for i in kept])
    has_terms = np.diff(matrix.indptr) > 0
    positions = np.asarray(kept)[has_terms]
    matrix = matrix[has_terms]
    if matrix.shape[0] == 0:
        return []

    display = display_forms(surface_counts)
    ks = candidate_ks(_count_distinct_rows(matrix), matrix.shape[1], k_min, k_max)
    if not ks:
        weights = np.ones((matrix.shape[0], 1))
        components = np.asarray(matrix.mean(axis=0))
    else:
        k = choose_k(_search_sample(token_lists, kept, search_sample, random_state), ks, random_state=random_state)
        weights, components = _fit_nmf(matrix, k, _FINAL_MAX_ITER, random_state)

    labels = weights.argmax(axis=1)
    keyed: list[tuple[int, int, Suggestion[IdT]]] = []
    for theme in range(components.shape[0]):
        rows = np.flatnonzero(labels == theme)
        if rows.size == 0:
            continue
        representatives = _representatives(rows, matrix, components[theme])
        keyed.append(
            (
                -int(rows.size),
                int(positions[rows[0]]),
                Suggestion(
                    label_terms=_top_terms(components[theme], stems, display, n_terms),
                    member_ids=tuple(observations[positions[r]][0] for r in rows),
                    size=int(rows.size),
                    representative_ids=tuple(observations[positions[r]][0] for r in representatives),
                ),
            )
        )
    # Ordering key: size (largest first), then input position of the first member.
    return [suggestion for _, _, suggestion in sorted(keyed, key=lambda item: item[:2])]
