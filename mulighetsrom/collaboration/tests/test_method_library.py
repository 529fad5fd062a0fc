from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mulighetsrom.accounts.models import Person
from mulighetsrom.collaboration.models import CanvasSection, MethodTemplate, PulseStatement, RaciTask
from mulighetsrom.projects.actions import create_project
from mulighetsrom.projects.models import Project
from mulighetsrom.stakeholders.models import EngagementEntry
from mulighetsrom.test import BaseTestCase

PAGE = "/org/methods/"


class MethodLibraryTestCase(BaseTestCase):
    def setUp(self) -> None:
        org = self.organization
        MethodTemplate.objects.create(organization=org, kind="raci", building_type="school",
                                      items=[{"phase": 1, "name": "Pedagogisk analyse"}])  # fmt: skip
        MethodTemplate.objects.create(organization=org, kind="pulse", items=["Vi lytter til hverandre"])
        MethodTemplate.objects.create(organization=org, kind="canvas", items=[{"key": "purpose", "prompt": "Hvorfor?"}])
        MethodTemplate.objects.create(organization=org, kind="engagement", building_type="school",
                                      items=[{"group": "Elever", "method": "Workshop", "phase": 2}])  # fmt: skip

    def export(self) -> bytes:
        self.log_in(self.kari)
        r = self.client.get(reverse("collaboration:method_library_export"))
        self.assertEqual(r["Content-Type"], "application/json")
        return r.content

    def upload(self, content: bytes, name: str = "bibliotek.json") -> object:
        self.client.login(email="eva@example.org", password="test-passord-123")
        self.client.cookies["django_language"] = "en"
        return self.client.post(PAGE, {"file": SimpleUploadedFile(name, content, content_type="application/json")})

    def test_the_export_is_versioned_json_with_every_template(self) -> None:
        doc = json.loads(self.export())
        self.assertEqual((doc["format"], doc["version"]), ("mulighetsrom-method-library", 1))
        kinds = sorted((t["kind"], t["building_type"]) for t in doc["templates"])
        self.assertEqual(kinds, [("canvas", ""), ("engagement", "school"), ("pulse", ""), ("raci", "school")])

    def test_an_import_into_another_organization_reports_and_seeds_its_projects(self) -> None:
        data = self.export()
        r = self.upload(data)
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "The method library was imported.")
        self.assertContains(r, "RACI task list (school)")
        self.assertEqual(MethodTemplate.objects.filter(organization=self.other_organization).count(), 4)
        eva = Person.objects.get(user=self.eva)
        project = create_project(
            project=Project(organization=self.other_organization, name="Ny skole", building_type="school"),
            acting_person=eva,
            acting_user=self.eva,
        )
        self.assertEqual(list(RaciTask.objects.filter(project=project).values_list("name", flat=True)),
                         ["Pedagogisk analyse"])  # fmt: skip
        self.assertEqual([s.text for s in PulseStatement.objects.filter(project=project)], ["Vi lytter til hverandre"])
        # The canvas prompt starts the section, and the engagement default plans the pupils in step 2.
        self.assertEqual(CanvasSection.objects.get(project=project, key="purpose").text, "Hvorfor?")
        entry = EngagementEntry.objects.get(group__project=project, group__name="Elever")
        self.assertEqual((entry.phase.number, entry.level, entry.methods), (2, "consult", ["workshop"]))

    def test_a_second_import_replaces_and_says_so(self) -> None:
        data = self.export()
        self.upload(data)
        r = self.upload(data)
        self.assertContains(r, "Replaced")
        self.assertEqual(MethodTemplate.objects.filter(organization=self.other_organization).count(), 4)

    def assert_rejected(self, content: bytes, message: str) -> None:
        r = self.upload(content)
        self.assertContains(r, message, status_code=400)
        self.assertFalse(MethodTemplate.objects.filter(organization=self.other_organization).exists())

    def test_a_malformed_file_imports_nothing(self) -> None:
        self.assert_rejected(b"{not json", "The file is not valid JSON.")
        self.assert_rejected(b"\xff\xfe", "The file is not valid JSON.")
        self.assert_rejected(b"[1, 2]", "The file is not a Mulighetsrom method library.")
        self.assert_rejected(json.dumps({"format": "mulighetsrom-method-library"}).encode(), "no valid format version")

    def test_a_newer_format_version_imports_nothing(self) -> None:
        doc = json.loads(self.export())
        doc["version"] = 2
        self.assert_rejected(json.dumps(doc).encode(), "format version 2, newer than this installation reads (1)")

    def test_a_wrong_type_anywhere_imports_nothing(self) -> None:
        doc = json.loads(self.export())
        doc["templates"].append({"kind": "pulse", "building_type": "school", "items": ["OK", 42]})
        self.assert_rejected(json.dumps(doc).encode(), "Template 5 contains an item of the wrong type.")
        doc["templates"][-1] = {"kind": "budget", "items": []}
        self.assert_rejected(json.dumps(doc).encode(), "Template 5 has an unknown kind.")
        doc["templates"][-1] = {"kind": "raci", "building_type": "castle", "items": []}
        self.assert_rejected(json.dumps(doc).encode(), "Template 5 has an unknown building type.")
        doc["templates"][-1] = {"kind": "raci", "items": [{"phase": "1", "name": "x"}]}
        self.assert_rejected(json.dumps(doc).encode(), "Template 5 contains an item of the wrong type.")
        doc["templates"] = {"kind": "raci"}
        self.assert_rejected(json.dumps(doc).encode(), "The file has no list of templates.")

    def test_only_an_organization_admin_may_export_or_import(self) -> None:
        self.log_in(self.ola)
        self.assertEqual(self.client.get(reverse("collaboration:method_library_export")).status_code, 403)
        self.assertEqual(self.client.get(PAGE).status_code, 403)
        r = self.client.post(PAGE, {"file": SimpleUploadedFile("a.json", b"{}")})
        self.assertEqual(r.status_code, 403)

    def test_the_export_holds_only_the_own_organization(self) -> None:
        MethodTemplate.objects.create(organization=self.other_organization, kind="pulse", items=["Andreby"])
        self.assertNotIn("Andreby", self.export().decode())
