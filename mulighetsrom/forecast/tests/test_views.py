from __future__ import annotations

import io
import json

import responses
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from mulighetsrom.forecast import actions
from mulighetsrom.forecast.models import FetchJob, ForecastRun, PopulationDataset
from mulighetsrom.forecast.runs import RunChoices
from mulighetsrom.forecast.tests import projection_text
from mulighetsrom.forecast.tests.test_jsonstat import tiny
from mulighetsrom.test import PASSWORD, BaseTestCase

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SSB_URL = "https://data.ssb.no/api/pxwebapi/v2/tables/14746/data"


class ForecastViewsTestCase(BaseTestCase):
    projection: PopulationDataset
    saved: ForecastRun

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.projection = actions.ensure_shipped_datasets()[0]
        cls.saved = actions.create_run(
            project=cls.project,
            dataset=cls.projection,
            name="Oslo 2025",
            choices=RunChoices(service="long_term_institution", municipality="0301", base_year=2025),
            acting_user=cls.kari,
        )

    def login(self, user) -> None:
        self.client.login(email=user.email, password=PASSWORD)

    def form_data(self, **overrides: object) -> dict[str, object]:
        data: dict[str, object] = {
            "name": "Ny framskriving",
            "dataset": self.projection.pk,
            "service": "long_term_institution",
            "base_year": 2025,
            "method": "rates",
            "yearly_rate_change": "0",
            "pyramid_year": 2040,
            "dependency_old": "67+",
            "dependency_working": "20-66",
        }
        data.update(overrides)
        return data

    # Access

    def test_it_hides_every_page_from_outsiders(self) -> None:
        self.login(self.per)
        for url in (
            self.url("forecast:index"),
            self.url("forecast:run", self.saved.code),
            self.url("forecast:run_export", self.saved.code),
            self.url("forecast:run_create"),
        ):
            self.assertEqual(self.client.get(url).status_code, 404, url)

    def test_it_lets_viewers_read_but_not_write(self) -> None:
        self.login(self.nora)
        self.assertEqual(self.client.get(self.url("forecast:index")).status_code, 200)
        self.assertEqual(self.client.get(self.url("forecast:run", self.saved.code)).status_code, 200)
        for name in ("forecast:run_create", "forecast:dataset_upload", "forecast:fetch_create"):
            self.assertEqual(self.client.get(self.url(name)).status_code, 403, name)
        response = self.client.post(self.url("forecast:run_delete", self.saved.code))
        self.assertEqual(response.status_code, 403)
        self.assertTrue(ForecastRun.objects.filter(pk=self.saved.pk).exists())

    def test_it_refuses_get_on_delete(self) -> None:
        self.login(self.ola)
        self.assertEqual(self.client.get(self.url("forecast:run_delete", self.saved.code)).status_code, 405)

    def test_it_hides_runs_of_other_projects(self) -> None:
        self.login(self.eva)
        self.assertEqual(self.client.get(self.url("forecast:run", self.saved.code)).status_code, 404)

    # Pages

    def test_it_lists_runs_and_data_with_attribution(self) -> None:
        self.login(self.nora)
        response = self.client.get(self.url("forecast:index"))
        self.assertContains(response, "Oslo 2025")
        self.assertContains(response, "Kilde: Statistisk sentralbyrå")
        self.assertContains(response, "14746")

    def test_it_shows_a_run_with_charts_tables_and_summaries(self) -> None:
        self.login(self.nora)
        response = self.client.get(self.url("forecast:run", self.saved.code))
        html = response.content.decode()
        self.assertEqual(html.count("<svg"), 4)
        self.assertNotIn("style=", html)
        self.assertNotIn("<style", html)
        self.assertIn("Kilde: Statistisk sentralbyrå, tabell 14746", html)
        self.assertIn("2026", html)
        self.assertEqual(html.count('<table class="ds-table"'), 5)  # four figures + history
        # The page says the figures are for the whole municipality, and that it is not the project's own.
        self.assertIn("0301", html)
        self.assertIn('data-color="warning"', html)

    def test_it_puts_the_forecast_into_the_needs_register_from_the_run_page(self) -> None:
        self.login(self.nora)
        add_url = reverse("needs:need_from_forecast", args=[self.project.slug, self.saved.code])
        self.assertNotContains(self.client.get(self.url("forecast:run", self.saved.code)), add_url)
        self.login(self.kari)
        page = self.client.get(self.url("forecast:run", self.saved.code))
        self.assertContains(page, add_url)
        response = self.client.post(add_url, {"year": "2040"})
        self.assertEqual(response.status_code, 302)
        need = self.saved.needs.get()
        self.assertIn("2040", need.statement)
        self.assertContains(self.client.get(self.url("forecast:run", self.saved.code)), need.ref)

    def test_it_creates_a_run(self) -> None:
        self.login(self.ola)
        response = self.client.post(self.url("forecast:run_create"), self.form_data(yearly_rate_change="-1"))
        run = ForecastRun.objects.get(name="Ny framskriving")
        self.assertRedirects(response, self.url("forecast:run", run.code))
        self.assertEqual(run.inputs["spec"]["yearly_rate_change"], -0.01)
        self.assertLess(run.outputs["users"]["MMMM"][-1], self.saved.outputs["users"]["MMMM"][-1])

    def test_it_creates_a_run_for_a_service_entered_by_hand(self) -> None:
        self.login(self.ola)
        data = self.form_data(
            service="custom", service_label="Dagsenter", rates="0-66: 0; 67-79: 0,5; 80-89: 2; 90+: 4"
        )
        self.client.post(self.url("forecast:run_create"), data)
        run = ForecastRun.objects.get(name="Ny framskriving")
        self.assertEqual(run.inputs["spec"]["bands"], ["0–66", "67–79", "80–89", "90+"])
        self.assertEqual(run.inputs["spec"]["rates"]["90+"], 0.04)
        self.assertIsNone(run.outputs["capacity"])
        self.assertEqual(self.client.get(self.url("forecast:run", run.code)).status_code, 200)

    def test_it_explains_bad_input_and_saves_nothing(self) -> None:
        self.login(self.ola)
        cases = [
            self.form_data(base_year=2008),  # no long-term institution figures before 2009
            self.form_data(rates="0-66: 1; 60-70: 2"),
            self.form_data(service="custom"),
            self.form_data(dependency_old="old"),
        ]
        for data in cases:
            response = self.client.post(self.url("forecast:run_create"), data)
            self.assertEqual(response.status_code, 400, data)
            self.assertContains(response, "ds-error-summary", status_code=400)
        self.assertEqual(ForecastRun.objects.count(), 1)

    def test_it_compares_two_runs(self) -> None:
        other = actions.create_run(
            project=self.project,
            dataset=self.projection,
            name="Lavere dekning",
            choices=RunChoices(
                service="long_term_institution", municipality="0301", base_year=2025, yearly_rate_change=-0.02
            ),
            acting_user=self.kari,
        )
        self.login(self.nora)
        response = self.client.get(self.url("forecast:run_compare", self.saved.code), {"other": str(other.code)})
        self.assertContains(response, "Lavere dekning")
        self.assertContains(response, "-2,00 %")

    def test_it_exports_xlsx_safely(self) -> None:
        self.saved.name = "=HYPERLINK(1)"
        self.saved.save()
        self.login(self.nora)
        response = self.client.get(self.url("forecast:run_export", self.saved.code))
        book = load_workbook(io.BytesIO(response.content))
        self.assertEqual(book.worksheets[0]["A1"].value, "'=HYPERLINK(1)")
        users = book.worksheets[1]
        self.assertEqual(users["A2"].value, 2026)
        self.assertEqual(len(book.worksheets), 4)

    def test_it_deletes_a_run(self) -> None:
        self.login(self.ola)
        response = self.client.post(self.url("forecast:run_delete", self.saved.code))
        self.assertRedirects(response, self.url("forecast:index"))
        self.assertFalse(ForecastRun.objects.filter(pk=self.saved.pk).exists())

    # Data

    def test_it_uploads_a_saved_response(self) -> None:
        self.login(self.ola)
        upload = SimpleUploadedFile("oslo.json", projection_text().encode(), content_type="application/json")
        response = self.client.post(self.url("forecast:dataset_upload"), {"file": upload})
        self.assertRedirects(response, self.url("forecast:index"))
        dataset = PopulationDataset.objects.get(source=PopulationDataset.Source.UPLOAD)
        self.assertEqual((dataset.municipality, dataset.first_year, dataset.last_year), ("0301", 2026, 2050))
        self.assertEqual(dataset.organization, self.organization)

    def test_it_refuses_bad_uploads_with_a_reason(self) -> None:
        self.login(self.ola)
        broken = json.loads(projection_text())
        broken["status"] = {"5": ".."}
        no_age = tiny(label="14746: x")
        cases = [b"{not json", json.dumps(no_age).encode(), json.dumps(broken).encode(), b"\xff\xfe"]
        for content in cases:
            upload = SimpleUploadedFile("x.json", content, content_type="application/json")
            response = self.client.post(self.url("forecast:dataset_upload"), {"file": upload})
            self.assertEqual(response.status_code, 400)
            self.assertContains(response, "ds-validation-message", status_code=400)
        self.assertFalse(PopulationDataset.objects.filter(source=PopulationDataset.Source.UPLOAD).exists())

    @override_settings(TASKS=IMMEDIATE)
    @responses.activate
    def test_it_fetches_from_ssb_in_the_background(self) -> None:
        responses.get(SSB_URL, body=projection_text())
        self.login(self.ola)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                self.url("forecast:fetch_create"), {"kind": "projection", "municipality": "0301"}
            )
        job = FetchJob.objects.get()
        self.assertRedirects(response, self.url("forecast:fetch", job.code))
        self.assertEqual(job.status, FetchJob.Status.DONE)
        self.assertEqual(job.dataset.source, PopulationDataset.Source.SSB_API)
        self.assertIsNotNone(job.dataset.retrieved_at)
        page = self.client.get(self.url("forecast:fetch", job.code))
        self.assertContains(page, "Oslo")

    @override_settings(TASKS=IMMEDIATE)
    @responses.activate
    def test_it_reports_a_failed_fetch_and_saves_nothing(self) -> None:
        responses.get(SSB_URL, status=404, json={"title": "Not found"})
        self.login(self.ola)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self.url("forecast:fetch_create"), {"kind": "projection", "municipality": "0219"})
        job = FetchJob.objects.get()
        self.assertEqual(job.municipality, "3201")  # Bærum's old number, translated
        self.assertEqual(job.status, FetchJob.Status.FAILED)
        self.assertEqual(job.error_code, "not_found")
        self.assertEqual(PopulationDataset.objects.filter(source=PopulationDataset.Source.SSB_API).count(), 0)
        page = self.client.get(self.url("forecast:fetch", job.code))
        self.assertContains(page, "404")

    def test_it_polls_a_pending_fetch_with_htmx(self) -> None:
        job = FetchJob.objects.create(project=self.project, kind="projection", table_id="14746", municipality="0301")
        self.login(self.nora)
        response = self.client.get(self.url("forecast:fetch", job.code), HTTP_HX_REQUEST="true")
        self.assertContains(response, 'hx-trigger="every 2s"')
        self.assertNotContains(response, "<html")

    def test_it_validates_the_municipality_number(self) -> None:
        self.login(self.ola)
        response = self.client.post(self.url("forecast:fetch_create"), {"kind": "projection", "municipality": "12"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(FetchJob.objects.exists())

    def test_it_renders_the_forms(self) -> None:
        self.login(self.ola)
        for name in ("forecast:run_create", "forecast:dataset_upload", "forecast:fetch_create"):
            self.assertEqual(self.client.get(self.url(name)).status_code, 200, name)
