"""The TUI's own words for the guide's source: "the article", or the manifest's `source_noun`."""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from guide.source_noun import worded


def word_bindings(node: DOMNode, noun: str) -> None:
    """``node``'s key bindings, their labels and tooltips in ``noun``'s words ("Article" -> "Post").
    The bindings as written are kept, so that a reloaded guide with another noun words them anew."""
    written = node.__dict__.setdefault("_written_bindings", {k: list(v) for k, v in
                                                             node._bindings.key_to_bindings.items()})
    for key, bindings in written.items():
        node._bindings.key_to_bindings[key] = [
            replace(b, description=worded(b.description, noun), tooltip=worded(b.tooltip, noun)) for b in bindings]
