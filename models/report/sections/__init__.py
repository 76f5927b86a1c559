"""The sections of the design-review PDF, one module per concern, in reading order."""
