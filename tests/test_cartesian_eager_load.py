"""ORM104 cartesian-eager-load: collections joined into one SQLAlchemy statement multiply its rows."""

import textwrap

import libcst as cst
import pytest

from ormlint.rules.queries.cartesian_eager_load import CartesianEagerLoad
from ormlint.testing import build_index, fix_source, lint_source

MODELS = {
    "shop/models.py": '''
        from sqlalchemy import Column, ForeignKey, Table
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

        class Base(DeclarativeBase):
            pass

        order_tags = Table("order_tags", Base.metadata, Column("order_id", ForeignKey("orders.id")),
                           Column("tag_id", ForeignKey("tags.id")))

        class Customer(Base):
            __tablename__ = "customers"
            id: Mapped[int] = mapped_column(primary_key=True)
            orders: Mapped[list["Order"]] = relationship(back_populates="customer")
            addresses: Mapped[list["Address"]] = relationship()

        class Address(Base):
            __tablename__ = "addresses"
            id: Mapped[int] = mapped_column(primary_key=True)
            customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))

        class Tag(Base):
            __tablename__ = "tags"
            id: Mapped[int] = mapped_column(primary_key=True)

        class Order(Base):
            __tablename__ = "orders"
            id: Mapped[int] = mapped_column(primary_key=True)
            customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
            customer: Mapped[Customer] = relationship(back_populates="orders")
            invoice: Mapped["Invoice"] = relationship(uselist=False, lazy="joined")
            lines: Mapped[list["Line"]] = relationship(back_populates="order")
            payments: Mapped[list["Payment"]] = relationship(back_populates="order")
            tags = relationship(Tag, secondary=order_tags)

        class Invoice(Base):
            __tablename__ = "invoices"
            id: Mapped[int] = mapped_column(primary_key=True)
            order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))

        class Product(Base):
            __tablename__ = "products"
            id: Mapped[int] = mapped_column(primary_key=True)

        class Line(Base):
            __tablename__ = "lines"
            id: Mapped[int] = mapped_column(primary_key=True)
            order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
            order: Mapped[Order] = relationship(back_populates="lines")
            product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
            product: Mapped[Product] = relationship()
            discounts: Mapped[list["Discount"]] = relationship()
            taxes: Mapped[list["Tax"]] = relationship()

        class Discount(Base):
            __tablename__ = "discounts"
            id: Mapped[int] = mapped_column(primary_key=True)
            line_id: Mapped[int] = mapped_column(ForeignKey("lines.id"))

        class Tax(Base):
            __tablename__ = "taxes"
            id: Mapped[int] = mapped_column(primary_key=True)
            line_id: Mapped[int] = mapped_column(ForeignKey("lines.id"))

        class Payment(Base):
            __tablename__ = "payments"
            id: Mapped[int] = mapped_column(primary_key=True)
            order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
            order: Mapped[Order] = relationship(back_populates="payments")
    ''',
    "legacy/models.py": '''
        from flask_sqlalchemy import SQLAlchemy

        db = SQLAlchemy()

        class Project(db.Model):
            id = db.Column(db.Integer, primary_key=True)
            members = db.relationship("Membership", back_populates="project")
            tasks = db.relationship("Task", lazy="joined")
            owner = db.relationship("Owner")
            status = db.relationship("Status")

        class Membership(db.Model):
            id = db.Column(db.Integer, primary_key=True)
            project_id = db.Column(db.Integer, db.ForeignKey("project.id"))
            project = db.relationship("Project", back_populates="members")

        class Task(db.Model):
            id = db.Column(db.Integer, primary_key=True)
            project_id = db.Column(db.Integer, db.ForeignKey("project.id"))

        class Owner(db.Model):
            id = db.Column(db.Integer, primary_key=True)

        class Status(db.Model):
            id = db.Column(db.Integer, primary_key=True)
            project_id = db.Column(db.Integer, db.ForeignKey("project.id"))
    ''',
}

HEAD = '''
from sqlalchemy import select
from sqlalchemy.orm import Load, contains_eager, defaultload, joinedload, lazyload, selectinload, subqueryload
from shop.models import Customer, Line, Order
from legacy.models import Project, db
'''


def lines_of(body: str) -> list[int]:
    code = HEAD + textwrap.dedent(body)
    return [f.line for f in lint_source(code, CartesianEagerLoad, path="app/views.py", files=MODELS)]


def at(body: str) -> int:
    """The line of the statement marked ``# here`` in ``HEAD + body``, as lint_source numbers it."""
    code = textwrap.dedent(HEAD + textwrap.dedent(body)).lstrip("\n")
    return next(i for i, line in enumerate(code.splitlines(), 1) if "# here" in line)


POSITIVES = [
    # two sibling collections
    "stmt = select(Order).options(joinedload(Order.lines), joinedload(Order.payments))  # here",
    # chained .options() calls, the query attribute of Flask-SQLAlchemy and a back_populates partner
    "rows = Project.query.options(joinedload(Project.members)).options(db.joinedload(Project.status)).all()  # here",
    # one explicit joinedload next to a lazy="joined" collection on the model
    "rows = Project.query.options(joinedload(Project.members)).all()  # here",
    # secondary= makes a collection; session.query()
    "rows = session.query(Order).options(joinedload(Order.lines), joinedload(Order.tags)).all()  # here",
    # Load() chains and string paths
    "stmt = select(Order).options(Load(Order).joinedload(Order.lines), Load(Order).joinedload('payments'))  # here",
    # two collections joined under one joined collection
    "stmt = select(Order).options(joinedload(Order.lines).joinedload(Line.discounts), "
    "joinedload(Order.lines).joinedload(Line.taxes))  # here",
    # a collection joined under a to-one, next to the root's own collection
    "stmt = select(Order).options(joinedload(Order.customer).joinedload(Customer.addresses), "
    "joinedload(Order.lines))  # here",
    # contains_eager of two joined collections
    "stmt = select(Order).join(Order.lines).join(Order.payments).options(contains_eager(Order.lines), "
    "contains_eager(Order.payments))  # here",
    # inside a statement of its own (selectinload), the options go on joining two collections
    "stmt = select(Customer).options(selectinload(Customer.orders).joinedload(Order.lines), "
    "selectinload(Customer.orders).joinedload(Order.payments))  # here",
    # of_type()/and_() keep the path
    "stmt = select(Order).options(joinedload(Order.lines.and_(Line.id > 1)), joinedload(Order.payments))  # here",
    # string paths start from the query's entity (Model.query, session.query(M), select(M)); load_only() is columns
    "rows = Project.query.options(joinedload('members').load_only('id'), joinedload('status')).all()  # here",
    "rows = session.query(Order).options(joinedload('lines').joinedload('discounts'), "
    "joinedload('lines.taxes')).all()  # here",
    # the options come before other methods of the chain
    "stmt = select(Order).options(joinedload(Order.lines), joinedload(Order.payments)).where(Order.id == 1)  # here",
]


@pytest.mark.parametrize("body", POSITIVES)
def test_reports_joined_collections_on_different_branches(body):
    assert lines_of(body) == [at(body)]


NEGATIVES = [
    # one collection, with to-one joins (declared and lazy="joined" on the model)
    "stmt = select(Order).options(joinedload(Order.lines), joinedload(Order.customer))",
    # a chain along one path: a collection, then a to-one, then that collection's own collection
    "stmt = select(Order).options(joinedload(Order.lines).joinedload(Line.product))",
    "stmt = select(Customer).options(joinedload(Customer.orders).joinedload(Order.lines))",
    # the other collections load by statements of their own
    "stmt = select(Order).options(joinedload(Order.lines), selectinload(Order.payments), subqueryload(Order.tags))",
    # the model's joined collection is switched off for this query
    "rows = Project.query.options(joinedload(Project.members), lazyload(Project.tasks)).all()",
    "rows = Project.query.options(joinedload(Project.members), selectinload(Project.tasks)).all()",
    # eager loads turned off for the whole query
    "rows = Project.query.options(joinedload(Project.members)).enable_eagerloads(False).all()",
    # to-ones only (owner/status have no collection evidence either way for owner)
    "rows = Project.query.options(joinedload(Project.owner)).all()",
    # defaultload passes through a relation that loads lazily, then one collection joined in that statement
    "stmt = select(Customer).options(defaultload(Customer.orders).joinedload(Order.lines), joinedload(Customer.addresses))",
    # a string path with no entity to start from, and an option for another entity of the select
    "stmt = select(Order.id).options(joinedload('lines'), joinedload('payments'))",
    "stmt = select(Order, Customer).options(joinedload(Order.lines), joinedload(Customer.addresses))",
    # the dotted string of SQLAlchemy 1.x joins its last relation only: 'lines.taxes' loads lines by default
    "rows = session.query(Order).options(joinedload('lines.taxes'), joinedload('payments')).all()",
    # an option built elsewhere is not guessed at, nor is a class that is not a model
    "stmt = select(Order).options(*opts, joinedload(Order.lines))",
    "stmt = select(Order).options(joinedload(Order.lines), joinedload(Unknown.items))",
]


@pytest.mark.parametrize("body", NEGATIVES)
def test_leaves_one_joined_collection_per_statement_alone(body):
    assert lines_of(body) == []


def test_message_names_collections_loaders_and_advice():
    [finding] = lint_source(HEAD + "rows = Project.query.options(joinedload(Project.members)).all()\n",
                            CartesianEagerLoad, path="app/views.py", files=MODELS)
    assert "2 collections into the statement of Project" in finding.message
    assert "Project.tasks by lazy=\"joined\"" in finding.message
    assert "Project.members by joinedload()" in finding.message
    assert "selectinload()" in finding.message


def test_collection_from_back_populates_partner_and_foreign_key_column():
    index = build_index(MODELS)
    models = index.models
    project = models.model("legacy.models.Project")
    relations = models.relations(project)
    assert models.is_collection(project, relations["members"]) is True  # partner has project_id
    assert models.is_collection(project, relations["tasks"]) is True  # Task has project_id
    assert models.is_collection(project, relations["status"]) is True  # Status has project_id
    assert models.is_collection(project, relations["owner"]) is None  # nothing says either way
    membership = models.model("legacy.models.Membership")
    assert models.is_collection(membership, models.relations(membership)["project"]) is False


FIX_CASES = [
    ('''
def detail(session):
    stmt = select(Order).options(joinedload(Order.lines), joinedload(Order.payments), joinedload(Order.customer))
    return session.scalars(stmt).unique().all()
''', '''
def detail(session):
    stmt = select(Order).options(joinedload(Order.lines), selectinload(Order.payments), joinedload(Order.customer))
    return session.scalars(stmt).unique().all()
'''),
    ('''
def members():
    return Project.query.options(joinedload(Project.members)).all()
''', '''
def members():
    return Project.query.options(selectinload(Project.members)).all()
'''),
    ('''
def detail(session):
    return session.query(Order).options(joinedload(Order.lines).joinedload(Line.product),
                                        Load(Order).joinedload(Order.tags)).all()
''', '''
def detail(session):
    return session.query(Order).options(joinedload(Order.lines).joinedload(Line.product),
                                        Load(Order).selectinload(Order.tags)).all()
'''),
]


@pytest.mark.parametrize("before,after", FIX_CASES)
def test_fix_loads_all_but_the_first_collection_with_selectinload(before, after):
    fixed = fix_source(HEAD + before, CartesianEagerLoad, path="app/views.py", files=MODELS)
    expected = textwrap.dedent(HEAD + after).lstrip("\n")
    assert fixed == expected
    cst.parse_module(fixed)
    assert fix_source(fixed, CartesianEagerLoad, path="app/views.py", files=MODELS) == fixed
    assert lint_source(fixed, CartesianEagerLoad, path="app/views.py", files=MODELS) == []


def test_fix_imports_selectinload_when_the_module_lacks_it():
    code = '''
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from shop.models import Order

stmt = select(Order).options(joinedload(Order.lines), joinedload(Order.payments))
'''
    fixed = fix_source(code, CartesianEagerLoad, path="app/views.py", files=MODELS)
    assert "from sqlalchemy.orm import joinedload, selectinload" in fixed
    assert "options(joinedload(Order.lines), selectinload(Order.payments))" in fixed
    assert fix_source(fixed, CartesianEagerLoad, path="app/views.py", files=MODELS) == fixed


def test_no_fix_for_contains_eager():
    """The JOINs are written in the query (and may filter the collections): renaming the option would not do."""
    code = HEAD + ("stmt = select(Order).join(Order.lines).join(Order.payments)"
                   ".options(contains_eager(Order.lines), contains_eager(Order.payments))\n")
    [finding] = lint_source(code, CartesianEagerLoad, path="app/views.py", files=MODELS)
    assert finding.fix is None
    assert fix_source(code, CartesianEagerLoad, path="app/views.py", files=MODELS) == textwrap.dedent(code).lstrip("\n")


def test_fix_is_unsafe_when_the_query_locks_rows():
    code = HEAD + "stmt = select(Order).options(joinedload(Order.lines), joinedload(Order.payments)).with_for_update()\n"
    [finding] = lint_source(code, CartesianEagerLoad, path="app/views.py", files=MODELS)
    assert finding.fix is not None and finding.fix.safety == "unsafe"


def test_not_reported_in_tests():
    code = HEAD + "stmt = select(Order).options(joinedload(Order.lines), joinedload(Order.payments))\n"
    assert lint_source(code, CartesianEagerLoad, path="tests/test_views.py", files=MODELS) == []


JOINED_MODELS = '''
from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

class Base(DeclarativeBase):
    pass

class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    lines: Mapped[list["Line"]] = relationship(lazy="joined")
    notes: Mapped[list["Note"]] = relationship(lazy=False, order_by="Note.id")
    customer: Mapped["Customer"] = relationship(lazy="joined")

class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    flags: Mapped[list["Flag"]] = relationship(lazy="joined")

class Flag(Base):
    __tablename__ = "flags"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))

class Line(Base):
    __tablename__ = "lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    parts: Mapped[list["Part"]] = relationship(lazy="joined")

class Part(Base):
    __tablename__ = "parts"
    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("lines.id"))

class Note(Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
'''


def test_model_whose_joined_collections_cross_is_reported_once_at_its_declaration():
    findings = lint_source(JOINED_MODELS, CartesianEagerLoad, path="shop/models.py")
    # Order: lines (with parts under it, one path), notes, and customer -> flags all join into every query;
    # Customer's and Line's own joined collections are single paths
    assert [f.line for f in findings] == [11]
    assert "every query of Order joins 4 collections" in findings[0].message
    assert "Customer.flags by lazy=\"joined\"" in findings[0].message


def test_model_fix_declares_the_other_collections_selectin():
    fixed = fix_source(JOINED_MODELS, CartesianEagerLoad, path="shop/models.py")
    # Customer.flags is declared on Customer (changing it would change Customer's own queries): it stays joined,
    # and Order's own collections load by statements of their own (Line.parts joins into the lines statement)
    assert 'lines: Mapped[list["Line"]] = relationship(lazy="selectin")' in fixed
    assert 'notes: Mapped[list["Note"]] = relationship(lazy="selectin", order_by="Note.id")' in fixed
    assert 'flags: Mapped[list["Flag"]] = relationship(lazy="joined")' in fixed
    cst.parse_module(fixed)
    assert lint_source(fixed, CartesianEagerLoad, path="shop/models.py") == []
    assert fix_source(fixed, CartesianEagerLoad, path="shop/models.py") == fixed


def test_one_joined_collection_per_model_is_fine():
    code = JOINED_MODELS.replace('lazy=False, order_by="Note.id"', 'order_by="Note.id"').replace(
        'relationship(lazy="joined")\n\nclass Customer', 'relationship()\n\nclass Customer')
    assert lint_source(code, CartesianEagerLoad, path="shop/models.py") == []


def test_a_list_of_loader_options_is_one_option_set():
    """Lists of loader options exist to go into one ``options(*...)`` call: they are judged together."""
    code = HEAD + '''
def loader_options():
    return [joinedload(Order.lines), joinedload(Order.customer), joinedload(Order.payments)]

def to_one_options():
    return [joinedload(Order.lines), joinedload(Order.customer)]

POINTS = (1, 2)
'''
    [finding] = lint_source(code, CartesianEagerLoad, path="app/views.py", files=MODELS)
    assert finding.line == 7 and finding.message.startswith("these loader options join 2 collections into the statement of Order")
    fixed = fix_source(code, CartesianEagerLoad, path="app/views.py", files=MODELS)
    assert "return [joinedload(Order.lines), joinedload(Order.customer), selectinload(Order.payments)]" in fixed


def test_message_names_the_statement_of_a_selectinload():
    code = HEAD + ("stmt = select(Customer).options(selectinload(Customer.orders).joinedload(Order.lines), "
                   "selectinload(Customer.orders).joinedload(Order.payments))\n")
    [finding] = lint_source(code, CartesianEagerLoad, path="app/views.py", files=MODELS)
    assert "2 collections into the statement that loads Customer.orders" in finding.message
    assert "each Order comes back as Order.lines × Order.payments rows" in finding.message
    fixed = fix_source(code, CartesianEagerLoad, path="app/views.py", files=MODELS)
    assert "selectinload(Customer.orders).selectinload(Order.payments))" in fixed


def test_a_backref_is_as_certain_as_the_declaration_it_mirrors():
    index = build_index({"zoo/models.py": '''
        from sqlalchemy import Column, ForeignKey, Integer
        from sqlalchemy.orm import declarative_base, relationship

        Base = declarative_base()

        class Keeper(Base):
            __tablename__ = "keepers"
            id = Column(Integer, primary_key=True)
            staff = relationship("Animal", backref="keeper")  # cardinality left to the foreign keys

        class Animal(Base):
            __tablename__ = "animals"
            id = Column(Integer, primary_key=True)
            keeper_ref = Column(Integer, ForeignKey("keepers.id"))
            pen_id = Column(Integer, ForeignKey("pens.id"))
            pen = relationship("Pen", backref="animals")

        class Pen(Base):
            __tablename__ = "pens"
            id = Column(Integer, primary_key=True)
    '''})
    models = index.models
    animal, pen = models.model("zoo.models.Animal"), models.model("zoo.models.Pen")
    # "staff" reads as one object by its name, but nothing says so: its backref is not known to be a collection
    assert models.is_collection(animal, models.relations(animal)["keeper"]) is None
    # Animal.pen has its pen_id column: a many-to-one, so its backref is a collection
    assert models.is_collection(pen, models.relations(pen)["animals"]) is True


def test_a_backref_declared_uselist_false_is_one_object():
    code = '''
        from sqlalchemy import Column, ForeignKey, Integer
        from sqlalchemy.orm import declarative_base, joinedload, relationship

        Base = declarative_base()

        class Share(Base):
            __tablename__ = "shares"
            id = Column(Integer, primary_key=True)
            locations = relationship("Location", lazy="joined")

        class Location(Base):
            __tablename__ = "locations"
            id = Column(Integer, primary_key=True)
            share_id = Column(Integer, ForeignKey("shares.id"))

        class EncryptionRef(Base):
            __tablename__ = "encryption_refs"
            id = Column(Integer, primary_key=True)
            share_id = Column(Integer, ForeignKey("shares.id"), unique=True)
            share = relationship(Share, backref=backref("encryption_ref", lazy="joined", uselist=False))

        def shares(session):
            return session.query(Share).options(joinedload(Share.locations)).all()
    '''.replace("joinedload, relationship", "backref, joinedload, relationship")
    # the backref holds one EncryptionRef per Share: one joined collection, rows do not multiply
    assert lint_source(code, CartesianEagerLoad, path="shop/models.py") == []
    index = build_index({"shop/models.py": code})
    share = index.models.model("shop.models.Share")
    assert index.models.is_collection(share, index.models.relations(share)["encryption_ref"]) is False
    # without uselist=False the same backref is a collection, joined beside Share.locations
    crossed = code.replace(", uselist=False", "")
    findings = lint_source(crossed, CartesianEagerLoad, path="shop/models.py")
    assert [f.line for f in findings] == [9]
    assert "every query of Share joins 2 collections" in findings[0].message
    assert "Share.encryption_ref by lazy=\"joined\"" in findings[0].message


def test_a_default_joined_load_back_to_a_mapper_on_the_path_is_not_made():
    """Role.permissions (lazy="joined") and Role.grants (joinedload) → Grant.role → Role again: SQLAlchemy
    does not follow the model's default eager loads around the cycle, so Role.permissions is joined once."""
    files = {"authz/models.py": '''
        from sqlalchemy import ForeignKey
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

        class Base(DeclarativeBase):
            pass

        class Role(Base):
            __tablename__ = "roles"
            id: Mapped[int] = mapped_column(primary_key=True)
            permissions: Mapped[list["Permission"]] = relationship(lazy="joined")
            grants: Mapped[list["Grant"]] = relationship(back_populates="role")

        class Permission(Base):
            __tablename__ = "permissions"
            id: Mapped[int] = mapped_column(primary_key=True)
            role_id: Mapped[int] = mapped_column(ForeignKey("roles.id"))

        class Grant(Base):
            __tablename__ = "grants"
            id: Mapped[int] = mapped_column(primary_key=True)
            role_id: Mapped[int] = mapped_column(ForeignKey("roles.id"))
            role: Mapped[Role] = relationship(back_populates="grants", lazy="joined")
    '''}
    code = ("from sqlalchemy import select\nfrom sqlalchemy.orm import joinedload\nfrom authz.models import Grant, Role\n"
            "stmt = select(Role).options(joinedload(Role.grants))\n")
    [finding] = lint_source(code, CartesianEagerLoad, path="app/views.py", files=files)
    assert "joins 2 collections into the statement of Role (Role.permissions by lazy=\"joined\", " \
           "Role.grants by joinedload())" in finding.message


def test_options_gathered_in_a_list_are_reported_at_the_query_that_spreads_them():
    """``DETAIL = [joinedload(Order.lines), joinedload(Order.payments)]`` spread into ``options(*DETAIL)``: the
    query statement is where rows multiply (each one reported, without a fix: the list may serve others);
    a module's list no query here spreads is reported where it is written (another module may use it); a list
    a function binds and never spreads runs no SQL."""
    body = '''
        DETAIL = [joinedload(Order.lines), joinedload(Order.payments)]
        EXPORTED = (joinedload(Order.lines), joinedload(Order.payments))  # here

        def one(session, pk):
            return session.scalars(select(Order).where(Order.id == pk).options(*DETAIL)).one()

        def other(session):
            return session.scalars(select(Order).options(*DETAIL)).all()

        def unused():
            local = [joinedload(Order.lines), joinedload(Order.payments)]
            return None
    '''
    code = HEAD + textwrap.dedent(body)
    found = lint_source(code, CartesianEagerLoad, path="app/views.py", files=MODELS)
    assert [f.line for f in found] == [at(body), at(body) + 3, at(body) + 6]
    assert found[1].fix is None and found[2].fix is None
