"""The rule families (OWN, INT, ZON, RES, LIF, CST, QA), one module each;
:mod:`models.analysis.catalogue` joins them."""
