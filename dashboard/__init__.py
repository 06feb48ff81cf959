"""coopdash: a dashboard for a university's international cooperation."""

__version__ = "0.1.0"
