"""The shared table reader on hostile and awkward files: quick refusals with a sentence, or the right cells."""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
import time
from collections.abc import Iterator

from django.test import SimpleTestCase
from django.utils import translation
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from mulighetsrom.lib import tabular
from mulighetsrom.lib.tabular import TableError, TableLimits
from mulighetsrom.lib.tests import hostile_files as hostile

LIMITS = TableLimits()
# The finding asks for "well under a second"; the tests allow more, as a guard on a busy CI machine.
GUARD_SECONDS = 5.0


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class TabularTestCase(SimpleTestCase):
    def setUp(self) -> None:
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    @contextlib.contextmanager
    def quickly(self) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.assertLess(time.perf_counter() - started, GUARD_SECONDS)

    def refused(self, data: bytes, name: str, message: str, limits: TableLimits = LIMITS) -> None:
        with self.quickly(), self.assertRaisesMessage(TableError, message):
            tabular.read_table(data, name, limits)


class HostileXlsxTestCase(TabularTestCase):
    def test_a_2_kb_sheet_declaring_a_million_rows_is_refused_at_once(self) -> None:
        data = hostile.huge_dimension_last_cell()
        self.assertLess(len(data), 2048)
        self.refused(data, "svar.xlsx", "a value in column 16384 (row 1048576), but at most 200 columns can be read")

    def test_only_the_cells_that_exist_are_read(self) -> None:
        data = hostile.huge_dimension_last_row(["Tekst", "Gruppe"], ["Langt nede", "Ansatte"])
        with self.quickly():
            table = tabular.read_table(data, "svar.xlsx", LIMITS)
        self.assertEqual(
            [(r.number, r.cells) for r in table.rows], [(1, ["Tekst", "Gruppe"]), (1048576, ["Langt nede", "Ansatte"])]
        )

    def test_a_row_number_past_excels_last_row_is_refused(self) -> None:
        data = hostile.workbook(hostile.sheet_xml({1: [hostile.inline("A1", "T")], 4_000_000_000: []}))
        self.refused(data, "svar.xlsx", "damaged or incomplete")

    def test_rows_are_capped_while_reading(self) -> None:
        rows = {n: [hostile.number(f"A{n}", n)] for n in range(1, 40)}
        self.refused(hostile.workbook(hostile.sheet_xml(rows)), "a.xlsx", "more than 10 rows", TableLimits(max_rows=10))

    def test_cells_are_capped_while_reading(self) -> None:
        rows = {n: [hostile.number(f"{c}{n}", 1) for c in "ABCDE"] for n in range(1, 40)}
        data = hostile.workbook(hostile.sheet_xml(rows))
        self.refused(data, "a.xlsx", "more than 100 cells", TableLimits(max_cells=100))

    def test_cells_and_rows_that_only_hold_formatting_are_capped(self) -> None:
        rows = {n: [f'<c r="{c}{n}" s="1"/>' for c in "ABCDEFGHIJ"] for n in range(1, 200)}
        data = hostile.workbook(hostile.sheet_xml(rows))
        self.refused(data, "a.xlsx", "more than 1000 formatted but empty cells", TableLimits(max_empty=1000))
        rows = {n: [] for n in range(1, 2000)}
        self.refused(hostile.workbook(hostile.sheet_xml(rows)), "a.xlsx", "more than 1000", TableLimits(max_empty=1000))

    def test_a_zip_bomb_is_refused_before_it_is_unpacked(self) -> None:
        data = hostile.zip_bomb(megabytes=50)
        self.assertLess(len(data), 200_000)
        self.refused(data, "bombe.xlsx", "expands to far more data than a spreadsheet")

    def test_an_archive_declaring_more_than_the_cap_is_refused(self) -> None:
        data = xlsx_bytes([["Tekst"], ["Hei"]])
        self.refused(data, "a.xlsx", "expands to far more data", TableLimits(max_unpacked=1000))

    def test_a_zip_directory_that_understates_a_size_does_not_get_past_it(self) -> None:
        self.refused(hostile.lying_zip_directory(), "a.xlsx", "damaged or incomplete")

    def test_xml_entity_expansion_is_refused(self) -> None:
        for strings in (hostile.BILLION_LAUGHS, hostile.EXTERNAL_ENTITY):
            data = hostile.workbook(hostile.sheet_xml({1: ['<c r="A1" t="s"><v>0</v></c>']}), shared_strings=strings)
            self.refused(data, "a.xlsx", "XML declarations that are not allowed")

    def test_a_file_that_is_not_a_zip_is_refused(self) -> None:
        self.refused(hostile.not_a_zip(), "a.xlsx", "not a valid Excel (.xlsx) file")

    def test_a_truncated_zip_is_refused(self) -> None:
        self.refused(hostile.truncated(xlsx_bytes([["Tekst"], ["Hei"]])), "a.xlsx", "damaged or incomplete")

    def test_a_csv_named_xlsx_is_refused_with_advice(self) -> None:
        self.refused(b"Tekst;Gruppe\nHei;Ansatte\n", "a.xlsx", "holds plain text (probably CSV), not an Excel workbook")

    def test_a_file_over_the_size_limit_is_refused_before_reading(self) -> None:
        self.refused(xlsx_bytes([["Tekst"], ["Hei"]]), "a.xlsx", "too large: at most 1 KB", TableLimits(max_bytes=1024))


class XlsxValuesTestCase(TabularTestCase):
    def test_it_reads_the_values_openpyxl_writes(self) -> None:
        rich = CellRichText([TextBlock(InlineFont(b=True), "Fet"), " tekst"])
        data = xlsx_bytes(
            [
                ["Tekst", "Antall", "Areal", "Ja", "Dato", "Tid"],
                ["Kaffe og vafler", 3, 25.5, True, dt.date(2026, 3, 1), dt.datetime(2026, 3, 1, 13, 30)],
                [],
                [rich, None, "=1+1"],
            ]
        )
        table = tabular.read_table(data, "a.xlsx", LIMITS)
        self.assertEqual(
            [(r.number, r.cells) for r in table.rows],
            [
                (1, ["Tekst", "Antall", "Areal", "Ja", "Dato", "Tid"]),
                (2, ["Kaffe og vafler", 3, 25.5, True, dt.date(2026, 3, 1), dt.datetime(2026, 3, 1, 13, 30)]),
                (4, ["Fet tekst"]),  # the formula has no cached value: nothing to read
            ],
        )

    def test_it_reads_the_named_sheet_or_else_the_first(self) -> None:
        data = hostile.workbook(hostile.sheet_xml({1: [hostile.inline("A1", "Kode")]}))
        self.assertEqual(tabular.read_xlsx(data, LIMITS, sheet_name="Romprogram").rows[0].cells, ["Kode"])
        self.assertEqual(tabular.read_xlsx(data, LIMITS, sheet_name="Finnes ikke").rows[0].cells, ["Kode"])


class HostileCsvTestCase(TabularTestCase):
    TEXT = "Tekst;Gruppe\r\nFor lite lys på badet;Pårørende\r\nMer grønt ute;Ansatte\r\n"
    ROWS = [["Tekst", "Gruppe"], ["For lite lys på badet", "Pårørende"], ["Mer grønt ute", "Ansatte"]]

    def cells(self, table: tabular.Table) -> list[list[tabular.Value]]:
        return [r.cells for r in table.rows]

    def test_utf16_is_read_with_or_without_a_byte_order_mark(self) -> None:
        for data in (
            codecs.BOM_UTF16_LE + self.TEXT.encode("utf-16-le"),
            codecs.BOM_UTF16_BE + self.TEXT.encode("utf-16-be"),
            self.TEXT.encode("utf-16-le"),
            self.TEXT.encode("utf-16-be"),
            self.TEXT.encode("utf-16"),
        ):
            with self.subTest(head=data[:4]):
                table = tabular.read_table(data, "svar.csv", LIMITS)
                self.assertEqual(self.cells(table), self.ROWS)
                self.assertEqual(table.notices, [])

    def test_broken_utf16_is_refused(self) -> None:
        data = codecs.BOM_UTF16_LE + self.TEXT.encode("utf-16-le") + b"\x00\xd8"  # a lone surrogate
        self.refused(data, "svar.csv", "looks like UTF-16-LE text but could not be read")

    def test_a_nul_byte_is_refused_with_its_line(self) -> None:
        self.refused(b"Tekst\nEn\nTo\x00tre\n", "svar.csv", "Line 3 contains a NUL character")

    def test_control_characters_become_spaces(self) -> None:
        table = tabular.read_table(b"Tekst\nEn\x0blinje\x01til\tslutt\n", "svar.csv", LIMITS)
        self.assertEqual(table.rows[1].cells, ["En linje til\tslutt"])

    def test_a_cell_over_the_field_limit_is_refused_with_its_line(self) -> None:
        data = b"Tekst\nKort\n" + b"x" * (csv.field_size_limit() + 10) + b"\n"
        self.refused(data, "svar.csv", f"A cell on line 3 is longer than {csv.field_size_limit()} characters")

    def test_an_unbalanced_quote_that_merges_rows_is_reported_with_the_row(self) -> None:
        data = b'Tekst;Gruppe\nEn;Ansatte\n"To;Ansatte\nTre;Beboere\nFire;Beboere\n'
        table = tabular.read_table(data, "svar.csv", LIMITS)
        self.assertEqual(len(table.rows), 3)  # the last three lines became one row
        self.assertEqual(table.notices, [tabular.Notice(tabular.NOTICE_MERGED_ROWS, row=3, first_line=3, last_line=5)])
        self.assertIn("Row 3 takes up lines 3–5 of the file", table.notices[0].message)

    def test_a_quoted_multi_line_answer_is_not_reported(self) -> None:
        data = 'Tekst;Gruppe\n"Første linje\nandre linje";Ansatte\nTo;Beboere\n'.encode()
        table = tabular.read_table(data, "svar.csv", LIMITS)
        self.assertEqual(self.cells(table)[1:], [["Første linje\nandre linje", "Ansatte"], ["To", "Beboere"]])
        self.assertEqual([r.number for r in table.rows], [1, 2, 4])
        self.assertEqual(table.notices, [])

    def test_lines_in_windows_1252_are_read_with_a_notice(self) -> None:
        data = "Tekst;Gruppe\nFor lite lys på badet;Ansatte\n".encode() + "Mer grønt ute;Pårørende\n".encode("cp1252")
        table = tabular.read_table(data, "svar.csv", LIMITS)
        self.assertEqual(self.cells(table)[2], ["Mer grønt ute", "Pårørende"])
        self.assertEqual(table.notices, [tabular.Notice(tabular.NOTICE_CP1252, lines=(3,))])
        self.assertIn("These lines were not valid UTF-8 and were read as Windows-1252: 3.", table.notices[0].message)

    def test_too_many_columns_or_rows_are_refused(self) -> None:
        wide = ("Tekst" + ";x" * 250 + "\n").encode() * 2
        self.refused(wide, "a.csv", "a value in column 251 (line 1), but at most 200 columns can be read")
        long = b"Tekst\n" + b"rad\n" * 30
        self.refused(long, "a.csv", "more than 20 rows of data", TableLimits(max_rows=20))

    def test_the_separator_is_found_quickly_even_in_crafted_text(self) -> None:
        self.assertEqual(
            self.cells(tabular.read_table(b"Tekst\tGruppe\nHei\tAnsatte\n", "a.csv", LIMITS))[1], ["Hei", "Ansatte"]
        )
        comma = 'Tekst,Gruppe\n"Kaffe, vafler; og prat",Pårørende\n'.encode()
        self.assertEqual(
            self.cells(tabular.read_table(comma, "a.csv", LIMITS))[1], ["Kaffe, vafler; og prat", "Pårørende"]
        )
        for crafted in (';"' * 100_000, "'" + ";'" * 100_000, 'a;"b' * 50_000):
            with self.quickly(), contextlib.suppress(TableError):  # read or refused, but not slowly
                tabular.read_table(("Tekst\n" + crafted).encode(), "a.csv", LIMITS)

    def test_notices_survive_a_round_trip_through_json(self) -> None:
        notice = tabular.Notice(tabular.NOTICE_MERGED_ROWS, row=3, first_line=3, last_line=5)
        self.assertEqual(tabular.Notice.from_dict(notice.as_dict()), notice)

    def test_other_kinds_of_file_are_refused(self) -> None:
        self.refused(b"%PDF-1.4", "a.pdf", "Only CSV and Excel (.xlsx) files can be imported.")
