"""num_samples='auto' against a fixed 5,000: samples used and top-k agreement across seeds.

    python benchmarks/trust.py [--seeds 10] [--only text,tabular,image]

For each example one explanation is made with seed 0 and re-explained with 9 more seeds through
``exp.stability`` (same settings, the model answers cached across seeds). "samples" is the number
each explanation sampled (mean, min-max over the seeds); "Jaccard" the mean (min) pairwise top-k
Jaccard of the explanations; "unsettled" how many of the auto runs stopped at the cap with the
top-k boundary unseparated. Also printed: the cost of one re-explanation relative to the first
(model rows and wall time). Text: Rotten Tomatoes, TF-IDF + logistic regression (the test suite's
model), three short documents and benchmarks/run.py's 220-word one; tabular: breast cancer, random forest of 500 trees (benchmarks/run.py);
image: the small CNN of benchmarks/run.py on a 112x112 photo, SLIC superpixels (needs torch), top label only, auto capped
at 10,000 samples (IMAGE_CAP) to keep the run short.
"""
from __future__ import annotations

import argparse
import time

import numpy as np

K = 5
FIXED = 5000
IMAGE_CAP = 10000  # the CNN takes ~6 ms an image on one busy core: 10 seeds up to 20,000 would take an hour


def text_cases():
    from benchmarks_run import text_setup

    from lime_widgets import LimeTextExplainer

    pipe, long_doc, rest = text_setup()
    docs = [(f"text doc {i + 1}", d) for i, d in enumerate([d for d in rest if 15 <= len(d.split()) <= 30][:3])]
    for name, doc in docs + [("text, benchmarks/run.py's document", long_doc)]:
        yield f"{name} ({len(doc.split())} words), tfidf+LR", lambda n, doc=doc, **kw: LimeTextExplainer(random_state=0).explain_instance(
            doc, pipe.predict_proba, num_features=K, num_samples=n, progress=False, **kw
        )


def tabular_cases():
    from sklearn.datasets import load_breast_cancer
    from sklearn.ensemble import RandomForestClassifier

    from lime_widgets import LimeTabularExplainer

    data = load_breast_cancer()
    X, y = data.data, data.target
    rf = RandomForestClassifier(n_estimators=500, random_state=0, n_jobs=1).fit(X[:450], y[:450])
    explainer = LimeTabularExplainer(X[:450], feature_names=list(data.feature_names), random_state=0)
    yield "tabular breast cancer, RF500", lambda n, **kw: explainer.explain_instance(
        X[460], rf.predict_proba, num_features=K, num_samples=n, progress=False, **kw
    )


def image_cases():
    try:
        from benchmarks_run import small_cnn

        classify = small_cnn()
    except ImportError:
        return
    from skimage import data
    from skimage.segmentation import slic
    from skimage.transform import resize

    from lime_widgets import LimeImageExplainer

    img = (resize(data.chelsea(), (112, 112), anti_aliasing=True) * 255).astype(np.uint8)
    segments = slic(img, n_segments=50, compactness=10, start_label=0)  # quickshift leaves a 112x112 photo only ~10 superpixels

    def make(n, **kw):
        if n == "auto":
            kw["max_samples"] = IMAGE_CAP
        return LimeImageExplainer(random_state=0).explain_instance(
            img, classify, top_labels=1, num_features=K, num_samples=n, segmentation_fn=lambda im: segments, batch_size=100, progress=False, **kw
        )

    yield f"image 112x112 ({segments.max() + 1} superpixels), small CNN, auto capped at {IMAGE_CAP:,}", make


def measure(make, num_samples, seeds):
    t = time.perf_counter()
    exp = make(num_samples)
    first_seconds = time.perf_counter() - t
    first_rows = exp.evaluator.adapter.stats.rows
    st = exp.stability(seeds=seeds - 1)
    used = [e.num_samples for e in st.explanations]
    unsettled = sum(bool(e.unseparated) for e in st.explanations)
    per_seed = {"rows": st.cost["rows"] / (seeds - 1) / first_rows, "seconds": st.cost["seconds"] / (seeds - 1) / first_seconds}
    return used, st, unsettled, per_seed


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--only", default="text,tabular,image")
    ap.add_argument("--cases", default="", help="only the examples whose name contains this")
    args = ap.parse_args(argv)
    groups = {"text": text_cases, "tabular": tabular_cases, "image": image_cases}
    rows, costs = [], []
    for name in args.only.split(","):
        for label, make in groups[name]():
            if args.cases not in label:
                continue
            for setting in (FIXED, "auto"):
                used, st, unsettled, per_seed = measure(make, setting, args.seeds)
                rows.append(
                    (label, f"{setting:,}" if setting != "auto" else "auto", f"{np.mean(used):,.0f} ({min(used):,}-{max(used):,})",
                     f"{st.jaccard:.2f} ({st.jaccard_min:.2f})", f"{unsettled}/{len(used)}" if setting == "auto" else "")
                )
                costs.append((label, str(setting), per_seed))
                print(rows[-1], flush=True)
    print(f"\n| example | num_samples | samples used, mean (min-max) | top-{K} Jaccard, mean (min) | auto stopped at the cap |")
    print("|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    print("\nCost of one re-explanation (stability) relative to the first explanation (same model cache):")
    print("| example | num_samples | model rows | wall time |")
    print("|---|---|---|---|")
    for label, setting, c in costs:
        print(f"| {label} | {setting} | {c['rows']:.2f} | {c['seconds']:.2f} |")


if __name__ == "__main__":
    import os
    import sys

    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, os.path.dirname(here))
    import importlib.util

    spec = importlib.util.spec_from_file_location("benchmarks_run", os.path.join(here, "run.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.modules["benchmarks_run"] = module
    main()
