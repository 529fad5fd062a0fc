"""The JSON-stat decoder against the format's corners, hostile input and the official samples.

The sample files in data/jsonstat/ are copies of public JSON-stat samples and the validator
project's case corpus (see data/jsonstat/SOURCES.md).
"""

from __future__ import annotations

import json
import re
import time
import tracemalloc
from pathlib import Path
from typing import Any
from unittest import TestCase

import numpy as np
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from mulighetsrom.forecast import jsonstat, population, texts
from mulighetsrom.forecast.tests.test_jsonstat import tiny
from mulighetsrom.forecast.tests.test_population import projection_like

SAMPLES = Path(__file__).resolve().parent / "data" / "jsonstat"


def sample(name: str) -> Any:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


def refused(obj: Any) -> jsonstat.JsonStatError:
    try:
        jsonstat.decode(obj)
    except jsonstat.JsonStatError as exc:
        return exc
    raise AssertionError("decoded, expected a refusal")


def flat(ds: jsonstat.Dataset) -> list[float]:
    return ds.values.reshape(-1).tolist()


class StatusTestCase(TestCase):
    def test_it_applies_a_one_element_status_array_to_every_cell(self) -> None:
        ds = jsonstat.decode(tiny(status=[".."]))
        self.assertTrue(np.isnan(ds.values).all())
        self.assertEqual([ds.status_at(i) for i in range(6)], [".."] * 6)

    def test_it_keeps_values_under_a_one_element_status_that_is_not_missing(self) -> None:
        ds = jsonstat.decode(tiny(status=["a"]))
        self.assertEqual(flat(ds), [1, 2, 3, 4, 5, 6])
        self.assertEqual(ds.status_at(5), "a")

    def test_it_applies_a_status_string_to_every_cell(self) -> None:
        ds = jsonstat.decode(tiny(status=":"))
        self.assertTrue(np.isnan(ds.values).all())

    def test_it_reads_a_status_array_with_one_symbol_per_cell(self) -> None:
        ds = jsonstat.decode(tiny(status=[None, "..", None, "e", None, "."]))
        self.assertEqual(np.isnan(flat(ds)).tolist(), [False, True, False, False, False, True])
        self.assertEqual((ds.status_at(0), ds.status_at(3)), (None, "e"))

    def test_it_reads_a_status_object_keyed_by_position(self) -> None:
        ds = jsonstat.decode(tiny(status={"1": "..", "4": "p"}))
        self.assertEqual(np.isnan(flat(ds)).tolist(), [False, True, False, False, False, False])
        self.assertEqual(ds.status_at(4), "p")

    def test_it_refuses_a_status_array_of_the_wrong_length(self) -> None:
        for status in (["a", "b"], ["a"] * 7, []):
            exc = refused(tiny(status=status))
            self.assertEqual(exc.code, "status_count", status)
            self.assertEqual(exc.params, {"count": len(status), "expected": 6})

    def test_it_refuses_malformed_status(self) -> None:
        for status in (3, [1] * 6, {"9": "a"}, {"x": "a"}, {"0": ["a"]}):
            self.assertEqual(refused(tiny(status=status)).code, "bad_status", status)


@st.composite
def status_forms(draw: Any) -> tuple[int, list[Any]]:
    total = draw(st.integers(min_value=2, max_value=24))
    symbol = draw(st.sampled_from(["..", ":", "a", "e"]))
    forms = [symbol, [symbol], [symbol] * total, {str(i): symbol for i in range(total)}]
    return total, forms


class StatusPropertyTestCase(TestCase):
    @settings(max_examples=60, deadline=None)
    @given(status_forms())
    def test_every_form_of_one_status_for_all_cells_decodes_alike(self, case: tuple[int, list[Any]]) -> None:
        total, forms = case
        base = {
            "version": "2.0",
            "class": "dataset",
            "id": ["x"],
            "size": [total],
            "dimension": {"x": {"category": {"index": [f"c{i}" for i in range(total)]}}},
            "value": list(range(total)),
        }
        decoded = [jsonstat.decode({**base, "status": form}) for form in forms]
        first = decoded[0]
        for ds in decoded[1:]:
            np.testing.assert_array_equal(ds.values, first.values)
            self.assertEqual([ds.status_at(i) for i in range(total)], [first.status_at(i) for i in range(total)])


class ValueTestCase(TestCase):
    def test_it_refuses_a_value_array_of_the_wrong_length(self) -> None:
        for value in ([1] * 5, [1] * 7, []):
            exc = refused(tiny(value=value))
            self.assertEqual(exc.code, "value_count")
            self.assertEqual(exc.params, {"count": len(value), "expected": 6})

    def test_it_decodes_text_values(self) -> None:
        ds = jsonstat.decode(tiny(value=["A1", "A2", 3, None, "..", "4,5"]))
        self.assertEqual(dict(ds.texts), {0: "A1", 1: "A2"})
        self.assertEqual(np.isnan(flat(ds)).tolist(), [True, True, False, True, True, False])
        self.assertEqual(flat(ds)[5], 4.5)
        frame = ds.to_frame()
        self.assertEqual(frame["text"].tolist()[:2], ["A1", "A2"])
        self.assertTrue(frame["text"].iloc[2:].isna().all())

    def test_it_keeps_words_that_float_would_read_as_numbers_as_text(self) -> None:
        ds = jsonstat.decode(tiny(value=["nan", "inf", "1_000", "٣", "Infinity", 1]))
        self.assertEqual(sorted(ds.texts), [0, 1, 2, 3, 4])

    def test_a_numeric_use_refuses_text_values_with_a_clear_message(self) -> None:
        data = projection_like(value=[1, 2, "fem", 4, 5, 6, 7, 8])
        ds = jsonstat.decode(data)
        with self.assertRaises(jsonstat.JsonStatError) as ctx:
            population.population_frame(ds, contents=population.PROJECTION_2026.contents)
        self.assertEqual(ctx.exception.code, "text_values")
        with translation.override("en"):
            message = texts.error_message(ctx.exception)
        self.assertEqual(
            message,
            "The dataset contains text instead of numbers in 1 cells (for example “fem”). A forecast needs numbers.",
        )

    def test_the_text_example_in_the_message_is_short(self) -> None:
        ds = jsonstat.decode(tiny(value=["x" * 500, 2, 3, 4, 5, 6]))
        with self.assertRaises(jsonstat.JsonStatError) as ctx:
            ds.require_numbers()
        self.assertEqual(len(ctx.exception.params["example"]), 40)

    def test_it_reads_null_values_as_missing(self) -> None:
        self.assertEqual(np.isnan(flat(jsonstat.decode(tiny(value=[None] * 6)))).tolist(), [True] * 6)

    def test_it_reads_sparse_values_with_text(self) -> None:
        ds = jsonstat.decode(tiny(value={"0": 1, "4": "note", "5": None}))
        self.assertEqual(flat(ds)[0], 1.0)
        self.assertEqual(dict(ds.texts), {4: "note"})

    def test_it_refuses_bad_sparse_positions(self) -> None:
        for value in ({"6": 1}, {"-1": 1}, {"1.0": 1}, {" 1": 1}, {"٣": 1}):
            self.assertEqual(refused(tiny(value=value)).code, "bad_values", value)

    def test_it_refuses_values_that_are_neither_numbers_nor_text(self) -> None:
        for cell in (True, [1], {"a": 1}):
            self.assertEqual(refused(tiny(value=[cell, 2, 3, 4, 5, 6])).code, "bad_values", cell)

    def test_it_refuses_numbers_beyond_float_range(self) -> None:
        for text in ("[1e400, 2, 3, 4, 5, 6]", f"[{10**400}, 2, 3, 4, 5, 6]", '["1e999", 2, 3, 4, 5, 6]'):
            data = json.dumps(tiny()).replace('"value": [1, 2, 3, 4, 5, 6]', f'"value": {text}')
            with self.assertRaises(jsonstat.JsonStatError) as ctx:
                jsonstat.loads(data)
            self.assertEqual(ctx.exception.code, "bad_number", text)

    def test_it_refuses_nan_and_infinity_literals(self) -> None:
        for literal in ("NaN", "Infinity", "-Infinity"):
            data = json.dumps(tiny()).replace('"value": [1, 2,', f'"value": [{literal}, 2,')
            with self.assertRaises(jsonstat.JsonStatError) as ctx:
                jsonstat.loads(data)
            self.assertEqual(ctx.exception.code, "not_json", literal)


class DimensionTestCase(TestCase):
    def test_it_reads_sizes_written_as_digit_strings(self) -> None:
        ds = jsonstat.decode(sample("three_dim_size_as_string_v2.json"))
        self.assertEqual(ds.values.shape, (2, 3, 4))
        self.assertEqual(ds.values[1, 2, 3], 234.0)
        self.assertEqual(ds.dimension("two").codes, ("two_1", "two_2", "two_3"))

    def test_it_decodes_an_index_array_and_an_index_object_alike(self) -> None:
        as_object = tiny()
        as_array = tiny()
        as_array["dimension"]["Kjonn"]["category"]["index"] = ["2", "1"]
        self.assertEqual(jsonstat.decode(as_object).dimensions, jsonstat.decode(as_array).dimensions)

    def test_it_falls_back_to_ids_and_codes_when_labels_are_missing(self) -> None:
        ds = jsonstat.decode(tiny())
        self.assertEqual(ds.dimension("Tid").label, "Tid")
        self.assertEqual(ds.dimension("Tid").labels["2027"], "2027")
        self.assertEqual(ds.label, "99999: test")
        data = tiny()
        del data["label"]
        self.assertEqual(jsonstat.decode(data).label, "")

    def test_it_refuses_sizes_that_are_not_whole_numbers(self) -> None:
        for size in (-1, 2.5, 2.0, True, None, "2.5", "-1", "٣", "", [2]):
            exc = refused(tiny(size=[2, size], value=[]))
            self.assertEqual(exc.code, "bad_size", size)
            self.assertEqual(exc.params, {"dimension": "Tid"})

    def test_it_refuses_ids_that_are_not_strings(self) -> None:
        for ids in ([{"a": 1}, "Tid"], [1, "Tid"], ["", "Tid"], ["Tid", "Tid"]):
            self.assertEqual(refused(tiny(id=ids)).code, "bad_id_size", ids)

    def test_it_refuses_category_positions_that_are_booleans(self) -> None:
        data = tiny()
        data["dimension"]["Kjonn"]["category"]["index"] = {"2": False, "1": True}
        self.assertEqual(refused(data).code, "bad_category")

    def test_it_refuses_a_role_naming_an_unknown_dimension(self) -> None:
        exc = refused(tiny(role={"time": ["Tid"], "geo": ["Region"]}))
        self.assertEqual((exc.code, exc.params), ("bad_role", {"dimension": "Region"}))
        jsonstat.decode(tiny(role={"time": ["Tid"]}))

    def test_it_refuses_a_long_category_cycle_without_recursion(self) -> None:
        n = 5000
        codes = [f"c{i}" for i in range(n)]
        child = {codes[i]: [codes[i + 1]] for i in range(n - 1)}
        data = {
            "class": "dataset",
            "id": ["x"],
            "size": [n],
            "value": [0] * n,
            "dimension": {"x": {"category": {"index": codes, "child": child}}},
        }
        jsonstat.decode(data)  # a long chain is fine
        child[codes[-1]] = [codes[0]]
        self.assertEqual(refused(data).code, "category_cycle")


class HostileInputTestCase(TestCase):
    def assert_refused_cheaply(self, obj: Any, code: str) -> None:
        tracemalloc.start()
        started = time.perf_counter()
        try:
            exc = refused(obj)
        finally:
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        self.assertEqual(exc.code, code)
        self.assertLess(time.perf_counter() - started, 0.5)
        self.assertLess(peak, 1_000_000)  # bytes: nothing proportional to the declared size

    def test_it_refuses_a_huge_declared_size_before_allocating(self) -> None:
        obj = tiny(size=[100_000, 100_000], value={"0": 1})
        self.assert_refused_cheaply(obj, "dataset_too_large")
        self.assertEqual(refused(obj).params, {"cells": 10_000_000_000, "limit": jsonstat.MAX_CELLS})

    def test_it_refuses_a_size_just_over_the_cap(self) -> None:
        self.assert_refused_cheaply(tiny(size=[2, jsonstat.MAX_CELLS // 2 + 1], value=[]), "dataset_too_large")

    def test_it_refuses_astronomic_sizes_given_as_strings(self) -> None:
        self.assert_refused_cheaply(tiny(size=["999999999999", "999999999999"], value=[]), "dataset_too_large")

    def test_it_refuses_too_many_dimensions(self) -> None:
        n = jsonstat.MAX_DIMENSIONS + 1
        ids = [f"d{i}" for i in range(n)]
        obj = {
            "class": "dataset",
            "id": ids,
            "size": [1] * n,
            "value": [1],
            "dimension": {d: {"category": {"index": ["a"]}} for d in ids},
        }
        self.assertEqual(refused(obj).code, "bad_id_size")

    def test_a_caller_may_set_a_lower_cap(self) -> None:
        with self.assertRaises(jsonstat.JsonStatError) as ctx:
            jsonstat.decode(tiny(), max_cells=5)
        self.assertEqual(ctx.exception.code, "dataset_too_large")

    def test_it_refuses_deeply_nested_json(self) -> None:
        with self.assertRaises(jsonstat.JsonStatError) as ctx:
            jsonstat.loads("[" * 200_000 + "]" * 200_000)
        self.assertEqual(ctx.exception.code, "not_json")

    def test_it_refuses_a_collection_whose_datasets_together_exceed_the_cap(self) -> None:
        obj = sample("oecd-canada-col.json")
        with self.assertRaises(jsonstat.JsonStatError) as ctx:
            jsonstat.decode_all(obj, max_cells=500)  # 432 + 120 cells
        self.assertEqual(ctx.exception.code, "dataset_too_large")


class SampleFilesTestCase(TestCase):
    def test_it_decodes_the_official_dataset_samples(self) -> None:
        expected = {
            "canada.json": (1, 1, 20, 2, 3),
            "cantabria.json": (60, 3, 5, 6),
            "galicia.json": (6, 22, 3, 2, 5, 1),
            "hierarchy.json": (132,),
            "oecd.json": (1, 36, 12),
            "order.json": (3, 2, 4),
            "us-gsp.json": (1, 51, 4),
        }
        for name, shape in expected.items():
            self.assertEqual(jsonstat.decode(sample(name)).values.shape, shape, name)

    def test_canada_applies_its_one_status_to_every_cell(self) -> None:
        ds = jsonstat.decode(sample("canada.json"))
        self.assertEqual({ds.status_at(i) for i in range(ds.values.size)}, {"a"})
        self.assertEqual(flat(ds)[:3], [34880.5, 17309.1, 17571.3])

    def test_oecd_keeps_estimates_marked_by_position(self) -> None:
        ds = jsonstat.decode(sample("oecd.json"))
        self.assertEqual(len(ds.status_cells), 72)
        self.assertFalse(np.isnan(ds.values).any())

    def test_order_holds_text_values_in_row_major_order(self) -> None:
        ds = jsonstat.decode(sample("order.json"))
        self.assertEqual(ds.texts[0], "A1B1C1")
        self.assertEqual(ds.texts[23], "A3B2C4")
        frame = ds.to_frame()
        row = frame[(frame["A"] == "2") & (frame["B"] == "2") & (frame["C"] == "3")].iloc[0]
        self.assertEqual(row["text"], "A2B2C3")

    def test_it_decodes_the_datasets_embedded_in_a_collection(self) -> None:
        oecd, canada = jsonstat.decode_all(sample("oecd-canada-col.json"))
        self.assertEqual((oecd.values.shape, canada.values.shape), ((1, 36, 12), (1, 1, 20, 2, 3)))
        exc = refused(sample("oecd-canada-col.json"))
        self.assertEqual((exc.code, exc.params), ("collection", {"count": 2}))

    def test_it_refuses_what_is_not_a_dataset_with_a_message(self) -> None:
        cases = {
            "collection.json": "empty_collection",
            "dimension-class.json": "not_dataset",
            "oecd-canada.json": "bundle",
            "statswe-v1.json": "bundle",
        }
        for name, code in cases.items():
            exc = refused(sample(name))
            self.assertEqual(exc.code, code, name)
            self.assertIn(code, texts.ERRORS, name)


class ValidatorCorpusTestCase(TestCase):
    """The JSON-stat validator's corpus: every invalid case refused with a message, every valid one decoded.

    `expected.valid` is the verdict; a case without one (the deprecated bundle) must be refused.
    """

    def test_it_agrees_with_the_validator_corpus(self) -> None:
        cases = sample("validator-corpus-cases.json")
        self.assertEqual(len(cases), 20)
        for case in cases:
            valid = case["expected"].get("valid", False)
            with self.subTest(case["id"]):
                if valid:
                    datasets = jsonstat.decode_all(case["input"])
                    self.assertGreaterEqual(len(datasets), 1)
                    continue
                exc = refused(case["input"])
                self.assertIn(exc.code, texts.ERRORS)
                with translation.override("en"):
                    message = texts.error_message(exc)
                self.assertTrue(message.endswith("."), message)
                self.assertNotIn("%(", message)

    def test_every_decoder_code_has_a_message(self) -> None:
        source = Path(jsonstat.__file__).read_text(encoding="utf-8")
        codes = set(re.findall(r'JsonStatError\(\s*"([a-z_]+)"', source))
        codes |= set(re.findall(r'"(bad_values|bad_status)"\)', source))
        self.assertGreater(len(codes), 15)
        self.assertEqual(sorted(codes - set(texts.ERRORS)), [])
