from __future__ import annotations

from unittest import TestCase

import responses

from mulighetsrom.forecast import ssb
from mulighetsrom.forecast.tests import projection_text

URL = "https://data.ssb.no/api/pxwebapi/v2/tables/14746/data"


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def client(clock: FakeClock) -> ssb.SSBClient:
    limiter = ssb.RateLimiter(clock=clock, sleep=clock.sleep)
    return ssb.SSBClient(limiter=limiter, sleep=clock.sleep)


SELECTION = ssb.projection_selection("0301", ["Personer", "Personer1", "Personer2"])


class SSBClientTestCase(TestCase):
    @responses.activate
    def test_it_fetches_and_decodes_a_real_response(self) -> None:
        responses.get(URL, body=projection_text(), content_type="application/json")
        fetched = client(FakeClock()).data("14746", SELECTION)
        self.assertEqual(fetched.dataset.values.reshape(-1)[:2].tolist(), [4355, 4317])
        sent = responses.calls[0].request.url or ""
        self.assertIn("outputFormat=json-stat2", sent)
        self.assertIn("valueCodes%5BRegion%5D=0301", sent)
        self.assertIn("valueCodes%5BContentsCode%5D=Personer%2CPersoner1%2CPersoner2", sent)

    @responses.activate
    def test_it_retries_429_and_503_with_back_off(self) -> None:
        responses.get(URL, status=429, headers={"Retry-After": "7"})
        responses.get(URL, status=503)
        responses.get(URL, body=projection_text())
        clock = FakeClock()
        client(clock).data("14746", SELECTION)
        self.assertEqual(len(responses.calls), 3)
        self.assertEqual(clock.sleeps, [7.0, 4.0])

    @responses.activate
    def test_it_gives_up_after_the_retries(self) -> None:
        for _ in range(5):
            responses.get(URL, status=503)
        with self.assertRaises(ssb.SSBError) as ctx:
            client(FakeClock()).data("14746", SELECTION)
        self.assertEqual(ctx.exception.code, "unavailable")
        self.assertEqual(len(responses.calls), 5)

    @responses.activate
    def test_it_reports_404_without_retrying(self) -> None:
        responses.get(URL, status=404, json={"title": "Not found"})
        with self.assertRaises(ssb.SSBError) as ctx:
            client(FakeClock()).data("14746", SELECTION)
        self.assertEqual(ctx.exception.code, "not_found")
        self.assertEqual(len(responses.calls), 1)

    @responses.activate
    def test_it_reports_a_response_that_is_not_json_stat(self) -> None:
        responses.get(URL, body="<html>maintenance</html>")
        with self.assertRaises(ssb.SSBError) as ctx:
            client(FakeClock()).data("14746", SELECTION)
        self.assertEqual(ctx.exception.code, "bad_response")

    def test_it_refuses_requests_over_the_cell_limit(self) -> None:
        big = {"Region": ["0301"], "Alder": [str(a) for a in range(1000)], "Tid": [str(y) for y in range(801)]}
        with self.assertRaises(ssb.SSBError) as ctx:
            client(FakeClock()).data("14746", big)
        self.assertEqual(ctx.exception.code, "too_many_cells")

    def test_it_limits_requests_per_minute(self) -> None:
        clock = FakeClock()
        limiter = ssb.RateLimiter(limit=30, window=60, clock=clock, sleep=clock.sleep)
        for _ in range(31):
            limiter.wait()
        self.assertEqual(clock.sleeps, [60.0])
