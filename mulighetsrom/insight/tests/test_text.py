"""Tests for Norwegian tokenising, stop words and stemming."""

from mulighetsrom.insight.text import STOP_WORDS, analyze, analyze_with_surface, tokenize


def test_it_lowercases_and_keeps_norwegian_letters() -> None:
    assert tokenize("Ærlig talt, Øystein: Åpne DØRA!") == ["ærlig", "talt", "øystein", "åpne", "døra"]


def test_it_drops_numbers_and_splits_on_punctuation() -> None:
    assert tokenize("I 2040 trengs 4-6 rom-programmer, 3,5 m²") == ["i", "trengs", "rom", "programmer", "m"]


def test_it_removes_stop_words_and_single_letters() -> None:
    assert analyze("Jeg vil ha det i hagen") == ["hag"]


def test_it_stems_inflected_forms_together() -> None:
    assert analyze("måltid måltidet måltidene") == ["måltid", "måltid", "måltid"]


def test_it_pairs_stems_with_their_surface_words() -> None:
    assert analyze_with_surface("Alarmene piper") == [("alarm", "alarmene"), ("pip", "piper")]


def test_it_has_a_few_hundred_stop_words_all_lowercase() -> None:
    assert 250 <= len(STOP_WORDS) <= 600
    assert all(word == word.lower() and word.isalpha() for word in STOP_WORDS)


def test_it_gives_nothing_for_empty_or_numeric_text() -> None:
    assert analyze("") == []
    assert analyze("12 345 / 2040") == []
