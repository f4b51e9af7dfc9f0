"""`@record`: a dataclass whose methods are not compiled when its module is imported.

Why: ``@dataclass`` writes the source of ``__init__``, ``__repr__``,
``__eq__``, ``__hash__`` (and, frozen, ``__setattr__``/``__delattr__``) for
each class and compiles it with ``exec`` in every process: about 0.8 ms a
class, and `lkjcheck text` imports some twenty of them before it reads a
line. For a class made a few hundred or thousand times a run at most (the
rule pack's parts, the options, the findings: 489 of them for 1,000 generated
reports) methods shared by every record do the same work from the field list,
a few microseconds more per instance.

What it keeps of ``@dataclass`` (``tests/test_record.py`` holds each against
the real one): the fields, so ``dataclasses.fields``, ``replace``, ``asdict``
and ``is_dataclass`` work as before; the constructor's arguments, positional
or by name, with defaults and ``default_factory``; the ``repr``; equality over
the compared fields, only with an instance of the very same class; for a
frozen record the hash of those fields and FrozenInstanceError on assignment,
for a mutable one no hash. A class a record cannot stand in for exactly (a
``__post_init__``, a field outside ``__init__``, its own ``__eq__`` ...) is
refused when it is defined. Classes made by the ten thousand (the figures
read from a report, read.numbers.ParsedNumber) stay dataclasses: their
generated ``__init__`` is faster per instance.
"""
from __future__ import annotations

import dataclasses
from operator import attrgetter
from reprlib import recursive_repr

_MISSING = dataclasses.MISSING
_OWN = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__post_init__")


def record(cls=None, /, *, frozen: bool = False):
    """``@record`` or ``@record(frozen=True)``, where ``@dataclass`` or ``@dataclass(frozen=True)`` stood."""
    def wrap(c):
        return _make(c, frozen)
    return wrap if cls is None else wrap(cls)


def _make(cls, frozen: bool):
    own = [n for n in _OWN if n in cls.__dict__ and not (n == "__hash__" and cls.__dict__[n] is None)]
    if own:
        raise TypeError(f"{cls.__qualname__}: a record writes {own[0]} itself (use @dataclass)")
    # the fields and what reads them (fields, replace, asdict, __match_args__), without generated methods;
    # a docstring for the while, or dataclass would parse object()'s signature to write one
    doc = cls.__doc__
    cls.__doc__ = doc or cls.__qualname__
    dataclasses.dataclass(cls, init=False, repr=False, eq=False)
    cls.__doc__ = doc
    fields = dataclasses.fields(cls)
    names = tuple(f.name for f in fields)
    if any(not f.init or f.kw_only for f in fields):
        raise TypeError(f"{cls.__qualname__}: a record's fields are all positional arguments of __init__")
    if any(hasattr(type(cls.__dict__.get(n)), "__set__") for n in names):
        raise TypeError(f"{cls.__qualname__}: a field of a record may not be a property")
    defaults: list = []         # per field: (name, value or _MISSING, factory or _MISSING)
    for f in fields:
        if defaults and defaults[-1][1:] != (_MISSING, _MISSING) and (f.default, f.default_factory) == (
                _MISSING, _MISSING):
            raise TypeError(f"non-default argument {f.name!r} follows default argument")
        defaults.append((f.name, f.default, f.default_factory))
    _set(cls, "__init__", _init(cls, names, defaults))
    _set(cls, "__repr__", _repr(tuple(f.name for f in fields if f.repr)))
    compared = _getter(tuple(f.name for f in fields if f.compare))

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    _set(cls, "__eq__", __eq__)
    if frozen:
        hashed = _getter(tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash)))

        def __hash__(self):
            return hash(hashed(self))

        _set(cls, "__hash__", __hash__)
        _freeze(cls, frozenset(names))
    else:
        cls.__hash__ = None     # as @dataclass: equal by value and mutable, so not hashable
    return cls


def _set(cls, name: str, fn) -> None:
    fn.__name__ = name
    fn.__qualname__ = f"{cls.__qualname__}.{name}"
    setattr(cls, name, fn)


def _getter(names: tuple[str, ...]):
    """The tuple of these attributes of an instance (the tuple @dataclass compares and hashes)."""
    if not names:
        return lambda obj: ()
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return attrgetter(*names)


def _init(cls, names: tuple[str, ...], defaults: list):
    n = len(names)
    known = frozenset(names)
    where = f"{cls.__qualname__}.__init__()"

    def __init__(self, *args, **kwargs):
        if len(args) > n:
            raise TypeError(f"{where} takes {n + 1} positional arguments but {len(args) + 1} were given")
        if not kwargs:
            given = dict(zip(names, args))
        elif not args:
            given = kwargs
        else:
            given = dict(zip(names, args))
            if not given.keys().isdisjoint(kwargs):
                k = next(k for k in kwargs if k in given)
                raise TypeError(f"{where} got multiple values for argument {k!r}")
            given.update(kwargs)
        if kwargs and not known.issuperset(kwargs):
            k = next(k for k in kwargs if k not in known)
            raise TypeError(f"{where} got an unexpected keyword argument {k!r}")
        if len(given) == n:         # every field given: in the fields' order, as @dataclass sets them
            values = {name: given[name] for name in names}
        else:
            values = {}
            for name, default, factory in defaults:
                if name in given:
                    values[name] = given[name]
                elif default is not _MISSING:
                    values[name] = default
                elif factory is not _MISSING:
                    values[name] = factory()
                else:
                    raise TypeError(f"{where} missing required argument: {name!r}")
        # set as @dataclass sets them (object.__setattr__ when frozen): no field is a property or slot
        self.__dict__.update(values)

    return __init__


def _repr(names: tuple[str, ...]):
    @recursive_repr()
    def __repr__(self):
        return f"{self.__class__.__qualname__}({', '.join(f'{n}={getattr(self, n)!r}' for n in names)})"

    return __repr__


def _freeze(cls, names: frozenset) -> None:
    def __setattr__(self, name, value):
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self, name):
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    _set(cls, "__setattr__", __setattr__)
    _set(cls, "__delattr__", __delattr__)
