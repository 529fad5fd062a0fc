"""An editor finds observations about a named person, exports them, records withdrawn consent, or erases them."""

from __future__ import annotations

import json

from django.utils import translation

from mulighetsrom.feedback.models import PublishedQuote
from mulighetsrom.insight.models import Insight, Observation, PersonalDataKept, SuggestionRun, ThemeSuggestion
from mulighetsrom.needs.models import Need
from mulighetsrom.needs.tests.factories import make_need
from mulighetsrom.privacy.models import AuditEntry
from mulighetsrom.privacy.tests.base import OTHERS, PrivacyTestCase

ABOUT_ASTRID = "Astrid Hansen på rom 12 vil gjerne ha en benk ved inngangen og mer besøk"


class ObservationRequestTestCase(PrivacyTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.astrid = Observation.objects.create(project=self.project, text=ABOUT_ASTRID, created_by=self.ola)
        self.insight = Insight.objects.create(project=self.project, statement="Beboere vil ut")
        self.insight.evidence.add(self.astrid, self.others_observation)
        self.kept = PersonalDataKept.objects.create(
            project=self.project, observation=self.astrid, kind="name", reason="needed", kept_by=self.ola
        )
        self.astrid_quote = self._quote(self.astrid, "En benk ved inngangen.")
        run = SuggestionRun.objects.create(project=self.project, status=SuggestionRun.Status.DONE)
        self.suggestion = ThemeSuggestion.objects.create(
            run=run, project=self.project, terms=["astrid", "benk"], member_ids=[self.astrid.pk], size=1
        )
        self.untouched = ThemeSuggestion.objects.create(
            run=run, project=self.project, terms=["dagslys"], member_ids=[self.others_observation.pk], size=1
        )
        # An editor copied the quote into a need, then rewrote it: the history still holds the quote.
        self.need = make_need(self.project, self.ola, description=f"Sitat: «{ABOUT_ASTRID}»")
        self.need.description = "Beboere trenger sitteplasser ved inngangen."
        self.need.save()
        self.act_url = self.url("privacy:observation_act")

    def post(self, action: str, confirm: bool = True, codes: list[str] | None = None) -> object:
        data = {"code": codes if codes is not None else [str(self.astrid.code)], "action": action, "q": "Astrid"}
        if confirm:
            data["confirm"] = "1"
        return self.client.post(self.act_url, data)

    def test_the_search_finds_observations_naming_the_person(self) -> None:
        self.log_in(self.ola)
        r = self.client.get(self.url("privacy:observations"), {"q": "Astrid"})
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.context["results"], [self.astrid])

    def test_the_export_holds_the_selected_observations_and_nothing_else(self) -> None:
        self.log_in(self.ola)
        r = self.post("json", confirm=False)
        self.assertEqual(r.status_code, 200)
        data = json.loads(r.content)
        self.assertEqual([o["text"] for o in data["observations"]], [ABOUT_ASTRID])
        self.assertNotIn(OTHERS, r.content.decode())
        entry = AuditEntry.objects.get()
        self.assertEqual((entry.action, entry.kind, entry.count), ("export", "observation", 1))
        text = self.post("txt", confirm=False)
        self.assertIn(ABOUT_ASTRID, text.content.decode())

    def test_erasing_asks_for_confirmation_first(self) -> None:
        self.log_in(self.ola)
        r = self.post("erase", confirm=False)
        self.assertContains(r, "cannot be undone")
        self.assertTrue(Observation.objects.filter(pk=self.astrid.pk).exists())

    def test_erasing_removes_the_rows_quotes_suggestions_and_history_rows(self) -> None:
        history = Need.history.model
        self.assertTrue(history.objects.filter(description__contains=ABOUT_ASTRID).exists())
        self.log_in(self.ola)
        r = self.post("erase")
        self.assertEqual(r.status_code, 302)
        self.assertFalse(Observation.objects.filter(pk=self.astrid.pk).exists())
        self.assertFalse(PublishedQuote.objects.filter(pk=self.astrid_quote.pk).exists())
        self.assertFalse(PersonalDataKept.objects.filter(pk=self.kept.pk).exists())
        self.assertEqual(list(self.insight.evidence.all()), [self.others_observation])
        self.assertFalse(ThemeSuggestion.objects.filter(pk=self.suggestion.pk).exists())
        self.assertTrue(ThemeSuggestion.objects.filter(pk=self.untouched.pk).exists())
        # The historical table itself, queried directly: no row holds the text any more.
        self.assertFalse(history.objects.filter(description__contains=ABOUT_ASTRID).exists())
        self.assertTrue(history.objects.filter(id=self.need.pk).exists())  # the later version stays
        self.need.refresh_from_db()
        self.assertEqual(self.need.description, "Beboere trenger sitteplasser ved inngangen.")
        # Other participants' data stays.
        self.assertTrue(Observation.objects.filter(text=OTHERS).exists())

    def test_the_audit_entry_has_counts_and_none_of_the_erased_text_or_search_phrase(self) -> None:
        self.log_in(self.ola)
        self.post("erase")
        entry = AuditEntry.objects.get()
        self.assertEqual((entry.action, entry.kind, entry.count, entry.actor), ("erase", "observation", 1, self.ola))
        self.assertEqual(entry.details, {"quotes": 1, "suggestions": 1, "history_rows": 1})
        with translation.override("en"):
            self.assertEqual(entry.summary, "1 published quote, 1 theme suggestion, 1 history row")
        stored = " ".join(str(v) for v in AuditEntry.objects.values().get().values())
        for secret in ("Astrid", "Hansen", "benk", str(self.astrid.code)):
            self.assertNotIn(secret, stored)

    def test_observations_of_another_project_are_ignored(self) -> None:
        from mulighetsrom.projects import actions as project_actions
        from mulighetsrom.projects.models import BuildingType, Project

        other = project_actions.create_project(
            project=Project(organization=self.organization, name="Ny skole", building_type=BuildingType.SCHOOL),
            acting_person=self.ola_person,
            acting_user=self.ola,
        )
        elsewhere = Observation.objects.create(project=other, text="Astrid Hansen i et annet prosjekt")
        self.log_in(self.ola)
        self.post("erase", codes=[str(elsewhere.code)])
        self.assertTrue(Observation.objects.filter(pk=elsewhere.pk).exists())
        self.assertFalse(AuditEntry.objects.exists())

    def test_access_viewer_and_contributor_403_outsider_404(self) -> None:
        for user, status in ((self.nora, 403), (self.ingrid, 403), (self.per, 404), (self.eva, 404)):
            self.log_in(user)
            self.assertEqual(self.client.get(self.url("privacy:observations"), {"q": "Astrid"}).status_code, status)
            self.assertEqual(self.post("erase").status_code, status)
        self.assertTrue(Observation.objects.filter(pk=self.astrid.pk).exists())

    def test_the_action_url_is_post_only(self) -> None:
        self.log_in(self.ola)
        self.assertEqual(self.client.get(self.act_url).status_code, 405)

    def test_the_insight_menu_links_editors_to_the_requests(self) -> None:
        self.log_in(self.ola)
        self.assertContains(self.client.get(self.url("insight:observations")), self.url("privacy:observations"))
        self.log_in(self.nora)
        self.assertNotContains(self.client.get(self.url("insight:observations")), self.url("privacy:observations"))

    def test_erasing_drops_the_text_from_an_import_not_yet_run(self) -> None:
        from mulighetsrom.insight.models import ImportJob

        job = ImportJob.objects.create(
            project=self.project, header=["Tekst"], table=[[ABOUT_ASTRID], ["Noe helt annet som skal importeres"]]
        )
        self.log_in(self.ola)
        self.post("erase")
        job.refresh_from_db()
        self.assertEqual(job.table, [["Noe helt annet som skal importeres"]])
        self.assertEqual(AuditEntry.objects.get().details["import_rows"], 1)

    def test_the_observation_page_offers_editors_to_record_withdrawn_consent(self) -> None:
        self.log_in(self.ola)
        r = self.client.get(self.url("insight:observation_edit", self.astrid.code))
        self.assertContains(r, self.act_url)
        # The button leads to the confirmation page first.
        r = self.client.post(self.act_url, {"code": [str(self.astrid.code)], "action": "withdraw"})
        self.assertContains(r, "Record withdrawn consent for 1 observation?")
        self.astrid.refresh_from_db()
        self.assertIsNone(self.astrid.consent_withdrawn_at)
