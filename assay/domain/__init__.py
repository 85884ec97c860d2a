"""Assay's pure-Python domain core: no Django imports here, so it is easy to test and reuse."""
