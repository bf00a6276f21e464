"""A small guide for the TUI tests: every kind of block, a clarify, a fallback, two sources.

Written into a temporary folder so tests can edit it (live reload) without touching the
bundled guide; nothing in it depends on the time or on randomness.
"""

from __future__ import annotations

from pathlib import Path

PETS = """\
---
title: A small article about pets
publisher: Tests Inc.
url: https://example.org/pets
---
# A small article about pets

## Sleeping

Cats sleep for most of the day, often in the sun. They wake up at dusk, hungry and curious.

1. Reduction of stress: a purring cat lowers its owner's stress, or so the article claims [citation needed].

## Walking

Dogs need a walk every morning and every evening. A tired dog is a calm dog.

Birds sing at dawn to mark their territory.
"""

NOTES = """\
---
title: Notes on walking
publisher: Walkers' Club
---
# Notes on walking

Walking in the morning light helps people sleep at night.
"""

MANIFEST = """\
title: Pets guide
description: A guide for tests.
start: welcome
fallback: The article doesn't cover that, as far as I can tell.
sources:
  pets:
    file: pets.md
  walking:
    file: walking.md
"""

WELCOME = """\
- id: welcome
  title: Start here
  examples: [hi, hello, hey there, start here, main menu]
  answer:
    - say: Hello. I'm a guide to a small article about pets. Ask about it in your own words.
    - note: This is a test guide, not veterinary advice.
  choices: [cats, morning-walks, evening-walks]

- id: cats
  title: Why cats sleep so much
  examples: [cats, why do cats sleep, how long do cats sleep, sleeping cats, cat naps all day]
  answer:
    - say: The article says cats sleep most of the day.
    - quote: Cats sleep for most of the day, often in the sun.
      source: pets
    - quote: "1. Reduction of stress: a purring cat lowers its owner's stress"
      source: pets
    - note: The article gives no evidence for the claim about stress.
    - research: Purring has been measured at 25 to 150 Hz.
      cite: "Example & Sample (2001), Journal of Tests 1:1-2"
  choices: [morning-walks, evening-walks]
"""

WALKS = """\
- id: morning-walks
  title: Morning dog walks
  examples: [morning dog walks, walking the dog in the morning, dog walk before breakfast, morning walk]
  answer:
    - quote: Dogs need a walk every morning and every evening.
      source: pets
    - quote: Walking in the morning light helps people sleep at night.
      source: walking
  choices: [evening-walks, cats]

- id: evening-walks
  title: Evening dog walks
  examples: [evening dog walks, walking the dog in the evening, dog walk after dinner, evening walk]
  answer:
    - quote: A tired dog is a calm dog.
      source: pets
  choices: [morning-walks, cats]
"""

FILES = {"guide.yaml": MANIFEST, "pets.md": PETS, "walking.md": NOTES, "nodes/welcome.yaml": WELCOME,
         "nodes/walks.yaml": WALKS}


def write_tui_guide(root: Path) -> Path:
    """Write the guide into ``root`` and return it."""
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


# -- helpers for Pilot tests ---------------------------------------------------------------

def make_app(root: Path, **kwargs: object):
    """A GuideApp on the test guide written into ``root``."""
    from guide.tui.app import GuideApp

    return GuideApp(guide_path=write_tui_guide(root), **kwargs)  # type: ignore[arg-type]


async def settle(pilot, app) -> None:
    """Wait until the guide has answered and the screen has caught up."""
    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not app.busy:
            break
    await pilot.pause()


async def send(pilot, app, text: str) -> None:
    """Type ``text`` (set directly: each key press costs ~60 ms) and press enter."""
    app.chat_input.value = text
    await pilot.press("enter")
    await settle(pilot, app)


def text_of(widget) -> str:
    """The plain text of every Static and Button under ``widget`` (and the widget itself)."""
    from textual.widgets import Button, Static

    parts = []
    for node in [widget, *widget.query("*")]:
        if isinstance(node, Button):
            parts.append(str(node.label))
        elif isinstance(node, Static):
            parts.append(str(node.content))
    return "\n".join(parts)


def last_turn(app):
    from guide.tui.widgets.turns import GuideTurn

    return app.log_view.query(GuideTurn).last()


async def until(pilot, condition, timeout: float = 5.0) -> None:
    """Pause the app until ``condition()`` holds (a busy machine draws late), else fail."""
    import asyncio

    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
        await pilot.pause()
    raise AssertionError("timed out")
