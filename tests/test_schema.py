"""The declared schema of the synced state: the generated front-end files are current, and every view's
synced traitlets are exactly the ones the schema declares for its kind."""
import pathlib

import pytest

from lime_widgets.widgets import schema

ROOT = pathlib.Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", sorted(schema.GENERATED))
def test_generated_front_end_files_are_current(name):
    on_disk = (ROOT / "js" / "src" / name).read_text(encoding="utf-8")
    assert on_disk == schema.GENERATED[name](), f"js/src/{name} is stale: run `python -m lime_widgets.widgets.schema`"


def _synced(widget_class) -> set[str]:
    ignore = {"layout", "tabbable", "tooltip"}
    return {n for n, tr in widget_class.class_traits(sync=True).items() if not n.startswith("_") and n not in ignore}


def test_view_traits_match_the_schema():
    from lime_widgets.widgets import ImageView, TabularView, TextView
    from lime_widgets.widgets.compare import CompareView
    from lime_widgets.widgets.pick import PickGallery
    from lime_widgets.widgets.progress import ProgressView

    kinds = {"text": TextView, "image": ImageView, "tabular": TabularView, "pick": PickGallery, "progress": ProgressView, "compare": CompareView}
    for kind, cls in kinds.items():
        assert _synced(cls) == set(schema.traits_of(kind)), kind


def test_front_end_writable_traits():
    trust = {"stability_seeds", "curves_label"}  # the trust panel's requests
    assert schema.front_end_writable("text") == {"label", "off"} | trust
    assert schema.front_end_writable("tabular") == {"label", "off", "edits"} | trust
    assert schema.front_end_writable("image") == {"label", "off", "show_boundaries", "overlay_opacity", "top_k"} | trust
    assert schema.front_end_writable("progress") == frozenset()


def test_compare_writable_traits():
    assert schema.front_end_writable("compare") == {"label", "off", "edits"}
