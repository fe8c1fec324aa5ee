"""sendplan.paths.path_to gives exactly what reverse() gives, for any whole-number arguments."""

import pytest
from django.urls import reverse, set_script_prefix

from sendplan.paths import path_to


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("actions:action-list", ()),
        ("actions:action-detail", (7,)),
        ("actions:action-detail", (987654321,)),
        ("actions:statement-form", (12, 3)),
        ("actions:statement-carry-forward", (1, 40)),
    ],
)
def test_path_to_matches_reverse(name, args):
    assert path_to(name, *args) == reverse(name, args=args)


def test_path_to_follows_the_script_prefix():
    try:
        set_script_prefix("/sendplan/")
        assert path_to("actions:action-detail", 5) == reverse("actions:action-detail", args=[5])
        assert path_to("actions:action-detail", 5).startswith("/sendplan/")
    finally:
        set_script_prefix("/")
