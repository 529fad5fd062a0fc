"""Decode JSON-stat 2.0 datasets (https://json-stat.org/full/) into numpy arrays and DataFrames.

Pure module: no Django. Handles any dimension order, `id`/`size` row-major indexing,
category `index` given as an object or an array (or left out for a single category),
`value` as an array or a sparse object, and `status` in all its forms: one string for every
cell, an array with one symbol per cell, a one-element array (which, as in the JSON-stat
toolkit, applies to every cell), or an object keyed by cell position. A cell whose status is
one of SSB's "..", ".", ":" (or whose value is null) is missing (NaN). Dimensions that the
provider eliminated are simply absent from `id`; callers check for the ones they need.

Values may be text: the format allows strings. Text cells decode (they are NaN in `values`
and kept in `texts`); numeric users call `Dataset.require_numbers()`, which refuses them.

Hostile input is refused before anything is allocated: the product of the declared sizes is
capped (`MAX_CELLS`), sizes must be whole numbers of 0 or more, and the number of dimensions
is capped. Cross-references inside a dimension (labels, units, coordinates, notes, children)
and the `role` object must name things the dataset has.

Errors are `JsonStatError` with a stable `code` that the Django side turns into a
translated message.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

MISSING_SYMBOLS = frozenset({"..", ".", ":", "-"})
# "-" is SSB's "nil" (a true zero) in printed tables, but in the API it comes with value 0;
# only treat it as missing when the value itself is null.
MISSING_STATUS = frozenset({"..", ".", ":"})

# 5 million float64 cells is 40 MB: far more than any population table the product reads
# (a municipality's projection is about 16,000 cells), small enough for a web worker.
MAX_CELLS = 5_000_000
# numpy arrays have at most 32 (numpy 1) or 64 (numpy 2) axes; real tables have under 10.
MAX_DIMENSIONS = 32

# A number written as text: digits with an optional decimal point or comma and exponent.
# Stricter than float(), which also takes "nan", "inf", "1_000" and non-ASCII digits.
_NUMBER_TEXT = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?")
_POSITION = re.compile(r"[0-9]{1,12}")
_SIZE_TEXT = re.compile(r"[0-9]{1,12}")


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
    values: np.ndarray  # float64, shape = sizes in `id` order, NaN where missing or text
    extension: dict[str, Any] = field(default_factory=dict)
    # Text values by flat (row-major) cell position; their cells are NaN in `values`.
    texts: Mapping[int, str] = field(default_factory=dict)
    # The status of every cell (a single string or a one-element array) and per-cell symbols.
    status_default: str | None = None
    status_cells: Mapping[int, str] = field(default_factory=dict)

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

    def status_at(self, position: int) -> str | None:
        """The status symbol of the cell at a flat (row-major) position, or None."""
        return self.status_cells.get(position, self.status_default)

    def require_numbers(self) -> None:
        """Raise `text_values` when any cell holds text: for callers that compute with the values."""
        if self.texts:
            first = self.texts[min(self.texts)]
            example = first if len(first) <= 40 else first[:39] + "…"
            raise JsonStatError("text_values", f"{len(self.texts)} cells", count=len(self.texts), example=example)

    @property
    def table_id(self) -> str:
        px = self.extension.get("px") or {}
        if isinstance(px, dict) and px.get("tableid"):
            return str(px["tableid"])
        return self.label.split(":", 1)[0].strip() if ":" in self.label else ""

    def to_frame(self) -> pd.DataFrame:
        """One row per cell: a column per dimension (category codes, as str) and `value`.

        Text cells are NaN in `value`; when there are any, a `text` column holds them.
        """
        sizes = [d.size for d in self.dimensions]
        total = math.prod(sizes)
        if total == 0:
            return pd.DataFrame({**{d.id: pd.Series(dtype=object) for d in self.dimensions}, "value": []})
        columns: dict[str, Any] = {}
        repeat = total
        for d in self.dimensions:
            repeat //= d.size
            tile = total // (repeat * d.size)
            columns[d.id] = np.tile(np.repeat(np.array(d.codes, dtype=object), repeat), tile)
        columns["value"] = self.values.reshape(-1)
        if self.texts:
            text = np.full(total, None, dtype=object)
            for position, value in self.texts.items():
                text[position] = value
            columns["text"] = text
        return pd.DataFrame(columns)


def _reject_constant(name: str) -> Any:
    # Python's json module reads NaN, Infinity and -Infinity, which JSON does not have.
    raise JsonStatError("not_json", f"{name} is not JSON")


def loads(text: str | bytes, *, max_cells: int = MAX_CELLS) -> Dataset:
    try:
        obj = json.loads(text, parse_constant=_reject_constant)
    except RecursionError as exc:
        raise JsonStatError("not_json", "nested too deeply") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        if isinstance(exc, JsonStatError):
            raise
        raise JsonStatError("not_json", str(exc)) from exc
    return decode(obj, max_cells=max_cells)


def decode(obj: Any, *, max_cells: int = MAX_CELLS) -> Dataset:
    """One dataset: a `dataset` response, or a `collection` that embeds exactly one."""
    datasets = decode_all(obj, max_cells=max_cells)
    if len(datasets) != 1:
        raise JsonStatError("collection", f"{len(datasets)} datasets", count=len(datasets))
    return datasets[0]


def decode_all(obj: Any, *, max_cells: int = MAX_CELLS) -> list[Dataset]:
    """Every dataset in a response: one for a `dataset`, the embedded ones for a `collection`.

    `max_cells` caps the cells of all datasets together.
    """
    if not isinstance(obj, dict):
        raise JsonStatError("not_dataset", "top level is not an object")
    kind = obj.get("class")
    if kind == "collection":
        return _collection(obj, max_cells)
    if kind is None and not {"id", "size", "dimension", "value"} & obj.keys():
        if any(isinstance(v, dict) and "dimension" in v for v in obj.values()):
            # JSON-stat 1.x (and the deprecated 2.0 bundle): datasets keyed by name.
            raise JsonStatError("bundle", ",".join(map(str, obj)))
        raise JsonStatError("not_dataset", "no class, id or value")
    if kind not in (None, "dataset"):
        raise JsonStatError("not_dataset", f"class is {kind!r}")
    return [_dataset(obj, max_cells)]


def _collection(obj: dict[str, Any], max_cells: int) -> list[Dataset]:
    link = obj.get("link")
    items = link.get("item") if isinstance(link, dict) else None
    if not isinstance(items, list):
        raise JsonStatError("empty_collection", "no link.item")
    # Items that only link (an href without id/value) are skipped: there is nothing to decode.
    embedded = [i for i in items if isinstance(i, dict) and i.get("class") == "dataset" and "id" in i]
    if not embedded:
        raise JsonStatError("empty_collection", f"{len(items)} links, no embedded dataset")
    out = []
    budget = max_cells
    for item in embedded:
        ds = _dataset(item, budget)
        budget -= int(ds.values.size)
        out.append(ds)
    return out


def _dataset(obj: dict[str, Any], max_cells: int) -> Dataset:
    ids, sizes = _ids_and_sizes(obj.get("id"), obj.get("size"))
    # Refuse before allocating anything: the declared sizes alone decide the array.
    total = math.prod(sizes)
    if total > max_cells:
        raise JsonStatError("dataset_too_large", f"{total} cells", cells=total, limit=max_cells)
    dims_obj = obj.get("dimension")
    if not isinstance(dims_obj, dict):
        raise JsonStatError("missing_dimension_object", "no dimension object")
    dimensions = tuple(_dimension(dim_id, dims_obj.get(dim_id), size) for dim_id, size in zip(ids, sizes, strict=True))
    _check_role(obj.get("role"), ids)
    values, texts = _values(obj.get("value"), total)
    status_default, status_cells = _status(obj.get("status"), total)
    if status_default in MISSING_STATUS:
        values[:] = np.nan
    for position, symbol in status_cells.items():
        if symbol in MISSING_STATUS:
            values[position] = np.nan
    extension = obj.get("extension")
    return Dataset(
        label=_text(obj.get("label", "")),
        source=_text(obj.get("source", "")),
        updated=_text(obj.get("updated", "")),
        dimensions=dimensions,
        values=values.reshape(sizes) if sizes else values,
        extension=extension if isinstance(extension, dict) else {},
        texts=texts,
        status_default=status_default,
        status_cells=status_cells,
    )


def _text(value: Any) -> str:
    return value if isinstance(value, str) else str(value) if isinstance(value, int | float) else ""


def _ids_and_sizes(ids: Any, sizes: Any) -> tuple[list[str], list[int]]:
    if not isinstance(ids, list) or not isinstance(sizes, list) or len(ids) != len(sizes):
        raise JsonStatError("bad_id_size", "id and size must be lists of the same length")
    if len(ids) > MAX_DIMENSIONS:
        raise JsonStatError("bad_id_size", f"{len(ids)} dimensions, at most {MAX_DIMENSIONS}")
    if not all(isinstance(i, str) and i for i in ids):
        raise JsonStatError("bad_id_size", "id must hold non-empty strings")
    if len(set(ids)) != len(ids):
        raise JsonStatError("bad_id_size", "id has duplicates")
    return ids, [_size(dim_id, s) for dim_id, s in zip(ids, sizes, strict=True)]


def _size(dim_id: str, size: Any) -> int:
    """A whole number of 0 or more; digit strings ("3") are read too, as some producers write them."""
    if isinstance(size, int) and not isinstance(size, bool) and size >= 0:
        return size
    if isinstance(size, str) and _SIZE_TEXT.fullmatch(size):
        return int(size)
    raise JsonStatError("bad_size", f"{dim_id}: {size!r}", dimension=dim_id)


def _dimension(dim_id: str, dim: Any, size: int) -> Dimension:
    if not isinstance(dim, dict) or not isinstance(dim.get("category"), dict):
        raise JsonStatError("undescribed_dimension", dim_id, dimension=dim_id)
    category = dim["category"]
    codes = _codes(dim_id, category.get("index"), category.get("label"))
    if len(codes) != size:
        raise JsonStatError("bad_category", f"{dim_id}: {len(codes)} categories, size {size}", dimension=dim_id)
    known = set(codes)
    labels = category.get("label") or {}
    for key in ("label", "unit", "coordinates", "note", "child"):
        part = category.get(key)
        if part is None:
            continue
        if not isinstance(part, dict):
            raise JsonStatError("bad_category", f"{dim_id}: {key} is not an object", dimension=dim_id)
        _check_known(dim_id, part, known)
    _check_children(dim_id, category.get("child") or {}, known)
    label = dim.get("label")
    return Dimension(
        id=dim_id,
        label=label if isinstance(label, str) and label else dim_id,
        codes=codes,
        labels={c: _text(labels.get(c)) or c for c in codes},
    )


def _codes(dim_id: str, index: Any, labels: Any) -> tuple[str, ...]:
    if index is None:
        # Allowed by the spec when there is a single category: its code is the only label key.
        if not isinstance(labels, dict) or len(labels) != 1:
            raise JsonStatError("bad_category", f"{dim_id}: no index", dimension=dim_id)
        return (next(iter(labels)),)
    if isinstance(index, list):
        if not all(isinstance(c, str) for c in index):
            raise JsonStatError("bad_category", f"{dim_id}: index holds non-strings", dimension=dim_id)
        codes = tuple(index)
    elif isinstance(index, dict):
        positions = list(index.values())
        if not all(isinstance(p, int) and not isinstance(p, bool) for p in positions):
            raise JsonStatError("bad_category", f"{dim_id}: positions must be integers", dimension=dim_id)
        if sorted(positions) != list(range(len(positions))):
            raise JsonStatError("bad_category", f"{dim_id}: positions are not 0..n-1", dimension=dim_id)
        codes = tuple(code for code, _ in sorted(index.items(), key=lambda item: item[1]))
    else:
        raise JsonStatError("bad_category", f"{dim_id}: index is neither array nor object", dimension=dim_id)
    if len(set(codes)) != len(codes):
        raise JsonStatError("bad_category", f"{dim_id}: duplicate categories", dimension=dim_id)
    return codes


def _check_known(dim_id: str, part: Mapping[str, Any], known: set[str]) -> None:
    for code in part:
        if code not in known:
            raise JsonStatError("unknown_category", f"{dim_id}: {code}", dimension=dim_id, category=code)


def _check_children(dim_id: str, child: Mapping[str, Any], known: set[str]) -> None:
    graph: dict[str, list[str]] = {}
    for parent, children in child.items():
        if not isinstance(children, list) or not all(isinstance(c, str) for c in children):
            raise JsonStatError("bad_category", f"{dim_id}: child of {parent} is not a list", dimension=dim_id)
        for c in children:
            if c not in known:
                raise JsonStatError("unknown_category", f"{dim_id}: {c}", dimension=dim_id, category=c)
        graph[parent] = children
    # Depth-first search with three colours; iterative, so a long chain cannot exhaust the stack.
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for root in graph:
        if state.get(root):
            continue
        stack: list[tuple[str, Iterable[str]]] = [(root, iter(graph.get(root, ())))]
        state[root] = 1
        while stack:
            node, children_left = stack[-1]
            nxt = next(iter(children_left), None)
            if nxt is None:
                state[node] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                raise JsonStatError("category_cycle", f"{dim_id}: {nxt}", dimension=dim_id, category=nxt)
            elif not state.get(nxt):
                state[nxt] = 1
                stack.append((nxt, iter(graph.get(nxt, ()))))


def _check_role(role: Any, ids: list[str]) -> None:
    if role is None:
        return
    if not isinstance(role, dict):
        raise JsonStatError("bad_role", "role is not an object", dimension="")
    known = set(ids)
    for dims in role.values():
        if not isinstance(dims, list):
            raise JsonStatError("bad_role", "role entry is not a list", dimension="")
        for dim_id in dims:
            if dim_id not in known:
                raise JsonStatError("bad_role", str(dim_id), dimension=str(dim_id))


def _values(value: Any, total: int) -> tuple[np.ndarray, dict[int, str]]:
    if isinstance(value, list):
        if len(value) != total:
            raise JsonStatError(
                "value_count", f"{len(value)} values, expected {total}", count=len(value), expected=total
            )
        fast = _all_numbers(value)
        if fast is not None:
            return fast, {}
        items: Iterable[tuple[int, Any]] = enumerate(value)
    elif isinstance(value, dict):
        items = ((_position(k, total), v) for k, v in value.items())
    else:
        raise JsonStatError("bad_values", "value is missing", count=0, expected=total)
    out = np.full(total, np.nan)
    texts: dict[int, str] = {}
    for i, v in items:
        cell = _cell(v)
        if isinstance(cell, str):
            texts[i] = cell
        else:
            out[i] = cell
    return out, texts


def _all_numbers(value: list[Any]) -> np.ndarray | None:
    """The common case (numbers and nulls only) in one numpy call; None when any cell needs care."""
    if not all(v is None or type(v) is int or type(v) is float for v in value):
        return None
    try:
        out = np.array(value, dtype=np.float64)
    except OverflowError:
        return None  # an integer beyond float range: let _cell report it
    if np.isinf(out).any() or (np.isnan(out).sum() != sum(v is None for v in value)):
        return None
    return out


def _cell(v: Any) -> float | str:
    """A number (NaN for missing) or the text of a text cell."""
    if v is None:
        return np.nan
    if isinstance(v, bool):
        raise JsonStatError("bad_values", f"boolean value {v!r}", count=0, expected=0)
    if isinstance(v, int | float):
        return _finite(v)
    if isinstance(v, str):
        stripped = v.strip()
        if stripped in MISSING_SYMBOLS:
            return np.nan
        if _NUMBER_TEXT.fullmatch(stripped):
            return _finite(float(stripped.replace(",", ".")))
        return v
    raise JsonStatError("bad_values", f"value of type {type(v).__name__}", count=0, expected=0)


def _finite(v: int | float) -> float:
    try:
        number = float(v)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise JsonStatError("bad_number", "a value is not a finite number")
    return number


def _position(key: Any, total: int, code: str = "bad_values") -> int:
    """A sparse object's key: the flat position of a cell, written in ASCII digits."""
    if not isinstance(key, str) or not _POSITION.fullmatch(key):
        raise JsonStatError(code, f"position {key!r}", count=0, expected=total)
    i = int(key)
    if i >= total:
        raise JsonStatError(code, f"position {i} out of range", count=i, expected=total)
    return i


def _status(status: Any, total: int) -> tuple[str | None, dict[int, str]]:
    """(status of every cell, status by position). JSON-stat 2.0 allows a string, an object
    keyed by position, or an array: one symbol per cell, or one symbol for all of them."""
    if status is None:
        return None, {}
    if isinstance(status, str):
        return status, {}
    if isinstance(status, list):
        if len(status) == 1 and total != 1:
            return _symbol(status[0]), {}
        if len(status) != total:
            raise JsonStatError(
                "status_count", f"{len(status)} symbols, expected {total}", count=len(status), expected=total
            )
        return None, {i: s for i, s in enumerate(map(_symbol, status)) if s is not None}
    if isinstance(status, dict):
        cells = {_position(k, total, "bad_status"): _symbol(v) for k, v in status.items()}
        return None, {i: s for i, s in cells.items() if s is not None}
    raise JsonStatError("bad_status", f"status of type {type(status).__name__}")


def _symbol(symbol: Any) -> str | None:
    if symbol is None or isinstance(symbol, str):
        return symbol
    raise JsonStatError("bad_status", f"status symbol {symbol!r}")
