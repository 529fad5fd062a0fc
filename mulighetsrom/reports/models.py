"""Generated documents (Word and PDF): one row per request, filled by a background task."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from mulighetsrom.lib.jobs import Job
from mulighetsrom.projects.access import ProjectAccess
from mulighetsrom.projects.models import Project, Role


def document_path(instance: GeneratedDocument, filename: str) -> str:
    # A random name: the download name is built from the row, never from user input.
    return f"reports/{uuid.uuid4().hex}{filename[filename.rfind('.') :]}"


class GeneratedDocument(Job):
    """A Word or PDF document made in the background (a `lib.jobs.Job`)."""

    class Kind(models.TextChoices):
        INSIGHT = "insight", _("Insight report")
        NEEDS = "needs", _("Needs and requirements with room programme")
        RACI = "raci", _("Roles and responsibilities (RACI)")
        CANVAS = "canvas", _("Team canvas (A3)")
        SURVEY_PAPER = "paper", _("Survey paper form")

    class Format(models.TextChoices):
        DOCX = "docx", _("Word (DOCX)")
        PDF = "pdf", _("PDF")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="generated_documents")
    kind = models.CharField(_("document"), max_length=10, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    file = models.FileField(upload_to=document_path, max_length=200, blank=True)
    # The role the content was generated for (sensitive observations appear only for contributors
    # and up); only users with at least this role may download the file.
    audience_role = models.CharField(max_length=12, choices=Role.choices, default=Role.VIEWER)
    language = models.CharField(max_length=8, default="nb")
    # What a document is about when it is not the whole project: the survey's code for a paper form.
    subject_code = models.UUIDField(null=True, blank=True, editable=False)

    class Meta(Job.Meta):
        verbose_name = _("generated document")
        verbose_name_plural = _("generated documents")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.project} {self.kind}.{self.format} ({self.status})"

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE and bool(self.file)

    @property
    def has_sensitive_content(self) -> bool:
        return Role.rank(self.audience_role) > Role.rank(Role.VIEWER)

    def may_download(self, access: ProjectAccess) -> bool:
        return access.can(self.audience_role)

    @classmethod
    def project_kinds(cls) -> list[tuple[str, str]]:
        """The kinds made from the whole project (the Documents page); a paper form is made from its survey."""
        return [(value, str(label)) for value, label in cls.Kind.choices if value != cls.Kind.SURVEY_PAPER]

    @classmethod
    def formats_for(cls, kind: str) -> list[str]:
        """The formats a kind is made in: the team canvas (an A3 poster) and the paper form are PDF only."""
        if kind in (cls.Kind.CANVAS, cls.Kind.SURVEY_PAPER):
            return [cls.Format.PDF]
        return [cls.Format.DOCX, cls.Format.PDF]

    @property
    def download_name(self) -> str:
        stem = {
            self.Kind.INSIGHT: "innsiktsrapport",
            self.Kind.NEEDS: "behov-krav-romprogram",
            self.Kind.RACI: "roller-og-ansvar-raci",
            self.Kind.CANVAS: "teamlerret-a3",
            self.Kind.SURVEY_PAPER: f"sporreskjema-papir-{self.language}",
        }[self.Kind(self.kind)]
        return f"{stem}-{self.project.slug}-{self.created_at:%Y-%m-%d}.{self.format}"
