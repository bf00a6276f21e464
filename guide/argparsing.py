"""argparse as the ``guide`` command uses it: told the terminal's width up front, and with its
error messages escaped for the terminal. Imported only when a command line is parsed by
argparse (`guide ask` followed by words alone is not: see guide.cli, `_asked_in_words`)."""

from __future__ import annotations

import argparse
import os
import sys

from guide.terminal import safe_for_terminal

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NoReturn

EXIT_CANNOT_RUN = 2  # (guide.cli's: a command line that cannot be parsed cannot run)


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, told the width up front: left to itself it imports shutil
    (3 ms of the cold start) just to ask the terminal's size."""

    def __init__(self, prog: str, **kwargs: object) -> None:
        try:
            columns = int(os.environ.get("COLUMNS", "0")) or os.get_terminal_size().columns
        except (OSError, ValueError):
            columns = 80
        super().__init__(prog, width=max(columns - 2, 40), **kwargs)  # type: ignore[arg-type]


class Parser(argparse.ArgumentParser):
    """An ArgumentParser (and its subcommands' parsers) with that formatter, whose error
    messages (which echo what was typed) are escaped for the terminal."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_CANNOT_RUN, safe_for_terminal(f"{self.prog}: error: {message}\n"))
