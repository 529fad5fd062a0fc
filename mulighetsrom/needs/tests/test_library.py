from __future__ import annotations

from decimal import Decimal

from mulighetsrom.needs.models import LibraryItem, Need, Requirement, RoomType
from mulighetsrom.needs.tests.factories import make_need, make_requirement, make_room
from mulighetsrom.projects import actions as project_actions
from mulighetsrom.projects.models import Project
from mulighetsrom.test import BaseTestCase


class LibraryTestCase(BaseTestCase):
    def test_it_copies_items_into_another_project_independently(self) -> None:
        need = make_need(self.project, self.kari, "Trygg utetilgang", priority="must")
        req = make_requirement(
            self.project,
            self.kari,
            "Dør til hage",
            metric="bredde",
            operator=">=",
            target_value=Decimal("0.9"),
            unit="m",
        )
        room = make_room(self.project, self.kari, ref="BO-01", net_area=Decimal("25.5"))
        self.log_in(self.ola)
        for kind, obj in (("need", need), ("requirement", req), ("room_type", room)):
            self.assertEqual(self.client.post(self.url("needs:library_add", kind, obj.code)).status_code, 302)
        self.assertEqual(LibraryItem.objects.filter(organization=self.organization).count(), 3)
        other = project_actions.create_project(
            project=Project(organization=self.organization, name="Omsorgsboliger", building_type="supported_housing"),
            acting_person=self.kari_person,
            acting_user=self.kari,
        )
        self.client.force_login(self.kari)
        for item in LibraryItem.objects.all():
            self.client.post(f"/p/{other.slug}/library/{item.code}/copy/")
        copied_need = Need.objects.get(project=other)
        self.assertEqual(
            (copied_need.statement, copied_need.priority, copied_need.ref), ("Trygg utetilgang", "must", "BEH-001")
        )
        self.assertEqual(Requirement.objects.get(project=other).criterion, "bredde ≥ 0.9 m")
        self.assertEqual(RoomType.objects.get(project=other).net_area, Decimal("25.5"))
        # Independent: changing the original does not touch the copy.
        need.statement = "Endret"
        need.save()
        copied_need.refresh_from_db()
        self.assertEqual(copied_need.statement, "Trygg utetilgang")

    def test_it_does_not_copy_another_organizations_items(self) -> None:
        item = LibraryItem.objects.create(
            organization=self.other_organization, kind="need", title="X", data={"statement": "X"}
        )
        self.log_in(self.ola)
        self.assertEqual(self.client.post(self.url("needs:library_copy", item.code)).status_code, 404)
        self.assertEqual(self.client.post(self.url("needs:library_add", "bogus", item.code)).status_code, 404)
