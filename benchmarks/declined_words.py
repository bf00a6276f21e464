"""In-scope questions of the development sets that are declined: where the right node stands, and the
question's topic words that the right node never says, with the node's closest word in meaning (issue 14).

For each in-scope question of the development sets (the bundled guide's reader_dev*.yaml, B, D, E, F, G,
J; `declines.DEVELOPMENT`) whose reply grades "declined": the route (matcher, safety, command), the right
node's place in the ranking (0: first), the first candidate's score over `clarify`, the right node's,
the length in words, and each topic word the right node's phrasings and what it says never use (not
even by stem), with its Zipf frequency and the node's closest word by the word table (cosine).
docs/meaning-view.md ("Declined questions by cause") reads the rows. Development sets only: no
held-out question is shown.

Run: python benchmarks/declined_words.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from declines import DEVELOPMENT

from guide.authoring.evaluate import grade, quoted_by
from guide.authoring.questions import load_questions
from guide.conversation import Engine, Session, clean_input
from guide.dialog.loader import load_guide
from guide.matching.kinship import NodeWords
from guide.matching.normalize import tokenize
from guide.matching.stems import stem
from guide.matching.wordtable import vector, zipf


def main() -> int:
    engines: dict[Path, Engine] = {}
    for label, guide_path, questions_path in DEVELOPMENT:
        if guide_path not in engines:
            engines[guide_path] = Engine.build(load_guide(guide_path).guide)
        engine = engines[guide_path]
        index = engine.index
        for question in load_questions(questions_path, engine.guide).questions:
            if not question.in_scope:
                continue
            session = Session(engine)
            reply = session.respond(question.text)
            if grade(engine.guide, question, reply) != "declined":
                continue

            def right(key: str, question=question, engine=engine) -> bool:
                node = engine.node_of(key)
                return node in question.nodes if question.nodes else \
                    bool(quoted_by(engine.guide, node) & question.paragraphs)

            ranking = index.rank(clean_input(question.text))
            candidates = ranking.candidates
            place = next((i for i, c in enumerate(candidates) if right(c.key)), None)
            keys = [spec.key for spec in index.intents if right(spec.key)]
            target = candidates[place].key if place is not None else (keys[0] if keys else "")
            absent = []
            if target:
                intent = index._intents[index._positions[target]]
                words = NodeWords(intent.words)
                for word in ranking.content_words:
                    if stem(word) in intent.stems:
                        continue
                    found = vector(word)
                    cosine, closest = words.closest(word, found) if found is not None and words.vectors else (0.0, "")
                    absent.append(f"{word} ({zipf(word):.1f}; {closest} {cosine:.2f})")
            clarify = engine.settings.clarify
            top = candidates[0].score / clarify if candidates else 0.0
            own = f"{candidates[place].score / clarify:.2f}" if place is not None else "-"
            print(f"{label[:22]:22s} {session.route:8s} place {place if place is not None else '-'} "
                  f"first {top:.2f} right {own} {len(tokenize(question.text)):2d}w {question.text[:80]!r}")
            print(f"    never says: {', '.join(absent) or '-'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
