"""lime's ``lime.wrappers``: ``lime_widgets.wrappers.scikit_image.SegmentationAlgorithm``."""
