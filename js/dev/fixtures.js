// Fixture states shaped as in PROTOCOL.md. Classic script (no import/export) so that the
// harness can load it from file:// and vitest can import it for its side effect:
// both read globalThis.LW_FIXTURES.
(function (root) {
  // Split a document into tokens; bow: one feature per distinct word, else per position.
  function tokenize(text, bow) {
    const parts = text.split(/([A-Za-z0-9']+)/);
    const tokens = [];
    const names = [];
    const ids = new Map();
    for (const p of parts) {
      if (!p) continue;
      if (!/^[A-Za-z0-9']+$/.test(p)) {
        tokens.push([p, -1]);
        continue;
      }
      let id;
      if (bow) {
        if (!ids.has(p)) {
          ids.set(p, names.length);
          names.push(p);
        }
        id = ids.get(p);
      } else {
        id = names.length;
        names.push(p);
      }
      tokens.push([p, id]);
    }
    return { tokens, names };
  }

  // weightsByWord: { label: { word: w } } ; returns the explanation traits
  function explain(names, labels, weightsByWord, intercepts, numFeatures) {
    const weights = {};
    const selected = {};
    const intercept = {};
    const local_pred = {};
    const score = {};
    for (const l of labels) {
      const w = names.map((n) => weightsByWord[l][n] || 0);
      const sel = w.map((x, j) => [x, j]).filter(([x]) => x !== 0).sort((a, b) => Math.abs(b[0]) - Math.abs(a[0])).map(([, j]) => j);
      weights[l] = w;
      selected[l] = sel;
      intercept[l] = intercepts[l];
      local_pred[l] = w.reduce((a, b) => a + b, intercepts[l]);
      score[l] = 0.71 + 0.05 * (l % 3);
    }
    return { weights, selected, intercept, local_pred, score, num_features: numFeatures };
  }

  const common = { num_samples: 5000, seed: 42, model_stats: { calls: 1, rows: 5000, seconds: 0.84 }, off: [] };

  // 1. binary sentiment, bag of words
  const docA =
    "The acting was wonderful and the story kept me hooked, but the ending felt rushed and a bit boring.\n" +
    "Still, I would happily watch it again \u2014 the music alone is worth it.";
  const a = tokenize(docA, true);
  const posW = { wonderful: 0.312, hooked: 0.121, happily: 0.176, rushed: -0.219, boring: -0.268, again: 0.052, but: -0.061, worth: 0.143, Still: 0.031, bit: -0.024, music: 0.067, the: 0.012 };
  const negW = Object.fromEntries(Object.entries(posW).map(([k, v]) => [k, -v]));
  const sentiment = {
    kind: "text", mode: "classification", class_names: ["negative", "positive"], labels: [1, 0], label: 1,
    feature_names: a.names, tokens: a.tokens, bow: true, mask_string: "",
    ...explain(a.names, [0, 1], { 0: negW, 1: posW }, { 0: 0.44, 1: 0.43 }, 10),
    proba: [0.081, 0.919], value_range: null, ...common,
    counterfactual: { off: [], proba: [0.081, 0.919], error: null, input: null },
  };

  // 2. 20 classes (newsgroups), positions (bow false)
  const classes20 = ["alt.atheism", "comp.graphics", "comp.os.ms-windows.misc", "comp.sys.ibm.pc.hardware", "comp.sys.mac.hardware",
    "comp.windows.x", "misc.forsale", "rec.autos", "rec.motorcycles", "rec.sport.baseball", "rec.sport.hockey", "sci.crypt",
    "sci.electronics", "sci.med", "sci.space", "soc.religion.christian", "talk.politics.guns", "talk.politics.mideast",
    "talk.politics.misc", "talk.religion.misc"];
  const docB = "From: jdoe@nasa.gov\nSubject: Re: shuttle launch delayed\n\nThe orbiter's heat shield needs another inspection, so the launch window moves to next week. Encryption of the telemetry link is unrelated.";
  const b = tokenize(docB, false);
  const wB = (l, pairs) => {
    const m = {};
    for (const [word, w] of pairs) {
      const j = b.names.indexOf(word);
      m[b.names[j]] = w;
    }
    return m;
  };
  // bow false: feature names are "word_position" so equal words stay distinct
  const namesB = b.names.slice();
  const weightsB = {
    14: wB(14, [["nasa", 0.21], ["shuttle", 0.34], ["launch", 0.27], ["orbiter's", 0.19], ["shield", 0.08], ["window", 0.05], ["Encryption", -0.11], ["telemetry", 0.04]]),
    11: wB(11, [["Encryption", 0.29], ["link", 0.06], ["shuttle", -0.09], ["launch", -0.07], ["unrelated", 0.03]]),
  };
  const probaB = [0.004, 0.011, 0.003, 0.006, 0.005, 0.009, 0.012, 0.018, 0.015, 0.007, 0.006, 0.121, 0.043, 0.024, 0.662, 0.008, 0.011, 0.013, 0.014, 0.008];
  const newsgroups = {
    kind: "text", mode: "classification", class_names: classes20, labels: [14, 11], label: 14,
    feature_names: namesB, tokens: b.tokens, bow: false, mask_string: "UNKWORDZ",
    ...explain(namesB, [14, 11], weightsB, { 14: -0.62, 11: 0.02 }, 8),
    proba: probaB, value_range: null, ...common, model_stats: { calls: 3, rows: 5000, seconds: 2.41 },
    counterfactual: { off: [], proba: probaB, error: null, input: null },
  };

  // 3. regression (review -> stars)
  const docC = "Solid build quality and fast shipping. Battery life is disappointing though.";
  const c = tokenize(docC, true);
  const regression = {
    kind: "text", mode: "regression", class_names: ["value"], labels: [0], label: 0,
    feature_names: c.names, tokens: c.tokens, bow: true, mask_string: "",
    ...explain(c.names, [0], { 0: { Solid: 0.41, quality: 0.36, fast: 0.52, disappointing: -1.12, though: -0.18, Battery: -0.07 } }, { 0: 3.71 }, 6),
    proba: [3.64], value_range: [1.3, 4.9], ...common,
    counterfactual: { off: [], proba: [3.64], error: null, input: null },
  };

  // 4. an SP-LIME pick gallery (made up): mixed kinds, one image with a thumbnail
  const THUMB = "iVBORw0KGgoAAAANSUhEUgAAADwAAAAtCAIAAAB9FJ8bAAABkUlEQVR42mNkYGBgYWAaaoiViYFhiKFRR486etTRo44edfQIdHRE1CcGJLBnmdRgdHRO6C8G3MAl6hky98JqtYF0dEXAPwaGfwwkAoPQWxDGnQ16dHV0gzcDGc5FAyoBlxgYGJ5sNaG5ozvcmBioCmS8zzAwMLzZZUUrR/c4UtnFcCDiduzDfjsincHEwEosmkAzF0OAgOMhIl1CrIun2NDWxRDAY7OPao6eYU4PF0MAh/kugu4hMk3TF7BSnKbn6NLbzSy6WygP6X8M9AeslBZ5Q9LRDKOOHnX0qKNHHU1G5ZLCKkJnB/9hTaBGNf57qFXjDKxMGfxSdHPwD/4kqjVNc0Tk6ODiLyJJ1GxPM7AyFUgq0dTFHySTqNwJgKASOTUaufiNXBLxziC5Y1uhrMXCwNRy9wq1nPtEOQEyKUH7IQQNAxYGppob5yhx7h2NOFKdS4XBmg5dM4itBZePEe/WC7pR8CmfgRwWm2Jkhzz7FHNuF8pYnlEQ2vTUYByAXGHuRV1Xjg71jjp61NGDDwEAcbJWMOr2z6UAAAAASUVORK5CYII=";
  const pick = {
    kind: "pick",
    items: [
      { index: 12, kind: "tabular", title: "row 12", label: "survived", proba: 0.83, score: 0.54,
        features: [["gender=female", 0.412], ["class=1st", 0.187], ["age <= 22.00", 0.061], ["fare > 21.00", 0.052], ["sibsp <= 0.00", -0.018]], thumb_png: null },
      { index: 3, kind: "text", title: "The acting was wonderful and the story kept me hooked, but the ending felt rushed and a bit \u2026",
        label: "positive", proba: 0.919, score: 0.71, features: [["wonderful", 0.312], ["boring", -0.268], ["rushed", -0.219], ["happily", 0.176], ["worth", 0.143]], thumb_png: null },
      { index: 7, kind: "image", title: "image 7", label: "tabby, tabby cat", proba: 0.612, score: 0.48,
        features: [["superpixel 12", -0.109], ["superpixel 11", 0.1072], ["superpixel 2", 0.0866], ["superpixel 6", 0.0757], ["superpixel 15", 0.0531]], thumb_png: THUMB },
      { index: 40, kind: "tabular", title: "row 40", label: "died", proba: 0.97, score: 0.61,
        features: [["gender=male", 0.451], ["class=victualling crew", 0.133], ["embarked=Southampton", 0.021], ["38.00 < age", -0.012], ["parch <= 0.00", 0.004]], thumb_png: null },
    ],
    coverage: [9.1, 14.6, 17.9, 19.2],
    total_importance: 24.6,
    num_explained: 50,
    opened: -1,
  };

  root.LW_FIXTURES = Object.assign(root.LW_FIXTURES || {}, { sentiment, newsgroups, regression, pick, tokenize });
})(globalThis);
