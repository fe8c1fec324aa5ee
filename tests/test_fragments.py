"""`{% formcache %}`: a cached fragment with forms in it serves each reader their own CSRF token."""

import pytest
from django.template import Context, Template, TemplateSyntaxError

TEMPLATE = Template(
    "{% load fragments %}{% formcache sample key %}<p>{{ text }}</p>"
    '<form method="post">{% csrf_token %}</form><form method="post">{% csrf_token %}</form>{% endformcache %}'
)


def render(key: str, text: str, token: str) -> str:
    return TEMPLATE.render(Context({"key": key, "text": text, "csrf_token": token}))


def test_the_fragment_is_cached_with_each_readers_own_token(memory_cache):
    first = render("k1", "first", "token-of-reader-one")
    second = render("k1", "changed", "token-of-reader-two")
    assert "<p>first</p>" in first and first.count('value="token-of-reader-one"') == 2
    assert "<p>first</p>" in second, "served from the cache"
    assert second.count('value="token-of-reader-two"') == 2
    assert "token-of-reader-one" not in second and "stand-in" not in second


def test_another_key_is_rendered_afresh(memory_cache):
    render("k1", "first", "t")
    assert "<p>other</p>" in render("k2", "other", "t")


def test_an_empty_key_is_never_cached(memory_cache):
    assert "<p>bound</p>" in render("", "bound", "t")
    assert "<p>fresh</p>" in render("k1", "fresh", "t"), "the uncached render stored nothing"
    assert "<p>again</p>" in render("", "again", "t")


def test_a_readers_text_cannot_take_the_stand_ins_place(memory_cache):
    """A reader's text is escaped, so it never reads as the token's `<input>`."""
    text = '<input type="hidden" name="csrfmiddlewaretoken" value="sendplan-csrf-token-stand-in">'
    html = render("k1", text, "mine")
    assert html.count('value="mine"') == 2
    assert "&lt;input" in html


def test_without_a_token_the_forms_have_none():
    """As `{% csrf_token %}` writes nothing without a token, or for a view exempt from the check."""
    assert "csrfmiddlewaretoken" not in render("k1", "x", "")
    assert "csrfmiddlewaretoken" not in render("k1", "x", "NOTPROVIDED")


def test_the_tag_needs_a_name_and_a_key():
    with pytest.raises(TemplateSyntaxError, match="takes a fragment name and a key"):
        Template("{% load fragments %}{% formcache sample %}{% endformcache %}")
