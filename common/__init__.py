"""The shared library at the bottom of the project: imports no app."""
