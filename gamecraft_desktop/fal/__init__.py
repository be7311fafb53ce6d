"""fal layer."""
