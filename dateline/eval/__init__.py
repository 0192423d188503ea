"""Evaluation against public benchmarks: ``timeml`` (TempEval-3 scorer) and ``tls`` (tilse TLS metrics).

Import the submodules directly; this package imports nothing heavy on its own.
"""
