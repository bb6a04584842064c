"""Branch Desktop: a social-security branch office's desktop application."""

__version__ = "0.1.0"
