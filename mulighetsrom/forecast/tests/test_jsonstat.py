from __future__ import annotations

import itertools
import json
from typing import Any
from unittest import TestCase

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from mulighetsrom.forecast import jsonstat
from mulighetsrom.forecast.tests import projection_text, registered_text


def tiny(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": "99999: test",
        "id": ["Kjonn", "Tid"],
        "size": [2, 3],
        "dimension": {
            "Kjonn": {"label": "kjønn", "category": {"index": {"2": 0, "1": 1}, "label": {"2": "K", "1": "M"}}},
            "Tid": {"category": {"index": ["2026", "2027", "2028"]}},
        },
        "value": [1, 2, 3, 4, 5, 6],
    }
    data.update(overrides)
    return data


class DecodeTestCase(TestCase):
    def test_it_indexes_row_major_over_id(self) -> None:
        ds = jsonstat.decode(tiny())
        self.assertEqual(ds.values.shape, (2, 3))
        self.assertEqual(ds.values[1, 0], 4.0)  # Kjonn "1", Tid 2026
        frame = ds.to_frame()
        self.assertEqual(frame.iloc[3].to_dict(), {"Kjonn": "1", "Tid": "2026", "value": 4.0})

    def test_it_reads_an_index_object_in_any_key_order(self) -> None:
        data = tiny()
        data["dimension"]["Kjonn"]["category"]["index"] = {"1": 1, "2": 0}
        self.assertEqual(jsonstat.decode(data).dimension("Kjonn").codes, ("2", "1"))

    def test_it_handles_a_single_category_without_index(self) -> None:
        data = tiny(id=["Region", "Tid"], size=[1, 3], value=[7, 8, 9])
        data["dimension"]["Region"] = {"category": {"label": {"0301": "Oslo"}}}
        self.assertEqual(jsonstat.decode(data).dimension("Region").codes, ("0301",))

    def test_it_treats_status_symbols_and_nulls_as_missing(self) -> None:
        data = tiny(value=[1, None, 3, 4, 5, 6], status={"2": "..", "3": ":", "4": "."})
        values = jsonstat.decode(data).values.reshape(-1)
        self.assertEqual(np.isnan(values).tolist(), [False, True, True, True, True, False])

    def test_it_reads_sparse_values(self) -> None:
        values = jsonstat.decode(tiny(value={"0": 10, "5": 60})).values.reshape(-1)
        self.assertEqual(values[0], 10.0)
        self.assertEqual(values[5], 60.0)
        self.assertTrue(np.isnan(values[1:5]).all())

    def test_it_reads_symbol_strings_as_missing(self) -> None:
        values = jsonstat.decode(tiny(value=[1, "..", 3, 4, 5, 6])).values.reshape(-1)
        self.assertTrue(np.isnan(values[1]))

    def test_it_rejects_malformed_input(self) -> None:
        cases = {
            "not_json": lambda: jsonstat.loads("{nope"),
            "not_dataset": lambda: jsonstat.decode([1, 2]),
            "bad_id_size": lambda: jsonstat.decode(tiny(size=[2])),
            "value_count": lambda: jsonstat.decode(tiny(value=[1, 2, 3])),
        }
        for code, call in cases.items():
            with self.assertRaises(jsonstat.JsonStatError) as ctx:
                call()
            self.assertEqual(ctx.exception.code, code)

    def test_it_rejects_a_missing_dimension_object(self) -> None:
        data = tiny()
        del data["dimension"]["Tid"]
        with self.assertRaises(jsonstat.JsonStatError) as ctx:
            jsonstat.decode(data)
        self.assertEqual(ctx.exception.code, "undescribed_dimension")
        self.assertEqual(ctx.exception.params["dimension"], "Tid")

    def test_it_rejects_categories_that_do_not_match_size(self) -> None:
        data = tiny(size=[2, 4], value=[0] * 8)
        with self.assertRaises(jsonstat.JsonStatError) as ctx:
            jsonstat.decode(data)
        self.assertEqual(ctx.exception.code, "bad_category")

    def test_it_decodes_the_shipped_projection(self) -> None:
        ds = jsonstat.loads(projection_text())
        self.assertEqual(ds.ids, ["Region", "Kjonn", "Alder", "ContentsCode", "Tid"])
        self.assertEqual(ds.values.shape, (1, 2, 106, 3, 25))
        self.assertEqual(ds.values.reshape(-1)[:5].tolist(), [4355, 4317, 4362, 4399, 4429])
        self.assertEqual(ds.table_id, "14746")
        self.assertEqual(ds.dimension("Kjonn").codes, ("2", "1"))

    def test_it_decodes_the_shipped_registered_population(self) -> None:
        ds = jsonstat.loads(registered_text())
        self.assertEqual(ds.values.size, 4664)
        self.assertEqual(ds.table_id, "07459")


@st.composite
def datasets(draw: Any) -> tuple[dict[str, Any], list[str], list[list[str]], list[float | None]]:
    n = draw(st.integers(min_value=1, max_value=4))
    ids = draw(st.permutations([f"D{i}" for i in range(n)]))
    codes = [[f"{d}c{j}" for j in range(draw(st.integers(min_value=1, max_value=4)))] for d in ids]
    total = int(np.prod([len(c) for c in codes]))
    values = draw(st.lists(st.one_of(st.none(), st.integers(-1000, 1000).map(float)), min_size=total, max_size=total))
    dims = {}
    for d, cs in zip(ids, codes, strict=True):
        if draw(st.booleans()):
            index: Any = list(cs)
        else:
            order = draw(st.permutations(list(range(len(cs)))))
            index = {cs[i]: i for i in order}  # insertion order differs from position
        dims[d] = {"label": d, "category": {"index": index, "label": {c: c.upper() for c in cs}}}
    obj = {
        "version": "2.0",
        "class": "dataset",
        "id": list(ids),
        "size": [len(c) for c in codes],
        "dimension": dims,
        "value": values,
    }
    return obj, list(ids), codes, values


def naive(codes: list[list[str]], values: list[float | None]) -> dict[tuple[str, ...], float | None]:
    """Reference: the flat position of a cell is Σ position_k × (product of the later sizes)."""
    sizes = [len(c) for c in codes]
    out = {}
    for positions in itertools.product(*[range(s) for s in sizes]):
        flat = 0
        for k, p in enumerate(positions):
            flat = flat * sizes[k] + p
        out[tuple(codes[k][p] for k, p in enumerate(positions))] = values[flat]
    return out


class PropertyTestCase(TestCase):
    @settings(max_examples=150, deadline=None)
    @given(datasets())
    def test_it_agrees_with_a_naive_reference(self, case: Any) -> None:
        obj, ids, codes, values = case
        obj = json.loads(json.dumps(obj))  # as if read from a file
        frame = jsonstat.decode(obj).to_frame()
        expected = naive(codes, values)
        self.assertEqual(len(frame), len(expected))
        for row in frame.itertuples(index=False):
            key = tuple(getattr(row, d) for d in ids)
            want = expected[key]
            if want is None:
                self.assertTrue(np.isnan(row.value))
            else:
                self.assertEqual(row.value, want)
