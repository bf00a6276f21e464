"""A reader's words for the text itself: "this post", "this blog" read as "this article".

Readers name the source in their own word whatever the guide calls it ("what is this post about"
in a guide whose phrasings say "article"), and a word for the source that no phrasing of the guide
uses was a topic word the guide never says: in a new guide, "what is this post about" scored 0.15
and was declined while "what is this article about" was answered at 0.38. So in every guide these
phrases are read as "this article", in the author's phrasings, titles and quotes as in what readers
type (as a synonym is: `explain` shows the rewrite on its `synonyms` line).

Only after "this", which names the text being read: "the post" is the mail in a guide about a
parent far away. Not "this guide": readers ask "what is this guide about" of the guide itself (its
welcome), not of the article's subject; read as "this article" too, it cost 10 right answers and
still answered 2 more (guide G 69 -> 59 right). Nor "this page": the bundled guide's "whats this
page about" then read as its "what is this article about", and a development question ("give me
the short version") went to the summary instead. Measured over every reader set
(`benchmarks/reader_eval.py --heldout`): 1175 -> 1177 right, 53 wrong either way, 419 -> 421
out-of-scope questions not answered; the development sets (`benchmarks/reader_dev.py`, its three
sets) and CLINC150 unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

CANONICAL = "this article"
VARIANTS = ("this post", "this blog post", "this blog", "this piece", "this essay")
"""What readers call the text they are reading, besides "article" (not "guide" or "page": see above)."""


def with_self_reference(synonyms: Mapping[str, Sequence[str]] | None) -> dict[str, Sequence[str]]:
    """The guide's ``synonyms`` and the reading of `VARIANTS` as `CANONICAL` (the guide's own
    entry for "this article", if it has one, keeps its variants too)."""
    merged: dict[str, Sequence[str]] = dict(synonyms or {})
    merged[CANONICAL] = (*merged.get(CANONICAL, ()), *VARIANTS)
    return merged
