"""Every project-scoped view, checked with every persona (the one access module at work)."""

from __future__ import annotations

from mulighetsrom.projects.models import Membership
from mulighetsrom.stakeholders.models import StakeholderGroup
from mulighetsrom.test import PASSWORD, BaseTestCase


class ProjectAccessTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.group = StakeholderGroup.objects.filter(project=self.project).first()
        assert self.group is not None
        self.membership = Membership.objects.get(project=self.project, person=self.ola_person)
        g, m = self.group.code, self.membership.code
        # (url name, args, needs for GET: None = POST only)
        self.read_views = [
            ("dashboard:project", ()),
            ("projects:phases", ()),
            ("projects:team", ()),
            ("stakeholders:groups", ()),
            ("stakeholders:engagement", ()),
            ("stakeholders:cell", (g, 2)),
        ]
        self.edit_views = [
            ("projects:edit", ()),
            ("stakeholders:group_create", ()),
            ("stakeholders:group_edit", (g,)),
        ]
        self.owner_views = [("projects:member_add", ()), ("projects:member_edit", (m,))]
        self.post_only = [
            ("projects:gate_decide", ()),
            ("projects:member_remove", (m,)),
            ("stakeholders:group_delete", (g,)),
            ("stakeholders:cell_clear", (g, 2)),
        ]

    def login(self, user) -> None:
        self.client.login(email=user.email, password=PASSWORD)

    def all_views(self):
        return self.read_views + self.edit_views + self.owner_views + self.post_only

    def test_it_sends_anonymous_users_to_login(self) -> None:
        for name, args in self.read_views:
            r = self.client.get(self.url(name, *args))
            self.assertEqual(r.status_code, 302, name)
            self.assertIn("/accounts/login/", r["Location"])

    def test_it_hides_the_project_from_outsiders(self) -> None:
        for user in (self.per, self.eva):
            self.login(user)
            for name, args in self.read_views + self.edit_views + self.owner_views:
                self.assertEqual(self.client.get(self.url(name, *args)).status_code, 404, (user, name))
            for name, args in self.post_only:
                self.assertEqual(self.client.post(self.url(name, *args)).status_code, 404, (user, name))

    def test_it_hides_unknown_projects(self) -> None:
        self.login(self.kari)
        self.assertEqual(self.client.get("/p/finnes-ikke/").status_code, 404)

    def test_it_lets_viewers_read(self) -> None:
        self.login(self.nora)
        for name, args in self.read_views:
            self.assertEqual(self.client.get(self.url(name, *args)).status_code, 200, name)

    def test_it_forbids_viewers_to_write(self) -> None:
        self.login(self.nora)
        for name, args in self.edit_views + self.owner_views:
            self.assertEqual(self.client.get(self.url(name, *args)).status_code, 403, name)
            self.assertEqual(self.client.post(self.url(name, *args), {}).status_code, 403, name)
        for name, args in self.post_only:
            self.assertEqual(self.client.post(self.url(name, *args)).status_code, 403, name)
        r = self.client.get(self.url("stakeholders:cell", self.group.code, 2) + "?edit=1")
        self.assertEqual(r.status_code, 403)

    def test_it_forbids_editors_to_manage_the_team(self) -> None:
        self.login(self.ola)
        for name, args in self.owner_views:
            self.assertEqual(self.client.get(self.url(name, *args)).status_code, 403, name)
        for name, args in self.edit_views:
            self.assertEqual(self.client.get(self.url(name, *args)).status_code, 200, name)

    def test_it_rejects_get_on_post_only_views(self) -> None:
        self.login(self.kari)
        for name, args in self.post_only:
            self.assertEqual(self.client.get(self.url(name, *args)).status_code, 405, name)

    def test_it_lets_an_org_admin_read_but_not_edit_other_projects(self) -> None:
        # Kari administers the organization; a project she is not on is visible read-only.
        Membership.objects.filter(project=self.project, person=self.kari_person).update(role="viewer")
        Membership.objects.filter(project=self.project, person=self.kari_person).delete()
        self.login(self.kari)
        self.assertEqual(self.client.get(self.url("dashboard:project")).status_code, 200)
        self.assertEqual(self.client.get(self.url("projects:edit")).status_code, 403)

    def test_it_hides_the_project_from_a_member_who_left(self) -> None:
        self.membership.left_at = self.membership.joined_at
        self.membership.save()
        self.login(self.ola)
        r = self.client.post(self.url("projects:edit"), {"name": "Nytt navn", "building_type": "school"})
        self.assertEqual(r.status_code, 404)
        self.project.refresh_from_db()
        self.assertEqual(self.project.name, "Nytt helsehus")
        self.assertContains(r, "ikke lenger tilgang", status_code=404)
