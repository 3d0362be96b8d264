"""Text as French readers compare it: without case, accents or ligatures."""

from __future__ import annotations

import unicodedata

# Letters NFKD does not decompose.
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d"})


def fold(text: str) -> str:
    """Lowercase without accents or ligatures: "Économie" → "economie"."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def alphabetical(items, name=str) -> list:
    """Items in the order of their names, as a French reader expects it:
    "Économie" among the E, "Île-de-France" among the I (a database's
    collation may put them after Z)."""
    return sorted(items, key=lambda item: fold(name(item)))
