from __future__ import annotations

from typing import Any

from django.urls import reverse

from mulighetsrom.projects.models import Phase
from mulighetsrom.test import BaseTestCase


class PhaseModelTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.page = reverse("projects:phase_model")
        self.log_in(self.kari)

    def data(
        self, changes: dict[int, dict[str, Any]] | None = None, extra: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        phases = list(Phase.objects.filter(organization=self.organization).order_by("number"))
        data: dict[str, Any] = {
            "form-TOTAL_FORMS": str(len(phases) + 1),
            "form-INITIAL_FORMS": str(len(phases)),
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
        }
        for i, phase in enumerate(phases):
            row = {"id": phase.pk, "number": phase.number, "name": phase.name, "description": phase.description}
            row.update((changes or {}).get(phase.number, {}))
            data.update({f"form-{i}-{k}": v for k, v in row.items()})
        for k, v in (extra or {}).items():
            data[f"form-{len(phases)}-{k}"] = v
        return data

    def numbers(self) -> dict[str, int]:
        return dict(Phase.objects.filter(organization=self.organization).values_list("name", "number"))

    def test_it_shows_the_phase_model(self) -> None:
        r = self.client.get(self.page)
        self.assertContains(r, "Strategisk definisjon")
        self.assertContains(r, "Avvikling")

    def test_it_renames_a_phase(self) -> None:
        r = self.client.post(self.page, self.data({1: {"name": "Behovsavklaring"}}))
        self.assertRedirects(r, self.page, fetch_redirect_response=False)
        self.phases[1].refresh_from_db()
        self.assertEqual(self.phases[1].name, "Behovsavklaring")
        self.assertEqual(self.numbers()["Behovsavklaring"], 1)

    def test_it_swaps_two_step_numbers(self) -> None:
        r = self.client.post(self.page, self.data({2: {"number": 3}, 3: {"number": 2}}))
        self.assertEqual(r.status_code, 302)
        numbers = self.numbers()
        self.assertEqual(numbers["Program- og konseptutvikling"], 3)
        self.assertEqual(numbers["Bearbeiding av valgt konsept"], 2)
        self.assertEqual(sorted(numbers.values()), list(range(1, 9)))

    def test_it_adds_a_step_at_the_end(self) -> None:
        r = self.client.post(self.page, self.data(extra={"number": 9, "name": "Evaluering", "description": ""}))
        self.assertEqual(r.status_code, 302)
        self.assertEqual(self.numbers()["Evaluering"], 9)

    def test_it_rejects_duplicate_numbers(self) -> None:
        r = self.client.post(self.page, self.data({2: {"number": 3, "name": "Endret"}}))
        self.assertContains(r, "Two phases have the same step number.")
        self.assertEqual(self.numbers()["Program- og konseptutvikling"], 2)
        self.assertNotIn("Endret", self.numbers())

    def test_it_rejects_gaps(self) -> None:
        r = self.client.post(self.page, self.data({8: {"number": 10}}))
        self.assertContains(r, "Number the steps 1, 2, 3 … without gaps.")
        r = self.client.post(self.page, self.data(extra={"number": 11, "name": "Etter"}))
        self.assertContains(r, "without gaps")
        self.assertEqual(self.numbers()["Avvikling"], 8)
        self.assertEqual(Phase.objects.filter(organization=self.organization).count(), 8)

    def test_it_ignores_phases_of_other_organizations(self) -> None:
        foreign = Phase.objects.get(organization=self.other_organization, number=1)
        data = self.data()
        data["form-0-id"] = foreign.pk
        data["form-0-name"] = "Kapret"
        self.client.post(self.page, data)
        foreign.refresh_from_db()
        self.assertEqual(foreign.name, "Strategisk definisjon")
        self.assertFalse(Phase.objects.filter(name="Kapret").exists())

    def test_it_forbids_members_who_are_not_admins(self) -> None:
        self.log_in(self.ola)
        self.assertEqual(self.client.get(self.page).status_code, 403)
        self.assertEqual(self.client.post(self.page, self.data({1: {"name": "X"}})).status_code, 403)
        self.assertIn("Strategisk definisjon", self.numbers())


class ExpectedUnitsTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.page = reverse("projects:expected_units")
        self.log_in(self.kari)

    def test_it_shows_the_current_choices(self) -> None:
        form = self.client.get(self.page).context["form"]
        self.assertEqual(
            set(form.fields["nursing_home"].initial), {"property", "health_care", "it", "strategy", "planning"}
        )

    def test_it_saves_new_choices(self) -> None:
        from mulighetsrom.projects.models import ExpectedUnit

        r = self.client.post(self.page, {"nursing_home": ["property", "health_care"], "school": ["school"]})
        self.assertRedirects(r, self.page, fetch_redirect_response=False)
        rows = set(
            ExpectedUnit.objects.filter(organization=self.organization).values_list("building_type", "unit_kind")
        )
        self.assertEqual(rows, {("nursing_home", "property"), ("nursing_home", "health_care"), ("school", "school")})
        # Other organizations keep theirs.
        self.assertTrue(ExpectedUnit.objects.filter(organization=self.other_organization, unit_kind="it").exists())

    def test_it_rejects_an_unknown_unit_kind_and_keeps_what_was_saved(self) -> None:
        from mulighetsrom.projects.models import ExpectedUnit

        before = ExpectedUnit.objects.filter(organization=self.organization).count()
        r = self.client.post(self.page, {"nursing_home": ["spaceport"]})
        self.assertContains(r, "Select a valid choice.")
        self.assertEqual(ExpectedUnit.objects.filter(organization=self.organization).count(), before)

    def test_it_forbids_members_who_are_not_admins(self) -> None:
        self.log_in(self.ola)
        self.assertEqual(self.client.post(self.page, {"nursing_home": []}).status_code, 403)
