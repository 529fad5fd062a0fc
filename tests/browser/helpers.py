"""Helpers shared by the browser tests: test data, login, language and the axe-core check."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from django.conf import settings
from django.test import Client
from playwright.sync_api import BrowserContext, Page

from mulighetsrom.accounts.models import Organization, Person, Unit, User
from mulighetsrom.projects import actions
from mulighetsrom.projects.models import BuildingType, GateDecision, Phase, Project
from mulighetsrom.stakeholders.models import EngagementEntry, Level

BASE_DIR = Path(settings.BASE_DIR)
ARTIFACTS = BASE_DIR / "test-artifacts"
AXE_JS = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "nettleser-passord-123"
LANGS = ["nb", "en"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@dataclass
class BrowserData:
    organization: Organization
    kari: User
    kari_person: Person
    ola: User
    ola_person: Person
    units: dict[str, Unit]
    phases: dict[int, Phase]
    project: Project | None = None


def make_data(*, with_project: bool = False) -> BrowserData:
    """Kari (organization admin in Property) and Ola (Health and care, not on any team).

    With `with_project`, Kari owns a nursing-home project with its seeded stakeholder groups,
    a plan entry at every participation level and one gate decision, so pages show all their parts.
    """
    kari = User.objects.create_user(email="kari@example.org", password=PASSWORD)
    organization = actions.create_organization(
        name="Testvik kommune", kommunenummer="4601", admin_user=kari, admin_name="Kari Nordmann"
    )
    units = {u.kind: u for u in Unit.objects.filter(organization=organization)}
    kari_person = Person.objects.get(user=kari)
    kari_person.unit = units[Unit.Kind.PROPERTY]
    kari_person.title = "Prosjektleder"
    kari_person.save()
    ola = User.objects.create_user(email="ola@example.org", password=PASSWORD)
    ola_person = Person.objects.create(
        organization=organization, user=ola, name="Ola Hansen", email=ola.email, unit=units[Unit.Kind.HEALTH_CARE]
    )
    phases = {p.number: p for p in Phase.objects.filter(organization=organization)}
    data = BrowserData(organization, kari, kari_person, ola, ola_person, units, phases)
    if with_project:
        data.project = _make_project(data)
    return data


def _make_project(data: BrowserData) -> Project:
    project = actions.create_project(
        project=Project(
            organization=data.organization,
            name="Nytt helsehus på Haugen",
            building_type=BuildingType.NURSING_HOME,
            location="Haugen",
            purpose="Erstatte to gamle sykehjem med ett helsehus med 96 plasser.",
        ),
        acting_person=data.kari_person,
        acting_user=data.kari,
    )
    membership = project.memberships.get(person=data.kari_person)
    groups = list(project.stakeholder_groups.order_by("name"))
    # One entry per level so axe checks the contrast of every level tag; leave "Ansatte" unplanned.
    planned = [g for g in groups if g.name != "Ansatte"]
    for group, level in zip(planned, Level.values, strict=False):
        EngagementEntry.objects.create(
            group=group,
            phase=data.phases[2],
            level=level,
            methods=["workshop", "interview"],
            responsible=membership,
            period_start=date(2026, 3, 1),
            period_end=date(2026, 4, 30),
            status=EngagementEntry.Status.HELD if level == Level.INFORM else EngagementEntry.Status.PLANNED,
        )
    actions.record_gate_decision(
        project=project,
        to_phase=data.phases[2],
        outcome=GateDecision.Outcome.CONTINUE,
        decided_on=date(2026, 1, 15),
        basis="Behovsutredningen er godkjent.",
        decided_by_person=data.kari_person,
        decided_by_body="Formannskapet",
        acting_user=data.kari,
    )
    project.refresh_from_db()
    return project


def log_in(context: BrowserContext, base_url: str, user: User) -> None:
    """Give the browser context a logged-in session without going through the form."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}])


def set_language_cookie(context: BrowserContext, base_url: str, lang: str) -> None:
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": base_url}])


@cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


AXE_RUN = """async (tags) => {
  // resultTypes: only violations need node details; skipping them for passes saves time.
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary, html: n.html.slice(0, 200)})),
  }));
}"""


def axe_violations(page: Page) -> list[dict]:
    """Run axe-core on the current page (injected through the DevTools protocol: CSP allows no inline script)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    return page.evaluate(AXE_RUN, WCAG_TAGS)


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}  [{v['helpUrl']}]")
        for node in v["nodes"]:
            lines.append(f"    {json.dumps(node['target'])}  {node['html']}")
            if node["summary"]:
                lines.extend("      " + line for line in node["summary"].splitlines())
    return "\n".join(lines)


def assert_accessible(page: Page, what: str = "") -> None:
    """Assert that axe-core finds no WCAG 2.1 A/AA violations on the page as it is now."""
    page.wait_for_load_state("load")
    lang = page.evaluate("() => document.documentElement.lang")
    violations = axe_violations(page)
    label = f"{what or page.url} (lang={lang})"
    assert not violations, f"axe-core found {len(violations)} violation(s) on {label}:\n{format_violations(violations)}"


def screenshot(page: Page, name: str, *, full_page: bool = True) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)
