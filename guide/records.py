"""NamedTuple classes made for a fraction of what typing.NamedTuple costs at import.

`guide ask` creates some fifty NamedTuple classes as it imports the model, the matcher and the
safety check, and typing.NamedTuple takes 50-100 us for each: it checks every annotation, compiles
the class's ``__new__`` from source and sets the new class's bases again (~3 ms of every start).
``NamedTuple`` here makes the same classes (collections.namedtuple's, with the class body's
annotations, defaults, docstring and methods, as typing.NamedTuple does) with a ``__new__`` compiled
once per number of fields and given the field names, about six times faster. Written the same way:

    from guide.records import NamedTuple

    class Pos(NamedTuple):
        file: str
        line: int = 0

Type checkers see typing.NamedTuple itself. tests/test_records.py compares the classes with
typing's, field by field and method by method.
"""

from __future__ import annotations

import sys
from collections import _tuplegetter  # type: ignore[attr-defined]  # (namedtuple's field descriptors)
from functools import cache
from keyword import iskeyword
from types import CodeType, FunctionType

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:
    _tuple_new = tuple.__new__

    # What typing.NamedTuple refuses in a class body, and what it does not copy from it.
    _PROHIBITED = frozenset({"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults",
                             "_make", "_replace", "_asdict", "_source"})
    _NOT_COPIED = frozenset({"__module__", "__name__", "__annotations__"})

    @cache
    def _new_code(size: int) -> CodeType:
        """The code of collections.namedtuple's ``__new__`` for ``size`` fields, named _0, _1...
        (compiled once per size; each class renames the arguments after its fields)."""
        names = ", ".join(f"_{n}" for n in range(size)) + ("," if size == 1 else "")
        return eval(f"lambda _cls, {names}: _tuple_new(_cls, ({names}))", {"_tuple_new": _tuple_new}).__code__  # noqa: S307

    def _make(cls, iterable):
        result = _tuple_new(cls, iterable)
        if len(result) != len(cls._fields):
            raise TypeError(f"Expected {len(cls._fields)} arguments, got {len(result)}")
        return result

    def _replace(self, /, **kwds):
        result = self._make(map(kwds.pop, self._fields, self))
        if kwds:
            raise ValueError(f"Got unexpected field names: {list(kwds)!r}")
        return result

    def _asdict(self):
        """Return a new dict which maps field names to their values."""
        return dict(zip(self._fields, self, strict=False))

    def _getnewargs(self):
        """Return self as a plain tuple.  Used by copy and pickle."""
        return tuple(self)

    def _record(typename: str, namespace: dict) -> type:
        """The class typing.NamedTuple makes of ``namespace``, a class body."""
        types = {name: type(None) if kind is None else kind
                 for name, kind in namespace.get("__annotations__", {}).items()}
        fields = tuple(map(sys.intern, types))
        with_default: list[str] = []
        for name in fields:
            if name in namespace:
                with_default.append(name)
            elif with_default:
                raise TypeError(f"Non-default namedtuple field {name} cannot follow default field"
                                f"{'s' if len(with_default) > 1 else ''} {', '.join(with_default)}")
        defaults = tuple(namespace[name] for name in with_default)
        for name in (typename, *fields):
            if not name.isidentifier() or iskeyword(name):
                raise ValueError(f"Type names and field names must be valid identifiers: {name!r}")
        for name in fields:
            if name.startswith("_"):
                raise ValueError(f"Field names cannot start with an underscore: {name!r}")
        arguments = ", ".join(fields) + ("," if len(fields) == 1 else "")
        code = _new_code(len(fields)).replace(co_varnames=("_cls", *fields))
        new = FunctionType(code, {"_tuple_new": _tuple_new, "__builtins__": {}, "__name__": f"namedtuple_{typename}"},
                           "__new__", defaults)
        new.__qualname__ = f"{typename}.__new__"
        new.__doc__ = f"Create new instance of {typename}({arguments})"
        new.__annotations__ = types
        shown = "(" + "=%r, ".join(fields) + ("=%r)" if fields else ")")

        def __repr__(self):  # (as collections.namedtuple writes it)
            """Return a nicely formatted representation string"""
            return self.__class__.__name__ + shown % self

        __repr__.__qualname__ = f"{typename}.__repr__"
        body = {"__doc__": f"{typename}({arguments})", "__slots__": (), "_fields": fields,
                "_field_defaults": dict(zip(with_default, defaults, strict=True)), "__new__": new,
                "_make": classmethod(_make), "_replace": _replace, "__repr__": __repr__, "_asdict": _asdict,
                "__getnewargs__": _getnewargs, "__match_args__": fields, "__module__": namespace["__module__"],
                "__annotations__": types}
        for number, name in enumerate(fields):
            body[name] = _tuplegetter(number, sys.intern(f"Alias for field number {number}"))
        for key, value in namespace.items():
            if key in _PROHIBITED:
                raise AttributeError("Cannot overwrite NamedTuple attribute " + key)
            if key not in _NOT_COPIED and key not in fields:
                body[key] = value
        return type(typename, (tuple,), body)

    class _Maker(type):
        def __new__(mcs, typename: str, bases: tuple[type, ...], namespace: dict) -> type:
            if not bases:  # NamedTuple itself
                return super().__new__(mcs, typename, bases, namespace)
            if bases != (NamedTuple,):
                raise TypeError("can only inherit from a NamedTuple type")
            return _record(typename, namespace)

    class NamedTuple(metaclass=_Maker):
        """Base of the classes `_record` makes (never their base: theirs is tuple, as typing's)."""
