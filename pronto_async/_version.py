"""The package version, kept in one place (pyproject reads the same string at release)."""

__version__ = "0.1.0.dev0"
