"""The rule families of brief §5, one module each; :mod:`models.analysis.catalogue` joins them."""
