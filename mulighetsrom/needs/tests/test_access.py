"""Every needs view, checked with every persona."""

from __future__ import annotations

from mulighetsrom.needs.models import Adjacency, Baseline, LibraryItem, NeedReference
from mulighetsrom.needs.tests.factories import make_insight, make_need, make_requirement, make_room
from mulighetsrom.test import BaseTestCase


class NeedsAccessTestCase(BaseTestCase):
    def setUp(self) -> None:
        need = make_need(self.project, self.kari)
        req = make_requirement(self.project, self.kari, needs=(need,))
        room = make_room(self.project, self.kari, requirements=(req,))
        other = make_room(self.project, self.kari, ref="BO-02")
        adjacency = Adjacency.objects.create(room=room, other=other, kind="near")
        reference = NeedReference.objects.create(need=need, text="TEK17 § 12-2")
        insight = make_insight(self.project)
        item = LibraryItem.objects.create(
            organization=self.organization, kind="need", title="T", data={"statement": "T"}
        )
        Baseline.objects.create(project=self.project, name="B", snapshot={})
        observation = insight.evidence.first()
        self.read_views = [
            ("needs:needs", ()),
            ("needs:need_detail", (need.code,)),
            ("needs:requirements", ()),
            ("needs:requirement_detail", (req.code,)),
            ("needs:requirements_export", ()),
            ("needs:programme", ()),
            ("needs:room_detail", (room.code,)),
            ("needs:programme_export", ()),
            ("needs:matrix", ()),
            ("needs:matrix_export", ()),
            ("needs:gaps", ()),
            ("needs:cuts", ()),
            ("needs:observation_trace", (observation.code,)),
            ("needs:baselines", ()),
            ("needs:library", ()),
            ("needs:baseline_compare", ()),
        ]
        self.edit_views = [
            ("needs:need_create", ()),
            ("needs:need_edit", (need.code,)),
            ("needs:requirement_create", ()),
            ("needs:requirement_edit", (req.code,)),
            ("needs:room_create", ()),
            ("needs:room_edit", (room.code,)),
            ("needs:programme_import", ()),
        ]
        self.post_only = [
            ("needs:need_from_insight", (insight.code,)),
            ("needs:reference_add", (need.code,)),
            ("needs:reference_delete", (reference.code,)),
            ("needs:requirement_link", (req.code,)),
            ("needs:requirement_unlink", (req.code, need.code)),
            ("needs:programme_factor", ()),
            ("needs:adjacency_add", (room.code,)),
            ("needs:adjacency_delete", (room.code, adjacency.pk)),
            ("needs:library_add", ("need", need.code)),
            ("needs:library_copy", (item.code,)),
            ("needs:room_delete", (room.code,)),
            ("needs:requirement_delete", (req.code,)),
            ("needs:need_delete", (need.code,)),
        ]

    def test_it_sends_anonymous_users_to_login(self) -> None:
        for name, args in self.read_views:
            r = self.client.get(self.url(name, *args))
            self.assertEqual(r.status_code, 302, name)

    def test_it_hides_the_project_from_outsiders(self) -> None:
        for user in (self.per, self.eva):
            self.log_in(user)
            for name, args in self.read_views + self.edit_views:
                self.assertEqual(self.client.get(self.url(name, *args)).status_code, 404, (user, name))
            for name, args in self.post_only:
                self.assertEqual(self.client.post(self.url(name, *args)).status_code, 404, (user, name))

    def test_it_lets_viewers_read(self) -> None:
        self.log_in(self.nora)
        for name, args in self.read_views:
            self.assertEqual(self.client.get(self.url(name, *args)).status_code, 200, name)

    def test_it_forbids_viewers_and_contributors_to_write(self) -> None:
        for user in (self.nora, self.ingrid):
            self.log_in(user)
            for name, args in self.edit_views:
                self.assertEqual(self.client.get(self.url(name, *args)).status_code, 403, name)
                self.assertEqual(self.client.post(self.url(name, *args), {}).status_code, 403, name)
            for name, args in self.post_only:
                self.assertEqual(self.client.post(self.url(name, *args)).status_code, 403, name)
            self.assertEqual(self.client.post(self.url("needs:baselines"), {"name": "x"}).status_code, 403)

    def test_it_answers_get_on_post_views_with_405(self) -> None:
        self.log_in(self.ola)
        for name, args in self.post_only:
            self.assertEqual(self.client.get(self.url(name, *args)).status_code, 405, name)

    def test_it_lets_editors_open_every_form(self) -> None:
        self.log_in(self.ola)
        for name, args in self.edit_views:
            self.assertEqual(self.client.get(self.url(name, *args)).status_code, 200, name)

    def test_it_answers_mangled_codes_with_404(self) -> None:
        self.log_in(self.ola)
        self.assertEqual(self.client.get(self.url("needs:requirement_create") + "?need=nope").status_code, 404)
        self.assertEqual(self.client.get(self.url("needs:baseline_compare") + "?a=nope").status_code, 404)
