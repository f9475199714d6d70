"""lime's ``lime.utils``: ``lime_widgets.utils.generic_utils.has_arg``."""
