"""The versioned-record base (needs/versioning.py): lock check, reason rule and history."""

from __future__ import annotations

import unittest
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.test import RequestFactory, TransactionTestCase
from django.utils import translation

from mulighetsrom.needs import actions
from mulighetsrom.needs.forms import RequirementForm
from mulighetsrom.needs.models import Need, Requirement, RoomType
from mulighetsrom.needs.spreadsheets import ProgrammeRow
from mulighetsrom.needs.tests.factories import make_need, make_requirement, make_room
from mulighetsrom.needs.versioning import ChangeReasonRequired, ConflictError
from mulighetsrom.needs.views import edit_status
from mulighetsrom.test import BaseTestCase, make_own_project, run_at_once


class VersionLockTestCase(BaseTestCase):
    def test_it_refuses_a_stale_version_and_writes_nothing(self) -> None:
        need = make_need(self.project, self.kari, "Skjermet hage")
        Need.objects.filter(pk=need.pk).update(version=3, statement="Karis hage")
        need.statement = "Olas hage"
        with self.assertRaises(ConflictError) as caught, transaction.atomic():
            need.save_change(acting_user=self.ola, expected_version=1)
        current = caught.exception.current
        assert isinstance(current, Need)
        self.assertEqual((current.statement, current.version), ("Karis hage", 3))
        need.refresh_from_db()
        self.assertEqual((need.statement, need.version), ("Karis hage", 3))

    def test_of_two_saves_from_the_same_version_exactly_one_wins(self) -> None:
        room = make_room(self.project, self.kari)
        karis, olas = RoomType.objects.get(pk=room.pk), RoomType.objects.get(pk=room.pk)
        karis.name, olas.name = "Karis rom", "Olas rom"
        with transaction.atomic():
            karis.save_change(acting_user=self.kari, expected_version=1)
        with self.assertRaises(ConflictError), transaction.atomic():
            olas.save_change(acting_user=self.ola, expected_version=1)
        room.refresh_from_db()
        self.assertEqual((room.name, room.version), ("Karis rom", 2))
        self.assertEqual(room.history.count(), 2)  # created, Kari's change; nothing from Ola

    def test_it_says_who_won_when_the_record_was_deleted(self) -> None:
        requirement = make_requirement(self.project, self.kari)
        stale = Requirement.objects.get(pk=requirement.pk)
        requirement.delete()
        with self.assertRaises(ConflictError) as caught, transaction.atomic():
            stale.save_change(acting_user=self.ola, expected_version=1)
        self.assertIsNone(caught.exception.current)

    def test_a_save_without_an_expected_version_still_moves_the_version_on(self) -> None:
        room = make_room(self.project, self.kari, "BO-01")
        opened = room.version
        row = ProgrammeRow(
            line=2, ref="BO-01", name="Fra fil", function_group="residential", zone="", count=1,
            net_area=Decimal("26"), area_term="NTA", notes="",
        )  # fmt: skip
        actions.import_room_programme(project=self.project, rows=[row], acting_user=self.kari)
        room.refresh_from_db()
        self.assertEqual((room.name, room.version), ("Fra fil", opened + 1))
        # A form opened before the import is now stale.
        room.name = "Fra skjema"
        with self.assertRaises(ConflictError), transaction.atomic():
            room.save_change(acting_user=self.ola, expected_version=opened)


class ChangeReasonTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.requirement = make_requirement(self.project, self.kari, "Minst 25 m²", status="agreed")

    def test_an_agreed_requirement_needs_a_reason_to_change(self) -> None:
        self.requirement.text = "Minst 20 m²"
        with self.assertRaises(ChangeReasonRequired), transaction.atomic():
            self.requirement.save_change(acting_user=self.ola, expected_version=1, reason="  ")
        stored = Requirement.objects.get(pk=self.requirement.pk)
        self.assertEqual((stored.text, stored.version), ("Minst 25 m²", 1))  # the claimed version rolled back

    def test_the_history_row_carries_the_reason_and_the_user(self) -> None:
        self.requirement.text = "Minst 27 m²"
        with transaction.atomic():
            self.requirement.save_change(acting_user=self.ola, expected_version=1, reason="Husbankens veileder")
        record = self.requirement.history.first()
        self.assertEqual(
            (record.text, record.history_change_reason, record.history_user, record.history_type),
            ("Minst 27 m²", "Husbankens veileder", self.ola, "~"),
        )
        self.assertEqual(self.requirement.version, 2)

    def test_a_draft_requirement_changes_without_a_reason(self) -> None:
        draft = make_requirement(self.project, self.kari, "Utkast")
        draft.text = "Utkast 2"
        with transaction.atomic():
            draft.save_change(acting_user=self.ola, expected_version=1)
        draft.refresh_from_db()
        self.assertEqual((draft.text, draft.version), ("Utkast 2", 2))

    def test_the_rule_looks_at_the_stored_status_not_the_new_one(self) -> None:
        # Moving an agreed requirement back to draft is itself a change of an agreed item.
        self.requirement.status = Requirement.Status.DRAFT
        with self.assertRaises(ChangeReasonRequired), transaction.atomic():
            self.requirement.save_change(acting_user=self.ola, expected_version=1)

    def test_the_edit_form_asks_for_the_reason_only_when_the_saved_item_is_agreed(self) -> None:
        self.log_in(self.ola)
        agreed = self.client.get(self.url("needs:requirement_edit", self.requirement.code))
        self.assertTrue(agreed.context["form"].fields["change_reason"].required)
        draft = make_requirement(self.project, self.kari, "Utkast")
        self.assertFalse(
            self.client.get(self.url("needs:requirement_edit", draft.code))
            .context["form"]
            .fields["change_reason"]
            .required
        )

    def test_a_requirement_agreed_after_the_form_opened_gets_the_reason_message(self) -> None:
        draft = make_requirement(self.project, self.kari, "Utkast")
        # The form opened on the draft; then someone agreed it. The post carries no version.
        form = RequirementForm(
            {"text": "Nytt", "category": "functional", "status": "draft"}, instance=draft, project=self.project
        )
        Requirement.objects.filter(pk=draft.pk).update(status=Requirement.Status.AGREED)
        request = RequestFactory().post("/")
        request.user = self.ola

        def save(**lock: Any) -> None:
            actions.save_requirement(requirement=draft, acting_user=self.ola, **lock)

        with translation.override("en"):
            self.assertEqual(edit_status(request, form, save), 400)
            self.assertIn("This item is agreed: say why it changes.", str(form.errors["change_reason"]))
        self.assertEqual(Requirement.objects.get(pk=draft.pk).text, "Utkast")

    def test_deleting_records_the_user_in_the_history(self) -> None:
        need = make_need(self.project, self.kari)
        actions.delete_need(need=need, acting_user=self.ola)
        record = Need.history.filter(code=need.code).first()
        self.assertEqual((record.history_type, record.history_user), ("-", self.ola))


@unittest.skipIf(connection.vendor == "sqlite", "SQLite serialises writers; the race needs PostgreSQL")
class ConcurrentSaveTestCase(TransactionTestCase):
    def test_two_threads_saving_the_same_version_leave_one_winner(self) -> None:
        kari, project = make_own_project()
        room = make_room(project, kari)

        def save(name: str) -> str:
            mine = RoomType.objects.get(pk=room.pk)
            mine.name = name
            try:
                actions.save_room_type(room=mine, requirements=[], acting_user=kari, expected_version=1)
                return "saved"
            except ConflictError:
                return "conflict"

        names = ("Karis rom", "Olas rom")
        outcomes = dict(zip(names, run_at_once(save, *names), strict=True))
        self.assertEqual(sorted(outcomes.values()), ["conflict", "saved"])
        room.refresh_from_db()
        winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
        self.assertEqual((room.name, room.version), (winner, 2))
        self.assertEqual(room.history.count(), 2)
