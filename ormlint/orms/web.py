"""Web frameworks that serialize what a view returns: FastAPI validates a route's return value
against its response model, one object at a time for a list."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ResponseModels:
    package: str  # the framework whose routes are recognised (the module imports from it)
    route_methods: frozenset[str]  # @router.get(...), @app.post(...): the decorator makes a route
    response_keyword: str  # @router.get(path, response_model=list[BookOut]); else the return annotation
    collections: frozenset[str]  # list[BookOut], Sequence[BookOut]: one object of the schema per element
    hints: tuple[str, ...]  # text of a module that may declare such a route


FASTAPI = ResponseModels(
    package="fastapi",
    route_methods=frozenset({"get", "post", "put", "patch", "delete", "api_route"}),
    response_keyword="response_model",
    collections=frozenset({"list", "List", "Sequence", "Iterable", "tuple", "Tuple", "set", "Set"}),
    hints=("response_model", "-> list[", "-> List[", "-> Sequence["),
)
