from __future__ import annotations

from mulighetsrom.needs.models import NeedRequirement, Requirement
from mulighetsrom.needs.tests.factories import make_need, make_requirement
from mulighetsrom.test import BaseTestCase


def form_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "text": "Beboerrom skal ha minst 25 m² netto.",
        "category": "room",
        "status": "draft",
        "necessity": "",
    }
    data.update(overrides)
    return data


class RequirementCreateTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.log_in(self.ola)

    def test_it_gives_codes_per_category_prefix(self) -> None:
        self.client.post(self.url("needs:requirement_create"), form_data())
        self.client.post(self.url("needs:requirement_create"), form_data(category="functional"))
        self.client.post(self.url("needs:requirement_create"), form_data())
        refs = list(Requirement.objects.order_by("id").values_list("ref", flat=True))
        self.assertEqual(refs, ["ROM-001", "FUN-001", "ROM-002"])

    def test_it_never_reuses_a_deleted_code(self) -> None:
        req = make_requirement(self.project, self.ola, category="room")
        self.client.post(self.url("needs:requirement_delete", req.code))
        self.assertEqual(make_requirement(self.project, self.ola, category="room").ref, "ROM-002")

    def test_it_stores_a_measurable_criterion(self) -> None:
        self.client.post(
            self.url("needs:requirement_create"),
            form_data(
                metric="nettoareal", operator=">=", target_value="25", unit="m²", verification_method="model_check"
            ),
        )
        self.assertEqual(Requirement.objects.get().criterion, "nettoareal ≥ 25 m²")

    def test_it_rejects_half_a_criterion(self) -> None:
        r = self.client.post(self.url("needs:requirement_create"), form_data(metric="nettoareal"))
        self.assertContains(r, "A measurable criterion needs")
        self.assertFalse(Requirement.objects.exists())

    def test_it_requires_a_reference_for_a_necessity(self) -> None:
        r = self.client.post(self.url("needs:requirement_create"), form_data(necessity="regulatory"))
        self.assertContains(r, "Give the regulation or technical source")
        self.client.post(
            self.url("needs:requirement_create"), form_data(necessity="regulatory", necessity_reference="TEK17 § 11-2")
        )
        self.assertEqual(Requirement.objects.get().necessity_reference, "TEK17 § 11-2")

    def test_it_requires_a_reason_to_waive(self) -> None:
        r = self.client.post(self.url("needs:requirement_create"), form_data(status="waived"))
        self.assertContains(r, "Give a reason when a requirement is waived.")

    def test_it_links_a_new_requirement_to_a_need(self) -> None:
        need = make_need(self.project, self.ola)
        self.client.post(
            self.url("needs:requirement_create") + f"?need={need.code}", form_data(rationale="Gir plass til rullator")
        )
        link = NeedRequirement.objects.get()
        self.assertEqual((link.need, link.rationale), (need, "Gir plass til rullator"))


class RequirementLinkTestCase(BaseTestCase):
    def test_it_links_and_unlinks_needs_with_a_rationale(self) -> None:
        need, req = make_need(self.project, self.kari), make_requirement(self.project, self.kari)
        self.log_in(self.ola)
        self.client.post(self.url("needs:requirement_link", req.code), {"need": need.pk, "rationale": "Direkte"})
        self.assertEqual(NeedRequirement.objects.get().rationale, "Direkte")
        self.client.post(self.url("needs:requirement_unlink", req.code, need.code))
        self.assertFalse(NeedRequirement.objects.exists())

    def test_it_does_not_link_a_need_of_another_project(self) -> None:
        from mulighetsrom.projects import actions as project_actions
        from mulighetsrom.projects.models import Project

        other = project_actions.create_project(
            project=Project(organization=self.organization, name="Annet", building_type="school"),
            acting_person=self.kari_person,
            acting_user=self.kari,
        )
        foreign = make_need(other, self.kari)
        req = make_requirement(self.project, self.kari)
        self.log_in(self.ola)
        self.client.post(self.url("needs:requirement_link", req.code), {"need": foreign.pk})
        self.assertFalse(NeedRequirement.objects.exists())


class RequirementEditTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.req = make_requirement(self.project, self.kari, category="room", status="agreed")
        self.log_in(self.ola)

    def edit(self, **overrides: object):
        data = form_data(status="agreed", version=self.req.version)
        data.update(overrides)
        return self.client.post(self.url("needs:requirement_edit", self.req.code), data)

    def test_it_asks_for_a_reason_to_change_an_agreed_requirement(self) -> None:
        r = self.edit(text="Nytt krav")
        self.assertEqual(r.status_code, 400)
        self.req.refresh_from_db()
        self.assertNotEqual(self.req.text, "Nytt krav")

    def test_it_stores_the_reason_in_the_history(self) -> None:
        r = self.edit(text="Beboerrom skal ha minst 27 m².", change_reason="Husbankens veileder")
        self.assertRedirects(r, self.url("needs:requirement_detail", self.req.code))
        record = self.req.history.first()
        self.assertEqual((record.history_change_reason, record.history_user), ("Husbankens veileder", self.ola))
        self.assertEqual(record.ref, "ROM-001")  # the code stays

    def test_it_does_not_silently_overwrite_a_concurrent_change(self) -> None:
        opened = self.req.version
        # Kari saves first.
        self.client.force_login(self.kari)
        self.client.post(
            self.url("needs:requirement_edit", self.req.code),
            form_data(status="agreed", version=opened, text="Karis tekst", change_reason="k"),
        )
        self.log_in(self.ola)
        r = self.edit(text="Olas tekst", change_reason="o", version=opened)
        self.assertEqual(r.status_code, 409)
        self.assertContains(r, "Someone else saved this item", status_code=409)
        self.assertContains(r, "Olas tekst", status_code=409)  # the user's input is kept
        self.req.refresh_from_db()
        self.assertEqual(self.req.text, "Karis tekst")
        # Saving again, having seen the conflict, keeps Ola's version.
        r = self.edit(text="Olas tekst", change_reason="o", version=r.context["form"].data["version"])
        self.assertEqual(r.status_code, 302)
        self.req.refresh_from_db()
        self.assertEqual(self.req.text, "Olas tekst")


class RequirementListTestCase(BaseTestCase):
    def test_it_keeps_a_constant_number_of_queries(self) -> None:
        self.log_in(self.nora)
        need = make_need(self.project, self.kari)
        make_requirement(self.project, self.kari, needs=(need,), owner_member=self.project.memberships.first())
        small = self.count_queries(self.url("needs:requirements"))
        for _i in range(10):
            make_requirement(
                self.project, self.kari, needs=(need, make_need(self.project, self.kari)), owner_unit=self.units["it"]
            )
        self.assertEqual(self.count_queries(self.url("needs:requirements")), small)
