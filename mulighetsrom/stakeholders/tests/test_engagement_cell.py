from __future__ import annotations

from typing import Any

from mulighetsrom.projects.models import Membership, ProjectEvent
from mulighetsrom.stakeholders.models import EngagementEntry, StakeholderGroup
from mulighetsrom.test import PASSWORD, BaseTestCase


class EngagementCellTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.group = StakeholderGroup.objects.get(project=self.project, name="Beboere")
        self.cell_url = self.url("stakeholders:cell", self.group.code, 2)
        self.clear_url = self.url("stakeholders:cell_clear", self.group.code, 2)
        self.ingrid_membership = Membership.objects.get(project=self.project, person=self.ingrid_person)
        self.log_in(self.ola)

    def data(self, **changes: Any) -> dict[str, Any]:
        data = {
            "level": "involve",
            "methods": ["interview", "observation"],
            "responsible": self.ingrid_membership.pk,
            "period_start": "2026-02-01",
            "period_end": "2026-04-30",
            "status": "planned",
            "notes": "Med pårørende til stede.",
        }
        data.update(changes)
        return data

    def test_it_shows_the_full_page(self) -> None:
        EngagementEntry.objects.create(group=self.group, phase=self.phases[2], level="consult", methods=["interview"])
        r = self.client.get(self.cell_url)
        self.assertContains(r, "<html")
        self.assertContains(r, "Consult")
        self.assertContains(r, "Interview")
        self.assertContains(r, "Back to the engagement plan")

    def test_it_shows_only_the_cell_to_htmx(self) -> None:
        EngagementEntry.objects.create(group=self.group, phase=self.phases[2], level="consult")
        r = self.client.get(self.cell_url, HTTP_HX_REQUEST="true")
        self.assertContains(r, "Consult")
        self.assertNotContains(r, "<html")
        self.assertNotContains(r, "Back to the engagement plan")

    def test_it_shows_the_form_as_a_page_or_a_fragment(self) -> None:
        page = self.client.get(self.cell_url + "?edit=1")
        self.assertContains(page, "<html")
        self.assertContains(page, 'name="level"')
        fragment = self.client.get(self.cell_url + "?edit=1", HTTP_HX_REQUEST="true")
        self.assertContains(fragment, 'name="level"')
        self.assertContains(fragment, "hx-post=")
        self.assertNotContains(fragment, "<html")

    def test_it_saves_an_entry_and_returns_the_cell_to_htmx(self) -> None:
        r = self.client.post(self.cell_url, self.data(), HTTP_HX_REQUEST="true")
        self.assertEqual(r.status_code, 200)
        self.assertNotContains(r, "<html")
        self.assertContains(r, "Involve")
        self.assertContains(r, "Ingrid")
        entry = EngagementEntry.objects.get(group=self.group, phase=self.phases[2])
        self.assertEqual(entry.level, "involve")
        self.assertEqual(entry.methods, ["interview", "observation"])
        self.assertEqual(entry.responsible, self.ingrid_membership)
        self.assertTrue(ProjectEvent.objects.filter(project=self.project, verb="planned").exists())

    def test_it_saves_an_entry_and_redirects_without_htmx(self) -> None:
        r = self.client.post(self.cell_url, self.data())
        self.assertRedirects(r, self.url("stakeholders:engagement"), fetch_redirect_response=False)
        self.assertContains(self.client.get(r["Location"]), "The engagement plan was saved.")
        self.assertTrue(EngagementEntry.objects.filter(group=self.group, phase=self.phases[2]).exists())

    def test_it_updates_an_existing_entry(self) -> None:
        entry = EngagementEntry.objects.create(group=self.group, phase=self.phases[2], level="consult")
        self.client.post(self.cell_url, self.data(level="collaborate", status="held"))
        entry.refresh_from_db()
        self.assertEqual((entry.level, entry.status), ("collaborate", "held"))
        self.assertEqual(EngagementEntry.objects.filter(group=self.group).count(), 1)

    def test_it_rejects_a_period_that_ends_before_it_starts(self) -> None:
        for headers in ({}, {"HX-Request": "true"}):
            r = self.client.post(
                self.cell_url, self.data(period_start="2026-05-01", period_end="2026-04-01"), headers=headers
            )
            self.assertContains(r, "The end of the period cannot be before its start.", status_code=400)
        self.assertNotContains(r, "<html", status_code=400)
        self.assertFalse(EngagementEntry.objects.exists())

    def test_it_keeps_the_saved_entry_when_an_update_is_rejected(self) -> None:
        entry = EngagementEntry.objects.create(group=self.group, phase=self.phases[2], level="consult")
        r = self.client.post(self.cell_url, self.data(level="", period_end="2026-01-01"))
        self.assertEqual(r.status_code, 400)
        entry.refresh_from_db()
        self.assertEqual(entry.level, "consult")

    def test_it_rejects_a_responsible_person_from_outside_the_team(self) -> None:
        from mulighetsrom.projects import actions
        from mulighetsrom.projects.models import Project

        other = actions.create_project(
            project=Project(organization=self.organization, name="Ny skole", building_type="school"),
            acting_person=self.per_person,
            acting_user=self.per,
        )
        outsider = Membership.objects.get(project=other)
        r = self.client.post(self.cell_url, self.data(responsible=outsider.pk))
        self.assertEqual(r.status_code, 400)
        self.assertFalse(EngagementEntry.objects.filter(group=self.group).exists())

    def test_it_rejects_an_unknown_level_or_method(self) -> None:
        self.assertEqual(self.client.post(self.cell_url, self.data(level="dictate")).status_code, 400)
        self.assertEqual(self.client.post(self.cell_url, self.data(methods=["telepathy"])).status_code, 400)
        self.assertFalse(EngagementEntry.objects.exists())

    def test_it_gives_404_for_a_step_that_does_not_exist(self) -> None:
        self.assertEqual(self.client.get(self.url("stakeholders:cell", self.group.code, 42)).status_code, 404)

    def test_it_clears_an_entry_for_htmx(self) -> None:
        EngagementEntry.objects.create(group=self.group, phase=self.phases[2], level="consult")
        r = self.client.post(self.clear_url, HTTP_HX_REQUEST="true")
        self.assertEqual(r.status_code, 200)
        self.assertNotContains(r, "<html")
        self.assertContains(r, "not planned")
        self.assertFalse(EngagementEntry.objects.exists())
        self.assertTrue(ProjectEvent.objects.filter(project=self.project, verb="removed").exists())

    def test_it_clears_an_entry_and_redirects_without_htmx(self) -> None:
        EngagementEntry.objects.create(group=self.group, phase=self.phases[2], level="consult")
        r = self.client.post(self.clear_url, follow=True)
        self.assertContains(r, "The plan entry was removed.")
        self.assertFalse(EngagementEntry.objects.exists())

    def test_it_clears_only_its_own_cell(self) -> None:
        own = EngagementEntry.objects.create(group=self.group, phase=self.phases[2], level="consult")
        other = EngagementEntry.objects.create(group=self.group, phase=self.phases[3], level="consult")
        self.assertEqual(self.client.post(self.clear_url).status_code, 302)
        self.assertEqual(list(EngagementEntry.objects.all()), [other])
        self.assertFalse(EngagementEntry.objects.filter(pk=own.pk).exists())

    def test_it_forbids_viewers_to_save_or_clear(self) -> None:
        EngagementEntry.objects.create(group=self.group, phase=self.phases[2], level="consult")
        self.log_in(self.nora)
        self.assertEqual(self.client.post(self.cell_url, self.data()).status_code, 403)
        self.assertEqual(self.client.post(self.clear_url).status_code, 403)
        self.assertEqual(EngagementEntry.objects.get().level, "consult")


class EngagementMatrixTestCase(BaseTestCase):
    def test_it_shows_groups_by_phases_with_warnings(self) -> None:
        group = StakeholderGroup.objects.get(project=self.project, name="Beboere")
        EngagementEntry.objects.create(
            group=group,
            phase=self.phases[2],
            level="collaborate",
            responsible=Membership.objects.get(person=self.ola_person),
        )
        self.log_in(self.nora)
        r = self.client.get(self.url("stakeholders:engagement"))
        matrix = r.context["matrix"]
        self.assertEqual(len(matrix.phases), 8)
        row = next(row for row in matrix.rows if row.group == group)
        self.assertEqual([e.level if e else None for _p, e in row.cells][:3], [None, "collaborate", None])
        self.assertContains(r, f'id="cell-{group.code}-2"')
        self.assertContains(r, "Collaborate")
        self.assertContains(r, "Eldreråd has no planned involvement.")
        # Viewers get no edit links.
        self.assertNotContains(r, "?edit=1")
        self.log_in(self.ola)
        self.assertContains(self.client.get(self.url("stakeholders:engagement")), "?edit=1")


class SavedCellWarningsTestCase(BaseTestCase):
    def test_it_swaps_the_plan_warnings_out_of_band_after_an_inline_save(self) -> None:
        self.client.login(email=self.kari.email, password=PASSWORD)
        self.client.cookies["django_language"] = "en"
        group = StakeholderGroup.objects.get(project=self.project, name="Naboer")
        url = self.url("stakeholders:cell", group.code, 2)
        r = self.client.post(url, {"level": "consult", "status": "planned"}, HTTP_HX_REQUEST="true")
        self.assertEqual(r.status_code, 200)
        body = r.content.decode()
        self.assertIn('id="plan-warnings" hx-swap-oob="true"', body)
        self.assertNotIn("Naboer has no planned involvement", body)
        self.assertIn("has no planned involvement", body)  # other groups are still unplanned
