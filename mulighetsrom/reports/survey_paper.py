"""A survey's paper form as a document: the same questions with boxes to tick and lines to write on.

Made in the respondent's language ("nb", "nn" or "en"); a text missing in that language is
printed in bokmål (`surveys.models.translated`). The form holds no answers, so viewers may make it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mulighetsrom.projects.access import ProjectAccess
from mulighetsrom.reports.blocks import Chart, Heading, PaperQuestion, Paragraph, Report
from mulighetsrom.reports.common import Progress, no_progress
from mulighetsrom.surveys.charts import qr_code
from mulighetsrom.surveys.models import PUBLIC_LANGUAGES, Question, Survey, translated

TEXT_LINES = 5


def instruction(question: Question, choice_count: int) -> str:
    """What to do with the boxes of `question`, in the active language."""
    kind = question.kind
    if kind == Question.Kind.PRIORITISE and question.ranked:
        n = question.rank_count(choice_count)
        return ngettext(
            "Write 1 in the box of the most important.",
            "Write 1 in the box of the most important, 2 in the box of the next, and so on up to %(n)s.",
            n,
        ) % {"n": n}
    if kind == Question.Kind.PRIORITISE and question.max_picks > 1:
        return _("Tick up to %(n)s.") % {"n": question.max_picks}
    if kind == Question.Kind.MULTIPLE:
        return _("Tick all that apply.")
    if kind == Question.Kind.TEXT:
        return ""
    return _("Tick one box.")


def options(question: Question, language: str) -> tuple[str, ...]:
    if question.has_choices:
        return tuple(translated(c, "text", language) for c in question.choices.all())
    dont_know = (_("Don't know"),) if question.allow_dont_know else ()
    if question.kind == Question.Kind.YES_NO:
        return (_("Yes"), _("No"), *dont_know)
    if question.kind == Question.Kind.SCALE:
        scale = [str(n) for n in range(1, 6)]
        low, high = translated(question, "low_label", language), translated(question, "high_label", language)
        if low:
            scale[0] = f"1 – {low}"
        if high:
            scale[4] = f"5 – {high}"
        return (*scale, *dont_know)
    return ()


def paper_question(number: int, question: Question, language: str) -> PaperQuestion:
    choices = options(question, language)
    return PaperQuestion(
        number=number,
        text=translated(question, "text", language),
        help_text=translated(question, "help_text", language),
        instruction=instruction(question, len(choices)),
        options=choices,
        boxes="rank" if question.is_ranked else "tick",
        lines=TEXT_LINES if question.kind == Question.Kind.TEXT else 0,
        note=_("required") if question.required else "",
    )


def build_survey_paper(
    access: ProjectAccess, progress: Progress = no_progress, *, survey_code: uuid.UUID | None, language: str
) -> Report:
    """The paper form of the project's survey `survey_code`; raises Survey.DoesNotExist for another project's."""
    lang = language if language in PUBLIC_LANGUAGES else "nb"
    if survey_code is None:
        raise Survey.DoesNotExist("A paper form needs its survey's code.")
    survey = Survey.objects.select_related("project__organization").get(project=access.project, code=survey_code)
    questions = list(survey.questions.select_related("section").prefetch_related("choices"))
    progress(30)
    report = Report(
        title=translated(survey, "title", lang), subtitle=survey.project.organization.name, stylesheet="pdf-paper.css"
    )
    intro = translated(survey, "intro", lang)
    if intro:
        report.add(Paragraph(intro))
    report.add(
        Paragraph(
            _("Answer by ticking boxes, writing numbers in boxes and writing on the lines, as each question says.")
        )
    )
    privacy = translated(survey, "privacy_notice", lang)
    if privacy:
        report.add(Heading(_("How we handle your answers"), 2), Paragraph(privacy, muted=True))
    report.add(Heading(_("Questions")))
    section_id: int | None = None
    for number, question in enumerate(questions, start=1):
        if question.section_id != section_id and question.section is not None:
            report.add(Heading(translated(question.section, "title", lang), 2))
        section_id = question.section_id
        report.add(paper_question(number, question, lang))
    report.add(Heading(_("Where to hand in the form"), 2))
    hand_in = translated(survey, "paper_return", lang)
    report.add(Paragraph(hand_in or _("Give the form to the staff who handed it out.")))
    if survey.contact:
        report.add(Paragraph(_("Contact: %(contact)s.") % {"contact": survey.contact}))
    # The worker has no request: the address comes from SITE_ROOT, as in the subscriber e-mails.
    online = f"{settings.SITE_ROOT}{reverse('surveys_public:intro', args=[survey.token])}?lang={lang}"
    report.add(
        Heading(_("You can also answer online"), 2),
        Paragraph(_("Scan the code with a phone camera or type the address: %(url)s") % {"url": online}),
        Chart(svg=qr_code(online, "svg")[0].decode(), title=_("QR code for %(url)s") % {"url": online}),
        Paragraph(_("Thank you for your answers")),
    )
    return report
