"""Links built for many rows from one reverse(): no URL resolver work per row."""

from collections.abc import Callable

from django.urls import reverse

_SENTINEL = "7394110"  # a valid int and slug, unlikely in any route's fixed text


def link_to(name: str) -> Callable[[object], str]:
    """A function giving route `name`'s URL for one pk or slug: link_to("stance")(42)."""
    head, _, tail = reverse(name, args=[_SENTINEL]).partition(_SENTINEL)
    return lambda arg: f"{head}{arg}{tail}"
