"""Which live view shows which kind of explanation: one view class per domain ``kind``."""
from __future__ import annotations

__all__ = ["VIEWS", "register", "view_for"]

VIEWS: dict[str, type] = {}


def register(view_class: type) -> type:
    """Class decorator: ``view_class`` shows explanations whose domain has ``kind == view_class.kind_name``."""
    kind = view_class.kind_name
    if kind in VIEWS and VIEWS[kind] is not view_class:
        raise ValueError(f"a view for {kind!r} explanations is registered already: {VIEWS[kind].__name__}")
    VIEWS[kind] = view_class
    return view_class


def view_for(explanation):
    """The live view of ``explanation``, chosen by its domain's kind."""
    from . import image, tabular, text  # noqa: F401  (each registers its view)

    kind = getattr(explanation.domain, "kind", None)
    if kind not in VIEWS:
        raise TypeError(f"no live view for explanations of kind {kind!r}; views exist for {sorted(VIEWS)}")
    return VIEWS[kind](explanation)
