"""GOV.UK fields through Django's form-rendering API (tracker/rendering.py): each kind of field's
`as_field_group()` draws its GOV.UK component, with the form's options for it."""

import datetime

from django import forms
from django.conf import settings
from django.template.loader import render_to_string
from pytest_django.asserts import assertInHTML

from tracker.date_input import DateInputField
from tracker.forms import GovukForm
from tracker.rendering import CheckboxGroup, GovukBoundField, GovukFormRenderer

COLOURS = [("red", "Red"), ("green", "Green")]


class ExampleForm(GovukForm):
    name = forms.CharField(label="Name", help_text="As it is known", max_length=5)
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    colour = forms.ChoiceField(label="Colour", choices=COLOURS, widget=forms.RadioSelect)
    lead = forms.ChoiceField(
        label="Who leads it?",
        choices=[("", "Nobody"), ("a", "Ann"), ("b", "Bo")],
        required=False,
        widget=forms.RadioSelect,
    )
    colours = forms.MultipleChoiceField(
        label="Colours", choices=COLOURS, widget=forms.CheckboxSelectMultiple, required=False
    )
    checked = forms.BooleanField(label="I have checked it", required=False)
    kind = forms.ChoiceField(label="Kind", choices=[("", "Any"), ("big", "Big")], required=False)
    due = DateInputField(noun="due date", label="Due date", required=False)
    evidence = forms.FileField(
        label="Evidence", required=False, widget=forms.ClearableFileInput(attrs={"accept": ".pdf"})
    )
    only = forms.ChoiceField(label="Only open ones", choices=[("", "-"), ("yes", "Yes")], required=False)

    field_options = {
        "notes": {"rows": 3, "label_class": "govuk-label--m"},
        "colour": {"inline": True},
        "lead": {"divider": "or"},
        "colours": {"small": True, "label": "Which colours?"},
        "name": {"width": 10},
        "only": {"item_label": "Open"},
    }


def test_the_project_renders_forms_with_the_govuk_renderer():
    assert settings.FORM_RENDERER == "tracker.rendering.GovukFormRenderer"
    form = ExampleForm()
    assert isinstance(form.renderer, GovukFormRenderer)
    assert isinstance(form["name"], GovukBoundField)


def test_a_text_input_has_its_label_hint_width_and_small_label_by_default():
    html = ExampleForm()["name"].as_field_group()

    assertInHTML('<label class="govuk-label govuk-label--s" for="id_name">Name</label>', html)
    assertInHTML('<div id="id_name-hint" class="govuk-hint">As it is known</div>', html)
    assertInHTML(
        '<input class="govuk-input govuk-input--width-10" id="id_name" name="name" type="text" value=""'
        ' aria-describedby="id_name-hint">',
        html,
    )


def test_a_field_in_error_shows_its_error_and_is_described_by_it():
    form = ExampleForm({"name": "Far too long", "colour": "blue"})
    form.is_valid()
    html = form["name"].as_field_group()

    assert 'class="govuk-form-group govuk-form-group--error"' in html
    assertInHTML(
        '<p id="id_name-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span>'
        " Ensure this value has at most 5 characters (it has 12).</p>",
        html,
    )
    assertInHTML(
        '<input class="govuk-input govuk-input--width-10 govuk-input--error" id="id_name" name="name"'
        ' type="text" value="Far too long" aria-describedby="id_name-hint id_name-error">',
        html,
    )
    radios = form["colour"].as_field_group()
    assertInHTML(
        '<p id="id_colour-error" class="govuk-error-message">'
        '<span class="govuk-visually-hidden">Error:</span>'
        " Select a valid choice. blue is not one of the available choices.</p>",
        radios,
    )
    assert '<fieldset class="govuk-fieldset" aria-describedby="id_colour-error">' in radios


def test_a_textarea_takes_its_rows_and_label_size_from_the_form():
    html = ExampleForm()["notes"].as_field_group()

    assertInHTML('<label class="govuk-label govuk-label--m" for="id_notes">Notes</label>', html)
    assertInHTML('<textarea class="govuk-textarea" id="id_notes" name="notes" rows="3">\n</textarea>', html)


def test_radios_give_the_first_radio_the_fields_id_and_number_the_rest():
    html = ExampleForm(initial={"colour": "green"})["colour"].as_field_group()

    assertInHTML('<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Colour</legend>', html)
    assert 'class="govuk-radios govuk-radios--inline" data-module="govuk-radios"' in html
    assertInHTML(
        '<input class="govuk-radios__input" id="id_colour" name="colour" type="radio" value="red">', html
    )
    assertInHTML(
        '<input class="govuk-radios__input" id="id_colour-2" name="colour" type="radio" value="green"'
        " checked>",
        html,
    )
    assertInHTML('<label class="govuk-label govuk-radios__label" for="id_colour-2">Green</label>', html)


def test_radios_with_a_divider_put_the_choice_of_none_last_after_it():
    html = ExampleForm()["lead"].as_field_group()

    ids = [chunk.split('"')[0] for chunk in html.split('class="govuk-radios__input" id="')[1:]]
    assert ids == ["id_lead", "id_lead-2", "id_lead-none"]
    assert (
        html.index("Bo</label>")
        < html.index('<div class="govuk-radios__divider">or</div>')
        < html.index("Nobody")
    )


def test_checkboxes_for_several_choices_are_small_under_the_forms_legend():
    html = ExampleForm(initial={"colours": ["green"]})["colours"].as_field_group()

    assertInHTML(
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Which colours?</legend>', html
    )
    assert 'class="govuk-checkboxes govuk-checkboxes--small"' in html
    assertInHTML(
        '<input class="govuk-checkboxes__input" id="id_colours" name="colours" type="checkbox" value="red">',
        html,
    )
    assertInHTML(
        '<input class="govuk-checkboxes__input" id="id_colours-2" name="colours" type="checkbox"'
        ' value="green" checked>',
        html,
    )


def test_a_yes_no_field_is_one_checkbox():
    html = ExampleForm({"checked": "on"})["checked"].as_field_group()

    assertInHTML(
        '<input class="govuk-checkboxes__input" id="id_checked" name="checked" type="checkbox" value="on"'
        " checked>",
        html,
    )
    assertInHTML(
        '<label class="govuk-label govuk-checkboxes__label" for="id_checked">I have checked it</label>', html
    )


def test_a_group_draws_several_fields_as_one_set_of_checkboxes_each_with_its_error():
    form = ExampleForm({"only": "no", "checked": "on"})
    form.is_valid()
    html = CheckboxGroup(
        legend="Show only", fields=[form["checked"], form["only"]], hints={"only": "Not done"}
    ).as_field_group()

    assertInHTML('<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Show only</legend>', html)
    assert '<fieldset class="govuk-fieldset" aria-describedby="id_only-error">' in html
    assert 'id="id_only-error"' in html
    assertInHTML(
        '<input class="govuk-checkboxes__input" id="id_only" name="only" type="checkbox" value="yes"'
        ' aria-describedby="id_only-hint">',
        html,
    )
    assertInHTML('<label class="govuk-label govuk-checkboxes__label" for="id_only">Open</label>', html)
    assertInHTML('<div id="id_only-hint" class="govuk-hint govuk-checkboxes__hint">Not done</div>', html)
    assert 'id="id_checked" name="checked" type="checkbox" value="on" checked' in html


def test_a_select_lists_its_choices_with_the_chosen_one_selected():
    html = ExampleForm(initial={"kind": "big"})["kind"].as_field_group()

    assertInHTML('<label class="govuk-label govuk-label--s" for="id_kind">Kind</label>', html)
    assertInHTML('<option value="big" selected>Big</option>', html)
    assert '<select class="govuk-select" id="id_kind" name="kind">' in html


def test_a_date_input_draws_its_three_boxes_in_a_fieldset():
    html = ExampleForm(initial={"due": datetime.date(2011, 1, 14)})["due"].as_field_group()

    assertInHTML('<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Due date</legend>', html)
    assertInHTML(
        '<input class="govuk-input govuk-date-input__input govuk-input--width-2" id="id_due_day"'
        ' name="due_day" type="text" inputmode="numeric" value="14">',
        html,
    )
    assert 'id="id_due_year" name="due_year" type="text" inputmode="numeric" value="2011"' in html


def test_a_file_upload_accepts_what_its_widget_accepts():
    html = ExampleForm()["evidence"].as_field_group()

    assertInHTML(
        '<input class="govuk-file-upload" id="id_evidence" name="evidence" type="file" accept=".pdf">', html
    )


def test_a_page_may_include_the_same_template_with_its_own_words():
    html = render_to_string(
        "components/textarea.html",
        {"field": ExampleForm()["notes"], "hidden_label_end": "about this", "rows": 4},
    )

    assertInHTML(
        '<label class="govuk-label govuk-label--m" for="id_notes">Notes<span class="govuk-visually-hidden">'
        " about this</span></label>",
        html,
    )
    assert 'rows="4"' in html


def test_a_password_or_hidden_field_is_left_to_djangos_own_template():
    class SignInForm(forms.Form):
        password = forms.CharField(widget=forms.PasswordInput)
        version = forms.IntegerField(widget=forms.HiddenInput)

    form = SignInForm()

    assert form["password"].template_name == form["version"].template_name == "django/forms/field.html"
    assert 'type="password"' in form["password"].as_field_group()


def test_every_free_text_field_of_every_form_has_a_limit_the_page_counts():
    """A textarea with a max_length is drawn with GOV.UK's character count (components/textarea.html),
    and a text box refuses more than its limit: no field takes 200,000 characters."""
    import inspect

    from django import forms as django_forms

    import panels.forms
    import recommendations.forms

    unlimited = [
        f"{form.__name__}.{name}"
        for module in (recommendations.forms, panels.forms)
        for _, form in inspect.getmembers(module, inspect.isclass)
        if issubclass(form, django_forms.BaseForm)
        for name, field in form.base_fields.items()
        if isinstance(field, django_forms.CharField) and not field.widget.is_hidden and not field.max_length
    ]
    assert unlimited == []
    counted = recommendations.forms.QuestionForm()["text"].as_field_group()
    assert 'data-module="govuk-character-count" data-maxlength="2000"' in counted
