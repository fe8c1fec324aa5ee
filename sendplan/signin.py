"""Who is signing in from where, for sign-in throttling (django-axes, settings "Sign-in throttling").

Behind a TLS-terminating proxy every request comes from the proxy's address: counting failures by
it would lock the whole site out. With TRUSTED_PROXY_COUNT proxies in front, the visitor's address
is the one the outermost trusted proxy saw, the Nth from the right of X-Forwarded-For; addresses
further left were written by the visitor and cannot be trusted.
"""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address failed sign-ins are counted against."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
