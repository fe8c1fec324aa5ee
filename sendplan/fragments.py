"""`{% formcache name key %}…{% endformcache %}`: Django's `{% cache %}` for a part of a page that
holds POST forms.

A form's CSRF token belongs to its reader, so `{% cache %}` cannot keep a fragment with forms in it.
This tag caches the fragment with a fixed stand-in where each `{% csrf_token %}` goes, and puts this
request's own token in its place when it serves it. An empty key renders the fragment without the cache:
the view passes one when the fragment shows a bound form, an error or anything else of this request.
The token is the only part of the request a cached fragment may hold: a script, with its CSP nonce,
goes outside it.
"""

from django import template
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.template.base import FilterExpression, NodeList
from django.template.context import Context
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

CACHE_SECONDS = 24 * 60 * 60


def _token_input(token: str) -> SafeString:
    """The hidden field `{% csrf_token %}` writes."""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


# Only `{% csrf_token %}` can write this element: a reader's text is escaped, so it has no `<input`.
_STAND_IN = "sendplan-csrf-token-stand-in"
_STAND_IN_INPUT = _token_input(_STAND_IN)


def with_token(cached: str, token: str) -> SafeString:
    """The cached fragment with this request's CSRF token in each of its forms."""
    # NOTPROVIDED: the view is exempt from the check, and {% csrf_token %} writes nothing.
    own = _token_input(token) if token and token != "NOTPROVIDED" else ""
    return mark_safe(cached.replace(_STAND_IN_INPUT, own))  # noqa: S308 - both parts are escaped HTML


class FormCacheNode(template.Node):
    def __init__(self, nodelist: NodeList, name: str, key: FilterExpression) -> None:
        self.nodelist = nodelist
        self.name = name
        self.key = key

    def render(self, context: Context) -> str:
        key = self.key.resolve(context)
        if not key:
            return self.nodelist.render(context)
        store = caches["default"]
        cache_key = make_template_fragment_key(f"formcache-{self.name}", [key])
        cached = store.get(cache_key)
        if cached is None:
            with context.push(csrf_token=_STAND_IN):
                cached = self.nodelist.render(context)
            store.set(cache_key, cached, CACHE_SECONDS)
        return with_token(cached, str(context.get("csrf_token") or ""))


@register.tag("formcache")
def do_formcache(parser: template.base.Parser, token: template.base.Token) -> FormCacheNode:
    """`{% formcache name key %}`: `name` is a word naming the fragment (change it when its markup
    changes, as a deploy may share the cache with the last one); `key` says what it shows."""
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError(f"'{bits[0]}' takes a fragment name and a key")
    nodelist = parser.parse(("endformcache",))
    parser.delete_first_token()
    return FormCacheNode(nodelist, bits[1], parser.compile_filter(bits[2]))
