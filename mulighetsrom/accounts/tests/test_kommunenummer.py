"""The municipality number validator (kommunenummer)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase
from django.utils import translation

from mulighetsrom.accounts.models import validate_kommunenummer


class KommunenummerTestCase(SimpleTestCase):
    def message(self, value: str) -> str:
        with translation.override("en"):
            with self.assertRaises(ValidationError) as caught:
                validate_kommunenummer(value)
            return " ".join(caught.exception.messages)

    def test_it_accepts_current_and_earlier_numbers(self) -> None:
        for value in ("0301", "4601", "3101", "5001", "1804", "0101", "5401", "2111"):
            validate_kommunenummer(value)

    def test_it_rejects_anything_but_four_digits(self) -> None:
        for value in ("301", "03011", "03a1", "", "abcd", " 301"):
            self.assertIn("exactly four digits", self.message(value), value)

    def test_it_rejects_digits_that_are_not_ascii(self) -> None:
        # "²" and Arabic-Indic digits pass str.isdigit().
        for value in ("03²1", "٠٣٠١"):
            self.assertIn("exactly four digits", self.message(value), value)

    def test_it_rejects_an_unknown_county_prefix(self) -> None:
        for value in ("9901", "1301", "0001", "4701"):
            message = self.message(value)
            self.assertIn(f"{value} is not a valid municipality number", message)
            self.assertIn("county number", message)

    def test_it_rejects_a_county_number_alone(self) -> None:
        self.assertIn("not a valid municipality number", self.message("0300"))
