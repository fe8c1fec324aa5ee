"""`path_to`: `reverse()` for pages that link hundreds of rows.

`reverse` resolves the URLconf on every call (~30 µs); a dashboard or My actions links thousands of
actions, lists and forms, which came to tens of milliseconds a page. The path is worked out once per
URL name (and script prefix) with stand-in numbers, and each link fills in its own.
"""

import functools

from django.urls import get_script_prefix, reverse

_STAND_IN = 987654321


@functools.cache
def _pieces(name: str, arity: int, script_prefix: str) -> tuple[str, ...]:
    path = reverse(name, args=[_STAND_IN + i for i in range(arity)])
    pieces = []
    for i in range(arity):
        head, path = path.split(str(_STAND_IN + i), 1)
        pieces.append(head)
    return (*pieces, path)


def path_to(name: str, *pks: int) -> str:
    """The path `reverse(name, args=pks)` gives, for a URL whose arguments are whole numbers."""
    pieces = _pieces(name, len(pks), get_script_prefix())
    return "".join(piece + str(pk) for piece, pk in zip(pieces, pks, strict=False)) + pieces[-1]
