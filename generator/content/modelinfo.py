"""Reading the content model itself: field titles, markers, and walking model instances."""

from __future__ import annotations

import typing
from collections.abc import Iterator
from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

DataPath = tuple[str | int, ...]


def find_marker(annotation: Any, marker_type: type) -> Any | None:
    """The first instance of `marker_type` in an annotation's Annotated metadata, if any."""
    if isinstance(annotation, marker_type):
        return annotation
    for arg in typing.get_args(annotation):
        found = find_marker(arg, marker_type)
        if found is not None:
            return found
    for meta in getattr(annotation, "__metadata__", ()):
        if isinstance(meta, marker_type):
            return meta
    return None


def field_marker(info: FieldInfo, marker_type: type) -> Any | None:
    for meta in info.metadata:
        if isinstance(meta, marker_type):
            return meta
    return find_marker(info.annotation, marker_type)


def submodels(annotation: Any) -> list[type[BaseModel]]:
    """Model classes reachable inside an annotation (through Optional, list, unions)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(m for m in submodels(arg) if m not in found)
    return found


def _walk(model: type[BaseModel], path: DataPath
          ) -> tuple[FieldInfo | None, list[type[BaseModel]]] | None:
    """The field a data path ends on and the models nested in it, following nested models
    (list indexes skipped); None where a part of the path is no field."""
    current: list[type[BaseModel]] = [model]
    info: FieldInfo | None = None
    for part in path:
        if isinstance(part, int):
            continue
        info = next((m.model_fields[part] for m in current if part in m.model_fields), None)
        if info is None:
            return None
        current = submodels(info.annotation)
    return info, current


def field_at(model: type[BaseModel], path: DataPath) -> FieldInfo | None:
    """The FieldInfo a data path ends on, following nested models; None if unknown."""
    found = _walk(model, path)
    return None if found is None else found[0]


def model_at(model: type[BaseModel], path: DataPath) -> type[BaseModel] | None:
    """The model class whose fields live at `path` (for suggesting field names)."""
    found = _walk(model, path)
    return found[1][0] if found is not None and found[1] else None


def _holds(model: type[BaseModel], marker_type: type,
           seen: frozenset[type] = frozenset()) -> bool:
    """Whether instances of `model` can hold a field carrying `marker_type`, at any depth."""
    if model in seen:
        return False
    seen = seen | {model}
    return any(field_marker(info, marker_type) is not None
               or any(_holds(sub, marker_type, seen) for sub in submodels(info.annotation))
               for info in model.model_fields.values())


@cache
def _plan(model: type[BaseModel], marker_type: type) -> tuple[tuple[str, Any, bool], ...]:
    """(field name, marker or None, worth descending into) of the fields of a model class that
    carry the marker or can hold one further down; computed once per class."""
    plan = []
    for name, info in model.model_fields.items():
        marker = field_marker(info, marker_type)
        descend = any(_holds(sub, marker_type) for sub in submodels(info.annotation))
        if marker is not None or descend:
            plan.append((name, marker, descend))
    return tuple(plan)


@cache
def marked_fields(model: type[BaseModel], marker_type: type) -> tuple[str, ...]:
    """Names of a model class's own fields that carry the marker."""
    return tuple(name for name, marker, _ in _plan(model, marker_type) if marker is not None)


def walk_marked(
    obj: Any, marker_type: type, path: DataPath = ()
) -> Iterator[tuple[DataPath, Any, Any, BaseModel]]:
    """Yield (path, value, marker, owner) for every set field carrying `marker_type`.
    Only fields whose type can hold such a field are visited (a village has hundreds of
    values, a handful of them photos)."""
    if isinstance(obj, BaseModel):
        for name, marker, descend in _plan(type(obj), marker_type):
            value = getattr(obj, name)
            if value is None:
                continue
            if marker is not None:
                yield (*path, name), value, marker, obj
            if descend:
                yield from walk_marked(value, marker_type, (*path, name))
    elif isinstance(obj, list):
        for index, value in enumerate(obj):
            yield from walk_marked(value, marker_type, (*path, index))


def walk_raw_marked(
    model: type[BaseModel], data: Any, marker_type: type, path: DataPath = ()
) -> Iterator[tuple[DataPath, str, Any]]:
    """Like walk_marked, over plain data that did not validate: (path, text, marker)."""
    if isinstance(data, dict):
        for key, value in data.items():
            info = field_at(model, (*path, key))
            if info is None:
                continue
            marker = field_marker(info, marker_type)
            if marker is not None and isinstance(value, str):
                yield (*path, key), value, marker
            elif marker is not None and isinstance(value, list):  # a list of references
                yield from (((*path, key, index), one, marker)
                            for index, one in enumerate(value) if isinstance(one, str))
            else:
                yield from walk_raw_marked(model, value, marker_type, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from walk_raw_marked(model, value, marker_type, (*path, index))
