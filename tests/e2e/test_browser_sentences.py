"""Sentences as features in the browser: each sentence is one highlighted span, toggled like a word,
in JupyterLab (the kernel answers) and in an exported page (the estimate). Screenshots in tests/_artifacts."""
from __future__ import annotations

import json

from lw_e2e import EXAMPLES, KERNEL_TIMEOUT_MS, PANEL, notebook_code_cells, offline_page, open_and_run, run_cell_json, write_notebook

DOC = (
    "The first half is a gorgeous, witty film with a wonderful cast. Then it turns dull and tiresome, "
    "a long and lifeless second half!\nIs the ending worth it? Not really. Still, the music is lovely."
)
BUILD = f"""
DOC = {DOC!r}
view = lw.explain_text(model, DOC, split_expression=lw.sentences, class_names=class_names, num_samples=1000, random_state=0)
view
"""


def sentence_view(root):
    return root.evaluate(
        """(root) => ({
            spans: [...root.querySelectorAll('.lw-doc .lw-tok')].map(s => ({text: s.textContent, fid: +s.dataset.fid,
                        cls: s.className, lines: s.getClientRects().length})),
            docText: root.querySelector('.lw-doc').textContent,
            state: root.querySelector('.lw-status').getAttribute('data-state'),
        })"""
    )


def wait_off(root, state, off, timeout=30_000):
    root.page.wait_for_function(
        """([root, state, off]) => {
            const st = root.querySelector('.lw-status');
            const got = [...new Set([...root.querySelectorAll('.lw-doc .lw-tok.lw-off')].map(s => +s.dataset.fid))].sort((a, b) => a - b);
            return st && st.getAttribute('data-state') === state && JSON.stringify(got) === JSON.stringify(off);
        }""",
        arg=[root.element_handle(), state, off],
        timeout=timeout,
    )


def check_spans(v, sentences):
    assert [s["text"] for s in v["spans"]] == sentences
    assert v["docText"] == DOC
    assert sum(1 for s in v["spans"] if "lw-pos" in s["cls"] or "lw-neg" in s["cls"]) == len(sentences)  # every sentence coloured


def test_sentences_in_lab(lab, browser, artifacts):
    import lime_widgets as lw

    sentences = lw.sentences(DOC)
    dull = next(i for i, s in enumerate(sentences) if "dull" in s)
    write_notebook(lab, "sentences.ipynb", [notebook_code_cells(EXAMPLES / "text.ipynb")[0], BUILD])
    ctx = browser.new_context(viewport={"width": 1300, "height": 1000})
    try:
        page = ctx.new_page()
        open_and_run(page, lab, "sentences.ipynb")
        root = page.locator(f"{PANEL} .jp-OutputArea-output .lw-root").first
        root.wait_for(timeout=KERNEL_TIMEOUT_MS)
        v = sentence_view(root)
        check_spans(v, sentences)
        fid = next(s["fid"] for s in v["spans"] if "dull" in s["text"])
        root.locator(f".lw-doc .lw-tok[data-fid='{fid}']").click()
        wait_off(root, "current", [fid])  # the kernel answered for the text without that sentence
        root.screenshot(path=str(artifacts / "sentences-lab.png"))
        got = run_cell_json(page, "[view.off, view.counterfactual['input'], view.feature_names]")
        assert got[0] == [fid] and got[2][fid] == sentences[dull]
        assert sentences[dull] not in got[1] and got[1] == DOC.replace(sentences[dull], "")
    finally:
        ctx.close()
        lab.shutdown_sessions()


def test_sentences_in_saved_html(browser, text_example, tmp_path, artifacts):
    import lime_widgets as lw

    view = lw.explain_text(text_example["model"], DOC, split_expression=lw.sentences, class_names=text_example["class_names"],
                           num_samples=1000, random_state=0)
    path = view.save_html(tmp_path / "sentences.html")
    ctx, page, guard = offline_page(browser)
    try:
        page.goto(path.as_uri())
        root = page.locator(".lw-root").first
        root.wait_for(timeout=10_000)
        check_spans(sentence_view(root), lw.sentences(DOC))
        page.screenshot(path=str(artifacts / "sentences-saved.png"), full_page=True)
        fid = view.feature_names.index(next(s for s in lw.sentences(DOC) if "dull" in s))
        root.locator(f".lw-doc .lw-tok[data-fid='{fid}']").click()
        wait_off(root, "offline", [fid])
        page.screenshot(path=str(artifacts / "sentences-saved-off.png"), full_page=True)
        assert guard.errors == [] and guard.blocked == []
        assert json.dumps(view.view_state())  # plain JSON
    finally:
        ctx.close()
