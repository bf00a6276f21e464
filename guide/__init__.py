"""guide: a conversational guide to an article, in the terminal."""

__version__ = "0.1.0"


def main() -> int:
    """The `guide` command's entry point: guide.cli.main, and Ctrl-C pressed while it is still being
    imported (or reading its arguments) an exit with status 130, as later, not a traceback."""
    try:
        from guide.cli import main as run

        return run()
    except KeyboardInterrupt:
        return 130
