"""Read-only building blocks for the loaded model: set once, never changed, cheap to define.

(Frozen dataclasses cost about half a millisecond each to create at import, and `guide ask`
starts in a few tens of milliseconds; the model uses NamedTuples and these instead.)

The NamedTuples come from guide.records, which makes typing.NamedTuple's classes for a sixth of
its cost (~3 ms over the fifty classes of a start); tests/test_startup.py checks the classes of a
conversation are its. Their modules leave out `from __future__ import annotations`, which made
typing.NamedTuple compile every string annotation into a ForwardRef: the annotations stay objects.
"""

from __future__ import annotations


class FrozenMap(dict):  # type: ignore[type-arg]
    """A read-only dict: immutable like the rest of the model, and picklable (the engine cache)."""

    def _read_only(self, *args: object, **kwargs: object) -> None:
        raise TypeError("a loaded guide is read-only")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _read_only  # type: ignore[assignment]
    __ior__ = _read_only  # type: ignore[assignment]

    def __reduce__(self) -> tuple[type, tuple[dict]]:  # type: ignore[type-arg]
        return (FrozenMap, (dict(self),))


class ReadOnly:
    """An object whose attributes are set once, by ``_set`` in ``__init__``."""

    def _set(self, **values: object) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")
