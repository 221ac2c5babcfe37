import libcst as cst

from ormlint.syntax.walk import children, descendants, parent_map, statements

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


def test_statements_do_not_enter_expressions():
    module = cst.parse_module(CODE)
    assert [type(s).__name__ for s in statements(module)] == ["FunctionDef", "Import", "If", "ImportFrom", "Return"]


def test_parent_map():
    module = cst.parse_module("x = f(y)\n")
    parents = parent_map(module)
    call = module.body[0].body[0].value
    assert parents[call.args[0].value] is call.args[0]
    assert parents[call.args[0]] is call
