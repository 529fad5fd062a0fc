from __future__ import annotations

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from mulighetsrom.needs.models import Adjacency, FunctionGroup, RoomType
from mulighetsrom.needs.programme import programme_totals
from mulighetsrom.needs.spreadsheets import PROGRAMME_HEADER
from mulighetsrom.needs.tests.factories import make_requirement, make_room
from mulighetsrom.test import BaseTestCase


class ProgrammeTotalsTestCase(BaseTestCase):
    def test_it_sums_per_function_group_and_applies_the_gross_factor(self) -> None:
        class R:
            def __init__(self, group: str, count: int, area: str) -> None:
                self.function_group, self.count, self.net_area = group, count, Decimal(area)

        totals = programme_totals(
            [R("residential", 10, "25"), R("residential", 1, "40"), R("staff", 2, "12.5")],
            gross_factor=Decimal("1.45"),
            capacity=10,
            group_labels=FunctionGroup.choices,
        )
        self.assertEqual([(g.function_group, g.room_count, g.net_area) for g in totals.groups],
                         [("residential", 11, Decimal("290")), ("staff", 2, Decimal("25.0"))])  # fmt: skip
        self.assertEqual(totals.net_area, Decimal("315.0"))
        self.assertEqual(totals.gross_area, Decimal("456.8"))  # 315 × 1.45 = 456.75
        self.assertEqual(totals.gross_per_place, Decimal("45.7"))

    def test_it_shows_area_per_place_when_the_project_has_a_capacity_target(self) -> None:
        self.project.capacity_target, self.project.capacity_unit = 40, "plasser"
        self.project.save()
        make_room(self.project, self.kari, count=40, net_area=Decimal("25"))
        self.log_in(self.nora)
        r = self.client.get(self.url("needs:programme"))
        self.assertContains(r, "1,450.0 m²")  # 1000 × 1.45
        self.assertContains(r, "36.3 m²")  # 1450 / 40 = 36.25, rounded half up

    def test_it_saves_the_gross_factor(self) -> None:
        self.log_in(self.ola)
        self.client.post(self.url("needs:programme_factor"), {"gross_factor": "1.60"})
        self.assertEqual(self.project.programme_settings.gross_factor, Decimal("1.60"))
        self.client.post(self.url("needs:programme_factor"), {"gross_factor": "0.5"})
        self.project.programme_settings.refresh_from_db()
        self.assertEqual(self.project.programme_settings.gross_factor, Decimal("1.60"))


class RoomTypeTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.log_in(self.ola)

    def test_it_creates_a_room_type_with_requirements(self) -> None:
        req = make_requirement(self.project, self.kari)
        data = {
            "ref": "BO-01",
            "name": "Beboerrom",
            "function_group": "residential",
            "count": 9,
            "net_area": "25,5",
            "area_term": "NTA",
            "requirements": [req.pk],
        }
        r = self.client.post(self.url("needs:room_create"), data)
        self.assertRedirects(r, self.url("needs:programme"))
        room = RoomType.objects.get()
        self.assertEqual((room.count, room.net_area), (9, Decimal("25.5")))
        self.assertEqual(list(room.requirements.all()), [req])

    def test_it_rejects_a_duplicate_code_and_a_negative_area(self) -> None:
        make_room(self.project, self.kari, ref="BO-01")
        data = {
            "ref": "bo-01",
            "name": "X",
            "function_group": "residential",
            "count": 1,
            "net_area": "-3",
            "area_term": "NTA",
        }
        r = self.client.post(self.url("needs:room_create"), data)
        self.assertContains(r, "Another room type in this project has this code.")
        self.assertEqual(RoomType.objects.count(), 1)

    def test_it_records_adjacency_once_per_pair(self) -> None:
        a, b = make_room(self.project, self.kari, ref="BO-01"), make_room(self.project, self.kari, ref="STUE-01")
        self.client.post(self.url("needs:adjacency_add", a.code), {"kind": "adjacent", "other": b.pk})
        self.client.post(self.url("needs:adjacency_add", b.code), {"kind": "near", "other": a.pk})
        self.assertEqual(
            list(Adjacency.objects.values_list("room__ref", "other__ref", "kind")), [("STUE-01", "BO-01", "near")]
        )
        r = self.client.get(self.url("needs:room_detail", a.code))
        self.assertContains(r, "set on the other room type")

    def test_it_keeps_the_users_input_on_a_conflict(self) -> None:
        room = make_room(self.project, self.kari)
        opened = room.version
        room.name = "Endret av Kari"
        room.version += 1
        room.save()
        data = {
            "ref": "BO-01",
            "name": "Olas navn",
            "function_group": "residential",
            "count": 1,
            "net_area": "25",
            "area_term": "NTA",
            "version": opened,
        }
        r = self.client.post(self.url("needs:room_edit", room.code), data)
        self.assertEqual(r.status_code, 409)
        self.assertContains(r, "Olas navn", status_code=409)
        self.assertContains(r, "Name", status_code=409)  # the field that differs is named
        room.refresh_from_db()
        self.assertEqual(room.name, "Endret av Kari")

    def test_it_keeps_a_constant_number_of_queries(self) -> None:
        req = make_requirement(self.project, self.kari)
        make_room(self.project, self.kari, ref="A-1", requirements=(req,))
        small = self.count_queries(self.url("needs:programme"))
        previous = None
        for i in range(12):
            room = make_room(
                self.project, self.kari, ref=f"B-{i}", requirements=(req,), function_group=FunctionGroup.values[i % 7]
            )
            if previous:
                Adjacency.objects.create(room=room, other=previous, kind="near")
            previous = room
        self.assertEqual(self.count_queries(self.url("needs:programme")), small)


def xlsx(rows: list[list[object]], header: list[str] | None = None) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.title = "Romprogram"
    ws.append(header if header is not None else PROGRAMME_HEADER)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("romprogram.xlsx", out.getvalue())


def row(code: str, group: str = "bogruppe", count: object = 9, area: object = 25, **extra: object) -> list[object]:
    values = [code, f"Rom {code}", group, extra.get("zone", ""), count, area, "NTA", extra.get("krav", ""),
              extra.get("inntil", ""), extra.get("naer", ""), "", extra.get("merknad", "")]  # fmt: skip
    return values


class ProgrammeImportTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.log_in(self.ola)

    def upload(self, f: SimpleUploadedFile):
        return self.client.post(self.url("needs:programme_import"), {"file": f})

    def test_it_imports_a_programme(self) -> None:
        req = make_requirement(self.project, self.kari, category="room")
        r = self.upload(
            xlsx(
                [
                    row("BO-01", krav=req.ref, inntil="STUE-01"),
                    row("STUE-01", group="Fellesareal", count=1, area="60,5"),
                ]
            )
        )
        self.assertRedirects(r, self.url("needs:programme"))
        rooms = {room.ref: room for room in RoomType.objects.all()}
        self.assertEqual(rooms["STUE-01"].net_area, Decimal("60.5"))
        self.assertEqual(rooms["STUE-01"].function_group, "common")
        self.assertEqual(list(rooms["BO-01"].requirements.all()), [req])
        self.assertTrue(Adjacency.objects.filter(room=rooms["BO-01"], other=rooms["STUE-01"], kind="adjacent").exists())

    def test_it_updates_rooms_by_code(self) -> None:
        make_room(self.project, self.kari, ref="BO-01", count=1)
        self.upload(xlsx([row("BO-01", count=10)]))
        self.assertEqual(RoomType.objects.get().count, 10)

    def test_it_reports_missing_columns(self) -> None:
        r = self.upload(xlsx([["BO-01", "Rom"]], header=["Kode", "Navn"]))
        self.assertContains(
            r, "Columns missing in the first row: Funksjonsgruppe, Antall, Nettoareal per rom (m²).", status_code=400
        )

    def test_it_reports_every_bad_row_and_imports_nothing(self) -> None:
        r = self.upload(
            xlsx(
                [
                    row("BO-01"),
                    row("BO-02", area=-5),
                    row("BO-03", area="stor"),
                    row("BO-01"),
                    row("BO-04", group="svømmehall"),
                    row("BO-05", krav="FUN-999"),
                ]
            )
        )
        self.assertEqual(r.status_code, 400)
        for message in (
            "Row 3: The net area cannot be negative.",
            "Row 4: The net area “stor” is not a number.",
            "Row 5: The code BO-01 is also used in row 2.",
            "Row 6: Unknown function group “svømmehall”.",
            "Row 7: Unknown requirement codes: FUN-999.",
        ):
            self.assertContains(r, message, status_code=400)
        self.assertFalse(RoomType.objects.exists())

    def test_it_rejects_a_file_that_is_not_a_workbook(self) -> None:
        r = self.upload(SimpleUploadedFile("romprogram.xlsx", b"Kode;Navn\nBO-01;Rom"))
        self.assertContains(r, "not an Excel workbook", status_code=400)

    def test_it_round_trips_the_export(self) -> None:
        req = make_requirement(self.project, self.kari)
        a = make_room(
            self.project,
            self.kari,
            ref="BO-01",
            count=9,
            net_area=Decimal("25.5"),
            requirements=(req,),
            notes="=SUM(A1)",
            zone="Bogruppe 1",
        )
        b = make_room(self.project, self.kari, ref="TEK-01", function_group="technical", net_area=Decimal("12"))
        Adjacency.objects.create(room=a, other=b, kind="separated")
        exported = self.client.get(self.url("needs:programme_export")).content
        ws = load_workbook(io.BytesIO(exported))["Romprogram"]
        self.assertEqual(ws["L2"].value, "'=SUM(A1)")  # not a formula
        RoomType.objects.all().delete()
        r = self.upload(SimpleUploadedFile("rp.xlsx", exported))
        self.assertEqual(r.status_code, 302)
        rooms = {room.ref: room for room in RoomType.objects.all()}
        self.assertEqual(rooms["BO-01"].notes, "=SUM(A1)")
        self.assertEqual(
            (rooms["BO-01"].count, rooms["BO-01"].net_area, rooms["BO-01"].zone), (9, Decimal("25.5"), "Bogruppe 1")
        )
        self.assertEqual(list(rooms["BO-01"].requirements.all()), [req])
        self.assertTrue(Adjacency.objects.filter(room=rooms["BO-01"], other=rooms["TEK-01"], kind="separated").exists())
