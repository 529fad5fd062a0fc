"""The insight bank in a real browser (issue #3): quick capture with the personal-data guard,
import with column mapping, accepting a theme suggestion and writing an insight with evidence.

Every page on the way is checked with axe-core, after load and after in-page changes. Labels and
button names come from the translation catalog (gettext in the active language), so the
locators follow the interface language without repeating its text here. Background tasks run
inline: the immediate django-tasks backend executes them in the live server's request thread.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from mulighetsrom.insight.forms import CaptureForm, ImportMappingForm, ImportUploadForm, InsightForm
from mulighetsrom.insight.models import Activity, ImportJob, Insight, Observation, Theme
from mulighetsrom.projects.models import Project
from mulighetsrom.stakeholders.models import StakeholderGroup
from tests.browser.helpers import LANGS, BrowserData, assert_accessible, log_in, set_language_cookie

pytestmark = pytest.mark.browser

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

PHONE = "912 34 567"
FODSELSNUMMER = "150785 23422"  # a valid (synthetic) number: both check digits and the date hold


@pytest.fixture
def immediate_tasks() -> Iterator[None]:
    # The live server runs in this process, so the override reaches its request threads too.
    with override_settings(TASKS=IMMEDIATE):
        yield


def _label(form_class: type, name: str) -> re.Pattern[str]:
    """A field's label in the active language; required fields add "(required)" after it."""
    return _exact_or_required(str(form_class.base_fields[name].label))


def _exact_or_required(label: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(label)}( \(.+\))?$")


def _project(data: BrowserData) -> Project:
    assert data.project is not None
    return data.project


def _groups(project: Project) -> dict[str, StakeholderGroup]:
    return {g.name: g for g in StakeholderGroup.objects.filter(project=project)}


def _insight_url(project: Project, rest: str = "") -> str:
    return f"/p/{project.slug}/insight/{rest}"


def _open(page: Page, data: BrowserData, live_server: LiveServer, url: str, lang: str = "nb") -> None:
    log_in(page.context, live_server.url, data.kari)
    if lang != "nb":
        set_language_cookie(page.context, live_server.url, lang)
    page.goto(url)
    expect(page.locator("html")).to_have_attribute("lang", lang)


# Quick capture ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_quick_capture_redacts_personal_data(
    lang: str, page: Page, live_server: LiveServer, data_with_project: BrowserData
) -> None:
    project = _project(data_with_project)
    relatives = _groups(project)["Pårørende"]
    notes = "\n".join(
        [
            "- Mor vil gjerne spise sammen med de andre",
            f"- Ring meg på {PHONE} hvis noe skjer",
            f"• Fødselsnummeret hennes er {FODSELSNUMMER}",
            "* Det er for langt til kafeen",
        ]
    )
    with translation.override(lang):
        _open(page, data_with_project, live_server, _insight_url(project, "observations/capture/"), lang)
        expect(page.get_by_role("heading", level=1)).to_have_text(gettext("Capture observations"))
        assert_accessible(page, "capture page")

        page.get_by_label(_label(CaptureForm, "notes")).fill(notes)
        page.get_by_label(_label(CaptureForm, "speaker_group")).select_option(label=relatives.name)
        page.get_by_label(_label(CaptureForm, "tags")).fill("måltider, besøk")
        page.get_by_role("button", name=gettext("Check and save")).click()

        # The guard stops the save and lists both identifiers; removing them is the default.
        review = page.locator("fieldset.pii-review")
        expect(review).to_be_visible()
        expect(review.locator("mark")).to_have_count(2)
        expect(review.locator("mark").first).to_have_text(PHONE)
        expect(review.locator("mark").last).to_have_text(FODSELSNUMMER)
        for box in review.get_by_role("checkbox").all():
            expect(box).not_to_be_checked()
        assert not Observation.objects.filter(project=project).exists()
        assert_accessible(page, "capture page with personal data found")

        page.get_by_role("button", name=gettext("Save observations")).click()
        expect(page).to_have_url(re.compile(r"/insight/observations/$"))
        expect(page.locator(".messages .ds-alert[data-color=success]")).to_be_visible()
        cards = page.locator("main .obs-card")
        expect(cards).to_have_count(4)
        expect(cards.filter(has_text="[telefonnummer fjernet]")).to_have_count(1)
        expect(cards.filter(has_text="[fødselsnummer fjernet]")).to_have_count(1)
        expect(page.locator("main")).not_to_contain_text(PHONE)
        expect(page.locator("main")).not_to_contain_text(FODSELSNUMMER)
        expect(cards.first).to_contain_text(relatives.name)
        assert_accessible(page, "observation list after capture")

    texts = list(Observation.objects.filter(project=project).values_list("text", flat=True))
    assert len(texts) == 4
    assert not any(PHONE in t or FODSELSNUMMER in t for t in texts)


# Import -------------------------------------------------------------------------------------

CSV_ROWS = [
    ("Svar", "Gruppe", "Stikkord"),
    ("Vi ønsker oss en hage med benker", "Beboere", "uteområde"),
    ("Pårørende må kunne overnatte på rommet", "Pårørende", "besøk"),
    ("Kjøkkenet bør være åpent for alle", "Ansatte", "mat"),
    ("Skjermet avdeling trenger egen inngang", "", ""),
]


def test_import_with_column_mapping(
    page: Page, live_server: LiveServer, data_with_project: BrowserData, tmp_path: Path, immediate_tasks: None
) -> None:
    project = _project(data_with_project)
    csv_file = tmp_path / "innspill-høring.csv"
    csv_file.write_bytes("".join(";".join(row) + "\r\n" for row in CSV_ROWS).encode("cp1252"))

    with translation.override("nb"):
        _open(page, data_with_project, live_server, _insight_url(project, "observations/"))
        assert_accessible(page, "observation list, empty")
        page.locator(f"main a[href='{_insight_url(project, 'import/')}']").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(gettext("Import observations"))
        assert_accessible(page, "import upload page")

        page.get_by_label(_label(ImportUploadForm, "file")).set_input_files(csv_file)
        page.get_by_role("button", name=gettext("Upload and map columns")).click()
        expect(page).to_have_url(re.compile(r"/insight/import/[0-9a-f-]+/$"))
        assert_accessible(page, "import column mapping")

        def column(target: str) -> re.Pattern[str]:
            return _exact_or_required(
                gettext("Column for %(field)s") % {"field": ImportMappingForm.TARGET_LABELS[target]}
            )

        # Map the columns explicitly (the guess is not what is tested here).
        page.get_by_label(column("text")).select_option(label="Svar")
        page.get_by_label(column("speaker_group")).select_option(label="Gruppe")
        page.get_by_label(column("tags")).select_option(label="Stikkord")
        page.get_by_label(column("kind")).select_option(value="")
        page.get_by_role("button", name=gettext("Preview")).click()

        preview = page.locator("main table")
        expect(preview.locator("tbody tr")).to_have_count(4)
        expect(preview).to_contain_text("Vi ønsker oss en hage med benker")  # cp1252 æøå read right
        expect(preview).to_contain_text("Pårørende må kunne overnatte")
        expect(page.locator("main .ds-alert[data-color=info][role=status]")).to_be_visible()
        # The file is Windows-1252: the preview says so, so the user can check æ, ø and å.
        expect(page.locator("main #import-notices")).to_be_visible()
        assert not Observation.objects.filter(project=project).exists()
        assert_accessible(page, "import preview")

        page.locator("main button[name=run]").click()
        expect(page).to_have_url(re.compile(r"/insight/import/[0-9a-f-]+/status/$"))
        job = ImportJob.objects.get(project=project)
        done = str(ImportJob.Status.DONE.label)
        progress = page.locator("#import-progress [role=status]")
        expect(progress.locator("strong")).to_have_text(done)
        expect(progress.locator("progress")).to_have_attribute("value", "100")
        assert_accessible(page, "import progress, done")

        page.get_by_role("link", name=gettext("See the observations")).click()
        cards = page.locator("main .obs-card")
        expect(cards).to_have_count(4)
        expect(cards.filter(has_text="Pårørende må kunne overnatte på rommet")).to_contain_text("#besøk")
        assert_accessible(page, "observation list after import")

        # Searching swaps the results in place (htmx): check the updated page as well.
        page.get_by_role("search").get_by_label(gettext("Search"), exact=True).fill("overnatte")
        page.get_by_role("search").get_by_role("button", name=gettext("Search"), exact=True).click()
        expect(cards).to_have_count(1)
        expect(page).to_have_url(re.compile(r"q=overnatte"))
        assert_accessible(page, "observation list after a search")

    job.refresh_from_db()
    assert (job.status, job.created, job.failed) == (ImportJob.Status.DONE, 4, 0)
    garden = Observation.objects.get(project=project, text="Vi ønsker oss en hage med benker")
    assert garden.speaker_group == _groups(project)["Beboere"]


# Theme suggestions --------------------------------------------------------------------------

TOPICS = {
    "mat": [
        "Maten er kald når den kommer fra sentralkjøkkenet",
        "Vi savner lukten av mat som lages på avdelingen",
        "Middagen kommer kald og det er lite mat å velge mellom",
        "Kjøkkenet på avdelingen burde brukes til å lage mat",
        "Beboerne spiser mer når maten lages på kjøkkenet",
        "Mat fra sentralkjøkkenet smaker lite",
        "Frokosten og maten bør lages på kjøkkenet i avdelingen",
        "Kald mat gir dårlig matlyst",
        "Vi vil ha varm mat og et åpent kjøkken",
        "Lukten av mat fra kjøkkenet gir matlyst",
        "Maten kommer for tidlig og blir kald",
        "Kjøkkenet bør ha plass til at beboerne kan lage mat",
        "Mat og måltider er dagens høydepunkt",
    ],
    "lys": [
        "Det er for mørkt i gangene om kvelden",
        "Lyset i gangene blender og er for sterkt",
        "Beboerne trenger mer dagslys og lys i gangene",
        "Mørke ganger gjør at beboerne faller",
        "Lyset på rommene bør kunne dimmes",
        "Dagslys i gangene gjør det lettere å finne fram",
        "Sterkt lys i gangene om natten vekker beboerne",
        "Mer dagslys i fellesrommet og gangene",
        "Lys som følger døgnrytmen i gangene",
        "Det er mørkt og dystert i gangene",
        "Gangene trenger bedre lys ved dørene",
        "Lyset på badet er for svakt",
        "Vinduer med dagslys i enden av gangene",
    ],
    "hage": [
        "Beboerne vil ut i hagen hver dag",
        "Hagen trenger benker og skygge",
        "En sansehage med blomster og benker",
        "Hagen må være trygg og inngjerdet",
        "Det er for langt fra avdelingen ut til hagen",
        "Pårørende vil gå tur i hagen med beboerne",
        "Høye bed i hagen så beboerne kan dyrke blomster",
        "Hagen bør ha benker og en gangsti rundt",
        "Blomster og fuglekasser i hagen",
        "Egen dør fra avdelingen ut til hagen",
        "Hagen må kunne brukes med rullestol",
        "Benker i skyggen i hagen om sommeren",
        "Drivhus i hagen for beboerne",
    ],
}


def test_accepting_a_theme_suggestion(
    page: Page, live_server: LiveServer, data_with_project: BrowserData, immediate_tasks: None
) -> None:
    project = _project(data_with_project)
    Observation.objects.bulk_create(
        Observation(project=project, text=text) for texts in TOPICS.values() for text in texts
    )
    with translation.override("nb"):
        _open(page, data_with_project, live_server, _insight_url(project, "suggestions/"))
        cards = page.locator("main .card-list > li.ds-card")
        expect(cards).to_have_count(0)
        assert_accessible(page, "theme suggestions, none yet")

        page.get_by_role("button", name=gettext("Suggest themes"), exact=True).click()
        expect(page).to_have_url(re.compile(r"/insight/suggestions/$"))
        expect(cards.first).to_be_visible()
        assert cards.count() >= 3
        assert_accessible(page, "theme suggestions computed")

        card = cards.filter(has_text="Hagen").first
        card.get_by_label(gettext("Theme name")).fill("Hage og uteområde")
        card.get_by_role("button", name=gettext("Accept as theme")).click()

        expect(page).to_have_url(re.compile(r"/insight/themes/[0-9a-f-]+/$"))
        expect(page.get_by_role("heading", level=1)).to_contain_text("Hage og uteområde")
        expect(page.locator(".messages .ds-alert[data-color=success]")).to_be_visible()
        assert_accessible(page, "theme created from a suggestion")

        page.get_by_role("navigation", name=gettext("Insight bank")).get_by_role(
            "link", name=gettext("Affinity board")
        ).click()
        expect(page).to_have_url(re.compile(r"/insight/board/$"))
        column = page.locator("main .board-column").filter(
            has=page.get_by_role("heading", name=re.compile("Hage og uteområde"))
        )
        expect(column).to_have_count(1)
        expect(column.locator(".board-card").first).to_contain_text(re.compile("hagen", re.IGNORECASE))
        assert_accessible(page, "affinity board with the accepted theme")

    theme = Theme.objects.get(project=project, name="Hage og uteområde")
    assert theme.observations.count() >= 5


# Insights with evidence ---------------------------------------------------------------------


def test_creating_an_insight_with_evidence(page: Page, live_server: LiveServer, data_with_project: BrowserData) -> None:
    project = _project(data_with_project)
    groups = _groups(project)
    phase = data_with_project.phases[2]
    activities = [
        Activity.objects.create(project=project, type=kind, title=title, date=date(2026, 3, day), phase=phase)
        for kind, title, day in [
            (Activity.Type.INTERVIEW, "Intervju med pårørende", 2),
            (Activity.Type.WORKSHOP, "Verksted med ansatte", 9),
            (Activity.Type.INTERVIEW, "Samtale i brukerutvalget", 16),
        ]
    ]
    evidence = [
        Observation.objects.create(
            project=project, text=text, activity=activity, speaker_group=groups[group], kind=Observation.Kind.QUOTE
        )
        for text, activity, group in [
            ("Mor spiser mer når hun spiser sammen med andre", activities[0], "Pårørende"),
            ("Fellesmåltidene er det beboerne snakker mest om", activities[1], "Ansatte"),
            ("Vi vil ha et kjøkken der vi kan lage mat sammen", activities[2], "Beboere"),
        ]
    ]
    Observation.objects.create(project=project, text="Parkeringen er for liten", activity=activities[1])
    statement = "Felles måltider i avdelingen gir bedre matlyst"

    with translation.override("nb"):
        _open(page, data_with_project, live_server, _insight_url(project, "insights/"))
        assert_accessible(page, "insight list, empty")
        page.locator(f"main a[href='{_insight_url(project, 'insights/new/')}']").click()
        expect(page).to_have_url(re.compile(r"/insight/insights/new/$"))
        assert_accessible(page, "new insight form")

        form = page.locator("main form.evidence-form")
        form.get_by_label(_label(InsightForm, "statement")).fill(statement)
        form.get_by_label(_label(InsightForm, "description")).fill("Tre kilder peker samme vei.")
        for o in evidence:
            form.get_by_label(o.text, exact=False).check()
        expect(form.get_by_role("checkbox", checked=True)).to_have_count(3)
        form.get_by_role("button", name=gettext("Save")).click()

        expect(page).to_have_url(re.compile(r"/insight/insights/[0-9a-f-]+/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(statement)
        strength = page.locator("main .ds-tag.strength-strong")
        expect(strength).to_have_text(gettext("Strong evidence"))
        # Three activities and three groups heard directly: the sources behind "strong".
        counts = [
            ngettext("%(n)s observation", "%(n)s observations", 3) % {"n": 3},
            ngettext("%(n)s activity", "%(n)s activities", 3) % {"n": 3},
            ngettext("%(n)s group heard directly", "%(n)s groups heard directly", 3) % {"n": 3},
        ]
        expect(strength.locator("xpath=following-sibling::span[1]")).to_have_text(" · ".join(counts))
        expect(page.locator("main .obs-card")).to_have_count(3)
        assert_accessible(page, "insight with evidence")

        page.get_by_role("navigation", name=gettext("Insight bank")).get_by_role(
            "link", name=gettext("Insights")
        ).click()
        expect(page.locator("main .card-list .ds-card")).to_have_count(1)
        expect(page.locator("main .card-list .strength-strong")).to_be_visible()
        assert_accessible(page, "insight list with one insight")

    insight = Insight.objects.get(project=project)
    assert set(insight.evidence.all()) == set(evidence)
