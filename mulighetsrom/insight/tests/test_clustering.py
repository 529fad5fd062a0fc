"""Tests for theme suggestions (pure module; no database)."""

import csv
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.metrics import adjusted_rand_score

from mulighetsrom.insight.clustering import (
    Suggestion,
    candidate_ks,
    display_forms,
    nndsvda_start,
    shuffled_tokens,
    suggest_themes,
    theme_separation,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "labelled_observations.csv"


def load_labelled() -> list[dict[str, str]]:
    with DATA.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def labelled() -> list[dict[str, str]]:
    return load_labelled()


@pytest.fixture(scope="module")
def labelled_suggestions(labelled: list[dict[str, str]]) -> list[Suggestion[str]]:
    return suggest_themes([(row["id"], row["text"]) for row in labelled])


def test_the_labelled_set_is_big_enough_and_not_templated(labelled: list[dict[str, str]]) -> None:
    topics = Counter(row["topic"] for row in labelled)
    assert len(labelled) >= 220
    assert len(topics) >= 6
    assert min(topics.values()) >= 30
    assert len({row["id"] for row in labelled}) == len(labelled)
    assert len({row["text"] for row in labelled}) == len(labelled)
    openings = Counter(" ".join(row["text"].split()[:3]) for row in labelled)
    assert openings.most_common(1)[0][1] <= 5


def test_it_recovers_the_labelled_topics(
    labelled: list[dict[str, str]], labelled_suggestions: list[Suggestion[str]]
) -> None:
    theme_of = {obs_id: n for n, s in enumerate(labelled_suggestions) for obs_id in s.member_ids}
    assert len(theme_of) == len(labelled)
    ari = adjusted_rand_score([row["topic"] for row in labelled], [theme_of[row["id"]] for row in labelled])
    assert ari >= 0.5


def test_it_gives_identical_output_on_a_second_run(
    labelled: list[dict[str, str]], labelled_suggestions: list[Suggestion[str]]
) -> None:
    assert suggest_themes([(row["id"], row["text"]) for row in labelled]) == labelled_suggestions


def test_its_suggestions_are_well_formed(
    labelled: list[dict[str, str]], labelled_suggestions: list[Suggestion[str]]
) -> None:
    order = {row["id"]: i for i, row in enumerate(labelled)}
    assert 3 <= len(labelled_suggestions) <= 12
    sizes = [s.size for s in labelled_suggestions]
    assert sizes == sorted(sizes, reverse=True)
    for s in labelled_suggestions:
        assert s.size == len(s.member_ids)
        assert [order[i] for i in s.member_ids] == sorted(order[i] for i in s.member_ids)
        assert 1 <= len(s.representative_ids) <= 3
        assert set(s.representative_ids) <= set(s.member_ids)
        assert 1 <= len(s.label_terms) <= 5
        assert all(term.isalpha() and term == term.lower() for term in s.label_terms)


def test_it_labels_themes_with_written_words_not_stems(labelled_suggestions: list[Suggestion[str]]) -> None:
    all_terms = {t for s in labelled_suggestions for t in s.label_terms}
    assert "hagen" in all_terms or "hage" in all_terms
    assert "hag" not in all_terms


def test_it_returns_nothing_for_no_input() -> None:
    assert suggest_themes([]) == []


def test_it_returns_nothing_when_no_text_has_content_words() -> None:
    assert suggest_themes([(1, ""), (2, "og det er"), (3, "2040")]) == []


def test_it_makes_one_theme_of_a_single_observation() -> None:
    assert suggest_themes([(7, "Hagen må ha benker")]) == [
        Suggestion(label_terms=("benker", "hagen"), member_ids=(7,), size=1, representative_ids=(7,))
    ]


def test_it_copes_with_fewer_observations_than_the_minimum_number_of_themes() -> None:
    suggestions = suggest_themes([(1, "Maten er kald"), (2, "Hagen er stengt"), (3, "Maten er kald")])
    assert sorted(i for s in suggestions for i in s.member_ids) == [1, 2, 3]
    assert len(suggestions) <= 2


def test_it_copes_with_duplicates_only() -> None:
    suggestions = suggest_themes([(i, "Alarmen piper hele natta") for i in range(30)])
    assert len(suggestions) == 1
    assert suggestions[0].size == 30
    assert suggestions[0].representative_ids == (0, 1, 2)


def test_it_leaves_out_empty_texts_but_keeps_the_rest() -> None:
    observations = [
        (1, "Maten er kald og middagen kommer for tidlig"),
        (2, ""),
        (3, "Hagen trenger benker i sola"),
        (4, "..."),
    ]
    members = {i for s in suggest_themes(observations) for i in s.member_ids}
    assert members == {1, 3}


def test_it_rejects_an_empty_range() -> None:
    with pytest.raises(ValueError, match="k_min"):
        suggest_themes([(1, "mat")], k_min=5, k_max=4)


def test_it_shrinks_the_range_of_k_for_small_inputs() -> None:
    assert candidate_ks(n_distinct=100, n_terms=50, k_min=3, k_max=12) == list(range(3, 13))
    assert candidate_ks(n_distinct=5, n_terms=50, k_min=3, k_max=12) == [3, 4]
    assert candidate_ks(n_distinct=3, n_terms=50, k_min=3, k_max=12) == [2]
    assert candidate_ks(n_distinct=2, n_terms=50, k_min=3, k_max=12) == []
    assert candidate_ks(n_distinct=100, n_terms=4, k_min=3, k_max=12) == [3, 4]


def test_it_shows_the_most_frequent_surface_word_for_a_stem() -> None:
    counts = Counter({("hag", "hagen"): 3, ("hag", "hage"): 1, ("rom", "rommet"): 2, ("rom", "rom"): 2})
    assert display_forms(counts) == {"hag": "hagen", "rom": "rom"}


def test_it_scores_a_clean_split_above_a_muddled_one() -> None:
    clean = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.9]])
    muddled = np.array([[0.6, 0.4], [0.4, 0.6], [0.55, 0.45], [0.45, 0.55]])
    assert theme_separation(clean, 0) > theme_separation(muddled, 0)
    assert theme_separation(np.array([[1.0, 0.0], [1.0, 0.0]]), 0) == -1.0


def test_it_keeps_tokens_and_lengths_in_the_null_corpus() -> None:
    docs = [["a", "b"], ["c"], ["d", "e", "f"]]
    dealt = shuffled_tokens(docs, np.random.default_rng(0))
    assert [len(d) for d in dealt] == [2, 1, 3]
    assert sorted(t for d in dealt for t in d) == ["a", "b", "c", "d", "e", "f"]


def test_its_nndsvda_start_is_non_negative_and_shaped() -> None:
    matrix = sp.csr_matrix(np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.5]]))
    u, s, vt = np.linalg.svd(matrix.toarray())
    w, h = nndsvda_start(matrix, (u, s, vt), 2)
    assert w.shape == (3, 2) and h.shape == (2, 3)
    assert (w > 0).all() and (h > 0).all()
