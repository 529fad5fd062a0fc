"""The authorization matrix: every URL of the site × every persona (issue 11, finding 7).

The URL list is not written down here: it is read from the URL resolver, so a view added tomorrow
is swept tomorrow. A URL with a path parameter other than the project slug needs an entry in
`PARAMS` (how to fill it from the fixture); without one the test fails and says so. Public pages
(no login) are on an explicit allow-list, and so are the third-party URL trees (Django admin,
allauth), which their own tests cover.

What is asserted, for GET on every URL:
- anonymous: a public page never fails (< 500); every other page redirects to the login (or 404/405);
- outsiders (another organization; the same organization but not on the team) and a former
  member (left the team) get 404 on every project-scoped page (405 for a POST-only view, which
  answers before it looks anything up), never 200 and never 500;
- an administrator of another organization gets 404 when asking for this project's objects
  under their own project's slug (no object reachable through a foreign project);
- team members (viewer, contributor, editor, owner) never get 500, and the owner never gets 404
  on a project-scoped page, which proves the fixture fills every parameter with a real object
  (so the 404s above are the access rule at work, not a bad URL).
And for POST, by a former member who had the editor role: every project-scoped URL is refused
(403/404/405) and no row in the database changes.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import StringIO
from typing import Any, ClassVar

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.shortcuts import resolve_url
from django.test import TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from mulighetsrom.accounts.actions import create_invitation
from mulighetsrom.accounts.models import Person, Unit, User
from mulighetsrom.collaboration.actions import add_comment
from mulighetsrom.collaboration.models import Assignment, CanvasSection, Decision, RaciTask
from mulighetsrom.feedback.models import Publication, PublishedQuote, Subscriber
from mulighetsrom.forecast.models import FetchJob, ForecastRun
from mulighetsrom.insight.models import (
    Activity,
    Attachment,
    ImportJob,
    Insight,
    Observation,
    SuggestionRun,
    Theme,
    ThemeSuggestion,
)
from mulighetsrom.needs.models import (
    Adjacency,
    LibraryItem,
    Need,
    NeedReference,
    NeedRequirement,
    Requirement,
)
from mulighetsrom.projects import actions as project_actions
from mulighetsrom.projects.models import BuildingType, Membership, Project, ProjectFunction, Role
from mulighetsrom.reports.models import GeneratedDocument
from mulighetsrom.stakeholders.models import StakeholderGroup
from mulighetsrom.surveys.models import Question, Response, Survey

MEDIA = tempfile.mkdtemp(prefix="mr-authz-")
# Text that exists only inside the project: no page may show it to someone who cannot see the project.
SECRET = "Tomteprisen er 41 millioner"

# Pages anyone may open without logging in. Adding a name here is a decision: review it.
PUBLIC = {
    "surveys_public:intro",
    "surveys_public:start",
    "surveys_public:page",
    "surveys_public:done",
    "feedback_public:project",
    "feedback_public:subscribe",
    "feedback_public:confirm",
    "feedback_public:unsubscribe",
    "set_language",
    "dashboard:home",
    "dashboard:accessibility",
    # A participant's own data, reached with the survey's and the response's tokens (GDPR art. 15-17).
    "privacy_public:mine",
    "privacy_public:download",
    "privacy_public:withdraw",
    "privacy_public:delete",
    # The link in an invitation e-mail: the token is the authorisation; it leads to sign-up or login.
    "accounts:invitation_accept",
}
# Third-party URL trees with their own tests (the admin login is tested with the accounts app).
THIRD_PARTY_PREFIXES = ("admin/", "accounts/")
# Their parameter is a key every project has (not an object of one project), so they are left out
# of the "objects through another project" test.
SAME_KEY_IN_EVERY_PROJECT = {"collaboration:canvas_section", "collaboration:canvas_history"}
# Not under /p/<slug>/ but scoped to one project through the object they name.
PROJECT_SCOPED_WITHOUT_SLUG = {"collaboration:assignment_done"}


@dataclass(frozen=True)
class Route:
    name: str
    template: str
    params: tuple[str, ...]

    @property
    def project_scoped(self) -> bool:
        return "slug" in self.params or self.name in PROJECT_SCOPED_WITHOUT_SLUG


def walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from walk(entry, prefix + str(entry.pattern), inner or "")
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or ""
            params = tuple(entry.pattern.converters) if hasattr(entry.pattern, "converters") else ()
            yield Route(name=name, template=prefix + str(entry.pattern), params=params)


def all_routes() -> list[Route]:
    return [r for r in walk(get_resolver()) if not r.template.startswith(THIRD_PARTY_PREFIXES)]


class Fixture:
    """One of every kind of object the URLs name, in the demo project (set up once per class)."""

    project: Project
    other_project: Project
    former: User
    former_assignment: Assignment
    objects: dict[str, Any]


def code(obj: Any) -> str:
    return str(obj.code)


# How to fill each URL's parameters (the project slug is filled for every URL that has one).
PARAMS: dict[str, Callable[[Fixture], dict[str, Any]]] = {
    "surveys_public:intro": lambda f: {"token": f.objects["survey"].token},
    "surveys_public:start": lambda f: {"token": f.objects["survey"].token},
    "surveys_public:page": lambda f: {
        "token": f.objects["survey"].token,
        "rtoken": f.objects["response"].token,
        "number": 1,
    },
    "surveys_public:done": lambda f: {"token": f.objects["survey"].token, "rtoken": f.objects["response"].token},
    "feedback_public:project": lambda f: {"public_slug": f.objects["publication"].public_slug},
    "feedback_public:subscribe": lambda f: {"public_slug": f.objects["publication"].public_slug},
    "feedback_public:confirm": lambda f: {
        "public_slug": f.objects["publication"].public_slug,
        "token": f.objects["subscriber"].token,
    },
    "feedback_public:unsubscribe": lambda f: {
        "public_slug": f.objects["publication"].public_slug,
        "token": f.objects["subscriber"].token,
    },
    "privacy_public:mine": lambda f: {"token": f.objects["survey"].token, "rtoken": f.objects["response"].token},
    "privacy_public:download": lambda f: {
        "token": f.objects["survey"].token,
        "rtoken": f.objects["response"].token,
        "fmt": "json",
    },
    "privacy_public:withdraw": lambda f: {
        "token": f.objects["survey"].token,
        "rtoken": f.objects["response"].token,
    },
    "privacy_public:delete": lambda f: {"token": f.objects["survey"].token, "rtoken": f.objects["response"].token},
    "accounts:invitation_accept": lambda f: {"token": f.objects["invitation_token"]},
    "accounts:invitation_revoke": lambda f: {"code": code(f.objects["invitation"])},
    "privacy:response": lambda f: {"code": code(f.objects["response"])},
    "privacy:response_delete": lambda f: {"code": code(f.objects["response"])},
    "privacy:response_withdraw": lambda f: {"code": code(f.objects["response"])},
    "privacy:person_erase": lambda f: {"code": code(f.objects["erasable_person"])},
    "accounts:unit_edit": lambda f: {"code": code(f.objects["unit"])},
    "accounts:person_edit": lambda f: {"code": code(f.objects["person"])},
    "projects:member_edit": lambda f: {"code": code(f.objects["membership"])},
    "projects:member_remove": lambda f: {"code": code(f.objects["membership"])},
    "stakeholders:group_edit": lambda f: {"code": code(f.objects["group"])},
    "stakeholders:group_delete": lambda f: {"code": code(f.objects["group"])},
    "stakeholders:cell": lambda f: {"code": code(f.objects["group"]), "number": 2},
    "stakeholders:cell_clear": lambda f: {"code": code(f.objects["group"]), "number": 2},
    "forecast:run": lambda f: {"code": code(f.objects["run"])},
    "forecast:run_compare": lambda f: {"code": code(f.objects["run"])},
    "forecast:run_export": lambda f: {"code": code(f.objects["run"])},
    "forecast:run_delete": lambda f: {"code": code(f.objects["run"])},
    "forecast:fetch": lambda f: {"code": code(f.objects["fetch"])},
    "insight:activity": lambda f: {"code": code(f.objects["activity"])},
    "insight:activity_edit": lambda f: {"code": code(f.objects["activity"])},
    "insight:activity_done": lambda f: {"code": code(f.objects["activity"])},
    "insight:activity_delete": lambda f: {"code": code(f.objects["activity"])},
    "insight:attachment_upload": lambda f: {"code": code(f.objects["activity"])},
    "insight:attachment": lambda f: {"code": code(f.objects["attachment"])},
    "insight:attachment_delete": lambda f: {"code": code(f.objects["attachment"])},
    "insight:import_map": lambda f: {"code": code(f.objects["import"])},
    "insight:import_status": lambda f: {"code": code(f.objects["import"])},
    "insight:observation_edit": lambda f: {"code": code(f.objects["observation"])},
    "insight:observation_delete": lambda f: {"code": code(f.objects["observation"])},
    "insight:theme": lambda f: {"code": code(f.objects["theme"])},
    "insight:theme_rename": lambda f: {"code": code(f.objects["theme"])},
    "insight:theme_merge": lambda f: {"code": code(f.objects["theme"])},
    "insight:theme_split": lambda f: {"code": code(f.objects["theme"])},
    "insight:theme_delete": lambda f: {"code": code(f.objects["theme"])},
    "insight:suggestion_accept": lambda f: {"code": code(f.objects["suggestion"])},
    "insight:suggestion_discard": lambda f: {"code": code(f.objects["suggestion"])},
    "insight:insight": lambda f: {"code": code(f.objects["insight"])},
    "insight:insight_edit": lambda f: {"code": code(f.objects["insight"])},
    "insight:insight_delete": lambda f: {"code": code(f.objects["insight"])},
    "needs:need_detail": lambda f: {"code": code(f.objects["need"])},
    "needs:need_edit": lambda f: {"code": code(f.objects["need"])},
    "needs:need_delete": lambda f: {"code": code(f.objects["need"])},
    "needs:reference_add": lambda f: {"code": code(f.objects["need"])},
    "needs:reference_delete": lambda f: {"code": code(f.objects["reference"])},
    "needs:need_from_insight": lambda f: {"code": code(f.objects["insight"])},
    "needs:need_from_forecast": lambda f: {"code": code(f.objects["run"])},
    "needs:requirement_detail": lambda f: {"code": code(f.objects["requirement"])},
    "needs:requirement_edit": lambda f: {"code": code(f.objects["requirement"])},
    "needs:requirement_delete": lambda f: {"code": code(f.objects["requirement"])},
    "needs:requirement_link": lambda f: {"code": code(f.objects["requirement"])},
    "needs:requirement_unlink": lambda f: {
        "code": code(f.objects["link"].requirement),
        "need": code(f.objects["link"].need),
    },
    "needs:room_detail": lambda f: {"code": code(f.objects["room"])},
    "needs:room_edit": lambda f: {"code": code(f.objects["room"])},
    "needs:room_delete": lambda f: {"code": code(f.objects["room"])},
    "needs:adjacency_add": lambda f: {"code": code(f.objects["room"])},
    "needs:adjacency_delete": lambda f: {"code": code(f.objects["adjacency"].room), "pk": f.objects["adjacency"].pk},
    "needs:observation_trace": lambda f: {"code": code(f.objects["observation"])},
    "needs:library_add": lambda f: {"kind": "need", "code": code(f.objects["need"])},
    "needs:library_copy": lambda f: {"code": code(f.objects["library_item"])},
    "collaboration:decision_detail": lambda f: {"code": code(f.objects["decision"])},
    "collaboration:decision_edit": lambda f: {"code": code(f.objects["decision"])},
    "collaboration:decision_supersede": lambda f: {"code": code(f.objects["decision"])},
    "collaboration:decision_comment": lambda f: {"code": code(f.objects["decision"])},
    "collaboration:comment_add": lambda f: {"kind": "need", "code": code(f.objects["need"])},
    "collaboration:assignment_add": lambda f: {"kind": "need", "code": code(f.objects["need"])},
    "collaboration:raci_row": lambda f: {"code": code(f.objects["raci_task"])},
    "collaboration:canvas_section": lambda f: {"key": f.objects["canvas_section"].key},
    "collaboration:canvas_history": lambda f: {"key": f.objects["canvas_section"].key},
    "collaboration:assignment_done": lambda f: {"code": code(f.former_assignment)},
    "collaboration:competence_edit": lambda f: {"code": code(f.objects["person"])},
    "reports:document": lambda f: {"code": code(f.objects["document"])},
    "reports:download": lambda f: {"code": code(f.objects["document"])},
    "reports:survey_paper": lambda f: {"code": code(f.objects["survey"])},
    "surveys:detail": lambda f: {"code": code(f.objects["survey"])},
    "surveys:edit": lambda f: {"code": code(f.objects["survey"])},
    "surveys:open": lambda f: {"code": code(f.objects["survey"])},
    "surveys:close": lambda f: {"code": code(f.objects["survey"])},
    "surveys:section_add": lambda f: {"code": code(f.objects["survey"])},
    "surveys:question_add": lambda f: {"code": code(f.objects["survey"])},
    "surveys:question_edit": lambda f: {"code": code(f.objects["survey"]), "question": code(f.objects["question"])},
    "surveys:question_move": lambda f: {"code": code(f.objects["survey"]), "question": code(f.objects["question"])},
    "surveys:question_delete": lambda f: {"code": code(f.objects["survey"]), "question": code(f.objects["question"])},
    "surveys:qr": lambda f: {"code": code(f.objects["survey"]), "fmt": "svg"},
    "surveys:print": lambda f: {"code": code(f.objects["survey"])},
    "surveys:assisted": lambda f: {"code": code(f.objects["survey"])},
    "surveys:results": lambda f: {"code": code(f.objects["survey"])},
    "surveys:export": lambda f: {"code": code(f.objects["survey"])},
    "feedback:quote_edit": lambda f: {"code": code(f.objects["observation"])},
    "feedback:quote_withdraw": lambda f: {"code": code(f.objects["quote"])},
    "feedback:send_to_insight": lambda f: {"code": code(f.objects["survey"])},
    "feedback:question_from_needs": lambda f: {
        "code": code(f.objects["survey"]),
        "question": code(f.objects["question"]),
    },
}


def snapshot() -> str:
    """A fingerprint of every row of every table (sessions and rate buckets aside)."""
    digest = hashlib.sha256()
    skip = {"sessions.session", "surveys.ratebucket", "django_tasks_db.dbtaskresult"}
    for model in apps.get_models():
        if model._meta.label_lower in skip or model._meta.proxy or not model._meta.managed:
            continue
        digest.update(model._meta.label_lower.encode())
        for row in model._default_manager.order_by("pk").values_list():
            digest.update(repr(row).encode())
    return digest.hexdigest()


@override_settings(
    MEDIA_ROOT=MEDIA,
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
)
class AuthorizationMatrixTestCase(TestCase):
    fixture: ClassVar[Fixture]
    personas: ClassVar[dict[str, User | None]]
    sweeps: ClassVar[dict[tuple[str, str | None, frozenset[str] | None], dict[str, tuple[str, int, str, bool]]]] = {}

    @classmethod
    def setUpTestData(cls) -> None:
        call_command("load_demo", stdout=StringIO())
        f = Fixture()
        f.project = Project.objects.get(name="Nye Lindeberg helsehus")
        organization = f.project.organization
        kari = User.objects.get(email="kari@demo.no")
        kari_person = Person.objects.get(user=kari)
        # A former member: was an editor, left the team, still works in the municipality.
        f.former = User.objects.create_user(email="tidligere@demo.no")
        former_person = Person.objects.create(organization=organization, user=f.former, name="Tidligere Medlem")
        membership = project_actions.add_member(
            project=f.project, person=former_person, role=Role.EDITOR, function=ProjectFunction.OTHER, acting_user=kari
        )
        need = Need.objects.filter(project=f.project).first()
        f.former_assignment = Assignment.objects.create(
            project=f.project,
            content_type=ContentType.objects.get_for_model(Need),
            object_id=need.pk,
            title=f"Oppgave: {SECRET}",
            assignee=former_person,
            created_by=kari,
        )
        # Mentioned while on the team: the text reaches their notifications, My tasks and digest.
        add_comment(project=f.project, target=need, body=f"{SECRET} @Tidligere", acting_user=kari)
        project_actions.remove_member(membership=membership, acting_user=kari)
        # Another municipality with a project of its own, administered by Eva.
        eva = User.objects.create_user(email="eva@andreby.no")
        other = project_actions.create_organization(
            name="Andreby kommune", kommunenummer="3101", admin_user=eva, admin_name="Eva"
        )
        f.other_project = project_actions.create_project(
            project=Project(organization=other, name="Andreby skole", building_type=BuildingType.SCHOOL),
            acting_person=Person.objects.get(user=eva),
            acting_user=eva,
        )
        f.objects = cls.objects_of(f.project, kari, kari_person)
        cls.fixture = f
        cls.personas = {
            "anonymous": None,
            "outsider_other_org": eva,
            "outsider_same_org": User.objects.get(email="per@demo.no"),
            "former_member": f.former,
            "viewer": User.objects.get(email="nora@demo.no"),
            "contributor": User.objects.get(email="ingrid@demo.no"),
            "editor": User.objects.get(email="ola@demo.no"),
            "owner": kari,
        }

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    @staticmethod
    def objects_of(project: Project, kari: User, kari_person: Person) -> dict[str, Any]:
        """The demo's objects, plus the kinds the demo does not make (files, jobs, library, ...)."""
        activity = Activity.objects.filter(project=project).first()
        need = Need.objects.filter(project=project).first()
        survey = Survey.objects.filter(project=project).first()
        assert activity and need and survey
        attachment = Attachment.objects.create(
            activity=activity,
            file=ContentFile(b"notat", name="notat.txt"),
            original_name="notat.txt",
            content_type="text/plain",
            size=5,
            uploaded_by=kari,
        )
        run = SuggestionRun.objects.create(project=project, status="done")
        document = GeneratedDocument(
            project=project, kind="raci", format="docx", status="done", requested_by=kari, finished_at=timezone.now()
        )
        document.file.save("raci.docx", ContentFile(b"PK"), save=False)
        document.save()
        publication = Publication.objects.get(project=project)
        invitation, token = create_invitation(
            organization=project.organization, email="ny@demo.no", invited_by=kari, name="Ny Ansatt"
        )
        return {
            "invitation": invitation,
            "invitation_token": token,
            "erasable_person": Person.objects.create(organization=project.organization, name="Slettbar Person"),
            "unit": Unit.objects.filter(organization=project.organization).first(),
            "person": kari_person,
            "membership": Membership.objects.filter(project=project, left_at__isnull=True, role=Role.VIEWER).first(),
            "group": StakeholderGroup.objects.filter(project=project).first(),
            "run": ForecastRun.objects.filter(project=project).first(),
            "fetch": FetchJob.objects.create(project=project, kind="projection", table_id="14746", municipality="1103"),
            "activity": activity,
            "attachment": attachment,
            "import": ImportJob.objects.create(project=project, file_name="observasjoner.csv", header=["Tekst"]),
            "observation": Observation.objects.filter(project=project).first(),
            "theme": Theme.objects.filter(project=project).first(),
            "suggestion": ThemeSuggestion.objects.create(run=run, project=project, terms=["hage"], size=0),
            "insight": Insight.objects.filter(project=project).first(),
            "need": need,
            "reference": NeedReference.objects.filter(need__project=project).first(),
            "requirement": Requirement.objects.filter(project=project).first(),
            "link": NeedRequirement.objects.filter(need__project=project).select_related("need", "requirement").first(),
            "room": Adjacency.objects.filter(room__project=project).first().room,
            "adjacency": Adjacency.objects.filter(room__project=project).select_related("room").first(),
            "library_item": LibraryItem.objects.create(
                organization=project.organization, kind="need", title="Skjermet hage", data={"statement": "x"}
            ),
            "decision": Decision.objects.filter(project=project).first(),
            "raci_task": RaciTask.objects.filter(project=project).first(),
            "canvas_section": CanvasSection.objects.filter(project=project).first(),
            "document": document,
            "survey": survey,
            "question": Question.objects.filter(survey=survey).first(),
            "response": Response.objects.filter(survey=survey, submitted_at__isnull=True).first()
            or Response.objects.create(survey=survey, language="nb"),
            "publication": publication,
            "quote": PublishedQuote.objects.filter(publication=publication).first(),
            "subscriber": Subscriber.objects.create(project=project, email="abonnent@example.org"),
        }

    # Helpers ------------------------------------------------------------------------------------

    def url(self, route: Route, slug: str | None = None) -> str:
        kwargs: dict[str, Any] = {}
        if route.name in PARAMS:
            kwargs.update(PARAMS[route.name](self.fixture))
        if "slug" in route.params:
            kwargs["slug"] = slug or self.fixture.project.slug
        return reverse(route.name, kwargs=kwargs)

    def log_in(self, persona: str) -> None:
        self.client.logout()
        user = self.personas[persona]
        if user is not None:
            self.client.force_login(user)
        self.client.cookies["django_language"] = "en"

    def routes(self) -> list[Route]:
        return all_routes()

    # Tests --------------------------------------------------------------------------------------

    def test_every_url_can_be_built_from_the_fixture(self) -> None:
        unnamed = [r.template for r in self.routes() if not r.name]
        self.assertEqual(unnamed, [], "Give these URL patterns a name so the authorization matrix can reverse them.")
        missing = [r.name for r in self.routes() if set(r.params) - {"slug"} and r.name not in PARAMS]
        self.assertEqual(
            missing,
            [],
            "These URLs take parameters the authorization matrix cannot fill. Add an entry to PARAMS in "
            "mulighetsrom/projects/tests/test_authorization_matrix.py (and the object to objects_of) "
            "so every persona is tried on them.",
        )
        stale = sorted(set(PARAMS) - {r.name for r in self.routes()})
        self.assertEqual(stale, [], "PARAMS names URLs that no longer exist.")

    def test_the_sweep_covers_the_whole_site(self) -> None:
        # A guard against a walker that silently finds nothing.
        routes = self.routes()
        self.assertGreater(len([r for r in routes if r.project_scoped]), 150)
        self.assertTrue({r.name for r in routes} >= PUBLIC, PUBLIC - {r.name for r in routes})

    def get_all(
        self, persona: str, slug: str | None = None, only: set[str] | None = None
    ) -> dict[str, tuple[str, int, str, bool]]:
        """GET every URL (or those named in `only`) as `persona`: name -> (url, status, Location, shows SECRET).

        GETs change nothing, so a sweep is made once per class and shared by the tests that read it.
        """
        key = (persona, slug, frozenset(only) if only is not None else None)
        if key in self.sweeps:
            return self.sweeps[key]
        self.log_in(persona)
        results = {}
        for route in self.routes():
            if route.name not in PARAMS and set(route.params) - {"slug"}:
                continue  # reported by test_every_url_can_be_built_from_the_fixture
            if only is not None and route.name not in only:
                continue
            url = self.url(route, slug)
            response = self.client.get(url)
            shown = not response.streaming and SECRET in response.content.decode(errors="replace")
            results[route.name] = (url, response.status_code, response.get("Location", ""), shown)
        self.sweeps[key] = results
        return results

    def test_anonymous_visitors_reach_only_the_public_pages(self) -> None:
        login = resolve_url(settings.LOGIN_URL)
        for name, (url, status, location, _shown) in self.get_all("anonymous").items():
            with self.subTest(url=url):
                if name in PUBLIC:
                    self.assertLess(status, 500)
                elif status == 302:
                    self.assertTrue(location.startswith(str(login)), f"{url} redirects to {location}")
                else:
                    self.assertIn(status, (404, 405), f"{url} answers {status} to an anonymous visitor")

    def assert_shut_out(self, persona: str) -> None:
        checked = 0
        for name, (url, status, _location, shown) in self.get_all(persona).items():
            route = next(r for r in self.routes() if r.name == name)
            with self.subTest(persona=persona, url=url):
                if route.project_scoped:
                    checked += 1
                    self.assertIn(status, (404, 405), f"{persona} gets {status} on {url}")
                else:
                    self.assertLess(status, 500, f"{persona} gets {status} on {url}")
                # Pages outside the project (My tasks, notifications, the portfolio, ...) must not
                # carry the project's text either.
                self.assertFalse(shown, f"{url} shows {persona} text from the project")
        self.assertGreater(checked, 100)

    def test_an_outsider_from_another_organization_gets_404_everywhere_in_the_project(self) -> None:
        self.assert_shut_out("outsider_other_org")

    def test_an_outsider_in_the_same_organization_gets_404_everywhere_in_the_project(self) -> None:
        self.assert_shut_out("outsider_same_org")

    def test_a_former_member_gets_404_everywhere_in_the_project(self) -> None:
        self.assert_shut_out("former_member")

    def test_objects_are_not_reachable_through_another_project(self) -> None:
        # Eva administers Andreby and may see its project; our objects under her slug must be 404.
        for name, (url, status, _location, _shown) in self.get_all(
            "outsider_other_org", self.fixture.other_project.slug
        ).items():
            route = next(r for r in self.routes() if r.name == name)
            if route.project_scoped and set(route.params) - {"slug"} and name not in SAME_KEY_IN_EVERY_PROJECT:
                with self.subTest(url=url):
                    self.assertIn(status, (404, 405), f"{url} answers {status} with another project's slug")

    def test_the_viewer_and_the_owner_never_get_a_server_error(self) -> None:
        for persona in ("viewer", "owner"):
            for _name, (url, status, _location, _shown) in self.get_all(persona).items():
                with self.subTest(persona=persona, url=url):
                    self.assertLess(status, 500, f"{persona} gets {status} on {url}")

    def test_contributors_and_editors_get_the_viewers_or_the_owners_answer(self) -> None:
        # Roles are ordered, so only the URLs where the viewer's and the owner's answers differ can
        # answer differently for the roles in between: those are the ones swept for them.
        viewer, owner = self.get_all("viewer"), self.get_all("owner")
        differ = {name for name in owner if viewer[name][1] != owner[name][1]}
        self.assertGreater(len(differ), 20)  # the editing pages, at least
        for persona in ("contributor", "editor"):
            for name, (url, status, _location, _shown) in self.get_all(persona, only=differ).items():
                with self.subTest(persona=persona, url=url):
                    self.assertIn(status, (viewer[name][1], owner[name][1]), f"{persona} gets {status} on {url}")

    def test_the_owner_finds_every_object_the_fixture_names(self) -> None:
        owner = self.get_all("owner")
        # The control for the text check in assert_shut_out: the project's own pages do show it.
        self.assertTrue(any(shown for _url, _status, _location, shown in owner.values()))
        for name, (url, status, _location, _shown) in owner.items():
            route = next(r for r in self.routes() if r.name == name)
            if route.project_scoped and "slug" in route.params:
                with self.subTest(url=url):
                    self.assertNotEqual(status, 404, f"the owner gets 404 on {url}: the fixture names no real object")

    def test_a_former_member_cannot_change_anything_by_post(self) -> None:
        self.log_in("former_member")
        before = snapshot()
        for route in self.routes():
            if not route.project_scoped or (route.name not in PARAMS and set(route.params) - {"slug"}):
                continue
            url = self.url(route)
            response = self.client.post(url, {"body": "x", "title": "x", "name": "x", "text": "x"})
            with self.subTest(url=url):
                self.assertIn(response.status_code, (403, 404, 405), f"POST {url}: {response.status_code}")
        self.assertEqual(snapshot(), before, "a refused POST changed the database")
        self.assertIsNone(Assignment.objects.get(pk=self.fixture.former_assignment.pk).done_at)
