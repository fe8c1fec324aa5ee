from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .roles import role_for


def role(request):
    """`role` for the navigation; lazy so pages that never show it cost no query."""
    return {
        "role": SimpleLazyObject(lambda: role_for(request.user)),
        "demo_mode": settings.DEMO_MODE,
    }
