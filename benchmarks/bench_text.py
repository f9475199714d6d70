"""Side-by-side timing of lime_widgets and the reference `lime` 0.2.0.1 on text.

    python benchmarks/bench_text.py [--repeats 5] [--num-samples 5000]

Both explain the same ~220-word document for the same TF-IDF + logistic regression pipeline with the
same num_samples, in one process, alternating runs. "model" is the time spent inside the model's
predict_proba; "overhead" is total minus model. "floor" is the model's own time on the perturbed
inputs of our run, scored in one call.
"""
from __future__ import annotations

import argparse
import platform
import statistics
import time

import numpy as np


def timed_model(fn):
    spent = [0.0]

    def wrapped(x):
        t = time.perf_counter()
        try:
            return fn(x)
        finally:
            spent[0] += time.perf_counter() - t

    return wrapped, spent


def setup():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    from lime_widgets.datasets import rotten_tomatoes

    texts, labels, _ = rotten_tomatoes()
    order = np.random.default_rng(0).permutation(len(texts))
    texts = [texts[i] for i in order]
    labels = np.asarray(labels)[order]
    pipe = make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=1000)).fit(texts[:4000], labels[:4000])
    words, doc = 0, []
    for t in texts[4000:]:
        doc.append(t)
        words += len(t.split())
        if words >= 220:
            break
    return pipe, " ".join(doc)


def run(num_features: int, repeats: int, num_samples: int, pipe, doc):
    from lime.lime_text import LimeTextExplainer as Reference

    from lime_widgets import LimeTextExplainer

    rows = {"lime": [], "lime_widgets": []}
    floor = []
    for r in range(repeats):
        fn, spent = timed_model(pipe.predict_proba)
        t = time.perf_counter()
        Reference(random_state=r).explain_instance(doc, fn, num_features=num_features, num_samples=num_samples)
        total = time.perf_counter() - t
        rows["lime"].append((total, spent[0]))

        fn, spent = timed_model(pipe.predict_proba)
        t = time.perf_counter()
        exp = LimeTextExplainer(random_state=r).explain_instance(doc, fn, num_features=num_features, num_samples=num_samples)
        total = time.perf_counter() - t
        rows["lime_widgets"].append((total, spent[0]))

        inputs = exp.domain.realize(exp.neighborhood["Z"])
        t = time.perf_counter()
        pipe.predict_proba(inputs)
        floor.append(time.perf_counter() - t)
    return rows, floor


def fmt(xs):
    return f"{statistics.median(xs):7.3f} ({min(xs):.3f}-{max(xs):.3f})"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--num-samples", type=int, default=5000)
    args = ap.parse_args(argv)
    pipe, doc = setup()
    print(f"text benchmark: {len(doc.split())}-word document, TF-IDF + logistic regression, "
          f"{args.num_samples} samples, {args.repeats} repeats; {platform.machine()}, "
          f"{__import__('os').cpu_count()} cores, Python {platform.python_version()}")
    print("times in seconds: median (min-max)")
    header = f"{'workload':<18}{'tool':<14}{'total':>22}{'model':>22}{'overhead':>22}"
    print(header)
    for nf in (10, 5):
        rows, floor = run(nf, args.repeats, args.num_samples, pipe, doc)
        med = {}
        for tool, vals in rows.items():
            total = [t for t, _ in vals]
            model = [m for _, m in vals]
            over = [t - m for t, m in vals]
            med[tool] = (statistics.median(total), statistics.median(over))
            print(f"{'num_features=' + str(nf):<18}{tool:<14}{fmt(total):>22}{fmt(model):>22}{fmt(over):>22}")
        fl = statistics.median(floor)
        print(f"{'':<18}{'floor':<14}{fmt(floor):>22}")
        print(
            f"{'':<18}ratios: overhead lime/ours = {med['lime'][1] / med['lime_widgets'][1]:.1f}x, "
            f"ours total / floor = {med['lime_widgets'][0] / fl:.2f}, lime total / ours = {med['lime'][0] / med['lime_widgets'][0]:.1f}x"
        )


if __name__ == "__main__":
    main()
