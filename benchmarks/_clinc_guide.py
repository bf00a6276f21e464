"""Write a guide built from CLINC150 train data: one node per intent, its phrasings as examples."""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CLINC = Path(os.environ.get("CLINC150_PATH") or REPO.parent / "shared" / "data" / "clinc150" /
             "clinc150_train_val.json")

SOURCE = "---\ntitle: CLINC150 stand-in\n---\n## Intents\n\nEach intent is one node of this guide.\n"


def clinc_data() -> dict[str, list[list[str]]]:
    if not CLINC.is_file():
        raise SystemExit(f"CLINC150 data not found at {CLINC} (set CLINC150_PATH)")
    return json.loads(CLINC.read_text(encoding="utf-8"))


def write_clinc_guide(root: Path, per_intent: int = 100, intents: int = 150) -> Path:
    """A guide folder at ``root`` with ``intents`` nodes of ``per_intent`` phrasings each."""
    by_intent: dict[str, list[str]] = defaultdict(list)
    for text, intent in clinc_data()["train"]:
        by_intent[intent].append(text)
    names = sorted(by_intent)[:intents]
    (root / "nodes").mkdir(parents=True, exist_ok=True)
    (root / "doc.md").write_text(SOURCE, encoding="utf-8")
    (root / "guide.yaml").write_text(
        f"title: CLINC150\nstart: {names[0].replace('_', '-')}\nsources:\n  doc:\n    file: doc.md\n", encoding="utf-8")
    for i, name in enumerate(names):
        node_id = name.replace("_", "-")
        nxt = names[(i + 1) % len(names)].replace("_", "-")
        examples = "".join(f"  - {json.dumps(t)}\n" for t in by_intent[name][:per_intent])
        (root / "nodes" / f"{node_id}.yaml").write_text(
            f"id: {node_id}\ntitle: {name.replace('_', ' ')}\nexamples:\n{examples}"
            f"answer:\n  - say: This is {name}.\n  - quote: Each intent is one node of this guide.\n"
            f"choices: [{nxt}]\n", encoding="utf-8")
    return root
