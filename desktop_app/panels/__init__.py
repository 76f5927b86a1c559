"""The dock panels around the canvas: palette, model tree, inspector, findings."""
