"""GOV.UK rendering of Django forms (templates/django/forms/), the error summary,
the pagination include and the page template.

No database: any query made while rendering fails the test.
"""

from html.parser import HTMLParser

import pytest
from django import forms
from django.contrib.auth.models import User
from django.contrib.messages import constants as message_constants
from django.contrib.messages.storage.base import Message
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import resolve, reverse

RAG_CHOICES = [
    ("red", "Red"),
    ("amber", "Amber"),
    ("green", "Green"),
    ("blue", "Blue"),
    ("not_rated", "Not rated"),
]
RAG_HINTS = {"red": "Significantly off track", "green": "On track"}


class SampleForm(forms.Form):
    title = forms.CharField(label="Title", help_text="A short name for the action")
    rag = forms.ChoiceField(
        label="RAG rating", choices=RAG_CHOICES, widget=forms.RadioSelect(attrs={"option_hints": RAG_HINTS})
    )
    narrative = forms.CharField(label="Position statement", widget=forms.Textarea)
    due = forms.DateField(label="Due date", widget=forms.DateInput)
    status = forms.ChoiceField(
        label="Status", choices=[("", "Choose"), ("open", "Open"), ("closed", "Closed")]
    )
    confirm = forms.BooleanField(label="I have checked this", help_text="Tick to confirm")
    tags = forms.MultipleChoiceField(
        label="Tags", choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple, required=False
    )
    ref = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError("This reporting period is closed")


class InlineForm(forms.Form):
    answer = forms.ChoiceField(
        label="Answer",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect(attrs={"govuk_inline": True, "govuk_small": True}),
    )


class Element:
    def __init__(self, tag, attrs):
        self.tag = tag
        self.attrs = {name: (value if value is not None else "") for name, value in attrs}
        self.text = ""

    @property
    def classes(self):
        return set(self.attrs.get("class", "").split())


class Collector(HTMLParser):
    """Every element with its attributes and its text content (including descendants' text)."""

    VOID = {"input", "br", "meta", "link", "img", "hr"}

    def __init__(self):
        super().__init__()
        self.elements = []
        self.stack = []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs)
        self.elements.append(element)
        if tag not in self.VOID:
            self.stack.append(element)

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop().tag == tag:
                break

    def handle_data(self, data):
        for element in self.stack:
            element.text += data


class Page:
    def __init__(self, html):
        self.html = html
        parser = Collector()
        parser.feed(html)
        self.elements = parser.elements

    def by_id(self, id_):
        found = [e for e in self.elements if e.attrs.get("id") == id_]
        assert len(found) == 1, f"expected one element with id={id_!r}, found {len(found)}"
        return found[0]

    def with_class(self, cls):
        return [e for e in self.elements if cls in e.classes]

    def tags(self, tag):
        return [e for e in self.elements if e.tag == tag]


def render_form(form):
    return Page(form.as_div())


@pytest.fixture
def unbound():
    return render_form(SampleForm())


@pytest.fixture
def bound_form():
    form = SampleForm(data={"title": "", "rag": "", "narrative": "", "due": "31 February", "status": ""})
    assert not form.is_valid()
    return form


@pytest.fixture
def invalid(bound_form):
    return render_form(bound_form)


# --- unbound form -----------------------------------------------------------------------------


def test_text_input_has_govuk_label_hint_and_input(unbound):
    label = [e for e in unbound.tags("label") if e.attrs.get("for") == "id_title"][0]
    assert {"govuk-label", "govuk-label--s"} <= label.classes
    hint = unbound.by_id("id_title_helptext")
    assert "govuk-hint" in hint.classes
    assert "A short name" in hint.text
    field = unbound.by_id("id_title")
    assert field.tag == "input"
    assert field.classes == {"govuk-input"}
    assert field.attrs["aria-describedby"] == "id_title_helptext"
    assert "aria-invalid" not in field.attrs


def test_unbound_form_has_no_error_markup(unbound):
    assert not unbound.with_class("govuk-form-group--error")
    assert not unbound.with_class("govuk-error-message")
    assert "--error" not in unbound.html
    assert len(unbound.with_class("govuk-form-group")) == 7  # hidden field has no form group


def test_radios_are_a_fieldset_with_legend(unbound):
    fieldset = [e for e in unbound.tags("fieldset")][0]
    assert "govuk-fieldset" in fieldset.classes
    legend = unbound.with_class("govuk-fieldset__legend")[0]
    assert "RAG rating" in legend.text
    # a fieldset widget has no <label> of its own
    assert not [e for e in unbound.tags("label") if e.attrs.get("for") == "id_rag"]
    radios = unbound.by_id("id_rag")
    assert "govuk-radios" in radios.classes
    assert "govuk-radios--inline" not in radios.classes
    assert radios.attrs["data-module"] == "govuk-radios"
    assert len([e for e in unbound.with_class("govuk-radios__item")]) == len(RAG_CHOICES)
    first = unbound.by_id("id_rag_0")
    assert first.tag == "input" and first.attrs["type"] == "radio"
    assert first.classes == {"govuk-radios__input"}
    label = [e for e in unbound.tags("label") if e.attrs.get("for") == "id_rag_0"][0]
    assert {"govuk-label", "govuk-radios__label"} <= label.classes
    assert label.text.strip() == "Red"


def test_radio_option_hints(unbound):
    red_hint = unbound.by_id("id_rag_0_hint")
    assert {"govuk-hint", "govuk-radios__hint"} <= red_hint.classes
    assert red_hint.text.strip() == "Significantly off track"
    assert unbound.by_id("id_rag_0").attrs["aria-describedby"] == "id_rag_0_hint"
    assert unbound.by_id("id_rag_2").attrs["aria-describedby"] == "id_rag_2_hint"
    # options without a hint get neither a hint nor aria-describedby
    assert "aria-describedby" not in unbound.by_id("id_rag_1").attrs
    assert not [e for e in unbound.elements if e.attrs.get("id") == "id_rag_1_hint"]
    assert len(unbound.with_class("govuk-radios__hint")) == len(RAG_HINTS)
    # widget options are never rendered as HTML attributes
    assert "option_hints" not in unbound.html
    assert "govuk_" not in unbound.html


def test_textarea_select_and_date(unbound):
    assert unbound.by_id("id_narrative").tag == "textarea"
    assert unbound.by_id("id_narrative").classes == {"govuk-textarea"}
    assert unbound.by_id("id_status").tag == "select"
    assert unbound.by_id("id_status").classes == {"govuk-select"}
    due = unbound.by_id("id_due")
    assert due.tag == "input"
    assert due.classes == {"govuk-input", "govuk-input--width-10"}


def test_single_checkbox(unbound):
    box = unbound.by_id("id_confirm")
    assert box.attrs["type"] == "checkbox"
    assert box.classes == {"govuk-checkboxes__input"}
    assert box.attrs["aria-describedby"] == "id_confirm_helptext"
    label = [e for e in unbound.tags("label") if e.attrs.get("for") == "id_confirm"][0]
    assert {"govuk-label", "govuk-checkboxes__label"} <= label.classes
    assert "govuk-checkboxes__hint" in unbound.by_id("id_confirm_helptext").classes
    assert unbound.with_class("govuk-checkboxes__item")


def test_checkbox_group(unbound):
    group = unbound.by_id("id_tags")
    assert "govuk-checkboxes" in group.classes
    assert group.attrs["data-module"] == "govuk-checkboxes"
    assert unbound.by_id("id_tags_0").classes == {"govuk-checkboxes__input"}
    assert unbound.by_id("id_tags_1").attrs["type"] == "checkbox"


def test_hidden_input_has_no_govuk_class(unbound):
    hidden = unbound.by_id("id_ref")
    assert hidden.attrs["type"] == "hidden"
    assert "class" not in hidden.attrs


def test_inline_and_small_radios_on_request():
    page = render_form(InlineForm())
    radios = page.by_id("id_answer")
    assert {"govuk-radios", "govuk-radios--inline", "govuk-radios--small"} <= radios.classes
    assert "govuk_inline" not in page.html


def test_optional_marker_only_when_the_form_asks():
    class Quiet(forms.Form):
        q = forms.CharField(label="Search", required=False)

    class Loud(Quiet):
        show_optional_marker = True

    assert "(optional)" not in Quiet().as_div()
    assert "Search (optional)" in Loud().as_div()


# --- form with errors -------------------------------------------------------------------------


def test_errors_mark_group_message_and_input(invalid):
    groups = invalid.with_class("govuk-form-group--error")
    assert groups
    error = invalid.by_id("id_title_error")
    assert error.tag == "p"
    assert "govuk-error-message" in error.classes
    hidden_prefix = [e for e in invalid.with_class("govuk-visually-hidden") if e.text.strip() == "Error:"]
    assert hidden_prefix
    field = invalid.by_id("id_title")
    assert field.classes == {"govuk-input", "govuk-input--error"}
    assert field.attrs["aria-invalid"] == "true"
    assert field.attrs["aria-describedby"] == "id_title_helptext id_title_error"


def test_error_classes_on_other_widgets(invalid):
    assert "govuk-textarea--error" in invalid.by_id("id_narrative").classes
    assert invalid.by_id("id_narrative").attrs["aria-describedby"] == "id_narrative_error"
    assert "govuk-select--error" in invalid.by_id("id_status").classes
    due = invalid.by_id("id_due")
    assert {"govuk-input", "govuk-input--error", "govuk-input--width-10"} <= due.classes
    assert due.attrs["value"] == "31 February"  # what the user typed is kept


def test_radio_errors_describe_the_fieldset(invalid):
    fieldset = invalid.tags("fieldset")[0]
    assert fieldset.attrs["aria-describedby"] == "id_rag_error"
    assert "govuk-error-message" in invalid.by_id("id_rag_error").classes
    # radios keep their own hint links only
    assert invalid.by_id("id_rag_0").attrs["aria-describedby"] == "id_rag_0_hint"


def test_non_field_errors_are_shown(invalid):
    assert "This reporting period is closed" in invalid.html


def test_error_summary_links_to_fields(bound_form):
    page = Page(render_to_string("includes/error_summary.html", {"form": bound_form}))
    summary = page.with_class("govuk-error-summary")[0]
    assert summary.attrs["data-module"] == "govuk-error-summary"
    assert page.with_class("govuk-error-summary__title")[0].text.strip() == "There is a problem"
    assert [e for e in page.elements if e.attrs.get("role") == "alert"]
    hrefs = [a.attrs["href"] for a in page.tags("a")]
    # in field order; radios link to their first input
    assert hrefs == ["#id_title", "#id_rag_0", "#id_narrative", "#id_due", "#id_status", "#id_confirm"]
    assert "This reporting period is closed" in page.html


def test_error_summary_renders_nothing_without_errors():
    assert render_to_string("includes/error_summary.html", {"form": SampleForm()}).strip() == ""


def test_error_summary_respects_form_prefix():
    form = SampleForm(data={}, prefix="s")
    form.is_valid()
    page = Page(render_to_string("includes/error_summary.html", {"form": form}))
    assert "#s-title" not in page.html
    assert [a.attrs["href"] for a in page.tags("a")][:2] == ["#id_s-title", "#id_s-rag_0"]


# --- pagination ---------------------------------------------------------------------------------


def render_pagination(number, count=400, per_page=20, query="rag=red&q=SENCO"):
    request = RequestFactory().get(f"/actions/?{query}&page={number}")
    page_obj = Paginator(list(range(count)), per_page).page(number)
    return Page(render_to_string("includes/pagination.html", {"page_obj": page_obj}, request=request))


def test_pagination_keeps_filters_and_elides():
    page = render_pagination(5)
    assert "Showing <strong>81</strong> to <strong>100</strong> of <strong>400</strong> results" in page.html
    nav = page.with_class("govuk-pagination")[0]
    assert nav.attrs["aria-label"] == "Pagination"
    numbers = [a.text.strip() for a in page.with_class("govuk-pagination__link") if "aria-label" in a.attrs]
    assert numbers == ["1", "4", "5", "6", "20"]
    assert len(page.with_class("govuk-pagination__item--ellipsis")) == 2
    current = [a for a in page.tags("a") if a.attrs.get("aria-current") == "page"][0]
    assert current.text.strip() == "5"
    prev = [a for a in page.tags("a") if a.attrs.get("rel") == "prev"][0]
    nxt = [a for a in page.tags("a") if a.attrs.get("rel") == "next"][0]
    for link, n in ((prev, 4), (nxt, 6)):
        assert "rag=red" in link.attrs["href"] and "q=SENCO" in link.attrs["href"]
        assert f"page={n}" in link.attrs["href"]


def test_pagination_first_page_and_single_gap():
    first = render_pagination(1)
    assert not [a for a in first.tags("a") if a.attrs.get("rel") == "prev"]
    labels = [a.text.strip() for a in first.with_class("govuk-pagination__link") if "aria-label" in a.attrs]
    assert labels == ["1", "2", "20"]
    # page 2 is shown rather than an ellipsis standing for one page
    fourth = render_pagination(4)
    labels = [a.text.strip() for a in fourth.with_class("govuk-pagination__link") if "aria-label" in a.attrs]
    assert labels == ["1", "2", "3", "4", "5", "20"]


def test_pagination_single_page_shows_count_only():
    page = render_pagination(1, count=3)
    assert "Showing <strong>1</strong> to <strong>3</strong> of <strong>3</strong> results" in page.html
    assert not page.with_class("govuk-pagination")


# --- page template ------------------------------------------------------------------------------


class Role:
    def __init__(self, officer=False, plan_admin=False):
        self.is_officer = officer
        self.is_plan_admin = plan_admin


def render_base(url_name="actions:plan-list", user=None, **context):
    request = RequestFactory().get(reverse(url_name))
    request.resolver_match = resolve(reverse(url_name))
    if user is None:
        user = User(username="olivia", first_name="Olivia", last_name="Officer")  # unsaved: no query
    request.user = user
    context = {"csp_nonce": "n0nce", "role": Role(), "messages": [], **context}
    return Page(render_to_string("base.html", context, request=request))


def test_base_template_scripts_carry_the_csp_nonce():
    page = render_base()
    assert page.tags("html")[0].attrs["lang"] == "en-GB"
    scripts = page.tags("script")
    assert len(scripts) == 2
    assert all(s.attrs.get("nonce") == "n0nce" for s in scripts)
    assert "govuk-frontend-supported" in scripts[0].text
    assert scripts[1].attrs["type"] == "module"
    assert "initAll" in scripts[1].text and "govuk/govuk-frontend.min.js" in scripts[1].text
    assert page.with_class("govuk-skip-link")[0].attrs["href"] == "#main-content"
    assert page.by_id("main-content").tag == "main"


def test_base_template_has_no_gov_uk_branding():
    html = render_base().html
    banned = (
        "govuk-header__logotype",
        "govuk-logo",
        "Crown copyright",
        "GDS Transport",
        "govuk-footer__crown",
    )
    for text in banned:
        assert text not in html
    assert "sendplan – open-source SEND improvement plan tracker" in html


def test_navigation_marks_current_page_and_respects_roles():
    page = render_base("actions:plan-list", role=Role(officer=False, plan_admin=False))
    links = {a.text.strip(): a for a in page.with_class("govuk-service-navigation__link")}
    assert set(links) == {"Home", "Plans", "Actions"}
    assert links["Plans"].attrs.get("aria-current") == "page"
    assert "aria-current" not in links["Home"].attrs

    page = render_base("actions:action-list", role=Role(officer=True, plan_admin=True))
    links = {a.text.strip(): a for a in page.with_class("govuk-service-navigation__link")}
    assert set(links) == {"Home", "Plans", "Actions", "My actions", "Admin"}
    assert links["Actions"].attrs.get("aria-current") == "page"


def test_nav_current_marks_a_section_as_active():
    page = render_base("home", nav_current="actions:plan-list")
    links = {a.text.strip(): a for a in page.with_class("govuk-service-navigation__link")}
    assert links["Home"].attrs.get("aria-current") == "page"
    assert links["Plans"].attrs.get("aria-current") == "true"


def test_sign_out_is_a_post_form_with_csrf_token():
    page = render_base(site_area="Exampleshire")
    form = [f for f in page.tags("form") if f.attrs.get("action") == reverse("logout")][0]
    assert form.attrs["method"] == "post"
    assert [i for i in page.tags("input") if i.attrs.get("name") == "csrfmiddlewaretoken"]
    assert "Olivia Officer" in page.html
    assert "Exampleshire" in page.html


def test_signed_out_page_has_no_navigation():
    from django.contrib.auth.models import AnonymousUser

    page = render_base("home", user=AnonymousUser())
    assert not page.with_class("govuk-service-navigation")
    assert not [f for f in page.tags("form") if f.attrs.get("action") == reverse("logout")]


def test_messages_become_notification_banners():
    messages = [
        Message(message_constants.SUCCESS, "Position statement saved"),
        Message(message_constants.INFO, "Updates close on Friday"),
    ]
    page = render_base(messages=messages, DEFAULT_MESSAGE_LEVELS=message_constants.DEFAULT_LEVELS)
    banners = page.with_class("govuk-notification-banner")
    assert len(banners) == 2
    assert "govuk-notification-banner--success" in banners[0].classes
    assert banners[0].attrs["role"] == "alert"
    assert banners[1].attrs["role"] == "region"
    assert "govuk-notification-banner--success" not in banners[1].classes


def test_demo_banner_and_wide_layout_block():
    assert "govuk-phase-banner" in render_base(demo_mode=True).html
    assert "govuk-phase-banner" not in render_base(demo_mode=False).html


def test_title_block_and_error_prefix(bound_form):
    page = render_base(form=bound_form)
    assert page.tags("title")[0].text.startswith("Error: ")
    assert page.tags("title")[0].text.endswith(" – sendplan")


@pytest.mark.parametrize("value", ["b", "", None, "not a choice"])
def test_a_select_of_many_options_renders_as_the_select_template_does(value):
    """ManyOptionsSelect writes its options in Python (an import preview has a thousand): the HTML
    must be the template's, option for option, with groups, the choice selected and names escaped."""
    from sendplan.forms import ManyOptionsSelect

    choices = [
        ("", "Not imported"),
        ("a", "Ampersand & <angle> “quotes”"),
        ("b", "Bee"),
        ("Group <1>", [("c", "Sea"), ("d", "Dee")]),
        (3, "Three"),
    ]
    attrs = {"id": "id_name", "aria-invalid": "true", "class": "govuk-!-width-full"}
    template = forms.Select(choices=choices).render("name", value, attrs=attrs)
    many = ManyOptionsSelect(choices=choices).render("name", value, attrs=attrs)

    assert many == template
    assert "Ampersand &amp; &lt;angle&gt;" in many
    assert ('<option value="b" selected>' in many) == (value == "b")
