"""Hostile files through the room programme import: a sentence, quickly, and no room types."""

from __future__ import annotations

import time

from django.core.files.uploadedfile import SimpleUploadedFile

from mulighetsrom.lib.tests import hostile_files as hostile
from mulighetsrom.lib.tests.test_tabular import GUARD_SECONDS
from mulighetsrom.needs.models import RoomType
from mulighetsrom.needs.spreadsheets import PROGRAMME_HEADER
from mulighetsrom.test import BaseTestCase


class ProgrammeHostileImportTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.log_in(self.ola)

    def refused(self, data: bytes, message: str) -> None:
        started = time.perf_counter()
        r = self.client.post(self.url("needs:programme_import"), {"file": SimpleUploadedFile("romprogram.xlsx", data)})
        self.assertLess(time.perf_counter() - started, GUARD_SECONDS)
        self.assertContains(r, message, status_code=400)
        self.assertFalse(RoomType.objects.exists())

    def test_a_2_kb_sheet_declaring_a_million_rows_is_refused_at_once(self) -> None:
        self.refused(hostile.huge_dimension_last_cell(), "a value in column 16384 (row 1048576)")

    def test_a_row_far_down_is_reported_with_its_real_row_number(self) -> None:
        data = hostile.huge_dimension_last_row(PROGRAMME_HEADER, ["BO-01", "Rom", "svømmehall", "", "1", "20"])
        self.refused(data, "Row 1,048,576: Unknown function group “svømmehall”.")  # number formatted for "en"

    def test_a_zip_bomb_and_xml_entities_are_refused(self) -> None:
        self.refused(hostile.zip_bomb(), "expands to far more data than a spreadsheet")
        entities = hostile.workbook(
            hostile.sheet_xml({1: ['<c r="A1" t="s"><v>0</v></c>']}), shared_strings=hostile.BILLION_LAUGHS
        )
        self.refused(entities, "XML declarations that are not allowed")

    def test_broken_files_are_refused(self) -> None:
        self.refused(hostile.not_a_zip(), "not a valid Excel (.xlsx) file")
        self.refused(hostile.truncated(hostile.huge_dimension_last_cell()), "damaged or incomplete")
        self.refused(hostile.lying_zip_directory(), "damaged or incomplete")
        self.refused("Kode;Navn\nBO-01;Rom\n".encode("utf-16"), "holds plain text (probably CSV)")
