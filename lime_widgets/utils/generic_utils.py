"""lime's ``lime.utils.generic_utils``: ``has_arg``, a signature check."""
from __future__ import annotations

import inspect

__all__ = ["has_arg"]


def has_arg(fn, arg_name: str) -> bool:
    """Whether ``fn`` (a function, or an object's ``__call__``) takes a parameter called ``arg_name``
    (by name: ``*args`` and ``**kwargs`` do not count)."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return arg_name in params and params[arg_name].kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
