"""The sections of the review document, in reading order (brief §7)."""
