"""The number format of the views, in Python (the rules of js/src/format.js).

One family for all visible text: fixed decimals (weights, probabilities, gaps: 3; R²: 2), one
decimal from 100, integers with thousands commas from 10,000, never exponent notation; U+2212 as
the minus. Rounding is that of JavaScript's ``toFixed`` / ``Math.round`` on the exact binary value
(half away from zero in magnitude), not Python's half-even. The shared vectors in
js/tests/format-vectors.json are checked against both implementations.
"""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

MINUS = "\u2212"
NONE = "\u2013"


def _number(x: object) -> float | None:
    if x is None or x == "" or isinstance(x, bool):
        return None
    try:
        v = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def _mag(a: float, digits: int) -> str:
    """|x| as shown, without sign."""
    if math.isinf(a):
        return "\u221e"
    if a >= 1e4:
        return f"{int(Decimal(a).quantize(Decimal(1), rounding=ROUND_HALF_UP)):,}"
    places = 1 if a >= 100 else digits
    return str(Decimal(a).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def fmt(x: object, digits: int = 3) -> str:
    """Unsigned style: a minus only when the shown digits are not all zero (JS ``fmt``)."""
    v = _number(x)
    if v is None:
        return NONE
    s = _mag(abs(v), digits)
    return (MINUS if v < 0 and any(c in "123456789" for c in s) else "") + s


def fmt_signed(x: object, digits: int = 3) -> str:
    """Signed style ("+0.050", "−0.200"): the sign of x, even when it rounds to zero (JS ``fmtSigned``)."""
    v = _number(x)
    if v is None:
        return NONE
    return ("+" if v > 0 else MINUS if v < 0 else "") + _mag(abs(v), digits)
