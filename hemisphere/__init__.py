"""Helpers for the Western Hemisphere teaching module: data, charts and the book's Sphinx extension."""

__version__ = "0.1.0"
