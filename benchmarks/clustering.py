"""Benchmark: theme suggestions for 10,000 observations.

Run as ``.venv/bin/python benchmarks/clustering.py`` (add ``--naive`` to also time the search
with scikit-learn's stock per-fit initialisation, which is several times slower). Builds a synthetic corpus by recombining
sentences of the labelled test set (fixed seed: 1–3 sentences from one topic per observation),
then times

* **ours** — :func:`mulighetsrom.insight.clustering.suggest_themes`, end to end;
* **raw** — the same pipeline written as plain scikit-learn calls on the same texts
  (``TfidfVectorizer`` with our analyzer, the same sampled gap-statistic search over k, the same
  final NMF and arg-max assignment), but without labels, display words or representatives;

and prints both, our overhead ratio (target ≤ 1.5×) and the adjusted Rand index of both against
the known topics. Stem caches are cleared before every run so that neither side profits from
the other's warm cache.
"""

import csv
import os
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.utils.extmath import randomized_svd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mulighetsrom.insight import clustering
from mulighetsrom.insight.text import analyze, stem

DATA = Path(__file__).resolve().parent.parent / "mulighetsrom/insight/data/labelled_observations.csv"
N_OBSERVATIONS = 10_000
SEED = 20260101


def build_corpus(n: int, seed: int) -> tuple[list[tuple[str, str]], list[str]]:
    """``n`` observations made of 1–3 sentences from one topic of the labelled set, and their topics."""
    by_topic: dict[str, list[str]] = {}
    with DATA.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            sentences = [s for s in re.split(r"(?<=[.?!])\s+", row["text"]) if s]
            by_topic.setdefault(row["topic"], []).extend(sentences)
    rng = random.Random(seed)
    topics = sorted(by_topic)
    observations, labels = [], []
    for i in range(n):
        topic = rng.choice(topics)
        text = " ".join(rng.sample(by_topic[topic], rng.randint(1, 3)))
        observations.append((f"syn-{i:05d}", text))
        labels.append(topic)
    return observations, labels


def raw_pipeline(
    texts: list[str],
    k_min: int = 3,
    k_max: int = 12,
    sample: int = clustering.DEFAULT_SEARCH_SAMPLE,
    n_null: int = clustering.DEFAULT_N_NULL,
    naive_init: bool = False,
) -> np.ndarray:
    """The same computation as ``suggest_themes`` as straight scikit-learn calls; returns labels.

    With ``naive_init`` the search uses scikit-learn's own ``init="nndsvda"`` for every fit (a
    fresh SVD each time) instead of one shared SVD per matrix: what the code looked like before
    the search was made smarter.
    """

    def tfidf(docs: list[list[str]]) -> object:
        return TfidfVectorizer(analyzer=lambda d: d, min_df=2, max_df=0.5, sublinear_tf=True).fit_transform(docs)

    def separation(matrix: object, k: int) -> float:
        if naive_init:  # stock scikit-learn: one randomized SVD per fit
            nmf = NMF(k, init="nndsvda", solver="cd", max_iter=clustering._SEARCH_MAX_ITER, random_state=0)
            w = nmf.fit_transform(matrix)
        else:  # the same start as ours: one SVD per matrix, reused for every k
            w0, h0 = clustering.nndsvda_start(matrix, svds[id(matrix)], k)
            nmf = NMF(k, init="custom", solver="cd", max_iter=clustering._SEARCH_MAX_ITER, random_state=0)
            w = nmf.fit_transform(matrix, W=w0, H=h0)
        labels = w.argmax(axis=1)
        if len(set(labels)) < 2:
            return -1.0
        return float(silhouette_score(w / np.linalg.norm(w, axis=1, keepdims=True).clip(1e-12), labels))

    tokens = [analyze(t) for t in texts]
    full = TfidfVectorizer(analyzer=analyze, min_df=2, max_df=0.5, sublinear_tf=True).fit_transform(texts)
    rng = np.random.default_rng(0)
    picked = np.sort(rng.choice(len(tokens), size=min(sample, len(tokens)), replace=False))
    search = [tokens[i] for i in picked]
    real = tfidf(search)
    nulls = []
    for _ in range(n_null):
        flat = [t for d in search for t in d]
        order = rng.permutation(len(flat))
        dealt, cursor = [], 0
        for d in search:
            dealt.append([flat[j] for j in order[cursor : cursor + len(d)]])
            cursor += len(d)
        nulls.append(tfidf(dealt))
    svds = {id(m): randomized_svd(m, k_max, random_state=0) for m in [real, *nulls]}
    ks = list(range(k_min, k_max + 1))
    gaps, errors = [], []
    for k in ks:
        null_scores = np.array([separation(m, k) for m in nulls])
        gaps.append(separation(real, k) - null_scores.mean())
        errors.append(null_scores.std() * np.sqrt(1 + 1 / n_null))
    best = int(np.argmax(gaps))
    k = next(k for k, g in zip(ks, gaps, strict=True) if g >= gaps[best] - errors[best])
    model = NMF(k, init="nndsvda", solver="cd", max_iter=clustering._FINAL_MAX_ITER, random_state=0)
    return np.asarray(model.fit_transform(full).argmax(axis=1))


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """Wall time and result of ``fn()``, with the stem cache cleared first."""
    stem.cache_clear()
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def cpu_timed(fn: Callable[[], object]) -> float:
    """CPU seconds of this process for ``fn()``: robust against other load on a shared machine."""
    stem.cache_clear()
    start = time.process_time()
    fn()
    return time.process_time() - start


def main() -> None:
    """Time both pipelines (best of ``repeats``) and print the figures."""
    import warnings

    from sklearn.exceptions import ConvergenceWarning

    warnings.simplefilter("ignore", ConvergenceWarning)
    observations, topics = build_corpus(N_OBSERVATIONS, SEED)
    texts = [text for _, text in observations]
    repeats = 3
    ours_runs = [timed(lambda: clustering.suggest_themes(observations)) for _ in range(repeats)]
    raw_runs = [timed(lambda: raw_pipeline(texts)) for _ in range(repeats)]
    naive = "--naive" in sys.argv
    ours_cpu = cpu_timed(lambda: clustering.suggest_themes(observations))
    raw_cpu = cpu_timed(lambda: raw_pipeline(texts))
    ours_time = min(t for t, _ in ours_runs)
    raw_time = min(t for t, _ in raw_runs)

    suggestions = ours_runs[0][1]
    assert isinstance(suggestions, list)
    theme_of = {obs_id: n for n, s in enumerate(suggestions) for obs_id in s.member_ids}
    ours_ari = adjusted_rand_score(topics, [theme_of.get(obs_id, -1) for obs_id, _ in observations])
    raw_labels = raw_runs[0][1]
    raw_ari = adjusted_rand_score(topics, list(raw_labels))  # type: ignore[call-overload]

    print(f"observations:          {len(observations)}")
    print(f"themes suggested:      {len(suggestions)}")
    print(f"ours (suggest_themes): {ours_time:.2f} s   ARI {ours_ari:.3f}")
    print(f"raw scikit-learn:      {raw_time:.2f} s   ARI {raw_ari:.3f}")
    print(f"overhead ratio:        {ours_time / raw_time:.2f}x wall (target <= 1.5x, total <= 10 s)")
    print(f"CPU time:              ours {ours_cpu:.2f} s, raw {raw_cpu:.2f} s, ratio {ours_cpu / raw_cpu:.2f}x")
    print(f"load average (1 min):  {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if naive:
        naive_time, _ = timed(lambda: raw_pipeline(texts, naive_init=True))
        print(f"raw, stock nndsvda init per fit (before the shared SVD): {naive_time:.2f} s")
    for s in suggestions:
        print(f"  {s.size:5d}  {', '.join(s.label_terms)}")


if __name__ == "__main__":
    main()
