"""guide.records.NamedTuple makes the classes typing.NamedTuple makes (only faster)."""

# Annotations are evaluated (no `from __future__ import annotations`): the classes compared keep them.
import copy
import importlib
import pickle
import pkgutil
import typing

import pytest

import guide
from guide import records

BODY = '''
class {name}({base}):
    """A place in a file."""

    file: str
    line: int | None
    col: tuple[int, ...] = ()
    """its column"""
    kind: None = None

    LIMIT = 3

    @property
    def where(self) -> str:
        return f"{{self.file}}:{{self.line}}"

    def moved(self, lines: int) -> "{name}":
        return self._replace(line=(self.line or 0) + lines)

    @classmethod
    def nowhere(cls) -> "{name}":
        return cls("", 0)

    def __bool__(self) -> bool:
        return bool(self.file)
'''
exec(BODY.format(name="TypedPlace", base="typing.NamedTuple"))  # noqa: S102  (module level: picklable)
exec(BODY.format(name="RecordPlace", base="records.NamedTuple"))  # noqa: S102
TYPED, RECORD = globals()["TypedPlace"], globals()["RecordPlace"]


class TypedOne(typing.NamedTuple):
    text: str


class RecordOne(records.NamedTuple):
    text: str


class TypedNone(typing.NamedTuple):
    pass


class RecordNone(records.NamedTuple):
    pass


PAIRS = [(TYPED, RECORD), (TypedOne, RecordOne), (TypedNone, RecordNone)]


def _same(typed: object, record: object) -> object:
    """``typed`` with the typing class names as the record's (reprs, messages)."""
    if isinstance(typed, str):
        for old, new in (("TypedPlace", "RecordPlace"), ("TypedOne", "RecordOne"), ("TypedNone", "RecordNone")):
            typed = typed.replace(old, new)
    return typed


@pytest.mark.parametrize(("typed", "record"), PAIRS)
def test_the_classes_are_alike(typed: type, record: type) -> None:
    assert type(record) is type(typed) is type
    assert record.__mro__[1:] == typed.__mro__[1:] == (tuple, object)
    for name in ("_fields", "_field_defaults", "__annotations__", "__match_args__", "__slots__", "__module__"):
        assert getattr(record, name) == getattr(typed, name), name
    assert record.__doc__ == _same(typed.__doc__, record)
    assert record.__qualname__ == _same(typed.__qualname__, record)
    assert record.__new__.__defaults__ == typed.__new__.__defaults__
    assert record.__new__.__annotations__ == typed.__new__.__annotations__
    for name in ("__doc__", "__qualname__", "__module__"):
        assert getattr(record.__new__, name) == _same(getattr(typed.__new__, name), record), name
    for name in ("__doc__", "__qualname__"):
        assert getattr(record.__repr__, name) == _same(getattr(typed.__repr__, name), record)
    for name in record._fields:
        assert getattr(record, name).__doc__ == getattr(typed, name).__doc__
    assert set(vars(record)) == set(vars(typed)) - {"__orig_bases__"}


def test_instances_behave_alike() -> None:
    calls = [(("a.yaml", 3), {}), (("a.yaml",), {"line": 4, "col": (1, 2)}), ((), {"file": "", "line": None})]
    for args, kwargs in calls:
        typed, record = TYPED(*args, **kwargs), RECORD(*args, **kwargs)
        assert tuple(record) == tuple(typed) and record == typed and hash(record) == hash(typed)
        assert repr(record) == _same(repr(typed), record)
        assert record._asdict() == typed._asdict()
        assert tuple(record._replace(col=(9,))) == tuple(typed._replace(col=(9,)))
        assert tuple(RECORD._make(typed)) == tuple(typed)
        assert record.where == typed.where and bool(record) == bool(typed) and record.LIMIT == typed.LIMIT
        assert tuple(record.moved(2)) == tuple(typed.moved(2)) and type(record.moved(2)) is RECORD
        assert pickle.loads(pickle.dumps(record)) == record and type(pickle.loads(pickle.dumps(record))) is RECORD
        assert copy.copy(record) == record and copy.deepcopy(record) == record
        file, line, col, kind = record
        assert (file, line, col, kind) == tuple(typed)
        match record:
            case RECORD(file, line):
                assert (file, line) == typed[:2]
    assert RecordOne("x").text == TypedOne("x").text and repr(RecordOne("x")) == "RecordOne(text='x')"
    assert tuple(RecordNone()) == () and repr(RecordNone()) == "RecordNone()"


def _error(call: typing.Callable[[], object]) -> tuple[type, str]:
    try:
        call()
    except Exception as exc:  # (which one, and its message, is what is compared)
        return type(exc), str(exc)
    raise AssertionError("no error")


@pytest.mark.parametrize("call", [
    lambda cls: cls(), lambda cls: cls("a"), lambda cls: cls("a", 1, (), None, 5),
    lambda cls: cls("a", 1, file="b"), lambda cls: cls("a", 1, colour=2),
    lambda cls: cls("a", 1)._replace(colour=2), lambda cls: cls._make(["a"]),
])
def test_mistakes_raise_alike(call: typing.Callable[[type], object]) -> None:
    typed = _error(lambda: call(TYPED))
    assert _error(lambda: call(RECORD)) == (typed[0], _same(typed[1], RECORD))


@pytest.mark.parametrize("body", [
    "    a: int = 1\n    b: int\n",  # a field without a default after one with
    "    a: int = 1\n    b: int = 2\n    c: str\n",
    "    _a: int\n",  # a field name starting with an underscore
    "    a: int\n    def _replace(self): ...\n",  # an attribute NamedTuple keeps for itself
    "    a: int\n    __slots__ = ('b',)\n",
])
def test_class_bodies_refused_alike(body: str) -> None:
    def make(base: str) -> tuple[type, str]:
        return _error(lambda: exec(f"class Bad({base}):\n{body}", {"typing": typing, "records": records}))  # noqa: S102
    assert make("records.NamedTuple") == make("typing.NamedTuple")


def test_a_string_annotation_stays_a_string() -> None:
    # typing.NamedTuple compiles it into a ForwardRef (what made `from __future__ import annotations`
    # costly in the modules `guide ask` imports); typing.get_type_hints reads either
    namespace = {"typing": typing, "records": records}
    exec("class Typed(typing.NamedTuple):\n    a: 'int'\nclass Record(records.NamedTuple):\n    a: 'int'\n",  # noqa: S102
         namespace)
    assert namespace["Record"].__annotations__ == {"a": "int"}
    assert namespace["Typed"].__annotations__ == {"a": typing.ForwardRef("int", module=None)}
    assert typing.get_type_hints(namespace["Record"]) == typing.get_type_hints(namespace["Typed"]) == {"a": int}


def test_the_packages_named_tuples_come_from_records() -> None:
    """Every NamedTuple class of the package is made by guide.records (the faster start)."""
    found = []
    for module in pkgutil.walk_packages(guide.__path__, "guide."):
        if module.name.startswith(("guide.tui", "guide.serve", "guide.__main__")):
            continue  # (the app and the web server, imported by their commands; `python -m guide`)
        for value in vars(importlib.import_module(module.name)).values():
            if isinstance(value, type) and value.__module__ == module.name and hasattr(value, "_fields"):
                found.append(value)
                assert "__orig_bases__" not in vars(value), f"{value.__qualname__}: typing.NamedTuple"
    assert len(found) > 40
