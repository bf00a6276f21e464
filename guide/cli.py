"""Command line: subcommands are added as the package grows."""

from __future__ import annotations

import argparse

from guide import __version__


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="guide")
    parser.add_argument("--version", action="version", version=f"guide {__version__}")
    parser.parse_args(argv)
    return 0
