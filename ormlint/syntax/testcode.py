"""Test code recognised from the code itself, wherever its file lives.

A function is test code when it is a pytest fixture (``@pytest.fixture``,
``@pytest_asyncio.fixture``, with or without arguments) or a unittest/pytest set-up or
tear-down hook (``setUp``, ``tearDown``, ``setUpTestData``, ``setup_method``, ...), and
everything inside a test case class (a class whose name, or one of whose bases, ends in
``TestCase``: ``unittest.TestCase``, Django's ``TestCase``/``TransactionTestCase``, DRF's
``APITestCase``, a project's ``BaseTestCase``) is test code, and so is everything inside a
factory_boy factory or declaration (``class UserFactory(factory.django.DjangoModelFactory)``,
its ``post_generation`` hooks, also a subclass of one defined in the same module): test data,
wherever its ``factories.py`` lives. A module-level ``test_*``
function is not recognised here: pytest collects those only from test files, which the
``test`` path role already covers.
"""

from __future__ import annotations

from typing import Iterable

import libcst as cst

from ormlint.syntax.names import ImportTable, dotted_name, is_from

SET_UP_AND_TEAR_DOWN = frozenset({
    "setUp", "tearDown", "setUpClass", "tearDownClass", "setUpTestData", "asyncSetUp", "asyncTearDown",
    "setUpModule", "tearDownModule", "setup_method", "teardown_method", "setup_class", "teardown_class",
    "setup_module", "teardown_module", "setup_function", "teardown_function",
})
FIXTURE_DECORATORS = (("pytest", ("fixture", "yield_fixture")), ("pytest_asyncio", ("fixture",)))
TEST_CASE_SUFFIX = "TestCase"
# factory_boy: its package, and the modules of it whose classes are factories or declarations.
FACTORY_BOY = "factory"
FACTORY_BOY_MODULES = tuple(f"{FACTORY_BOY}.{module}." for module in (
    "base", "declarations", "django", "alchemy", "mongoengine", "mogo", "fuzzy"))


def is_fixture(func: cst.FunctionDef, imports: ImportTable) -> bool:
    for decorator in func.decorators:
        target = decorator.decorator.func if isinstance(decorator.decorator, cst.Call) else decorator.decorator
        qualified = imports.qualify(target) or dotted_name(target)
        if any(is_from(qualified, package, *names) for package, names in FIXTURE_DECORATORS):
            return True
    return False


def is_test_case(cls: cst.ClassDef) -> bool:
    names = [cls.name.value, *((dotted_name(base.value) or "").rsplit(".", 1)[-1] for base in cls.bases)]
    return any(name.endswith(TEST_CASE_SUFFIX) for name in names)


def is_test_data_factory(cls: cst.ClassDef, imports: ImportTable, module: cst.Module | None,
                          seen: frozenset[str] = frozenset()) -> bool:
    """A factory_boy factory or declaration: a base of factory_boy's (``factory.Factory``,
    ``factory.django.DjangoModelFactory``, ``factory.declarations.ParameteredAttribute``) or a class of
    ``module`` that is one."""
    for base in cls.bases:
        qualified = imports.qualify(base.value) or ""
        if qualified.startswith(FACTORY_BOY_MODULES) or (
                qualified.startswith(f"{FACTORY_BOY}.") and qualified.endswith("Factory")):
            return True
        local = base.value.value if isinstance(base.value, cst.Name) else None
        if local and module is not None and local not in seen and local != cls.name.value:
            for statement in module.body:
                if isinstance(statement, cst.ClassDef) and statement.name.value == local \
                        and is_test_data_factory(statement, imports, module, seen | {cls.name.value}):
                    return True
    return False


def in_test_scope(ancestors: Iterable[cst.CSTNode], imports: ImportTable) -> bool:
    """Whether a node with these ancestors (any order) sits in test code (see the module doc)."""
    ancestors = list(ancestors)
    module = next((node for node in ancestors if isinstance(node, cst.Module)), None)
    for node in ancestors:
        if isinstance(node, cst.FunctionDef) and (node.name.value in SET_UP_AND_TEAR_DOWN or is_fixture(node, imports)):
            return True
        if isinstance(node, cst.ClassDef) and (is_test_case(node) or is_test_data_factory(node, imports, module)):
            return True
    return False
