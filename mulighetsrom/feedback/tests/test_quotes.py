from __future__ import annotations

from typing import Any

from mulighetsrom.feedback import actions
from mulighetsrom.feedback.models import PublishedItem, PublishedQuote
from mulighetsrom.insight import actions as insight_actions
from mulighetsrom.insight.models import Insight, Observation, Theme
from mulighetsrom.projects import actions as project_actions
from mulighetsrom.projects.models import BuildingType, Project
from mulighetsrom.test import BaseTestCase

RAW = "Ring meg på 912 34 567 eller skriv til mor@example.org: mor trenger et stille rom når hun er urolig."
APPROVED = "Mor trenger et stille rom når hun er urolig."


class QuoteTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.relatives = self.project.stakeholder_groups.get(name="Pårørende")
        self.theme = Theme.objects.create(project=self.project, name="Ro og skjerming")
        self.observation = Observation.objects.create(
            project=self.project, text=RAW, kind=Observation.Kind.QUOTE, speaker_group=self.relatives, theme=self.theme
        )
        self.insight = Insight.objects.create(project=self.project, statement="Urolige beboere trenger skjermede rom")
        self.insight.evidence.add(self.observation)
        actions.save_feedback_choice(
            project=self.project,
            intro="",
            chosen={
                ("insight", str(self.insight.code)): "Mange pårørende sa dette.",
                ("theme", str(self.theme.code)): "",
            },
            acting_user=self.kari,
        )
        self.publication = actions.get_publication(self.project)
        self.item = self.publication.items.get(kind=PublishedItem.Kind.INSIGHT)
        self.edit_url = self.url("feedback:quote_edit", self.observation.code)

    def form_data(self, **extra: Any) -> dict[str, Any]:
        data = {"text": APPROVED, "group": self.relatives.pk, "item": self.item.pk, "confirmed": "on"}
        data.update(extra)
        return {k: v for k, v in data.items() if v is not None}

    def approve(self, observation: Observation | None = None, text: str = APPROVED) -> PublishedQuote:
        return actions.approve_quote(
            observation=observation or self.observation,
            text=text,
            group=self.relatives,
            item=self.item,
            confirmed=True,
            acting_user=self.ola,
        )

    def public_page(self, lang: str = "en") -> Any:
        actions.publish_feedback(project=self.project, acting_user=self.kari)
        self.client.logout()
        return self.client.get(f"/prosjekt/{self.publication.public_slug}/?lang={lang}")


class QuoteFormTestCase(QuoteTestCase):
    def test_the_form_is_prefilled_with_the_text_after_the_personal_data_guard(self) -> None:
        self.log_in(self.ola)
        r = self.client.get(self.edit_url)
        self.assertContains(r, "[telefonnummer fjernet]")
        self.assertContains(r, "[e-postadresse fjernet]")
        self.assertNotContains(r, "912 34 567")
        self.assertNotContains(r, "mor@example.org")
        self.assertContains(r, f'<option value="{self.relatives.pk}" selected>')

    def test_the_form_points_at_capitalised_words_that_may_be_names(self) -> None:
        self.observation.text = "Mor sa at Astrid i Storgata hjelper henne. Det er fint."
        self.observation.save()
        self.log_in(self.ola, english=True)
        r = self.client.get(self.edit_url)
        self.assertContains(r, "may be names of people, streets or places")
        self.assertContains(r, "<strong>Astrid, Storgata</strong>", html=False)
        # The hint follows the posted text; it does not block approval.
        r = self.client.post(self.edit_url, self.form_data(text="Hun får hjelp av naboen.", confirmed=None))
        self.assertNotContains(r, "may be names of people")

    def test_coming_from_a_published_insight_preselects_it(self) -> None:
        self.log_in(self.ola)
        r = self.client.get(f"{self.edit_url}?item=insight_{self.insight.code}")
        self.assertContains(r, f'<option value="{self.item.pk}" selected>')

    def test_approving_records_the_quote_who_approved_and_when(self) -> None:
        self.log_in(self.ola)
        r = self.client.post(self.edit_url, self.form_data())
        self.assertRedirects(r, self.url("feedback:quotes"))
        quote = PublishedQuote.objects.get()
        self.assertEqual(quote.text, APPROVED)
        self.assertEqual(quote.observation, self.observation)
        self.assertEqual(quote.group, self.relatives)
        self.assertEqual(quote.item, self.item)
        self.assertEqual(quote.approved_by, self.ola)
        self.assertIsNotNone(quote.approved_at)

    def test_the_guard_refuses_a_quote_that_still_holds_an_identifier_and_keeps_the_text(self) -> None:
        self.log_in(self.ola)
        text = "Mor trenger et stille rom, ring 912 34 567."
        r = self.client.post(self.edit_url, self.form_data(text=text))
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "can identify a person (telefonnummer)")
        self.assertContains(r, text)
        self.assertFalse(PublishedQuote.objects.exists())

    def test_the_guard_refuses_an_e_mail_address_and_a_national_identity_number(self) -> None:
        self.log_in(self.ola)
        r = self.client.post(self.edit_url, self.form_data(text="Skriv til mor@example.org om rommet."))
        self.assertContains(r, "e-postadresse")
        r = self.client.post(self.edit_url, self.form_data(text="Fødselsnummeret er 010190 10046."))
        self.assertContains(r, "fødselsnummer")
        self.assertFalse(PublishedQuote.objects.exists())

    def test_the_confirmation_is_required(self) -> None:
        self.log_in(self.ola)
        r = self.client.post(self.edit_url, self.form_data(confirmed=None))
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Confirm that you have checked that the quote cannot identify anyone.")
        self.assertContains(r, APPROVED)
        self.assertFalse(PublishedQuote.objects.exists())

    def test_attribution_may_be_left_out_and_no_item_chosen(self) -> None:
        self.log_in(self.ola)
        self.client.post(self.edit_url, self.form_data(group="", item=""))
        quote = PublishedQuote.objects.get()
        self.assertIsNone(quote.group)
        self.assertIsNone(quote.item)

    def test_a_group_of_another_project_is_refused(self) -> None:
        other = project_actions.create_project(
            project=Project(organization=self.organization, name="Skole", building_type=BuildingType.SCHOOL),
            acting_person=self.kari_person,
            acting_user=self.kari,
        )
        self.log_in(self.ola)
        r = self.client.post(self.edit_url, self.form_data(group=other.stakeholder_groups.first().pk))
        self.assertEqual(r.status_code, 200)
        self.assertFalse(PublishedQuote.objects.exists())

    def test_approving_again_replaces_the_quote(self) -> None:
        self.approve()
        self.log_in(self.ola)
        r = self.client.get(self.edit_url)
        self.assertContains(r, APPROVED)
        self.assertContains(r, "Approving again replaces")
        self.client.post(self.edit_url, self.form_data(text="Et stille rom hjelper mor."))
        self.assertEqual(PublishedQuote.objects.get().text, "Et stille rom hjelper mor.")

    def test_the_action_runs_the_guard_and_the_confirmation_itself(self) -> None:
        with self.assertRaises(actions.QuoteRefused):
            self.approve(text="Ring 912 34 567")
        with self.assertRaises(actions.QuoteRefused):
            actions.approve_quote(
                observation=self.observation,
                text=APPROVED,
                group=None,
                item=None,
                confirmed=False,
                acting_user=self.ola,
            )
        self.assertFalse(PublishedQuote.objects.exists())


class QuoteAccessTestCase(QuoteTestCase):
    def test_only_editors_and_owners_may_pick_approve_or_withdraw(self) -> None:
        quote = self.approve()
        withdraw = self.url("feedback:quote_withdraw", quote.code)
        for user, status in [(self.ingrid, 403), (self.nora, 403), (self.per, 404), (self.eva, 404)]:
            self.log_in(user)
            self.assertEqual(self.client.get(self.url("feedback:quotes")).status_code, status, user)
            self.assertEqual(self.client.get(self.edit_url).status_code, status, user)
            self.assertEqual(self.client.post(self.edit_url, self.form_data(text="Annet")).status_code, status, user)
            self.assertEqual(self.client.post(withdraw).status_code, status, user)
        self.assertEqual(PublishedQuote.objects.get().text, APPROVED)
        self.client.logout()
        self.assertEqual(self.client.get(self.edit_url).status_code, 302)
        for user in (self.ola, self.kari):
            self.log_in(user)
            self.assertEqual(self.client.get(self.url("feedback:quotes")).status_code, 200)
            self.assertEqual(self.client.get(self.edit_url).status_code, 200)

    def test_an_observation_of_another_project_is_not_found(self) -> None:
        other = project_actions.create_project(
            project=Project(organization=self.organization, name="Skole", building_type=BuildingType.SCHOOL),
            acting_person=self.kari_person,
            acting_user=self.kari,
        )
        foreign = Observation.objects.create(project=other, text="Noe fra en annen skole.")
        self.log_in(self.kari)
        self.assertEqual(self.client.get(self.url("feedback:quote_edit", foreign.code)).status_code, 404)

    def test_withdraw_is_post_only(self) -> None:
        quote = self.approve()
        self.log_in(self.ola)
        self.assertEqual(self.client.get(self.url("feedback:quote_withdraw", quote.code)).status_code, 405)


class QuotableTestCase(QuoteTestCase):
    def test_a_sensitive_observation_is_not_listed_and_cannot_be_quoted(self) -> None:
        self.observation.sensitivity = Observation.Sensitivity.SPECIAL
        self.observation.save()
        self.log_in(self.ola)
        r = self.client.get(self.url("feedback:quotes"))
        self.assertNotContains(r, str(self.observation.code))
        r = self.client.get(self.edit_url, follow=True)
        self.assertContains(r, "marked sensitive and cannot be quoted")
        r = self.client.post(self.edit_url, self.form_data(), follow=True)
        self.assertRedirects(r, self.url("feedback:quotes"))
        self.assertContains(r, "marked sensitive and cannot be quoted")
        self.assertFalse(PublishedQuote.objects.exists())
        with self.assertRaises(actions.QuoteRefused):
            self.approve()

    def test_a_quote_whose_observation_becomes_sensitive_leaves_the_public_page(self) -> None:
        self.approve()
        Observation.objects.filter(pk=self.observation.pk).update(sensitivity=Observation.Sensitivity.SPECIAL)
        self.assertNotContains(self.public_page(), APPROVED)
        self.log_in(self.ola)
        self.assertContains(self.client.get(self.url("feedback:quotes")), "now marked sensitive")

    def test_deleting_the_observation_deletes_the_quote(self) -> None:
        self.approve()
        insight_actions.delete_observation(observation=self.observation, acting_user=self.kari)
        self.assertFalse(PublishedQuote.objects.exists())
        self.assertNotContains(self.public_page(), APPROVED)

    def test_the_picker_filters_by_published_theme_or_insight_and_text(self) -> None:
        other = Observation.objects.create(project=self.project, text="Parkeringen er for liten.")
        self.log_in(self.ola)
        r = self.client.get(self.url("feedback:quotes"), {"item": f"insight_{self.insight.code}"})
        self.assertContains(r, f"quotes/new/{self.observation.code}/?item=insight_{self.insight.code}")
        self.assertContains(r, "[telefonnummer fjernet]")
        self.assertNotContains(r, "912 34 567")
        self.assertNotContains(r, str(other.code))
        r = self.client.get(self.url("feedback:quotes"), {"item": f"theme_{self.theme.code}"})
        self.assertNotContains(r, str(other.code))
        r = self.client.get(self.url("feedback:quotes"), {"q": "parkering"})
        self.assertContains(r, str(other.code))
        self.assertNotContains(r, str(self.observation.code))


class WithdrawTestCase(QuoteTestCase):
    def test_withdrawing_takes_the_quote_off_the_public_page(self) -> None:
        quote = self.approve()
        self.assertContains(self.public_page(), APPROVED)
        self.log_in(self.ola)
        r = self.client.post(self.url("feedback:quote_withdraw", quote.code), {"next": "edit"})
        self.assertRedirects(r, self.url("feedback:edit"))
        self.assertFalse(PublishedQuote.objects.exists())
        self.assertNotContains(self.public_page(), APPROVED)


class PublicQuoteTestCase(QuoteTestCase):
    def test_the_public_page_shows_the_approved_text_under_its_insight_never_the_observation(self) -> None:
        self.approve()
        for lang in ("nb", "nn", "en"):
            r = self.public_page(lang)
            html = r.content.decode()
            self.assertIn(f"«{APPROVED}»</p></blockquote>", html)
            self.assertIn("– Pårørende", html)
            self.assertNotIn("912 34 567", html)
            self.assertNotIn("mor@example.org", html)
            self.assertNotIn("Ring meg", html)
            # Under the insight it illustrates, not in the list of quotes that belong to nothing.
            insight_at = html.index(self.insight.statement)
            self.assertLess(insight_at, html.index(APPROVED))
            self.assertEqual(dict(r.cookies), {})
        self.assertNotContains(r, "In your own words")

    def test_a_quote_without_a_theme_or_insight_stands_under_its_own_heading(self) -> None:
        actions.approve_quote(
            observation=self.observation, text=APPROVED, group=None, item=None, confirmed=True, acting_user=self.ola
        )
        r = self.public_page()
        self.assertContains(r, "In your own words")
        self.assertContains(r, f"«{APPROVED}»")
        self.assertNotContains(r, "– Pårørende")

    def test_the_preview_shows_the_quote(self) -> None:
        self.approve()
        self.log_in(self.nora)
        self.assertContains(self.client.get(self.url("feedback:preview")), f"«{APPROVED}»")

    def test_saving_the_selection_again_keeps_the_quote_with_its_insight(self) -> None:
        self.approve()
        self.log_in(self.ola)
        self.client.post(
            self.url("feedback:edit"),
            {f"pick_insight_{self.insight.code}": "1", f"text_insight_{self.insight.code}": "Ny tekst."},
        )
        self.assertEqual(PublishedQuote.objects.get().item, PublishedItem.objects.get(kind="insight"))
        self.client.post(self.url("feedback:edit"), {f"pick_theme_{self.theme.code}": "1"})
        self.assertIsNone(PublishedQuote.objects.get().item)
        self.assertContains(self.public_page(), "In your own words")


class QuoteQueryCountTestCase(QuoteTestCase):
    def test_staff_pages_run_a_fixed_number_of_queries(self) -> None:
        self.approve()
        self.log_in(self.ola)
        pages = [self.url("feedback:quotes"), self.url("feedback:edit"), self.edit_url]
        few = [self.count_queries(page) for page in pages]
        for n in range(5):
            observation = Observation.objects.create(
                project=self.project, text=f"Innspill nummer {n}", speaker_group=self.relatives, theme=self.theme
            )
            self.insight.evidence.add(observation)
            self.approve(observation, text=f"Sitat {n}")
        self.assertEqual(few, [self.count_queries(page) for page in pages])
        self.assertEqual(PublishedQuote.objects.count(), 6)
