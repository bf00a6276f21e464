"""guide: a conversational guide to an article, in the terminal."""

__version__ = "0.1.0"
