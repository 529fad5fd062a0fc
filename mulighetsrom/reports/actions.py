"""Requesting and generating documents.

`request_document` records what to make and for which role; the task calls `generate_document`,
which builds the content with that role's visibility, renders it in memory and only then stores
the file, so a failure leaves a failed row and no file.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from mulighetsrom.accounts.models import User
from mulighetsrom.projects.access import SENSITIVE_ROLE, ProjectAccess
from mulighetsrom.projects.models import Role
from mulighetsrom.reports.blocks import Report
from mulighetsrom.reports.common import Progress
from mulighetsrom.reports.insight_report import build_insight_report
from mulighetsrom.reports.models import GeneratedDocument
from mulighetsrom.reports.needs_report import build_needs_report
from mulighetsrom.reports.render_docx import render_docx
from mulighetsrom.reports.render_pdf import PdfUnavailable, render_pdf, unavailable_message
from mulighetsrom.reports.survey_paper import build_survey_paper
from mulighetsrom.reports.team_documents import build_canvas_document, build_raci_document
from mulighetsrom.surveys.models import PUBLIC_LANGUAGES

logger = logging.getLogger(__name__)

Kind = GeneratedDocument.Kind
Format = GeneratedDocument.Format
Status = GeneratedDocument.Status

BUILDERS: dict[str, Callable[..., Report]] = {
    Kind.INSIGHT: build_insight_report,
    Kind.NEEDS: build_needs_report,
    Kind.RACI: build_raci_document,
    Kind.CANVAS: build_canvas_document,
}


def document_language(language: str | None, kind: str = "") -> str:
    """Documents are Norwegian unless the user reads the site in English.

    A survey's paper form is in the respondent's language: bokmål, nynorsk or English.
    """
    if kind == Kind.SURVEY_PAPER and language in PUBLIC_LANGUAGES:
        return str(language)
    return "en" if (language or "").startswith("en") else "nb"


def audience_for(access: ProjectAccess, kind: str) -> str:
    """The role a document's content is made for, and so the role needed to download it.

    Only the insight report can quote special-category observations, and only when the
    requester may see them; the needs document holds counts, never observation text.
    """
    if kind == Kind.INSIGHT and access.may_see_sensitive:
        return SENSITIVE_ROLE
    return Role.VIEWER


@transaction.atomic
def request_document(
    *,
    access: ProjectAccess,
    kind: str,
    format: str,
    language: str | None,
    acting_user: User,
    subject_code: uuid.UUID | None = None,
) -> GeneratedDocument:
    """Queue a document; the task gets only its id, after the transaction commits.

    `subject_code` names what the document is about when it is not the whole project (the
    survey of a paper form); the caller has checked that it belongs to `access.project`.
    """
    from mulighetsrom.reports.tasks import generate_document as generate_task

    document = GeneratedDocument.objects.create(
        project=access.project,
        kind=Kind(kind),
        format=Format(format),
        audience_role=audience_for(access, kind),
        language=document_language(language, kind),
        requested_by=acting_user,
        subject_code=subject_code,
    )
    transaction.on_commit(lambda: generate_task.enqueue(document.pk))
    return document


def build(document: GeneratedDocument, access: ProjectAccess, progress: Progress) -> Report:
    if document.kind == Kind.SURVEY_PAPER:
        return build_survey_paper(access, progress, survey_code=document.subject_code, language=document.language)
    return BUILDERS[document.kind](access, progress=progress)


def render(report: Report, format: str) -> bytes:
    if format == Format.PDF:
        return render_pdf(report).data
    return render_docx(report)


def generate_document(*, document_id: int) -> GeneratedDocument:
    """Build, render and store one document (task body). Claims the row so it runs once."""
    document = GeneratedDocument.objects.select_related("project__organization", "project__current_phase").get(
        pk=document_id
    )
    if not document.claim():
        return document
    document.mark_progress(5)
    # The content follows the role stored at request time, not whatever the requester has now.
    access = ProjectAccess(project=document.project, role=document.audience_role, is_org_admin=False)
    stored = ""
    try:
        with translation.override(document.language):
            report = build(document, access, document.mark_progress)
            document.mark_progress(50)
            data = render(report, document.format)
        document.mark_progress(90)
        document.file.save(f"document.{document.format}", ContentFile(data), save=False)
        stored = document.file.name or ""
        document.mark_done(file=stored)
    except PdfUnavailable as exc:
        with translation.override(document.language):
            document.mark_failed(unavailable_message(str(exc)), file="")
    except Exception:
        # Log the id only: the exception text could quote observation text.
        logger.exception("Document %s failed", document_id)
        if stored:
            document.file.storage.delete(stored)
        with translation.override(document.language):
            document.mark_failed(
                _("The document could not be generated. Try again, or contact the administrator."), file=""
            )
    return document
