import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from ormlint.syntax.walk import (
    children, descendants, parent_map, positions, prepared, scope_nodes, statements, walk_scope,
)

CODE = """\
@decorator
def f(a, *args, key=1, **kw) -> int:
    import os
    if a:
        from x import y
    return [n for n in args if n]
"""


def test_children_follow_source_order_without_tokens():
    func = cst.parse_module(CODE).body[0]
    kinds = [type(c).__name__ for c in children(func)]
    assert kinds == ["Decorator", "Name", "Parameters", "Annotation", "IndentedBlock"]


def test_descendants_reach_star_params_and_comprehensions():
    module = cst.parse_module(CODE)
    names = [n.value for n in descendants(module) if isinstance(n, cst.Name)]
    assert names[:7] == ["decorator", "f", "a", "args", "key", "kw", "int"]
    assert {"n", "args"} <= set(names)
    assert not any(isinstance(n, (cst.Comma, cst.SimpleWhitespace)) for n in descendants(module))


def test_a_prepared_tree_answers_as_its_fields_do_and_other_trees_still_read_their_fields():
    module = cst.parse_module(CODE)
    every = [module, *descendants(module)]
    expected = {id(n): ([*children(n)], [*descendants(n)]) for n in every}
    call = cst.parse_module("g(h(1))\n").body[0].body[0].value
    with prepared(module):
        for node in every:
            kids, below = expected[id(node)]
            assert [*children(node)] == kids and [*descendants(node)] == below
        assert [type(n).__name__ for n in descendants(call)] == ["Name", "Arg", "Call", "Name", "Arg", "Integer"]
        with prepared(call):  # nested: the inner tree's tables, then the outer's again
            assert [*descendants(call)][2] is call.args[0].value
        func = module.body[0]
        assert [*descendants(func)] == expected[id(func)][1]
        renamed = func.with_changes(name=cst.Name("g"))  # a new node, made in the block: read from its fields
        assert [*children(renamed)][1].value == "g"
    assert [*descendants(module)] == expected[id(module)][1]


SCOPED = """\
def outer(rows):
    total = 0
    def inner(x):
        return x.y
    class Box:
        z = 1
    key = lambda r: r.k
    for row in rows:
        total += inner(row)
    return total
"""


def test_scope_nodes_are_walk_scopes_nodes_in_a_prepared_tree_and_outside_one():
    module = cst.parse_module(SCOPED)
    func = module.body[0]
    for into_scopes in (False, True):
        expected = [node for node, _ in walk_scope(func, into_scopes)]
        assert [*scope_nodes(func, into_scopes)] == expected
        with prepared(module):
            assert [*scope_nodes(func, into_scopes)] == expected
    inside = {type(n).__name__ for n in scope_nodes(func)}
    assert {"FunctionDef", "ClassDef", "Lambda", "For"} <= inside  # nested scopes are yielded
    assert "Return" in inside and "Attribute" not in inside  # but not entered: x.y, r.k are theirs
    with prepared(module):
        assert any(type(n).__name__ == "Attribute" for n in scope_nodes(func, into_scopes=True))


def test_statements_do_not_enter_expressions():
    module = cst.parse_module(CODE)
    assert [type(s).__name__ for s in statements(module)] == ["FunctionDef", "Import", "If", "ImportFrom", "Return"]


def test_parent_map():
    module = cst.parse_module("x = f(y)\n")
    parents = parent_map(module)
    call = module.body[0].body[0].value
    assert parents[call.args[0].value] is call.args[0]
    assert parents[call.args[0]] is call


def test_positions_are_libcsts_for_every_meaningful_node_and_keep_no_token():
    code = CODE + (
        "from a.b import (c,\n    d)\nfrom e import *\nx = (1 +\n     2)  # note\n"
        "try:\n    pass\nexcept E:\n    pass\nelse:\n    pass\nfinally:\n    pass\n"
        "match p:\n    case [1, *rest]:\n        pass\n"
    )
    module = cst.parse_module(code)
    full = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    mine = positions(module)
    meaningful = [module, *descendants(module)]
    assert set(mine) == set(meaningful)
    assert all(mine[node] == full[node] for node in meaningful)
    import_from = module.body[1]
    assert (mine[import_from].end.line, mine[import_from].end.column) == (8, 6)  # ends at its ')', a token
