"""Side-by-side timing of lime_widgets and the reference `lime` 0.2.0.1, in one process.

    python benchmarks/run.py [--repeats 5] [--only text,tabular,image,splime,toggle,memory,whitebox,long,huge,calls]

For every workload both tools explain the same instance(s) for the same model with the same
num_samples, alternating runs, after one untimed run of each. "model" is the time spent inside the model (the classifier function is
wrapped with a timer), "overhead" is total minus model. "floor" is the model's own time on the same
perturbed inputs scored in large batches (for the image CNN: the faster of batches of 10 and 100),
what any LIME must spend, measured right after each of our runs. Medians (min-max) in seconds;
"ours/floor" is the median over repeats of each run's total over the floor measured after it.
Image needs torch (the 'image' extra); it is skipped without it.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
import tracemalloc

import numpy as np


def timed(fn):
    spent = [0.0]

    def wrapped(x):
        t = time.perf_counter()
        try:
            return fn(x)
        finally:
            spent[0] += time.perf_counter() - t

    return wrapped, spent


SETTLE = 0.5  # seconds of pause before each timed run


def settle():
    """Let the machine quieten before a timed run. Right after lime's num_features=10 run (one Ridge fit
    on 5000 x d floats) whatever ran next was slower: our explanation's model calls 1.15x the floor
    measured after it, against 1.02x after a 0.3 s pause (12 alternating repeats in one process), and
    1.06x against 1.03x when lime ran under a one-thread BLAS limit (10 repeats): most likely BLAS worker
    threads still spinning on the second core. The floor, measured after our run, never saw it."""
    time.sleep(SETTLE)


def fmt(xs):
    return f"{statistics.median(xs):8.3f} ({min(xs):.3f}-{max(xs):.3f})"


class Table:
    def __init__(self):
        self.rows = []

    def add(self, workload, tool, total=None, model=None, overhead=None, note=""):
        self.rows.append((workload, tool, total, model, overhead, note))

    def print(self):
        print(f"| {'workload':<30} | {'tool':<13} | {'total':>23} | {'model':>23} | {'overhead':>23} | note")
        print(f"|{'-' * 32}|{'-' * 15}|{'-' * 25}|{'-' * 25}|{'-' * 25}|------")
        for w, tool, total, model, over, note in self.rows:
            cells = [fmt(x) if x else "" for x in (total, model, over)]
            print(f"| {w:<30} | {tool:<13} | {cells[0]:>23} | {cells[1]:>23} | {cells[2]:>23} | {note}")


def compare(table, workload, repeats, run_lime, run_ours, floor_fn):
    res = {"lime": [], "lime_widgets": []}
    floors = []
    for fn in (run_lime, run_ours):  # one untimed round first: imports, caches and the heap warmed for both
        fn(repeats)
    for r in range(repeats):
        for tool, fn in (("lime", run_lime), ("lime_widgets", run_ours)):
            settle()
            t = time.perf_counter()
            spent, extra = fn(r)
            total = time.perf_counter() - t
            res[tool].append((total, spent))
            if tool == "lime_widgets":
                settle()
                floors.append(floor_fn(extra))
    med = {}
    for tool, vals in res.items():
        total = [a for a, _ in vals]
        model = [b for _, b in vals]
        over = [a - b for a, b in vals]
        med[tool] = (statistics.median(total), statistics.median(over))
        table.add(workload, tool, total, model, over)
    # ours/floor pairs each run with the floor measured right after it (the machine's speed drifts
    # between repeats; a ratio of two medians taken at different moments mixes that drift in)
    paired = statistics.median(total / fl for (total, _), fl in zip(res["lime_widgets"], floors))
    note = (
        f"overhead lime/ours {med['lime'][1] / max(med['lime_widgets'][1], 1e-9):.1f}x; ours/floor "
        f"{paired:.2f}; lime/ours total {med['lime'][0] / med['lime_widgets'][0]:.1f}x"
    )
    table.add(workload, "floor", floors, note=note)


# ---- workloads ---------------------------------------------------------------------------------
def text_setup():
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
    return pipe, " ".join(doc), texts[4000:]


def bench_text(table, repeats, num_samples=5000):
    from lime.lime_text import LimeTextExplainer as Reference

    from lime_widgets import LimeTextExplainer

    pipe, doc, _ = text_setup()
    name = f"text {len(doc.split())} words, tfidf+LR"
    for nf in (10, 5):
        def run_lime(r, nf=nf):
            fn, spent = timed(pipe.predict_proba)
            Reference(random_state=r).explain_instance(doc, fn, num_features=nf, num_samples=num_samples)
            return spent[0], None

        def run_ours(r, nf=nf):
            fn, spent = timed(pipe.predict_proba)
            exp = LimeTextExplainer(random_state=r).explain_instance(doc, fn, num_features=nf, num_samples=num_samples, progress=False)
            return spent[0], exp

        def floor(exp):
            inputs = exp.domain.realize(exp.neighborhood["Z"])
            t = time.perf_counter()
            pipe.predict_proba(inputs)
            return time.perf_counter() - t

        compare(table, f"{name}, nf={nf}", repeats, run_lime, run_ours, floor)


def bench_tabular(table, repeats, num_samples=5000):
    from lime.lime_tabular import LimeTabularExplainer as Reference
    from sklearn.datasets import load_breast_cancer
    from sklearn.ensemble import RandomForestClassifier

    from lime_widgets import LimeTabularExplainer

    data = load_breast_cancer()
    X, y = data.data, data.target
    rf = RandomForestClassifier(n_estimators=500, random_state=0, n_jobs=1).fit(X[:450], y[:450])
    names = list(data.feature_names)
    for nf in (10, 5):
        def run_lime(r, nf=nf):
            fn, spent = timed(rf.predict_proba)
            Reference(X[:450], feature_names=names, random_state=r).explain_instance(X[460], fn, num_features=nf, num_samples=num_samples)
            return spent[0], None

        def run_ours(r, nf=nf):
            fn, spent = timed(rf.predict_proba)
            exp = LimeTabularExplainer(X[:450], feature_names=names, random_state=r).explain_instance(
                X[460], fn, num_features=nf, num_samples=num_samples, progress=False
            )
            return spent[0], exp

        def floor(exp):
            # the same perturbed rows, rebuilt from the explanation's seed
            from lime_widgets.core.sampling import sample_rng
            from lime_widgets.tabular import TabularDomain

            dom = TabularDomain(exp.domain.stats, X[460])
            rows = dom.sample(sample_rng(exp.seed), num_samples).realize(np.arange(num_samples))
            t = time.perf_counter()
            rf.predict_proba(rows)
            return time.perf_counter() - t

        compare(table, f"tabular breast cancer, RF500, nf={nf}", repeats, run_lime, run_ours, floor)


def bench_calls(table, repeats, num_samples=5000):
    """Text, call by call: the model's time inside an explanation against the same inputs scored alone
    (the first call, while the helper thread builds the rest, and the later calls), for text's default
    batch_size=None (grown with the model's speed) and a fixed 1000."""
    from lime_widgets import LimeTextExplainer

    pipe, doc, _ = text_setup()
    for bs in (None, 1000):
        first, rest, total, ncalls = [], [], [], 0
        for r in range(repeats):
            calls = []

            def model(x, calls=calls):
                t = time.perf_counter()
                y = pipe.predict_proba(x)
                calls.append((len(x), time.perf_counter() - t))
                return y

            t = time.perf_counter()
            exp = LimeTextExplainer(random_state=r).explain_instance(doc, model, num_samples=num_samples, batch_size=bs, progress=False)
            tot = time.perf_counter() - t
            inputs = exp.domain.realize(exp.neighborhood["Z"])
            t = time.perf_counter()
            pipe.predict_proba(inputs)
            fl = time.perf_counter() - t
            t = time.perf_counter()
            pipe.predict_proba(inputs[: calls[0][0]])
            f0 = time.perf_counter() - t
            first.append(calls[0][1] / f0)
            rest.append(sum(c for _, c in calls[1:]) / (fl - f0))
            total.append(tot / fl)
            ncalls = len(calls)
        table.add(f"text calls, batch_size={bs}", "lime_widgets", note=(
            f"{ncalls} calls; first call / the same inputs alone {statistics.median(first):.3f}; later calls / "
            f"the rest of the floor {statistics.median(rest):.3f}; total / floor {statistics.median(total):.3f}"
        ))


def small_cnn():
    import torch

    torch.manual_seed(0)
    torch.set_num_threads(1)
    net = torch.nn.Sequential(
        torch.nn.Conv2d(3, 16, 3, stride=2, padding=1), torch.nn.ReLU(),
        torch.nn.Conv2d(16, 32, 3, stride=2, padding=1), torch.nn.ReLU(),
        torch.nn.Conv2d(32, 64, 3, stride=2, padding=1), torch.nn.ReLU(),
        torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), torch.nn.Linear(64, 10),
    ).eval()

    def classify(images):
        x = torch.as_tensor(np.asarray(images, dtype=np.float32)).permute(0, 3, 1, 2) / 255.0
        with torch.no_grad():
            return torch.softmax(net(x), dim=1).numpy()

    return classify


def bench_image(table, repeats, num_samples=1000):
    try:
        classify = small_cnn()
    except ImportError:
        table.add("image 224x224, small CNN", "skipped", note="torch is not installed (pip install -e '.[image]')")
        return
    from lime.lime_image import LimeImageExplainer as Reference
    from skimage import data
    from skimage.segmentation import quickshift
    from skimage.transform import resize

    from lime_widgets import LimeImageExplainer

    img = (resize(data.chelsea(), (224, 224), anti_aliasing=True) * 255).astype(np.uint8)
    seg_times = []
    for _ in range(max(1, repeats)):
        t = time.perf_counter()
        segments = quickshift(img, kernel_size=4, max_dist=200, ratio=0.2, rng=0)
        seg_times.append(time.perf_counter() - t)
    table.add("image: quickshift segmentation", "both", seg_times, note=f"{len(np.unique(segments))} superpixels; the same for both tools")
    seg_fn = lambda im: segments  # noqa: E731

    def run_lime(r):
        fn, spent = timed(classify)
        Reference(random_state=r).explain_instance(img, fn, top_labels=5, num_samples=num_samples, segmentation_fn=seg_fn)
        return spent[0], None

    def run_ours(r):
        fn, spent = timed(classify)
        exp = LimeImageExplainer(random_state=r).explain_instance(img, fn, top_labels=5, num_samples=num_samples, segmentation_fn=seg_fn,
                progress=False)
        return spent[0], exp

    def floor(exp):
        # the model's best time on these inputs: small CNNs on one thread are often faster in small batches
        Z = exp.neighborhood["Z"]
        best = np.inf
        for size in (10, 100):
            batches = [exp.domain.realize(Z[lo:lo + size]) for lo in range(0, len(Z), size)]
            t = time.perf_counter()
            for batch in batches:
                classify(batch)
            best = min(best, time.perf_counter() - t)
        return best

    compare(table, f"image 224x224, small CNN, {num_samples}", repeats, run_lime, run_ours, floor)


def bench_splime(table, repeats, n_docs=50, num_samples=5000):
    from lime import submodular_pick as ref_pick
    from lime.lime_text import LimeTextExplainer as Reference

    from lime_widgets import LimeTextExplainer, SubmodularPick

    pipe, _, held_out = text_setup()
    docs = held_out[:n_docs]

    def run_lime(r):
        fn, spent = timed(pipe.predict_proba)
        np.random.seed(r)
        ref_pick.SubmodularPick(Reference(random_state=r), docs, fn, method="full", num_exps_desired=5, num_features=10, num_samples=num_samples)
        return spent[0], None

    def run_ours(r):
        fn, spent = timed(pipe.predict_proba)
        sp = SubmodularPick(LimeTextExplainer(random_state=r), docs, fn, method="full", num_exps_desired=5, num_features=10,
                num_samples=num_samples, progress=False)
        return spent[0], sp

    def floor(sp):
        total = 0.0
        for exp in sp.explanations:
            inputs = exp.domain.realize(exp.neighborhood["Z"])
            t = time.perf_counter()
            pipe.predict_proba(inputs)
            total += time.perf_counter() - t
        return total

    compare(table, f"SP-LIME {n_docs} docs x {num_samples}", max(1, repeats // 2), run_lime, run_ours, floor)


def bench_toggle(table, repeats):
    from lime_widgets import LimeTextExplainer

    pipe, doc, _ = text_setup()
    exp = LimeTextExplainer(random_state=0).explain_instance(doc, pipe.predict_proba, num_samples=5000, progress=False)
    rng = np.random.default_rng(1)
    fresh, hits, single = [], [], []
    for _ in range(max(20, repeats * 4)):
        off = sorted(rng.choice(exp.num_features_total, size=7, replace=False).tolist())
        t = time.perf_counter()
        cf = exp.counterfactual(off)
        fresh.append(time.perf_counter() - t)
        t = time.perf_counter()
        exp.counterfactual(off)
        hits.append(time.perf_counter() - t)
        t = time.perf_counter()
        pipe.predict_proba([cf.input])
        single.append(time.perf_counter() - t)
    table.add("hand toggle (text), new mask", "lime_widgets", fresh, note=f"one model call on one input: {statistics.median(single) * 1000:.2f} ms")
    table.add("hand toggle (text), cache hit", "lime_widgets", hits)


def document(words, held_out):
    """Held-out Rotten Tomatoes snippets concatenated (cycled if need be) and cut to ``words`` words."""
    out, n, i = [], 0, 0
    while n < words:
        t = held_out[i % len(held_out)].split()
        out.extend(t)
        n += len(t)
        i += 1
    return " ".join(out[:words])


def bench_whitebox(table, repeats, num_samples=5000, words=250):
    """A scikit-learn text pipeline seen through (masks -> tf-idf rows) vs the black box and lime."""
    from lime.lime_text import LimeTextExplainer as Reference

    from lime_widgets import LimeTextExplainer

    pipe, _, held = text_setup()
    doc = document(words, held)
    res = {"lime": [], "black-box": [], "white-box": []}
    floors = []
    for r in range(repeats):
        fn, spent = timed(pipe.predict_proba)
        settle()
        t = time.perf_counter()
        Reference(random_state=r).explain_instance(doc, fn, num_samples=num_samples)
        res["lime"].append((time.perf_counter() - t, spent[0]))
        fn, spent = timed(pipe.predict_proba)
        settle()
        t = time.perf_counter()
        LimeTextExplainer(random_state=r).explain_instance(doc, fn, num_samples=num_samples, progress=False, fast_path=False)
        res["black-box"].append((time.perf_counter() - t, spent[0]))
        settle()
        t = time.perf_counter()
        exp = LimeTextExplainer(random_state=r).explain_instance(doc, pipe, num_samples=num_samples, progress=False)
        res["white-box"].append((time.perf_counter() - t, exp.model_stats["seconds"]))
        assert exp.model_stats["path"].startswith("white-box"), exp.model_stats["path"]
        inputs = exp.domain.realize(exp.neighborhood["Z"])
        settle()
        t = time.perf_counter()
        pipe.predict_proba(inputs)
        floors.append(time.perf_counter() - t)
    name = f"white-box text {words} words, {num_samples}"
    med = {}
    for tool, vals in res.items():
        med[tool] = statistics.median(a for a, _ in vals)
        table.add(name, tool, [a for a, _ in vals], [b for _, b in vals], [a - b for a, b in vals])
    def per_floor(tool):  # each run over the floor measured in the same repeat
        return statistics.median(total / fl for (total, _), fl in zip(res[tool], floors))

    table.add(name, "floor", floors, note=(
        f"white-box/floor {per_floor('white-box'):.3f}; black-box/floor {per_floor('black-box'):.2f}; "
        f"lime/white-box {med['lime'] / med['white-box']:.1f}x"
    ))


def bench_long(table, repeats, num_samples=2000, words=2629):
    """A long document with positional features (bow=False): d > n, so the surrogate is solved in its dual."""
    from lime.lime_text import LimeTextExplainer as Reference

    from lime_widgets import LimeTextExplainer

    pipe, _, held = text_setup()
    doc = document(words, held)
    res = {"lime": [], "black-box": [], "white-box": []}
    for r in range(repeats):
        fn, spent = timed(pipe.predict_proba)
        settle()
        t = time.perf_counter()
        Reference(random_state=r, bow=False).explain_instance(doc, fn, num_samples=num_samples)
        res["lime"].append((time.perf_counter() - t, spent[0]))
        fn, spent = timed(pipe.predict_proba)
        settle()
        t = time.perf_counter()
        LimeTextExplainer(random_state=r, bow=False).explain_instance(doc, fn, num_samples=num_samples, progress=False, fast_path=False)
        res["black-box"].append((time.perf_counter() - t, spent[0]))
        settle()
        t = time.perf_counter()
        exp = LimeTextExplainer(random_state=r, bow=False).explain_instance(doc, pipe, num_samples=num_samples, progress=False)
        res["white-box"].append((time.perf_counter() - t, exp.model_stats["seconds"]))
    name = f"text {words} words bow=False, {num_samples}"
    over = {}
    for tool, vals in res.items():
        over[tool] = statistics.median(a - b for a, b in vals)
        table.add(name, tool, [a for a, _ in vals], [b for _, b in vals], [a - b for a, b in vals])
    table.add(name, "ratio", note=(
        f"{exp.domain.num_features} features; non-model time ours/lime: black-box {over['black-box'] / over['lime']:.2f}, "
        f"white-box {over['white-box'] / over['lime']:.2f}"
    ))


def huge_child(what, words=100_000, num_samples=500):
    """Run in a fresh process (so its peak RSS is its own); prints one line of JSON."""
    import json
    import resource

    from lime_widgets import LimeTextExplainer

    pipe, _, held = text_setup()
    doc = document(words, held)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    t = time.perf_counter()
    out = {}
    if what == "explain":
        exp = LimeTextExplainer(random_state=0, bow=False).explain_instance(doc, pipe, num_samples=num_samples, progress=False)
        out["path"] = exp.model_stats["path"]
        out["features"] = exp.domain.num_features
    elif what == "realize":  # the strings of every sample, as a black-box model would be given them
        from lime_widgets.core.sampling import sample_rng
        from lime_widgets.text import TextDomain

        dom = TextDomain(doc, bow=False)
        Z = dom.sample(sample_rng(0), num_samples).Z
        for lo in range(0, num_samples, 1000):
            dom.realize(Z[lo : lo + 1000])
    else:  # a request that cannot fit: the message, before any large allocation
        try:
            LimeTextExplainer(random_state=0, bow=False).explain_instance(doc, pipe, num_samples=50_000, progress=False)
        except MemoryError as exc:
            out["message"] = str(exc)
    out["seconds"] = time.perf_counter() - t
    out["peak_rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    out["base_rss"] = base
    print(json.dumps(out))


def bench_huge(table, repeats):
    import json
    import subprocess
    import sys

    def child(what):
        proc = subprocess.run([sys.executable, __file__, "--child", what], capture_output=True, text=True, check=True)
        return json.loads(proc.stdout.strip().splitlines()[-1])

    runs = [child("explain") for _ in range(max(1, repeats // 2))]
    gib = lambda b: b / 2**30  # noqa: E731
    peak = gib(max(r["peak_rss"] for r in runs))
    note = f"{runs[0]['features']:,} features, {runs[0]['path']}; peak RSS {peak:.2f} GiB (process before: {gib(runs[0]['base_rss']):.2f})"
    table.add("100,000 words bow=False, 500", "lime_widgets", [r["seconds"] for r in runs], note=note)
    real = child("realize")
    note = f"peak RSS {gib(real['peak_rss']):.2f} GiB (the black box's inputs)"
    table.add("  realize 500 strings of it", "lime_widgets", [real["seconds"]], note=note)
    big = child("toobig")
    table.add("  same with 50,000 samples", "lime_widgets", [big["seconds"]], note=f"refused: {big.get('message', 'NOT REFUSED')[:160]}...")


def bench_memory(table, repeats):
    from lime_widgets import LimeImageExplainer, LimeTextExplainer

    pipe, doc, _ = text_setup()
    img = np.random.default_rng(0).integers(0, 255, (160, 160, 3)).astype(np.uint8)
    seg = (np.arange(160)[:, None] // 16) * 10 + np.arange(160)[None, :] // 16
    mean_model = lambda b: np.column_stack([np.asarray(b, float).mean(axis=(1, 2, 3)) / 255, 1 - np.asarray(b, float).mean(axis=(1, 2, 3)) / 255])  # noqa: E731
    for n in (5000, 50000):
        tracemalloc.start()
        LimeTextExplainer(random_state=0).explain_instance(doc, pipe.predict_proba, num_samples=n, progress=False)
        peak_text = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        tracemalloc.start()
        LimeImageExplainer(random_state=0).explain_instance(img, mean_model, num_samples=n, segmentation_fn=lambda im: seg, batch_size=50,
                progress=False)
        peak_img = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        table.add(f"peak memory, {n} samples", "lime_widgets",
                  note=f"text {peak_text / 2**20:.1f} MiB; image 160x160, 100 superpixels {peak_img / 2**20:.1f} MiB "
                  f"(one unbatched copy of the image inputs: {n * img.nbytes / 2**20:.0f} MiB)")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--only", default="text,tabular,image,splime,toggle,memory,whitebox,long,huge")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return huge_child(args.child)
    import lime
    import sklearn

    print(
        f"lime_widgets vs lime {getattr(lime, '__version__', '0.2.0.1')}: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, numpy {np.__version__}, scikit-learn {sklearn.__version__}; repeats {args.repeats}; "
        f"load average {load()}"
    )
    table = Table()
    benches = {
        "text": bench_text, "tabular": bench_tabular, "image": bench_image, "splime": bench_splime, "toggle": bench_toggle,
        "memory": bench_memory, "whitebox": bench_whitebox, "long": bench_long, "huge": bench_huge, "calls": bench_calls,
    }
    for name in args.only.split(","):
        benches[name.strip()](table, args.repeats)
    table.print()
    print(f"load average at the end {load()} (other processes share these cores: compare ratios within a row group)")


def load() -> str:
    """The 1, 5 and 15 minute load averages."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


if __name__ == "__main__":
    main()
