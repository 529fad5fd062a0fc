"""The shared job base (lib/jobs.py): claiming, progress, the end states, and the status page helper.

Runs on SQLite and PostgreSQL; the concurrent claim with real threads runs on PostgreSQL only
(SQLite's in-memory test database is one connection).
"""

from __future__ import annotations

from unittest import skipUnless

from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.test import TransactionTestCase

from mulighetsrom.accounts.models import Person, User
from mulighetsrom.forecast.models import FetchJob
from mulighetsrom.insight.models import ImportJob, SuggestionRun
from mulighetsrom.lib.jobs import Job, JobStatus, clamp_percent
from mulighetsrom.projects import actions as project_actions
from mulighetsrom.projects.models import BuildingType, Project
from mulighetsrom.reports.models import GeneratedDocument
from mulighetsrom.test import BaseTestCase, make_user, run_at_once

JOB_MODELS = [FetchJob, SuggestionRun, ImportJob, GeneratedDocument]


class JobModelsTestCase(BaseTestCase):
    def test_the_four_jobs_are_the_jobs_and_each_keeps_the_shared_states(self) -> None:
        found = {m for m in apps.get_models() if issubclass(m, Job)}
        self.assertEqual(found, set(JOB_MODELS))
        for model in JOB_MODELS:
            values = {value for value, _label in model._meta.get_field("status").choices}
            self.assertLessEqual(set(JobStatus.values), values, model.__name__)
        self.assertEqual(ImportJob().status, "draft")  # ImportJob's extra state comes first
        self.assertEqual(SuggestionRun().status, "queued")

    def test_the_database_refuses_progress_over_100_on_every_job_table(self) -> None:
        jobs = [
            FetchJob.objects.create(project=self.project, kind="projection", table_id="14746", municipality="0301"),
            SuggestionRun.objects.create(project=self.project),
            ImportJob.objects.create(project=self.project),
            GeneratedDocument.objects.create(project=self.project, kind="needs", format="docx"),
        ]
        for job in jobs:
            with self.subTest(type(job).__name__), self.assertRaises(IntegrityError), transaction.atomic():
                type(job).objects.filter(pk=job.pk).update(progress=101)


class ClaimTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.run = SuggestionRun.objects.create(project=self.project)

    def test_of_two_claims_exactly_one_wins(self) -> None:
        first, second = SuggestionRun.objects.get(pk=self.run.pk), SuggestionRun.objects.get(pk=self.run.pk)
        self.assertTrue(first.claim())
        self.assertFalse(second.claim())
        # The loser sees the row as it is now, not its stale copy.
        self.assertEqual(second.status, JobStatus.RUNNING)
        self.run.refresh_from_db()
        self.assertEqual(self.run.status, JobStatus.RUNNING)
        self.assertIsNotNone(self.run.started_at)
        self.assertEqual(first.started_at, self.run.started_at)

    def test_only_a_queued_job_can_be_claimed(self) -> None:
        draft = ImportJob.objects.create(project=self.project)
        self.assertFalse(draft.claim())
        self.assertEqual(ImportJob.objects.get(pk=draft.pk).status, "draft")
        self.run.claim()
        self.run.mark_done()
        self.assertFalse(SuggestionRun.objects.get(pk=self.run.pk).claim())
        self.assertEqual(SuggestionRun.objects.get(pk=self.run.pk).status, JobStatus.DONE)

    def test_active_lists_queued_and_running_jobs_only(self) -> None:
        done = SuggestionRun.objects.create(project=self.project, status=JobStatus.DONE)
        running = SuggestionRun.objects.create(project=self.project, status=JobStatus.RUNNING)
        self.assertEqual(set(SuggestionRun.objects.active()), {self.run, running})
        self.assertTrue(self.run.is_active and running.is_active)
        self.assertFalse(done.is_active)


class ProgressTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.job = ImportJob.objects.create(project=self.project, status=JobStatus.QUEUED, total=10)

    def stored(self) -> ImportJob:
        return ImportJob.objects.get(pk=self.job.pk)

    def test_progress_is_kept_within_0_and_100(self) -> None:
        self.assertEqual([clamp_percent(v) for v in (-5, 0, 49.6, 100, 250)], [0, 0, 50, 100, 100])
        self.assertTrue(self.job.claim())
        self.job.mark_progress(250)
        self.assertEqual((self.job.progress, self.stored().progress), (100, 100))
        self.job.mark_progress(-3)
        self.assertEqual((self.job.progress, self.stored().progress), (0, 0))
        self.job.mark_progress(42.4, message="Reading rows", processed=4)
        stored = self.stored()
        self.assertEqual(
            (stored.progress, stored.percent, stored.message, stored.processed), (42, 42, "Reading rows", 4)
        )

    def test_progress_is_recorded_only_while_running(self) -> None:
        self.assertFalse(self.job.mark_progress(50))  # still queued
        self.assertEqual(self.stored().progress, 0)
        self.job.claim()
        self.job.mark_done()
        self.assertFalse(self.job.mark_progress(10))  # a late report does not move a finished job back
        self.assertEqual((self.stored().progress, self.stored().status), (100, JobStatus.DONE))

    def test_done_is_100_percent_with_a_finish_time_and_extra_fields(self) -> None:
        self.job.claim()
        self.job.mark_progress(30)
        self.assertTrue(self.job.mark_done(created=7, table=[]))
        stored = self.stored()
        self.assertEqual((stored.status, stored.progress, stored.created, stored.table), ("done", 100, 7, []))
        self.assertIsNotNone(stored.finished_at)
        self.assertFalse(stored.is_active)


class FailureTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.document = GeneratedDocument.objects.create(project=self.project, kind="needs", format="docx")

    def test_failure_keeps_the_error_message_and_where_the_job_got_to(self) -> None:
        self.document.claim()
        self.document.mark_progress(40, message="Rendering the tables")
        self.assertTrue(self.document.mark_failed("PDF is not available on this server."))
        stored = GeneratedDocument.objects.get(pk=self.document.pk)
        self.assertEqual(stored.status, JobStatus.FAILED)
        self.assertEqual(stored.error, "PDF is not available on this server.")
        self.assertEqual(stored.error_message, "PDF is not available on this server.")
        self.assertEqual((stored.progress, stored.message), (40, "Rendering the tables"))
        self.assertIsNotNone(stored.finished_at)
        # Nothing later overwrites the failure.
        self.assertFalse(stored.mark_done())
        self.assertFalse(stored.mark_failed("another"))
        stored = GeneratedDocument.objects.get(pk=self.document.pk)
        self.assertEqual((stored.status, stored.error), (JobStatus.FAILED, "PDF is not available on this server."))

    def test_a_queued_job_can_fail_and_a_long_error_is_cut_to_the_column(self) -> None:
        self.assertTrue(self.document.mark_failed("x" * 600))
        self.assertEqual(len(GeneratedDocument.objects.get(pk=self.document.pk).error), 500)

    def test_a_failure_without_a_sentence_shows_the_models_own_text(self) -> None:
        job = ImportJob.objects.create(project=self.project, status=JobStatus.QUEUED)
        job.claim()
        job.mark_failed()
        self.assertEqual(ImportJob.objects.get(pk=job.pk).error, "")
        self.assertEqual(job.error_message, str(ImportJob.failure_text))
        fetch = FetchJob.objects.create(project=self.project, kind="projection", table_id="14746", municipality="0301")
        fetch.claim()
        fetch.mark_failed(error_code="not_found", error_params={})
        self.assertNotEqual(FetchJob.objects.get(pk=fetch.pk).error_message, str(Job.failure_text))


class StatusPageTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.client.cookies["django_language"] = "en"
        self.client.force_login(self.nora)
        self.document = GeneratedDocument.objects.create(project=self.project, kind="needs", format="docx")
        self.url = f"/p/{self.project.slug}/documents/{self.document.code}/"

    def test_an_active_job_polls_every_2_seconds_and_offers_a_plain_refresh_link(self) -> None:
        r = self.client.get(self.url, headers={"HX-Request": "true"})
        self.assertContains(r, 'role="status"')
        self.assertContains(r, 'hx-trigger="every 2s"')
        self.assertContains(r, f'hx-get="{self.url}"')
        self.assertContains(r, f'<a class="ds-link" href="{self.url}">Refresh</a>', html=True)
        self.assertContains(r, 'aria-label="Progress"')
        self.assertNotContains(r, "<html")
        self.assertIn("no-store", r["Cache-Control"])

    def test_a_finished_job_stops_polling_and_shows_its_error(self) -> None:
        self.document.claim()
        self.document.mark_progress(60)
        self.document.mark_failed("The document could not be generated.")
        r = self.client.get(self.url, headers={"HX-Request": "true"})
        self.assertNotContains(r, "every 2s")
        self.assertNotContains(r, "Refresh")
        self.assertContains(r, 'value="60"')
        self.assertContains(r, "The document could not be generated.")


@skipUnless(connection.vendor == "postgresql", "concurrent connections need PostgreSQL")
class ConcurrentClaimTestCase(TransactionTestCase):
    def test_two_workers_claiming_at_the_same_moment_one_wins(self) -> None:
        organization = project_actions.create_organization(
            name="Samtidig kommune", kommunenummer="4602", admin_user=make_user("sam@example.org"), admin_name="Sam"
        )
        project = project_actions.create_project(
            project=Project(organization=organization, name="Samtidig", building_type=BuildingType.NURSING_HOME),
            acting_person=Person.objects.get(user__email="sam@example.org"),
            acting_user=User.objects.get(email="sam@example.org"),
        )
        for _round in range(5):
            run = SuggestionRun.objects.create(project=project)
            jobs = [SuggestionRun.objects.get(pk=run.pk) for _ in range(2)]
            self.assertEqual(sorted(run_at_once(SuggestionRun.claim, *jobs)), [False, True])
