"""ORM304 lost-update."""

from __future__ import annotations

import pytest
from ormlint.rules.transactions.lost_update import LostUpdate

from ormlint.testing import lint_source


def lines(code: str, path: str = "app/services.py", files: dict | None = None) -> list[int]:
    return [f.line for f in lint_source(code, LostUpdate, path=path, files=files)]


@pytest.mark.parametrize("read, save", [
    ("Account.objects.get(pk=pk)", "acct.save()"),
    ("Account.objects.filter(owner=user).first()", "acct.save(update_fields=['balance'])"),
    ("user.accounts.get(currency='EUR')", "acct.save()"),
    ("session.get(Account, pk)", "session.commit()"),
    ("session.query(Account).filter_by(id=pk).one()", "session.commit()"),
    ("session.scalars(select(Account).where(Account.id == pk)).one()", "session.flush()"),
    ("session.execute(select(Account).where(Account.id == pk)).scalar_one()", "db.session.commit()"),
    ("Account.query.get(pk)", "db.session.commit()"),
])
def test_unlocked_reads(read, save):
    code = f"""
    from sqlalchemy import select

    def withdraw(session, db, user, pk, amount):
        acct = {read}
        acct.balance -= amount
        {save}
    """
    assert lines(code) == [5]


@pytest.mark.parametrize("read", [
    "Account.objects.select_for_update().get(pk=pk)",
    "session.get(Account, pk, with_for_update=True)",
    "session.query(Account).with_for_update().filter_by(id=pk).one()",
    "session.scalars(select(Account).where(Account.id == pk).with_for_update()).one()",
])
def test_locked_reads_in_a_transaction(read):
    code = f"""
    from django.db import transaction
    from sqlalchemy import select

    def withdraw(session, pk, amount):
        with transaction.atomic():
            acct = {read}
            acct.balance -= amount
            acct.save()
    """
    assert lines(code) == []


def test_a_statement_bound_before_with_its_lock_locks_the_read():
    """``stmt = select(...).with_for_update()`` then ``session.execute(stmt).scalar_one()``: the read locks
    the row; the same read of a statement bound without a lock, or bound again without one, does not."""
    code = """
    from sqlalchemy import select

    def locked(session, pk, nowait):
        stmt = select(Rule).where(Rule.id == pk).with_for_update(nowait=nowait)
        rule = session.execute(stmt).scalar_one()
        rule.locks_cnt -= 1
        session.flush()

    def unlocked(session, pk):
        stmt = select(Rule).where(Rule.id == pk)
        rule = session.execute(stmt).scalar_one()
        rule.locks_cnt -= 1
        session.flush()

    def bound_again(session, pk):
        stmt = select(Lock).with_for_update()
        locks = session.execute(stmt).scalars().all()
        stmt = select(Rule).where(Rule.id == pk)
        rule = session.execute(stmt).scalar_one()
        rule.locks_cnt -= 1
        session.flush()
    """
    assert lines(code) == [12, 20]


@pytest.mark.parametrize("change", [
    "acct.balance = acct.balance - amount",
    "acct.balance = max(acct.balance - amount, 0)",
    "acct.balance *= 2",
    "acct.balance = 100 + acct.balance",
])
def test_self_referential_changes(change):
    code = f"""
    def withdraw(pk, amount):
        acct = Account.objects.get(pk=pk)
        {change}
        acct.save()
    """
    assert lines(code) == [3]


@pytest.mark.parametrize("change", [
    "acct.balance = F('balance') - amount",
    "acct.balance = amount",
    "acct.note += ' (closed)'",
    "acct.tags += ['closed']",
    "acct.balance = other.balance + amount",
])
def test_other_changes(change):
    code = f"""
    from django.db.models import F

    def withdraw(pk, amount, other):
        acct = Account.objects.get(pk=pk)
        {change}
        acct.save()
    """
    assert lines(code) == []


def test_needs_a_save_after_the_change():
    code = """
    def preview(pk, amount):
        acct = Account.objects.get(pk=pk)
        acct.save()
        acct.balance -= amount
        return acct
    """
    assert lines(code) == []


def test_rows_from_elsewhere_are_not_reads():
    code = """
    def bump(counter, pk, items):
        counter.value += 1
        counter.save()
        new = Counter(value=0)
        new.value += 1
        new.save()
        for item in items:
            item.count += 1
            item.save()
        settings = {}
        cfg = settings.get("x")
        cfg.count += 1
        cfg.save()
    """
    assert lines(code) == []


def test_a_change_of_a_value_the_function_computed_is_no_read_modify_write():
    """``invoice.total = subtotal + tax`` before ``invoice.total += fee``: the change works on what the function
    set, not on the stored value (F() would add to the old total). Set on one branch only, the other path still
    changes the value read."""
    code = """
    def recompute(pk, fee, rush):
        invoice = Invoice.objects.get(pk=pk)
        invoice.total = invoice.subtotal + invoice.tax
        if rush:
            invoice.total += fee
        invoice.save()

    def taxed(pk, fee, tax_added):
        invoice = Invoice.objects.get(pk=pk)
        if tax_added:
            invoice.total = invoice.subtotal + invoice.tax
        elif invoice.exempt:
            invoice.total = invoice.subtotal
        else:
            invoice.total = invoice.subtotal - invoice.discount
        invoice.total += fee
        invoice.save()

    def maybe_reset(pk, fee, reset):
        invoice = Invoice.objects.get(pk=pk)
        if reset:
            invoice.total = 0
        invoice.total += fee
        invoice.save()
    """
    assert lines(code) == [23]


def test_a_row_read_on_one_branch_is_reported():
    code = """
    def remember(user, addr):
        try:
            saved = user.addresses.get(hash=addr.hash)
        except UserAddress.DoesNotExist:
            saved = UserAddress(user=user)
        saved.num_orders += 1
        saved.save()
    """
    assert lines(code) == [6]


def test_peewee_and_tortoise_model_reads():
    peewee = """
    import peewee

    def spend(pk, n):
        wallet = Wallet.get_by_id(pk)
        wallet.points -= n
        wallet.save()

    def spend_locked(db, pk, n):
        with db.atomic():
            wallet = Wallet.select().where(Wallet.id == pk).for_update().get()
            wallet.points -= n
            wallet.save()
    """
    assert lines(peewee) == [5]
    tortoise = """
    async def spend(pk, n):
        wallet = await Wallet.get(id=pk)
        wallet.points -= n
        await wallet.save()
    """
    models = {"app/models.py": "from tortoise.models import Model\nclass Wallet(Model):\n    pass\n"}
    assert lines(tortoise, files=models) == [3]
    plain = """
    def spend(pk, n):
        wallet = Wallet.get_by_id(pk)
        wallet.points -= n
        wallet.save()
    """
    assert lines(plain) == []  # an unknown class in a file that imports no such ORM


# -- select_for_update() outside a transaction ----------------------------------------


def test_select_for_update_outside_a_transaction_in_a_view_or_read_modify_write():
    code = """
    def reserve(request, pk):
        seat = Seat.objects.select_for_update().get(pk=pk)
        seat.taken = True
        seat.save()

    def withdraw(pk, amount):
        acct = Account.objects.select_for_update().get(pk=pk)
        acct.balance -= amount
        acct.save()

    class OrderView:
        def post(self, request, pk):
            for order in Order.objects.select_for_update().filter(pk=pk):
                order.close()
    """
    result = lint_source(code, LostUpdate)
    assert [(f.line, f.column) for f in result] == [(2, 12), (7, 12), (13, 22)]
    assert all("select_for_update() is evaluated outside transaction.atomic()" in f.message for f in result)


def test_a_view_of_a_project_with_atomic_requests_locks_inside_the_request_transaction():
    """``ATOMIC_REQUESTS`` wraps each view taking ``request`` in a transaction: its ``select_for_update()`` holds
    the lock until the response; not a view opting out (``non_atomic_requests``)."""
    code = """
    from django.db import transaction
    from shop.models import Seat

    def reserve(request, pk):
        seat = Seat.objects.select_for_update().get(pk=pk)
        seat.taken = True
        seat.save()

    @transaction.non_atomic_requests
    def release(request, pk):
        seat = Seat.objects.select_for_update().get(pk=pk)
        seat.taken = False
        seat.save()
    """
    settings = {"config/settings.py": 'DATABASES = {"default": {"ATOMIC_REQUESTS": True}}\n'}
    assert lines(code, files=settings) == [11]
    assert lines(code) == [5, 11]


def test_select_for_update_left_alone():
    code = """
    from django.db import transaction

    @transaction.atomic
    def withdraw(request, pk, amount):
        acct = Account.objects.select_for_update().get(pk=pk)
        acct.balance -= amount
        acct.save()

    def lock_order(pk):
        return Order.objects.select_for_update().get(pk=pk)

    def queryset(request):
        return Order.objects.select_for_update().filter(open=True)

    def helper_withdraw(pk, amount):
        acct = Account.objects.select_for_update().get(pk=pk)
        acct.balance -= amount
        acct.save()

    def caller(pk):
        with transaction.atomic():
            helper_withdraw(pk, 1)
    """
    assert lines(code) == []


def test_select_for_update_in_a_deletion_receiver_runs_in_the_deletion_transaction():
    """Django's deletion sends pre_delete/post_delete inside its own atomic block: a receiver of them may
    lock; a post_save receiver runs after the save's statement, in autocommit."""
    code = """
    from django.db.models.signals import post_delete, post_save, pre_delete
    from django.dispatch import receiver

    @receiver(post_delete, sender=Form)
    def uncount(sender, instance, **kwargs):
        profile = Profile.objects.select_for_update().get(pk=instance.owner_id)
        profile.forms -= 1
        profile.save()

    def recount(sender, instance, **kwargs):
        profile = Profile.objects.select_for_update().get(pk=instance.owner_id)
        profile.forms -= instance.count
        profile.save()

    pre_delete.connect(recount, sender=Form)

    @receiver(post_save, sender=Form)
    def count(sender, instance, **kwargs):
        profile = Profile.objects.select_for_update().get(pk=instance.owner_id)
        profile.forms += 1
        profile.save()
    """
    assert lines(code) == [19]


def test_migrations_and_tests_are_not_checked():
    code = """
    def withdraw(pk, amount):
        acct = Account.objects.get(pk=pk)
        acct.balance -= amount
        acct.save()
    """
    assert lines(code, path="tests/test_accounts.py") == []
    assert lines(code, path="shop/migrations/0003_fix.py") == []


def test_sessions_named_db_or_annotated_in_fastapi_crud():
    code = """
    from sqlalchemy.ext.asyncio import AsyncSession
    from sqlmodel import Session

    def withdraw(db: Session, account_id: int, amount: int):
        account = db.get(Account, account_id)
        account.balance -= amount
        db.add(account)
        db.commit()

    async def add_points(s: AsyncSession, hero_id: int, points: int):
        hero = await s.get(Hero, hero_id)
        hero.points = hero.points + points
        await s.commit()

    def locked(db: Session, account_id: int, amount: int):
        account = db.get(Account, account_id, with_for_update=True)
        account.balance -= amount
        db.commit()

    def atomic(db: Session, account_id: int, amount: int):
        account = db.get(Account, account_id)
        account.balance = Account.balance - amount
        db.commit()

    def from_cache(db, cache, key: str, session):
        counter = db.get(key)
        counter.hits += 1
        session.commit()

    def untyped(store, account_id, amount, session):
        account = store.get(Account, account_id)
        account.balance -= amount
        session.commit()
    """
    # db.get(Model, pk) and a parameter annotated as a session read one row; a row lock and a SQL
    # expression are safe; db.get(key) is a dict or cache, an unknown receiver is not a session
    assert lines(code) == [6, 12]


def test_django_advice_keeps_save_and_its_signals():
    """In Django code the advice is an F() expression saved through save(), which runs save() and its signals
    (a queryset update() skips them: say so); elsewhere the statement forms of the other ORMs."""
    (django,) = lint_source("""
    from django.shortcuts import get_object_or_404

    def vote(request, pk):
        profile = get_object_or_404(Profile, pk=pk)
        profile.karma += 1
        profile.save()
    """, LostUpdate, path="app/views.py")
    assert 'profile.karma = F("karma") + ...` and save(update_fields=["karma"])' in django.message
    assert "skips them" in django.message and "with_for_update" not in django.message
    (sqlalchemy,) = lint_source("""
    def restock(session, pk, n):
        product = session.get(Product, pk)
        product.stock += n
        session.commit()
    """, LostUpdate, path="app/services.py")
    assert "update(...).values(col=Model.col - n)" in sqlalchemy.message


@pytest.mark.parametrize("mapper_args, reported", [
    ('__mapper_args__ = {"version_id_col": version}', False),
    ('__mapper_args__ = {"eager_defaults": True}', True),
    ("", True),
])
def test_a_model_mapped_with_a_version_counter_loses_no_update(mapper_args, reported):
    """``version_id_col``: SQLAlchemy's flush updates ``WHERE version = <the one read>`` and raises
    ``StaleDataError`` when another write came first, so the read-modify-write cannot overwrite it."""
    models = f"""
    from sqlalchemy import Integer
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

    class Base(DeclarativeBase):
        pass

    class Bin(Base):
        __tablename__ = "bins"
        id: Mapped[int] = mapped_column(primary_key=True)
        quantity: Mapped[int] = mapped_column(Integer)
        version: Mapped[int] = mapped_column(Integer, nullable=False)
        {mapper_args}
    """
    code = """
    from stock.models import Bin

    def pick(session, bin_id, qty):
        bin_ = session.get(Bin, bin_id)
        bin_.quantity -= qty
        session.commit()
    """
    assert lines(code, path="stock/moves.py", files={"stock/models.py": models}) == ([5] if reported else [])
