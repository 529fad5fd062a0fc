"""Fast HTML for the public survey pages: the questions, and the pages around them.

Django renders a form field through templates: forms/field.html, then one template (and its
attrs.html include) per radio button or checkbox. On a busy survey that was a third of the CPU
time of a page. `render_fields` writes the same markup (the fieldset, legend, labels, ids,
aria-describedby to help text and error message, `required`, `aria-invalid`, checked state,
error text; see templates/forms/field.html and Django's widget templates) directly in Python
for the widgets the answer form uses: RadioSelect, CheckboxSelectMultiple and Textarea. Any
other field or widget (a subclass too, or a field with its own template, like the rank field
of prioritise questions) is rendered by Django as before. tests/test_public_rendering.py
checks that both give the same HTML for every question kind, language and state.

With the SURVEY_FAST_PATH setting off (see fast_path.py) `render_fields` leaves every field to
Django's templates, and `render_page` puts the fills into the context in place of their
stand-ins and renders the template on every request, without the per-process copy.

`render_page` keeps the HTML of a page per process: every respondent of a survey sees the same
intro, question pages and confirmation, apart from a few values of their own (their response's
address, the signed form value, their saved answers). The page is rendered once with stand-ins
(`hole`) for those values and filled in per request; everything else in the context must be a
plain value (str, int, bool, None), which together with the template and the language forms the
key, so a changed title or question gives a new key. A context with any other value (a form with
errors, a model instance, the request) is rendered as usual, without the cache.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.forms import BoundField
from django.forms.widgets import ChoiceWidget
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from mulighetsrom.surveys import fast_path


def render_fields(form: forms.BaseForm) -> SafeString:
    """The HTML of every field of `form`, as `{% for field in form %}{{ field.as_field_group }}{% endfor %}`."""
    if not fast_path.is_on():
        return mark_safe("".join(str(bound.as_field_group()) for bound in form))  # noqa: S308 (Django-rendered, safe)
    return mark_safe("".join(render_field(bound) for bound in form))  # noqa: S308 (render_field escapes every value)


def render_field(bound: BoundField) -> str:
    widget = bound.field.widget
    # The exact class, not isinstance: a subclass may render differently.
    if (
        getattr(bound.field, "template_name", None) is None
        and bound.form.renderer.field_template_name == "forms/field.html"
    ):
        if type(widget) in (forms.RadioSelect, forms.CheckboxSelectMultiple) and _flat(widget.choices):
            return _choice_group(bound, widget)
        if type(widget) is forms.Textarea:
            return _textarea(bound, widget)
    return str(bound.as_field_group())


def _flat(choices: Iterable[Any]) -> bool:
    """True unless the choices have option groups (which this renderer does not write)."""
    return not any(isinstance(label, (list, tuple)) for _value, label in choices)


def _attrs(attrs: Mapping[str, Any]) -> str:
    """Like django/forms/widgets/attrs.html: False leaves the attribute out, True writes its bare name."""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(f" {name}")
        elif value is not False:
            parts.append(f' {name}="{conditional_escape(str(value))}"')
    return "".join(parts)


def _widget_attrs(bound: BoundField, widget: forms.Widget) -> dict[str, Any]:
    """The attributes Django gives the widget of `bound` (BoundField.as_widget and .subwidgets)."""
    id_ = widget.attrs.get("id") or bound.auto_id
    extra = bound.build_widget_attrs({"id": id_} if id_ else {}, widget)
    return widget.build_attrs(widget.attrs, extra)


def _legend(bound: BoundField) -> str:
    required = f' <span class="required">({conditional_escape(gettext("required"))})</span>'
    return (
        f'<legend class="ds-label">{conditional_escape(bound.label)}{required if bound.field.required else ""}</legend>'
    )


def _help(bound: BoundField) -> str:
    if not bound.help_text:
        return ""
    return (
        f'<p class="ds-paragraph" data-field="description" id="{bound.auto_id}_helptext">'
        f"{conditional_escape(bound.help_text)}</p>"
    )


def _error(bound: BoundField) -> str:
    if not bound.errors:
        return ""
    text = " ".join(str(conditional_escape(str(e))) for e in bound.errors)
    return f'<p class="ds-validation-message" data-field="validation" id="{bound.auto_id}_error">{text}</p>'


def _choice_group(bound: BoundField, widget: ChoiceWidget) -> str:
    """A fieldset of radio buttons or checkboxes (the first branch of forms/field.html)."""
    described = ""
    if bound.help_text or bound.errors:
        helptext = f"{bound.auto_id}_helptext" if bound.help_text else ""
        error = f" {bound.auto_id}_error" if bound.errors else ""
        described = f' aria-describedby="{helptext}{error}"'
    selected = set(widget.format_value(bound.value()))
    attrs = _widget_attrs(bound, widget)
    option_attrs = attrs if widget.option_inherits_attrs else {}
    id_ = option_attrs.get("id")
    name = conditional_escape(bound.html_name)
    options = []
    picked = False
    for index, (value, label) in enumerate(widget.choices):
        value = "" if value is None else str(value)
        # A radio group checks only its first match, like ChoiceWidget.optgroups.
        checked = value in selected and (widget.allow_multiple_selected or not picked)
        picked = picked or checked
        this = dict(option_attrs)
        if checked:
            this["checked"] = True
        if id_:
            this["id"] = widget.id_for_label(id_, str(index))
        options.append(
            f'<div class="ds-field"><input type="{widget.input_type}" name="{name}"'
            f' value="{conditional_escape(value)}"{_attrs(this)}>'
            f'<label class="ds-label" data-weight="regular" for="{conditional_escape(this.get("id", ""))}">'
            f"{conditional_escape(str(label))}</label></div>"
        )
    return (
        f'<fieldset class="ds-fieldset"{described}>{_legend(bound)}{_help(bound)}'
        f'<div class="choice-list">{"".join(options)}</div>{_error(bound)}</fieldset>'
    )


def _textarea(bound: BoundField, widget: forms.Textarea) -> str:
    """A labelled text area (the last branch of forms/field.html)."""
    attrs = _widget_attrs(bound, widget)
    label_for = widget.id_for_label(attrs.get("id", ""))
    required = f' <span class="required">({conditional_escape(gettext("required"))})</span>'
    value = widget.format_value(bound.value())
    return (
        f'<div class="ds-field"><label class="ds-label" for="{conditional_escape(label_for or "")}">'
        f"{conditional_escape(bound.label)}{required if bound.field.required else ''}</label>{_help(bound)}"
        f'<textarea name="{conditional_escape(bound.html_name)}"{_attrs(attrs)}>\n'
        f"{conditional_escape(value) if value else ''}</textarea>{_error(bound)}</div>"
    )


# Stand-ins: letters and digits only, so escaping and URL building leave them as they are.
_HOLES: dict[str, str] = {}
_NAMES: dict[str, str] = {}
_PAGES: dict[tuple[Any, ...], list[str]] = {}
_PAGES_MAX = 512
_PLAIN = (str, int, bool, type(None))


def hole(name: str) -> str:
    """The stand-in for the per-request value `name` (letters only) in a context for `render_page`."""
    if name not in _HOLES:
        _HOLES[name] = f"hole{secrets.token_hex(8)}{name}"
        _NAMES[_HOLES[name]] = name
    return _HOLES[name]


def render_page(template: str, context: Mapping[str, Any], fills: Mapping[str, str]) -> str:
    """`template` rendered with `context`, each `hole(name)` in it replaced by `fills[name]` (escaped).

    A template must print a hole as it is (`{{ sig }}`, or inside a URL it prints), never through
    a filter that changes it. Fills are escaped as `{{ }}` would; a SafeString stays as it is.
    """
    if not fast_path.is_on():
        return render_to_string(template, {name: _fill(value, fills) for name, value in context.items()})
    key = _key(template, context)
    parts = _PAGES.get(key) if key is not None else None
    if parts is None:
        html = render_to_string(template, context)
        parts = re.split(f"({'|'.join(_HOLES.values())})", html) if _HOLES else [html]
        if key is not None:
            if len(_PAGES) >= _PAGES_MAX:
                _PAGES.clear()
            _PAGES[key] = parts
    # re.split puts the stand-ins it split on at the odd positions.
    return "".join(conditional_escape(fills[_NAMES[part]]) if i % 2 else part for i, part in enumerate(parts))


def _fill(value: Any, fills: Mapping[str, str]) -> Any:
    """`value` with every stand-in in it replaced by its fill (inside strings, lists and tuples too).

    A value that is a stand-in becomes the fill itself, so a SafeString fill stays safe; a stand-in
    inside a longer string gives a plain string, which the template escapes as a whole.
    """
    if isinstance(value, str) and "hole" in value:
        if value in _NAMES:
            return fills[_NAMES[value]]
        for stand_in, name in _NAMES.items():
            if stand_in in value and name in fills:
                value = value.replace(stand_in, fills[name])
        return value
    if isinstance(value, (list, tuple)):
        return type(value)(_fill(v, fills) for v in value)
    return value


def _key(template: str, context: Mapping[str, Any]) -> tuple[Any, ...] | None:
    items: list[Any] = [template, translation.get_language()]
    for name, value in sorted(context.items()):
        if isinstance(value, (list, tuple)):
            if not all(isinstance(v, _PLAIN) or _plain_tuple(v) for v in value):
                return None
            value = tuple(value)
        elif not isinstance(value, _PLAIN):
            return None
        items.append((name, type(value).__name__, value))
    return tuple(items)


def _plain_tuple(value: Any) -> bool:
    return isinstance(value, tuple) and all(isinstance(v, _PLAIN) for v in value)
