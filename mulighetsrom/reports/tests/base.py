"""Shared setup for document tests: a small project with insights, needs, requirements and rooms."""

from __future__ import annotations

import io
import shutil
import tempfile
from decimal import Decimal

import docx
from django.test import override_settings

from mulighetsrom.accounts.models import User
from mulighetsrom.insight.models import Insight
from mulighetsrom.insight.tests.base import InsightTestCase
from mulighetsrom.needs.models import FunctionGroup, Need, NeedRequirement, ProgrammeSettings, Requirement, RoomType
from mulighetsrom.reports.models import GeneratedDocument

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA = tempfile.mkdtemp(prefix="mulighetsrom-test-reports-")


def docx_text(data: bytes) -> tuple[list[str], str]:
    """(headings, all text including table cells) of a Word document."""
    document = docx.Document(io.BytesIO(data))
    headings = [
        p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith(("Heading", "Title"))
    ]
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return headings, "\n".join(parts)


@override_settings(TASKS=IMMEDIATE, MEDIA_ROOT=MEDIA)
class ReportsTestCase(InsightTestCase):
    insight: Insight
    need: Need
    requirement: Requirement

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.project.capacity_target = 10
        cls.project.save()
        cls.insight = Insight.objects.create(project=cls.project, statement="Måltider i fellesskap gir bedre appetitt")
        cls.insight.themes.add(cls.theme)
        cls.insight.evidence.add(cls.ordinary, cls.sensitive)
        cls.need = Need.objects.create(
            project=cls.project, ref="BEH-001", statement="Spise sammen i små grupper", priority=Need.Priority.MUST
        )
        cls.need.insights.add(cls.insight)
        cls.need.beneficiaries.add(cls.residents)
        Need.objects.create(project=cls.project, ref="BEH-002", statement="Ro om natten", priority=Need.Priority.COULD)
        cls.requirement = Requirement.objects.create(
            project=cls.project,
            ref="FUN-001",
            text="Hver bogruppe har eget kjøkken med spiseplass",
            category=Requirement.Category.FUNCTIONAL,
        )
        Requirement.objects.create(
            project=cls.project,
            ref="TEK-001",
            text="Varslingsanlegg for vandring",
            category=Requirement.Category.TECHNICAL,
        )
        NeedRequirement.objects.create(need=cls.need, requirement=cls.requirement, rationale="felles måltid")
        ProgrammeSettings.objects.create(project=cls.project, gross_factor=Decimal("1.50"))
        RoomType.objects.create(
            project=cls.project, ref="BO-01", name="Beboerrom", function_group=FunctionGroup.RESIDENTIAL,
            count=2, net_area=Decimal("25.0"),
        )  # fmt: skip
        RoomType.objects.create(
            project=cls.project, ref="FE-01", name="Kjøkken og stue", function_group=FunctionGroup.COMMON,
            count=1, net_area=Decimal("40.0"),
        )  # fmt: skip

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def login(self, user: User) -> None:
        # English through the language cookie (the site ignores Accept-Language).
        self.log_in(user, english=True)

    def request_document(self, kind: str, format: str) -> GeneratedDocument:
        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post(self.url("reports:request"), {"kind": kind, "format": format})
        document = GeneratedDocument.objects.latest("id")
        self.assertRedirects(r, self.url("reports:document", document.code))
        document.refresh_from_db()
        return document

    def download(self, document: GeneratedDocument) -> bytes:
        r = self.client.get(self.url("reports:download", document.code))
        self.assertEqual(r.status_code, 200)
        return b"".join(r.streaming_content)
