from __future__ import annotations

from django import forms
from django.test import TestCase

from mulighetsrom.accounts.models import Organization
from mulighetsrom.lib.forms import DSForm, set_choices, set_queryset


class OrganizationForm(DSForm):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none())
    many = forms.ModelMultipleChoiceField(queryset=Organization.objects.none(), required=False)
    size = forms.ChoiceField(choices=[("s", "small")])
    name = forms.CharField()


class FormHelpersTestCase(TestCase):
    def setUp(self) -> None:
        self.oslo = Organization.objects.create(name="Oslo kommune", kommunenummer="0301")
        self.bergen = Organization.objects.create(name="Bergen kommune", kommunenummer="4601")

    def test_it_limits_a_choice_field_to_the_queryset(self) -> None:
        form = OrganizationForm({"organization": self.bergen.pk, "size": "s", "name": "x"})
        set_queryset(form, "organization", Organization.objects.filter(pk=self.oslo.pk))
        self.assertFalse(form.is_valid())
        self.assertIn("organization", form.errors)
        form = OrganizationForm({"organization": self.oslo.pk, "size": "s", "name": "x"})
        set_queryset(form, "organization", Organization.objects.filter(pk=self.oslo.pk))
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.cleaned_data["organization"], self.oslo)

    def test_it_sets_how_each_choice_reads(self) -> None:
        form = OrganizationForm()
        set_queryset(form, "many", Organization.objects.order_by("name"), label=lambda o: o.kommunenummer)
        self.assertEqual([label for _value, label in form.fields["many"].choices], ["4601", "0301"])

    def test_it_replaces_choices(self) -> None:
        form = OrganizationForm({"organization": self.oslo.pk, "size": "s", "name": "x"})
        set_queryset(form, "organization", Organization.objects.all())
        set_choices(form, "size", [("m", "medium")])
        self.assertFalse(form.is_valid())
        self.assertIn("size", form.errors)

    def test_it_refuses_a_field_of_the_wrong_kind(self) -> None:
        form = OrganizationForm()
        with self.assertRaises(TypeError):
            set_queryset(form, "name", Organization.objects.all())
        with self.assertRaises(TypeError):
            set_choices(form, "name", [])
