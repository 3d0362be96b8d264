"""Tools for developers and CI: local services the tests and benchmarks run on.

Not part of the installed product (setup.py does not package it).
"""
