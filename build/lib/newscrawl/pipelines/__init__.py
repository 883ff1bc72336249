"""Item pipelines, wired through ``ITEM_PIPELINES``."""
