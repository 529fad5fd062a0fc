"""Decode JSON-stat 2.0 datasets (https://json-stat.org/full/) into numpy arrays and DataFrames.

Pure module: no Django. Handles any dimension order, `id`/`size` row-major indexing,
category `index` given as an object or an array (or left out for a single category),
`value` as an array or a sparse object, and status symbols: a cell whose status is one of
SSB's "..", ".", ":" (or whose value is null) is missing (NaN). Dimensions that the
provider eliminated are simply absent from `id`; callers check for the ones they need.

Errors are `JsonStatError` with a stable `code` that the Django side turns into a
translated message.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

MISSING_SYMBOLS = frozenset({"..", ".", ":", "-"})
# "-" is SSB's "nil" (a true zero) in printed tables, but in the API it comes with value 0;
# only treat it as missing when the value itself is null.
MISSING_STATUS = frozenset({"..", ".", ":"})


class JsonStatError(ValueError):
    """Input that is not a usable JSON-stat 2.0 dataset. `code` selects the user message."""

    def __init__(self, code: str, detail: str = "", /, **params: Any) -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
        self.params = params


@dataclass(frozen=True)
class Dimension:
    id: str
    label: str
    codes: tuple[str, ...]
    labels: dict[str, str]

    @property
    def size(self) -> int:
        return len(self.codes)


@dataclass(frozen=True)
class Dataset:
    label: str
    source: str
    updated: str
    dimensions: tuple[Dimension, ...]
    values: np.ndarray  # float64, shape = sizes in `id` order, NaN where missing
    extension: dict[str, Any] = field(default_factory=dict)

    @property
    def ids(self) -> list[str]:
        return [d.id for d in self.dimensions]

    def dimension(self, dim_id: str) -> Dimension:
        for d in self.dimensions:
            if d.id == dim_id:
                return d
        raise JsonStatError("missing_dimension", dim_id, dimension=dim_id)

    def has(self, dim_id: str) -> bool:
        return dim_id in self.ids

    @property
    def table_id(self) -> str:
        px = self.extension.get("px") or {}
        if isinstance(px, dict) and px.get("tableid"):
            return str(px["tableid"])
        return self.label.split(":", 1)[0].strip() if ":" in self.label else ""

    def to_frame(self) -> pd.DataFrame:
        """One row per cell: a column per dimension (category codes, as str) and `value`."""
        sizes = [d.size for d in self.dimensions]
        total = int(np.prod(sizes)) if sizes else 1
        if total == 0:
            return pd.DataFrame({**{d.id: pd.Series(dtype=object) for d in self.dimensions}, "value": []})
        columns: dict[str, Any] = {}
        repeat = total
        for d in self.dimensions:
            repeat //= d.size
            tile = total // (repeat * d.size)
            columns[d.id] = np.tile(np.repeat(np.array(d.codes, dtype=object), repeat), tile)
        columns["value"] = self.values.reshape(-1)
        return pd.DataFrame(columns)


def loads(text: str | bytes) -> Dataset:
    try:
        obj = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise JsonStatError("not_json", str(exc)) from exc
    return decode(obj)


def decode(obj: Any) -> Dataset:
    if not isinstance(obj, dict):
        raise JsonStatError("not_dataset", "top level is not an object")
    if obj.get("class") != "dataset" and "dataset" in obj and isinstance(obj["dataset"], dict):
        obj = obj["dataset"]  # a bundle-style wrapper with one dataset
    if obj.get("class") not in (None, "dataset"):
        raise JsonStatError("not_dataset", f"class is {obj.get('class')!r}")
    ids, sizes = obj.get("id"), obj.get("size")
    if not isinstance(ids, list) or not isinstance(sizes, list) or len(ids) != len(sizes):
        raise JsonStatError("bad_id_size", "id and size must be lists of the same length")
    if not all(isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in sizes):
        raise JsonStatError("bad_id_size", "size must hold non-negative integers")
    if len(set(ids)) != len(ids):
        raise JsonStatError("bad_id_size", "id has duplicates")
    dims_obj = obj.get("dimension")
    if not isinstance(dims_obj, dict):
        raise JsonStatError("missing_dimension", "no dimension object", dimension="")
    dimensions = tuple(
        _dimension(str(dim_id), dims_obj.get(dim_id), size) for dim_id, size in zip(ids, sizes, strict=True)
    )
    total = int(np.prod(sizes)) if sizes else 1
    values = _values(obj.get("value"), obj.get("status"), total)
    return Dataset(
        label=str(obj.get("label", "")),
        source=str(obj.get("source", "")),
        updated=str(obj.get("updated", "")),
        dimensions=dimensions,
        values=values.reshape(sizes) if sizes else values,
        extension=obj.get("extension") if isinstance(obj.get("extension"), dict) else {},
    )


def _dimension(dim_id: str, dim: Any, size: int) -> Dimension:
    if not isinstance(dim, dict) or not isinstance(dim.get("category"), dict):
        raise JsonStatError("missing_dimension", dim_id, dimension=dim_id)
    category = dim["category"]
    index, labels = category.get("index"), category.get("label") or {}
    if not isinstance(labels, dict):
        raise JsonStatError("bad_category", dim_id, dimension=dim_id)
    if index is None:
        # Allowed by the spec when there is a single category: its code is the only label key.
        if len(labels) != 1:
            raise JsonStatError("bad_category", dim_id, dimension=dim_id)
        codes = [str(next(iter(labels)))]
    elif isinstance(index, list):
        codes = [str(c) for c in index]
    elif isinstance(index, dict):
        positions = sorted(index.values()) if all(isinstance(p, int) for p in index.values()) else None
        if positions != list(range(len(index))):
            raise JsonStatError("bad_category", dim_id, dimension=dim_id)
        codes = [str(code) for code, _ in sorted(index.items(), key=lambda item: item[1])]
    else:
        raise JsonStatError("bad_category", dim_id, dimension=dim_id)
    if len(codes) != size or len(set(codes)) != len(codes):
        raise JsonStatError("bad_category", f"{dim_id}: {len(codes)} categories, size {size}", dimension=dim_id)
    return Dimension(
        id=dim_id,
        label=str(dim.get("label", dim_id)),
        codes=tuple(codes),
        labels={c: str(labels.get(c, c)) for c in codes},
    )


def _values(value: Any, status: Any, total: int) -> np.ndarray:
    out = np.full(total, np.nan)
    if isinstance(value, list):
        if len(value) != total:
            raise JsonStatError(
                "bad_values", f"{len(value)} values, expected {total}", count=len(value), expected=total
            )
        items: Any = enumerate(value)
    elif isinstance(value, dict):
        items = ((_position(k, total), v) for k, v in value.items())
    else:
        raise JsonStatError("bad_values", "value is missing", count=0, expected=total)
    for i, v in items:
        out[i] = _number(v)
    for i, symbol in _status_items(status, total):
        if symbol in MISSING_STATUS:
            out[i] = np.nan
    return out


def _number(v: Any) -> float:
    if v is None:
        return np.nan
    if isinstance(v, bool):
        raise JsonStatError("bad_values", f"boolean value {v!r}", count=0, expected=0)
    if isinstance(v, int | float):
        return float(v)
    if isinstance(v, str):
        if v.strip() in MISSING_SYMBOLS:
            return np.nan
        try:
            return float(v.replace(",", "."))
        except ValueError:
            pass
    raise JsonStatError("bad_values", f"value {v!r} is not a number", count=0, expected=0)


def _position(key: Any, total: int) -> int:
    try:
        i = int(key)
    except (TypeError, ValueError) as exc:
        raise JsonStatError("bad_values", f"position {key!r}", count=0, expected=total) from exc
    if not 0 <= i < total:
        raise JsonStatError("bad_values", f"position {i} out of range", count=i, expected=total)
    return i


def _status_items(status: Any, total: int) -> Any:
    if status is None:
        return ()
    if isinstance(status, str):
        return ((i, status) for i in range(total))
    if isinstance(status, list):
        return ((i, s) for i, s in enumerate(status[:total]))
    if isinstance(status, dict):
        return ((_position(k, total), s) for k, s in status.items())
    return ()
