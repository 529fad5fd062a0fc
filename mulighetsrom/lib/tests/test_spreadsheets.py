from unittest import TestCase

from hypothesis import given
from hypothesis import strategies as st

from mulighetsrom.lib.spreadsheets import safe_cell, unescape_cell


class SafeCellTests(TestCase):
    def test_formulas_get_an_apostrophe(self) -> None:
        for value in ["=1+1", "+47", "-3", "@SUM(A1)", "\tx", "\rx"]:
            self.assertEqual(safe_cell(value), "'" + value)

    def test_other_values_are_kept(self) -> None:
        self.assertEqual(safe_cell("Bad med dusj"), "Bad med dusj")
        self.assertEqual(safe_cell(3), 3)
        self.assertIsNone(safe_cell(None))

    def test_control_characters_become_spaces_but_line_breaks_stay(self) -> None:
        self.assertEqual(safe_cell("a\x00b\x07c\x1fd"), "a b c d")
        self.assertEqual(safe_cell("linje 1\nlinje 2\r\n\tinnrykk"), "linje 1\nlinje 2\r\n\tinnrykk")

    # A text that itself starts with an apostrophe before a formula sign cannot be told apart.
    @given(st.text().filter(lambda t: not t.startswith("'")))
    def test_unescape_reverses_the_apostrophe(self, text: str) -> None:
        cleaned = safe_cell(text)
        self.assertEqual(unescape_cell(cleaned), text.translate({c: " " for c in [*range(9), 11, 12, *range(14, 32)]}))
