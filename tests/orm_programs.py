"""Hypothesis strategies for ORM-flavoured projects: Django and SQLAlchemy models with relations,
money columns and hooks, code that loops over querysets, builds raw SQL, opens sessions and
transactions, and migrations (Django and Alembic). Programs hypothesmith writes almost never
reach a rule; these are assembled from the patterns the rules read, in random combinations,
nestings and spellings, so that the rules' code paths (and their fixes) are exercised.

Every program is valid Python; names resolve within the project (models are imported where
they are used), so the project index links files as it would in a real project.
"""

from __future__ import annotations

from hypothesis import strategies as st

DJANGO_MODELS = ("Author", "Book", "Order")
SA_MODELS = ("User", "Post")
RELATIONS = {"Book": ("author", "Author"), "Order": ("book", "Book")}  # Django: model -> (field, target)
REVERSE = {"Author": "books", "Book": "orders"}  # related_name of the relation pointing at the model
SA_RELATIONS = {"Post": ("user", "User")}
VARS = ("obj", "row", "item")
SQL_VALUES = ("name", "obj.id", "request.GET['q']", "ids[0]")


def indent(lines: list[str], depth: int = 1) -> list[str]:
    return [("    " * depth + line) if line else line for line in lines]


# -- Django models -------------------------------------------------------------------


@st.composite
def django_models(draw) -> str:
    lines = ["from django.db import models", "from django.db.models.signals import post_save, pre_save",
             "from django.dispatch import receiver", ""]
    for name in DJANGO_MODELS:
        lines += [f"class {name}(models.Model):",
                  f"    {draw(st.sampled_from(('name', 'title', 'code')))} = models.CharField(max_length=100)"]
        if draw(st.booleans()):
            field = draw(st.sampled_from(("price", "total_amount", "fee", "weight", "tax_rate")))
            kind = draw(st.sampled_from(("FloatField()", "DecimalField(max_digits=10, decimal_places=2)",
                                         "IntegerField(default=0)")))
            lines.append(f"    {field} = models.{kind}")
        lines.append(f"    stock = models.IntegerField(default={draw(st.integers(0, 9))})")
        if name in RELATIONS:
            field, target = RELATIONS[name]
            kind = draw(st.sampled_from(("ForeignKey", "OneToOneField")))
            null = draw(st.sampled_from(("", ", null=True")))
            lines.append(f"    {field} = models.{kind}({target}, on_delete=models.CASCADE, "
                         f"related_name='{REVERSE[target]}'{null})")
        if draw(st.booleans()):
            lines += ["    tags = models.ManyToManyField('Author', related_name='+')"]
        if draw(st.booleans()):
            lines += ["", "    def save(self, *args, **kwargs):", "        self.stock = max(self.stock, 0)",
                      "        super().save(*args, **kwargs)"]
        if draw(st.booleans()):
            lines += ["", "    def delete(self, *args, **kwargs):", "        audit(self)",
                      "        return super().delete(*args, **kwargs)"]
        if draw(st.booleans()):
            lines += ["", "    @property", "    def label(self):",
                      f"        return {draw(st.sampled_from(('self.stock', 'self.pk', 'str(self.pk)')))}"]
        lines.append("")
    if draw(st.booleans()):
        sender = draw(st.sampled_from(DJANGO_MODELS))
        signal = draw(st.sampled_from(("post_save", "pre_save")))
        lines += [f"@receiver({signal}, sender={sender})", "def on_change(sender, instance, **kwargs):",
                  "    notify(instance)", ""]
    return "\n".join(lines) + "\n"


# -- code that uses the models --------------------------------------------------------


def queryset(draw, model: str) -> str:
    chain = draw(st.sampled_from(("all()", "filter(stock__gt=0)", "exclude(pk=1)", "order_by('pk')")))
    extra = ""
    if model in RELATIONS and draw(st.booleans()):
        extra = draw(st.sampled_from((f".select_related('{RELATIONS[model][0]}')",
                                      f".prefetch_related('{RELATIONS[model][0]}')")))
    if model in REVERSE and draw(st.booleans()):
        extra += f".prefetch_related('{REVERSE[model]}')"
    if draw(st.booleans()):
        extra += draw(st.sampled_from((".only('pk')", ".values('pk')", ".iterator()", "[:10]")))
    return f"{model}.objects.{chain}{extra}"


@st.composite
def django_statement(draw, depth: int, var: str | None, model: str | None) -> list[str]:
    """One statement (maybe compound) in a view; ``var`` is a loop variable of ``model``."""
    kinds = ["query", "raw_sql", "bulk", "side_effect", "cursor", "assign", "fetch_update"]
    if var is not None:
        kinds += ["relation", "relation", "per_row_query", "save", "lost_update", "control"]
    if depth < 3:
        kinds += ["loop", "loop", "atomic", "try", "if", "comprehension"]
    kind = draw(st.sampled_from(kinds))
    if kind == "loop":
        loop_model = draw(st.sampled_from(DJANGO_MODELS))
        loop_var = draw(st.sampled_from(VARS))
        source = queryset(draw, loop_model)
        if draw(st.booleans()):
            head = [f"rows = {source}"]
            source = "rows"
        else:
            head = []
        body = draw(django_block(depth + 1, loop_var, loop_model))
        return head + [f"for {loop_var} in {source}:"] + indent(body)
    if kind == "comprehension":
        loop_model = draw(st.sampled_from(DJANGO_MODELS))
        attr = draw(st.sampled_from(_attributes(loop_model)))
        return [f"values = [x.{attr} for x in {queryset(draw, loop_model)}]"]
    if kind == "atomic":
        body = draw(django_block(depth + 1, var, model))
        head = draw(st.sampled_from(("with transaction.atomic():", "with transaction.atomic(using='default'):")))
        return [head] + indent(body)
    if kind == "try":
        body = draw(django_block(depth + 1, var, model))
        handler = draw(st.sampled_from((["pass"], ["log(exc)"], ["raise"], ["return None"])))
        exc = draw(st.sampled_from(("DatabaseError", "IntegrityError", "Exception")))
        return ["try:"] + indent(body) + [f"except {exc} as exc:"] + indent(handler)
    if kind == "if":
        body = draw(django_block(depth + 1, var, model))
        orelse = draw(st.one_of(st.just([]), django_block(depth + 1, var, model)))
        return ["if flag:"] + indent(body) + (["else:"] + indent(orelse) if orelse else [])
    if kind == "relation":
        return [f"use({var}.{draw(st.sampled_from(_attributes(model)))})"]
    if kind == "per_row_query":
        other = draw(st.sampled_from(DJANGO_MODELS))
        call = draw(st.sampled_from(("get(pk=1)", "filter(pk=2).first()", "count()", "filter(stock=0).exists()")))
        return [f"found = {other}.objects.{call}"]
    if kind == "save":
        return [f"{var}.save()"] if draw(st.booleans()) else [f"{var}.delete()"]
    if kind == "lost_update":
        op = draw(st.sampled_from(("+", "-")))
        return [f"{var}.stock = {var}.stock {op} 1", f"{var}.save()"]
    if kind == "control":
        return [draw(st.sampled_from(("continue", "break", "return None")))]
    if kind == "query":
        other = draw(st.sampled_from(DJANGO_MODELS))
        return [f"result = {queryset(draw, other)}"]
    if kind == "fetch_update":
        other = draw(st.sampled_from(DJANGO_MODELS))
        fetch = draw(st.sampled_from((f"{other}.objects.get(pk=pk)", f"get_object_or_404({other}, pk=pk)",
                                      f"{other}.objects.select_for_update().get(pk=pk)")))
        change = draw(st.sampled_from(("one.stock = one.stock - 1", "one.stock += 2", "one.stock = F('stock') + 1")))
        save = draw(st.sampled_from(("one.save()", "one.save(update_fields=['stock'])")))
        return [f"one = {fetch}", change, save]
    if kind == "bulk":
        other = draw(st.sampled_from(DJANGO_MODELS))
        return [draw(st.sampled_from((f"{other}.objects.filter(stock=0).update(stock=1)",
                                      f"{other}.objects.bulk_create([{other}(stock=1)])",
                                      f"{other}.objects.filter(pk__in=ids).delete()",
                                      f"{other}.objects.bulk_update(items, ['stock'])")))]
    if kind == "side_effect":
        return [draw(st.sampled_from(("requests.post('https://hooks.example.com', json={})",
                                      "send_mail('s', 'b', 'a@example.com', ['b@example.com'])",
                                      "process.delay(1)")))]
    if kind == "cursor":
        return ["with connection.cursor() as cursor:", f"    cursor.execute({draw(sql_expression())})"]
    if kind == "raw_sql":
        other = draw(st.sampled_from(DJANGO_MODELS))
        return [f"rows = {other}.objects.raw({draw(sql_expression())})"]
    return [f"name = {draw(st.sampled_from(SQL_VALUES))}"]


def _attributes(model: str) -> tuple[str, ...]:
    attrs = ["pk", "stock"]
    if model in RELATIONS:
        field = RELATIONS[model][0]
        attrs += [field, f"{field}.pk", f"{field}_id", f"{field}.stock"]
    if model in REVERSE:
        attrs += [f"{REVERSE[model]}.all()", f"{REVERSE[model]}.count()"]
    return tuple(attrs)


@st.composite
def sql_expression(draw) -> str:
    value = draw(st.sampled_from(SQL_VALUES))
    table = draw(st.sampled_from(("shop_book", "users", "orders")))
    return draw(st.sampled_from((
        f"\"SELECT * FROM {table} WHERE name = '%s'\" % {value}",
        f"f\"SELECT * FROM {table} WHERE id = {{{value}}}\"",
        f"\"SELECT * FROM {table} WHERE id = {{}}\".format({value})",
        f"\"SELECT * FROM {table} WHERE id = \" + str({value})",
        f"\"SELECT * FROM {table} ORDER BY \" + {value}",
        f"\"SELECT * FROM {table} WHERE id = %s\", [{value}]",
        f"\"\"\"\n        SELECT id\n        FROM {table}\n        WHERE name = '%s'\n    \"\"\" % {value}",
        f"\"SELECT count(*) FROM {table}\"",
    )))


@st.composite
def django_block(draw, depth: int = 0, var: str | None = None, model: str | None = None) -> list[str]:
    statements = draw(st.lists(django_statement(depth, var, model), min_size=1, max_size=4))
    return [line for statement in statements for line in statement]


@st.composite
def django_views(draw) -> str:
    lines = ["import requests", "from django.core.mail import send_mail",
             "from django.db import DatabaseError, IntegrityError, connection, transaction",
             "from django.db.models import F", "from django.shortcuts import get_object_or_404",
             "from .models import " + ", ".join(DJANGO_MODELS), "from .tasks import process", ""]
    for number in range(draw(st.integers(1, 3))):
        body = draw(django_block())
        lines += [f"def view_{number}(request, pk=1, flag=False, ids=(), items=()):"] + indent(body) + [""]
    return "\n".join(lines) + "\n"


# -- SQLAlchemy -------------------------------------------------------------------------


@st.composite
def sqlalchemy_models(draw) -> str:
    lines = ["from sqlalchemy import Column, Float, ForeignKey, Integer, Numeric, String, event",
             "from sqlalchemy.orm import declarative_base, relationship, validates", "", "Base = declarative_base()", ""]
    for name in SA_MODELS:
        lines += [f"class {name}(Base):", f"    __tablename__ = '{name.lower()}s'",
                  "    id = Column(Integer, primary_key=True)", "    name = Column(String(50))"]
        if draw(st.booleans()):
            lines.append(f"    balance = Column({draw(st.sampled_from(('Float', 'Numeric(10, 2)')))})")
        if name in SA_RELATIONS:
            field, target = SA_RELATIONS[name]
            lazy = draw(st.sampled_from(("", ", lazy='selectin'", ", lazy='joined'", ", lazy='dynamic'")))
            lines += [f"    {field}_id = Column(ForeignKey('{target.lower()}s.id'))",
                      f"    {field} = relationship('{target}', back_populates='posts'{lazy})"]
        else:
            lines.append("    posts = relationship('Post', back_populates='user')")
        if draw(st.booleans()):
            lines += ["", "    @validates('name')", "    def check_name(self, key, value):", "        return value.strip()"]
        lines.append("")
    if draw(st.booleans()):
        lines += ["@event.listens_for(User, 'before_insert')", "def stamp(mapper, connection, target):",
                  "    target.name = target.name or 'x'", ""]
    return "\n".join(lines) + "\n"


@st.composite
def sqlalchemy_statement(draw, depth: int, var: str | None) -> list[str]:
    kinds = ["execute", "raw_sql", "bulk", "session", "connect", "engine", "create_all"]
    if var is not None:
        kinds += ["relation", "relation", "per_row_query"]
    if depth < 3:
        kinds += ["loop", "loop", "begin", "try"]
    kind = draw(st.sampled_from(kinds))
    if kind == "loop":
        source = draw(st.sampled_from((
            "session.query(Post).all()", "session.scalars(select(Post)).all()",
            "session.scalars(select(Post).options(selectinload(Post.user))).all()",
            "session.query(Post).options(joinedload(Post.user))", "session.execute(select(Post)).scalars()")))
        return [f"for post in {source}:"] + indent(draw(sqlalchemy_block(depth + 1, "post")))
    if kind == "begin":
        return ["with session.begin():"] + indent(draw(sqlalchemy_block(depth + 1, var)))
    if kind == "try":
        handler = draw(st.sampled_from((["pass"], ["session.rollback()", "raise"], ["log(exc)"])))
        return (["try:"] + indent(draw(sqlalchemy_block(depth + 1, var))) + ["except SQLAlchemyError as exc:"]
                + indent(handler))
    if kind == "relation":
        return [f"use({var}.{draw(st.sampled_from(('user', 'user.name', 'user_id', 'name')))})"]
    if kind == "per_row_query":
        return [draw(st.sampled_from(("session.get(User, post.user_id)",
                                      "session.execute(select(User).where(User.id == post.user_id))")))]
    if kind == "execute":
        return [draw(st.sampled_from(("session.execute(select(User))", "session.add(User(name='x'))",
                                      "session.commit()", "session.flush()")))]
    if kind == "raw_sql":
        return [f"session.execute(text({draw(sql_expression()).split(', [')[0]}))"]
    if kind == "bulk":
        return [draw(st.sampled_from(("session.bulk_save_objects(users)",
                                      "session.query(User).filter(User.id > 1).update({'name': 'x'})",
                                      "session.execute(update(User).values(name='x'))")))]
    if kind == "session":
        return ["other = Session()", "other.add(User(name='y'))", "other.commit()", "other.close()"]
    if kind == "connect":
        return ["conn = engine.connect()", "conn.execute(text('SELECT 1'))", "conn.close()"]
    if kind == "engine":
        return [draw(st.sampled_from(("engine = create_engine('postgresql://app:s3cret@db/app')",
                                      "engine = create_engine(settings.DATABASE_URL)")))]
    return ["Base.metadata.create_all(engine)"]


@st.composite
def sqlalchemy_block(draw, depth: int = 0, var: str | None = None) -> list[str]:
    statements = draw(st.lists(sqlalchemy_statement(depth, var), min_size=1, max_size=4))
    return [line for statement in statements for line in statement]


@st.composite
def sqlalchemy_service(draw) -> str:
    lines = ["from sqlalchemy import create_engine, select, text, update",
             "from sqlalchemy.exc import SQLAlchemyError",
             "from sqlalchemy.orm import Session, joinedload, selectinload", "from db.models import Base, Post, User",
             "", "engine = create_engine('sqlite://')", ""]
    for number in range(draw(st.integers(1, 3))):
        body = draw(sqlalchemy_block())
        if draw(st.booleans()):
            lines += [f"def job_{number}(session, users=()):"] + indent(body) + [""]
        else:
            lines += [f"def job_{number}(users=()):", "    session = Session(engine)"] + indent(body) + [
                "    session.close()" if draw(st.booleans()) else "    return session", ""]
    return "\n".join(lines) + "\n"


# -- migrations ----------------------------------------------------------------------------


@st.composite
def django_migration(draw) -> str:
    lines = ["from django.db import migrations, models", ""]
    functions = []
    operations = []
    for number in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(("run_python", "run_python", "run_sql", "add_field", "remove_field",
                                     "add_index", "rename")))
        if kind == "run_python":
            body = draw(st.sampled_from((
                ["Book = apps.get_model('shop', 'Book')", "for book in Book.objects.all():",
                 "    book.stock = 1", "    book.save()"],
                ["Author = apps.get_model('shop', 'Author')", "Author.objects.create(name='Anonymous')"],
                ["Book = apps.get_model('shop', 'Book')", "Book.objects.filter(stock=0).delete()"],
                ["Book = apps.get_model('shop', 'Book')", "Book.objects.update(stock=0)"],
                ["pass"],
            )))
            functions += [f"def forward_{number}(apps, schema_editor):"] + indent(body) + [""]
            reverse = draw(st.sampled_from(("", ", reverse_code=migrations.RunPython.noop",
                                            ", migrations.RunPython.noop")))
            operations.append(f"migrations.RunPython(forward_{number}{reverse})")
        elif kind == "run_sql":
            reverse = draw(st.sampled_from(("", ", reverse_sql='DROP INDEX idx_stock'")))
            operations.append(f"migrations.RunSQL('CREATE INDEX idx_stock ON shop_book (stock)'{reverse})")
        elif kind == "add_field":
            default = draw(st.sampled_from(("", ", default=0", ", null=True")))
            kind_of = draw(st.sampled_from(("IntegerField", "FloatField")))
            operations.append(f"migrations.AddField(model_name='book', name='amount_{number}', "
                              f"field=models.{kind_of}({default.lstrip(', ')}))")
        elif kind == "remove_field":
            operations.append("migrations.RemoveField(model_name='book', name='stock')")
        elif kind == "add_index":
            operations.append("migrations.AddIndex(model_name='book', index=models.Index(fields=['stock'], "
                              "name='book_stock_idx'))")
        else:
            operations.append("migrations.RenameField(model_name='book', old_name='stock', new_name='quantity')")
    lines += functions
    atomic = draw(st.sampled_from(("", "    atomic = False", "")))
    lines += ["class Migration(migrations.Migration):"] + ([atomic] if atomic else []) + [
        "    dependencies = [('shop', '0001_initial')]", "    operations = ["] + [
        f"        {operation}," for operation in operations] + ["    ]"]
    return "\n".join(lines) + "\n"


@st.composite
def alembic_revision(draw) -> str:
    upgrade = draw(st.lists(st.sampled_from((
        "op.add_column('users', sa.Column('age', sa.Integer(), nullable=False))",
        "op.add_column('users', sa.Column('score', sa.Float(), nullable=True))",
        "op.create_index('ix_users_name', 'users', ['name'])",
        "op.drop_column('users', 'name')",
        "op.create_table('tags', sa.Column('id', sa.Integer(), primary_key=True))",
        "op.execute('UPDATE users SET age = 0')",
        "op.alter_column('users', 'name', new_column_name='full_name')",
    )), min_size=1, max_size=4))
    downgrade = draw(st.sampled_from((["pass"], ["op.drop_table('tags')"], ["raise NotImplementedError"])))
    lines = ['"""A revision."""', "import sqlalchemy as sa", "from alembic import op", "",
             "revision = 'b2'", "down_revision = 'a1'", "", "def upgrade():"] + indent(upgrade) + [
             "", "def downgrade():"] + indent(downgrade)
    return "\n".join(lines) + "\n"


@st.composite
def orm_projects(draw) -> dict[str, str]:
    """A project of some of: Django models, views and a migration; SQLAlchemy models and a
    service; an Alembic revision."""
    project = {"shop/models.py": draw(django_models()), "shop/views.py": draw(django_views())}
    if draw(st.booleans()):
        project["shop/migrations/0002_change.py"] = draw(django_migration())
    if draw(st.booleans()):
        project["db/models.py"] = draw(sqlalchemy_models())
        project["db/service.py"] = draw(sqlalchemy_service())
    if draw(st.booleans()):
        project["alembic/versions/b2_change.py"] = draw(alembic_revision())
    return project
