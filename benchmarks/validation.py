"""What checking a front-end write costs (issue 10: linear and small; a 10**6-entry list rejected fast).

    python benchmarks/validation.py [--repeats 20]

Each row is one ``view.set_state(message)``, as the kernel receives a message from the front end:
validation, and for a valid write applying it (the model's answer comes later, on the worker thread,
and is not timed). Medians (min-max) in milliseconds.
"""
from __future__ import annotations

import argparse
import statistics
import time

import numpy as np


def views():
    import lime_widgets as lw

    doc = " ".join(f"word{i}" for i in range(400))
    text = lw.explain_text(lambda docs: np.tile([0.3, 0.7], (len(docs), 1)), doc, num_samples=200, random_state=0, progress=False)
    rng = np.random.default_rng(0)
    train = np.column_stack([rng.normal(size=(300, 8)), rng.integers(0, 4, 300)])
    tab = lw.explain_tabular(lambda r: np.tile([0.4, 0.6], (len(r), 1)), train[0], train, categorical_features=[8],
                             num_samples=200, random_state=0, progress=False)
    return text, tab


def timed(view, message, repeats):
    out = []
    for _ in range(repeats):
        view.set_state({"off": []}) if "off" not in message else None
        view.wait(10)
        t = time.perf_counter()
        view.set_state(message)
        out.append((time.perf_counter() - t) * 1000)
        view.wait(10)
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=20)
    args = ap.parse_args(argv)
    text, tab = views()
    d = len(text.feature_names)
    rows = [
        ("text: off = 10**6 ids (rejected)", text, {"off": list(range(10**6))}),
        ("text: off = d + 1 ids (rejected)", text, {"off": list(range(d + 1))}),
        (f"text: off = {d // 2} valid ids", text, {"off": list(range(0, d, 2))}),
        ("text: off = 10 ids, one out of range", text, {"off": list(range(9)) + [d + 5]}),
        ("tabular: edits of 3 features", tab, {"edits": {"0": 1.5, "1": -0.2, "8": 2}}),
        ("tabular: edits = 10**5 keys (rejected)", tab, {"edits": {str(i): 1.0 for i in range(10**5)}}),
    ]
    print("| write | median ms (min-max) | rejected |\n|---|---|---|")
    for name, view, message in rows:
        ms = timed(view, message, args.repeats)
        print(f"| {name} | {statistics.median(ms):.3f} ({min(ms):.3f}-{max(ms):.3f}) | {'yes' if view.rejected else 'no'} |")


if __name__ == "__main__":
    main()
