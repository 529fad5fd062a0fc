"""Uploading a JSON-stat file that decodes but cannot be used: a clear message, nothing stored."""

from __future__ import annotations

import json

from django.test import TestCase
from django.utils import translation

from mulighetsrom.forecast import actions
from mulighetsrom.forecast.models import PopulationDataset
from mulighetsrom.forecast.tests.test_population import projection_like


class ImportJsonStatErrorsTestCase(TestCase):
    def import_text(self, data: dict[str, object]) -> str:
        with translation.override("en"), self.assertRaises(actions.ForecastInputError) as ctx:
            actions.import_dataset(text=json.dumps(data), source="upload", organization=None, acting_user=None)
        self.assertFalse(PopulationDataset.objects.exists())
        return str(ctx.exception)

    def test_it_stores_a_usable_projection(self) -> None:
        actions.import_dataset(text=json.dumps(projection_like()), source="upload", organization=None, acting_user=None)
        self.assertEqual(PopulationDataset.objects.count(), 1)

    def test_it_refuses_text_values_with_a_clear_message(self) -> None:
        message = self.import_text(projection_like(value=[1, 2, 3, "n/a", 5, 6, 7, 8]))
        self.assertEqual(
            message,
            "The dataset contains text instead of numbers in 1 cells (for example “n/a”). A forecast needs numbers.",
        )

    def test_it_refuses_a_status_list_of_the_wrong_length(self) -> None:
        message = self.import_text(projection_like(status=["..", ".."]))
        self.assertEqual(message, "The dataset has 2 status symbols, but its dimensions give 8 cells.")

    def test_it_treats_a_one_element_suppressed_status_as_every_cell_missing(self) -> None:
        message = self.import_text(projection_like(status=[".."]))
        self.assertEqual(message, "8 population figures are missing or suppressed (“..”, “.” or “:”) in the dataset.")

    def test_it_refuses_a_huge_declared_size(self) -> None:
        data = projection_like(size=[2, 2, 10_000_000], value={"0": 1})
        message = self.import_text(data)
        self.assertEqual(message, "The dataset declares 40000000 cells; at most 5000000 can be read.")
