from __future__ import annotations

from django.urls import reverse

from mulighetsrom.accounts.models import Person, Unit
from mulighetsrom.collaboration.actions import save_competence_profile, suggest_people
from mulighetsrom.collaboration.models import CompetenceProfile
from mulighetsrom.projects.models import ExpectedUnit
from mulighetsrom.test import BaseTestCase


class CompetenceMapTestCase(BaseTestCase):
    page = "/org/competence/"

    def profile(self, person: Person, tags: list[str], *, available: bool = False, **extra: object) -> None:
        save_competence_profile(
            person=person, tags=tags, experience=str(extra.get("experience", "")),
            building_types=list(extra.get("building_types", [])),  # type: ignore[call-overload]
            interested=False, available=available, acting_user=self.kari,
        )  # fmt: skip

    def test_it_is_at_org_competence(self) -> None:
        self.assertEqual(reverse("collaboration:competence"), self.page)

    def test_it_lists_people_with_unit_tags_experience_and_projects(self) -> None:
        self.profile(self.per_person, ["velferdsteknologi"], available=True, experience="Solbakken 2021")
        self.log_in(self.nora)
        page = self.client.get(self.page)
        self.assertContains(page, "Per")
        self.assertContains(page, "velferdsteknologi")
        self.assertContains(page, "Solbakken 2021")
        self.assertContains(page, "Nytt helsehus")  # Nora's project, shown as experience
        self.assertContains(page, "Available")
        self.assertNotContains(page, reverse("collaboration:competence_edit", args=[self.per_person.code]))

    def test_it_searches_by_name_or_tag_and_filters(self) -> None:
        self.profile(self.per_person, ["velferdsteknologi", "it-drift"], available=True)
        self.profile(self.ola_person, ["arkitektur"])
        self.log_in(self.ola)
        names = lambda r: [p.name for p in r.context["people"]]  # noqa: E731
        self.assertEqual(names(self.client.get(self.page, {"q": "velferd"})), ["Per"])
        self.assertEqual(names(self.client.get(self.page, {"q": "ola"})), ["Ola"])
        self.assertEqual(names(self.client.get(self.page, {"tag": "arkitektur"})), ["Ola"])
        self.assertEqual(names(self.client.get(self.page, {"available": "1"})), ["Per"])
        unit = str(self.units[Unit.Kind.HEALTH_CARE].code)
        self.assertEqual(names(self.client.get(self.page, {"unit": unit})), ["Ingrid", "Ola"])
        self.assertContains(self.client.get(self.page, {"q": "ingen slik"}), "No one matches the search.")

    def test_an_admin_edits_a_profile(self) -> None:
        self.log_in(self.kari)
        url = reverse("collaboration:competence_edit", args=[self.per_person.code])
        self.assertContains(self.client.get(self.page), url)
        r = self.client.post(
            url, {"tags": "Velferdsteknologi, IKT ,velferdsteknologi", "experience": "Helsehuset 2019",
                  "building_types": ["nursing_home"], "available": "on"},
        )  # fmt: skip
        self.assertRedirects(r, self.page)
        profile = CompetenceProfile.objects.get(person=self.per_person)
        self.assertEqual(profile.tags, ["velferdsteknologi", "ikt"])
        self.assertEqual(profile.building_types, ["nursing_home"])
        self.assertTrue(profile.available)
        self.assertFalse(profile.interested)

    def test_others_may_only_view(self) -> None:
        url = reverse("collaboration:competence_edit", args=[self.per_person.code])
        self.log_in(self.ola)
        self.assertEqual(self.client.get(url).status_code, 403)
        self.assertEqual(self.client.post(url, {"tags": "x"}).status_code, 403)
        self.assertFalse(CompetenceProfile.objects.exists())

    def test_another_organization_sees_neither_list_nor_profile(self) -> None:
        self.profile(self.per_person, ["hemmelig-tag"])
        self.log_in(self.eva)
        self.assertNotContains(self.client.get(self.page), "hemmelig-tag")
        url = reverse("collaboration:competence_edit", args=[self.per_person.code])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_list_runs_a_constant_number_of_queries(self) -> None:
        self.profile(self.per_person, ["a"])
        self.log_in(self.kari)
        few = self.count_queries(self.page)
        for i in range(12):
            p = Person.objects.create(organization=self.organization, name=f"P{i}", unit=self.units[Unit.Kind.IT])
            self.profile(p, [f"t{i}", "felles"], available=i % 2 == 0)
        self.assertEqual(few, self.count_queries(self.page))
        self.assertEqual(few, self.count_queries(self.page + "?tag=felles&available=1"))


class SuggestPeopleTestCase(BaseTestCase):
    def setUp(self) -> None:
        ExpectedUnit.objects.get_or_create(
            organization=self.organization, building_type="nursing_home", unit_kind=Unit.Kind.IT
        )
        self.it_busy = self.per_person  # IT, the unit the team lacks, not available
        self.expert = Person.objects.create(organization=self.organization, name="Berit")
        save_competence_profile(person=self.expert, tags=["Velferdsteknologi"], experience="", building_types=[],
                                interested=True, available=True, acting_user=self.kari)  # fmt: skip
        self.nobody = Person.objects.create(organization=self.organization, name="Anne")

    def test_it_suggests_missing_units_and_fitting_tags_available_first(self) -> None:
        names = [s.person.name for s in suggest_people(self.project)]
        self.assertEqual(names, ["Berit", "Per"])
        per = suggest_people(self.project)[1]
        self.assertTrue(per.fills_unit)

    def test_team_members_are_not_suggested(self) -> None:
        names = {s.person.name for s in suggest_people(self.project)}
        self.assertFalse(names & {"Kari", "Ola", "Ingrid", "Nora"})

    def test_the_page_shows_the_suggestions_to_team_members(self) -> None:
        self.log_in(self.nora)
        page = self.client.get(self.url("collaboration:team_suggest"))
        self.assertContains(page, "Berit")
        self.assertContains(page, "From a unit the team lacks")
        self.assertNotContains(page, "Anne")
        team = self.client.get(self.url("projects:team"))
        self.assertContains(team, self.url("collaboration:team_suggest"))
        self.log_in(self.per)
        self.assertEqual(self.client.get(self.url("collaboration:team_suggest")).status_code, 404)
