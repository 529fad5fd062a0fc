"""A small client for SSB's PxWebApi v2 (https://data.ssb.no/api/pxwebapi/v2), JSON-stat 2.0 out.

Pure module: no Django. Respects SSB's published limits: at most 800,000 cells per request
and 30 requests per minute per caller (a sliding-window limiter shared by every client in
the process), and retries with exponential back-off (honouring Retry-After) on 429 and 503.
Errors are `SSBError` with a `code` that the Django side turns into a translated message.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import requests

from mulighetsrom.forecast import jsonstat

BASE_URL = "https://data.ssb.no/api/pxwebapi/v2"
MAX_CELLS = 800_000
MAX_REQUESTS = 30
WINDOW_SECONDS = 60.0
RETRY_STATUSES = (429, 503)
USER_AGENT = "Mulighetsrom (https://github.com/; open-source municipal planning)"


class SSBError(Exception):
    def __init__(self, code: str, detail: str = "", /, **params: Any) -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
        self.params = params


class RateLimiter:
    """At most `limit` calls in any `window` seconds; `wait()` sleeps until a call is allowed."""

    def __init__(
        self,
        limit: int = MAX_REQUESTS,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.limit, self.window, self.clock, self.sleep = limit, window, clock, sleep
        self.calls: deque[float] = deque()
        self.lock = threading.Lock()

    def wait(self) -> None:
        with self.lock:
            while True:
                now = self.clock()
                while self.calls and now - self.calls[0] >= self.window:
                    self.calls.popleft()
                if len(self.calls) < self.limit:
                    self.calls.append(now)
                    return
                self.sleep(self.window - (now - self.calls[0]))


SHARED_LIMITER = RateLimiter()


@dataclass(frozen=True)
class Fetched:
    table_id: str
    url: str
    params: dict[str, str]
    text: str
    dataset: jsonstat.Dataset
    retrieved_at: datetime


class SSBClient:
    def __init__(
        self,
        base_url: str = BASE_URL,
        *,
        session: requests.Session | None = None,
        limiter: RateLimiter | None = None,
        retries: int = 4,
        backoff: float = 2.0,
        timeout: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = session or requests.Session()
        self.limiter = limiter or SHARED_LIMITER
        self.retries, self.backoff, self.timeout, self.sleep = retries, backoff, timeout, sleep

    def data(
        self,
        table_id: str,
        selection: Mapping[str, Sequence[str]],
        *,
        codelists: Mapping[str, str] | None = None,
        output_values: Mapping[str, str] | None = None,
        expected_cells: int | None = None,
        lang: str = "no",
    ) -> Fetched:
        """GET /tables/{id}/data with valueCodes[dim]=a,b,… and return the decoded dataset.

        `expected_cells` (the product of the selection sizes, when every one is explicit) is
        checked against the 800,000-cell limit before anything is sent.
        """
        if not table_id.isalnum():
            raise SSBError("bad_table", table_id, table=table_id)
        cells = expected_cells
        if cells is None and all("*" not in v for v in selection.values()):
            cells = 1
            for values in selection.values():
                cells *= max(len(values), 1)
        if cells is not None and cells > MAX_CELLS:
            raise SSBError("too_many_cells", str(cells), cells=cells, limit=MAX_CELLS)
        params = {"lang": lang, "outputFormat": "json-stat2"}
        for dim, values in selection.items():
            params[f"valueCodes[{dim}]"] = ",".join(values)
        for dim, codelist in (codelists or {}).items():
            params[f"codelist[{dim}]"] = codelist
        for dim, output in (output_values or {}).items():
            params[f"outputValues[{dim}]"] = output
        url = f"{self.base_url}/tables/{table_id}/data"
        response = self._get(url, params)
        text = response.text
        try:
            dataset = jsonstat.loads(text)
        except jsonstat.JsonStatError as exc:
            raise SSBError("bad_response", exc.code, table=table_id) from exc
        size = int(dataset.values.size)
        if size > MAX_CELLS:
            raise SSBError("too_many_cells", str(size), cells=size, limit=MAX_CELLS)
        return Fetched(table_id, url, params, text, dataset, datetime.now(UTC))

    def _get(self, url: str, params: Mapping[str, str]) -> requests.Response:
        attempt = 0
        while True:
            self.limiter.wait()
            try:
                response = self.session.get(
                    url, params=dict(params), timeout=self.timeout, headers={"User-Agent": USER_AGENT}
                )
            except requests.RequestException as exc:
                if attempt >= self.retries:
                    raise SSBError("unreachable", str(exc)) from exc
                self.sleep(self.backoff * 2**attempt)
                attempt += 1
                continue
            if response.status_code in RETRY_STATUSES and attempt < self.retries:
                self.sleep(self._delay(response, attempt))
                attempt += 1
                continue
            if response.status_code == 404:
                raise SSBError("not_found", _detail(response), status=404)
            if response.status_code in (400, 403):
                raise SSBError("bad_request", _detail(response), status=response.status_code)
            if response.status_code == 429:
                raise SSBError("rate_limited", _detail(response), status=429)
            if response.status_code >= 500:
                raise SSBError("unavailable", _detail(response), status=response.status_code)
            if response.status_code != 200:
                raise SSBError("unexpected_status", _detail(response), status=response.status_code)
            return response

    def _delay(self, response: requests.Response, attempt: int) -> float:
        retry_after = response.headers.get("Retry-After", "")
        if retry_after.strip().isdigit():
            return min(float(retry_after), 120.0)
        return self.backoff * 2**attempt


def _detail(response: requests.Response) -> str:
    try:
        body = response.json()
    except (ValueError, json.JSONDecodeError):
        return response.text[:300]
    if isinstance(body, dict):
        return str(body.get("title") or body.get("detail") or body)[:300]
    return str(body)[:300]


def projection_selection(region: str, contents: Sequence[str]) -> dict[str, list[str]]:
    """Everything a forecast needs for one municipality: both sexes, all single ages, all years."""
    return {"Region": [region], "Kjonn": ["1", "2"], "Alder": ["*"], "ContentsCode": list(contents), "Tid": ["*"]}


def registered_selection(region: str, contents: Sequence[str]) -> dict[str, list[str]]:
    """With REGISTERED_CODELISTS: SSB's aggregated series for today's municipality ("K-" prefix)."""
    return {
        "Region": [f"K-{region}"],
        "Kjonn": ["1", "2"],
        "Alder": ["*"],
        "ContentsCode": list(contents),
        "Tid": ["*"],
    }


# 07459 with the plain region code returns zeros for the years before a code existed;
# SSB's aggregation list sums the historical codes into today's municipality instead.
REGISTERED_CODELISTS = {"Region": "agg_KommSummer"}
REGISTERED_OUTPUT_VALUES = {"Region": "aggregated"}
