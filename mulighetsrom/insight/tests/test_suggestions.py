from __future__ import annotations

from django.test import override_settings

from mulighetsrom.insight import actions
from mulighetsrom.insight.models import Observation, SuggestionRun, Theme, ThemeSuggestion
from mulighetsrom.insight.tests.base import InsightTestCase

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

TEXTS = [
    "Maten er kald når den kommer fra sentralkjøkkenet",
    "Vi savner lukten av mat som lages på avdelingen",
    "Middagen kommer kald og det er lite mat å velge mellom",
    "Kjøkkenet på avdelingen burde brukes til å lage mat",
    "Det er for mørkt i gangene om kvelden",
    "Lyset i gangene blender og er for sterkt",
    "Beboerne trenger mer dagslys og lys i gangene",
    "Mørke ganger gjør at beboerne faller",
]


@override_settings(TASKS=IMMEDIATE)
class SuggestionTestCase(InsightTestCase):
    def setUp(self) -> None:
        self.obs = [Observation.objects.create(project=self.project, text=t) for t in TEXTS]

    def run_suggestions(self) -> None:
        self.login(self.ingrid)
        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post(self.url("insight:suggestion_run"))
        self.assertRedirects(r, self.url("insight:suggestions"))

    def test_it_computes_and_lists_suggestions(self) -> None:
        self.run_suggestions()
        run = SuggestionRun.objects.get()
        self.assertEqual(run.status, SuggestionRun.Status.DONE)
        self.assertEqual(run.observation_count, len(TEXTS))  # themed observations are left out
        suggestions = list(ThemeSuggestion.objects.all())
        self.assertGreaterEqual(len(suggestions), 2)
        members = {i for s in suggestions for i in s.member_ids}
        self.assertTrue(members <= {o.pk for o in self.obs})
        r = self.client.get(self.url("insight:suggestions"))
        self.assertContains(r, suggestions[0].label)

    def test_accepting_creates_a_theme_with_the_members(self) -> None:
        self.run_suggestions()
        suggestion = ThemeSuggestion.objects.first()
        r = self.client.post(self.url("insight:suggestion_accept", suggestion.code), {"name": "Mat og måltider"})
        theme = Theme.objects.get(name="Mat og måltider")
        self.assertRedirects(r, self.url("insight:theme", theme.code))
        self.assertEqual(set(theme.observations.values_list("pk", flat=True)), set(suggestion.member_ids))
        suggestion.refresh_from_db()
        self.assertEqual(suggestion.status, ThemeSuggestion.Status.ACCEPTED)
        # Accepting twice does nothing more.
        self.client.post(self.url("insight:suggestion_accept", suggestion.code), {"name": "Igjen"})
        self.assertFalse(Theme.objects.filter(name="Igjen").exists())

    def test_discarding_hides_the_suggestion(self) -> None:
        self.run_suggestions()
        suggestion = ThemeSuggestion.objects.first()
        self.client.post(self.url("insight:suggestion_discard", suggestion.code))
        suggestion.refresh_from_db()
        self.assertEqual(suggestion.status, ThemeSuggestion.Status.DISCARDED)

    def test_viewers_cannot_see_suggestions_whose_words_may_come_from_sensitive_text(self) -> None:
        Observation.objects.filter(pk=self.obs[0].pk).update(sensitivity=Observation.Sensitivity.SPECIAL)
        self.run_suggestions()
        self.login(self.nora)
        self.assertEqual(self.client.get(self.url("insight:suggestions")).status_code, 403)

    def test_access_rules(self) -> None:
        self.login(self.nora)
        self.assertEqual(self.client.post(self.url("insight:suggestion_run")).status_code, 403)
        self.assertEqual(self.client.get(self.url("insight:suggestion_run")).status_code, 405)
        self.login(self.ingrid)
        self.assertEqual(self.client.get(self.url("insight:suggestion_run")).status_code, 405)
        r = self.client.post(self.url("insight:suggestion_accept", "00000000-0000-0000-0000-000000000000"))
        self.assertEqual(r.status_code, 404)


@override_settings(TASKS=DUMMY)
class SuggestionProgressTestCase(InsightTestCase):
    def test_a_running_run_polls_with_htmx_and_is_not_queued_twice(self) -> None:
        self.login(self.ingrid)
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            self.client.post(self.url("insight:suggestion_run"))
            self.client.post(self.url("insight:suggestion_run"))
        self.assertEqual(len(callbacks), 1)
        self.assertEqual(SuggestionRun.objects.count(), 1)
        r = self.client.get(self.url("insight:suggestions"), HTTP_HX_REQUEST="true")
        self.assertContains(r, 'hx-trigger="every 2s"')
        self.assertNotContains(r, "<html")

    def test_the_task_gets_only_the_run_id(self) -> None:
        from unittest import mock

        with (
            mock.patch("mulighetsrom.insight.tasks.suggest_themes") as task,
            self.captureOnCommitCallbacks(execute=True),
        ):
            run = actions.request_theme_suggestions(project=self.project, acting_user=self.ingrid)
        task.enqueue.assert_called_once_with(run.pk)

    def test_a_failed_run_is_recorded_without_text(self) -> None:
        from unittest import mock

        run = SuggestionRun.objects.create(project=self.project)
        failing = mock.patch("mulighetsrom.insight.clustering.suggest_themes", side_effect=RuntimeError("secret text"))
        with failing, self.assertLogs("mulighetsrom.insight.actions", level="ERROR"):
            actions.compute_theme_suggestions(run_id=run.pk)
        run.refresh_from_db()
        self.assertEqual(run.status, SuggestionRun.Status.FAILED)
        self.assertNotIn("secret", run.error)
