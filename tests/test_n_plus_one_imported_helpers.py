"""A function of another module handed each row (ORM101): ``package_resource(package)`` reading
``package.category`` loads the category once per row of the caller's loop, unless the rows' query
eager-loads it. The index records what each module function reads on its parameters, one hop deep."""

import textwrap

import libcst as cst
from ormlint.index.parameter_reads import extract_parameter_reads
from ormlint.syntax.names import ImportTable
from ormlint.rules.queries.lazy_load_in_loop import LazyLoadInLoop
from ormlint.testing import lint_source

MODELS = """
from django.db import models

class Category(models.Model):
    slug = models.SlugField()

class Tag(models.Model):
    label = models.CharField(max_length=10)

class Package(models.Model):
    name = models.CharField(max_length=10)
    category = models.ForeignKey(Category, on_delete=models.CASCADE)
    tags = models.ManyToManyField(Tag)
"""

RESOURCES = """
def package_resource(package, full=False):
    data = {"name": package.name, "category": package.category.slug}
    if full:
        data["tags"] = [t.label for t in package.tags.all()]
    return data

def package_tags(package):
    return [t.label for t in package.tags.all()]

def rating(contest, excluded_too=False):
    users = contest.users.exclude(user_id__in=contest.rate_exclude.all())
    return users if excluded_too else [u for u in users if u.score]

def test_resource(package):
    assert package.category.slug

def package_key(package):
    return f"{package.category_id}:{package.name}"

def fresh_resource(package):
    package = Package.objects.select_related("category").get(pk=package.pk)
    return package.category.slug

def reindex(package):
    for tag in Tag.objects.all():
        Entry.objects.create(category=package.category, tag=tag)

def sorted_tags(package):
    return [t.label for t in package.tags.order_by("label")]

def reloaded_resource(package):
    package.refresh_from_db()
    return package.category.slug

def export_rows(packages, writer, with_tags=False):
    for package in packages:
        writer.writerow([package.name, package.category.slug])
        if with_tags:
            writer.writerow([t.label for t in package.tags.all()])

def tag_cloud(packages):
    return {p.name: [t.label for t in p.tags.all()] for p in packages}

def first_rows(packages):
    return [p.category.slug for p in packages[:5]]
"""


def lines(code: str) -> list[tuple[int, str]]:
    files = {"shop/models.py": MODELS, "shop/resources.py": RESOURCES}
    return [(f.span.line, f.message) for f in lint_source(code, LazyLoadInLoop, path="shop/views.py", files=files)]


def test_a_relation_the_helper_reads_on_each_row_loads_per_row():
    found = lines("""
        from shop.models import Package
        from shop.resources import package_resource

        def listing(request):
            return [package_resource(p) for p in Package.objects.all()]
    """)
    assert [line for line, _ in found] == [5]
    assert "package_resource()" in found[0][1] and "Package.category" in found[0][1]
    assert 'select_related("category")' in found[0][1]


def test_rows_that_eager_load_what_the_helper_reads_are_quiet():
    assert lines("""
        from shop.models import Package
        from shop.resources import package_resource

        def listing(request):
            rows = Package.objects.select_related("category").prefetch_related("tags")
            return [package_resource(p, full=True) for p in rows]
    """) == []


def test_a_collection_the_helper_queries_is_reported_when_only_the_foreign_key_is_loaded():
    found = lines("""
        from shop.models import Package
        from shop import resources

        def listing(request):
            out = []
            for p in Package.objects.select_related("category"):
                out.append(resources.package_tags(package=p))
            return out
    """)
    assert [line for line, _ in found] == [7] and "Package.tags" in found[0][1]


def test_reading_only_the_key_column_or_rebinding_the_parameter_loads_nothing_per_row():
    assert lines("""
        from shop.models import Package
        from shop.resources import fresh_resource, package_key

        def listing(request):
            return [package_key(p) for p in Package.objects.all()] + [fresh_resource(p) for p in Package.objects.all()]
    """) == []


def test_a_parameter_the_helper_reloads_is_not_served_by_the_callers_eager_load():
    """``run.refresh_from_db()`` drops the relations cached on the row (openhexa's run_pipeline): the caller's
    ``select_related()`` would be thrown away, so no finding tells the loop to add one."""
    assert lines("""
        from shop.models import Package
        from shop.resources import reloaded_resource

        def listing(request):
            return [reloaded_resource(p) for p in Package.objects.all()]
    """) == []
    # the same in a function of the loop's own module; without the reload, the read is reported
    assert [line for line, _ in lines("""
        from shop.models import Package

        def run_one(package, reload=True):
            if reload:
                package.refresh_from_db()
            return package.category.slug

        def peek(package):
            return package.category.slug

        def runner():
            for p in Package.objects.all():
                run_one(p)
            for p in Package.objects.all():
                peek(p)
    """)] == [15]


def test_a_helper_that_is_a_job_per_item_or_queries_anew_is_left_to_other_checks():
    """A whole job per package (a loop of its own writing per element) is not a lookup to batch; a related
    query a prefetch cannot serve (``tags.order_by(...)``) is a query per call, not a load to eager-load."""
    assert lines("""
        from shop.models import Package
        from shop.resources import reindex, sorted_tags

        def listing(request):
            for p in Package.objects.all():
                reindex(p)
            return [sorted_tags(p) for p in Package.objects.all()]
    """) == []


def test_one_call_outside_a_loop_is_one_load():
    assert lines("""
        from shop.models import Package
        from shop.resources import package_resource

        def detail(request, pk):
            return package_resource(Package.objects.get(pk=pk))
    """) == []


def test_index_records_one_hop_reads_of_parameters_never_rebound():
    facts = extract_parameter_reads(cst.parse_module(textwrap.dedent(RESOURCES)), "shop.resources", ImportTable({}))
    reads = {fact.function: set(fact.reads) for fact in facts}
    # the tags are read only when the call says full=True: another parameter decides
    assert reads["shop.resources.package_resource"] == {("package", "name", "attr"), ("package", "category", "attr")}
    assert reads["shop.resources.package_tags"] == {("package", "tags", "attr"), ("package", "tags", "all")}
    # a related queryset handed to a lookup is a subquery: only the queryset run is read
    assert reads["shop.resources.rating"] == {("contest", "users", "attr"), ("contest", "users", "exclude"),
                                              ("contest", "rate_exclude", "attr")}
    assert "shop.resources.fresh_resource" not in reads  # rebound to a fresh query's object
    assert "shop.resources.reindex" not in reads  # a job per call
    assert "shop.resources.test_resource" not in reads  # pytest runs it, no loop calls it
    assert [f.positional for f in facts if f.function.endswith("package_resource")] == [("package", "full")]


def test_request_user_handed_to_another_modules_function_of_a_user_model_without_fields():
    """``has_permission(request.user, obj)`` in a loop, with a custom user model declaring no field of its own
    (its bases are Django's ``AbstractUser``, outside the project): the helper's reads of the user are checked
    as a Django object's, without an internal error; the user is the same object on every iteration."""
    files = {
        "accounts/models.py": """
from django.contrib.auth.models import AbstractUser

class User(AbstractUser):
    def is_staff_member(self):
        return self.is_staff
""",
        "shop/models.py": MODELS,
        "shop/permissions.py": """
def has_permission(user, package):
    return user.groups.filter(name=package.name).exists()
""",
        "settings.py": 'AUTH_USER_MODEL = "accounts.User"\n',
    }
    code = """
from shop.models import Package
from shop.permissions import has_permission

def visible(request):
    return [p for p in Package.objects.all() if has_permission(request.user, p)]
"""
    assert lint_source(code, LazyLoadInLoop, path="shop/views.py", files=files) == []


def test_rows_handed_to_another_modules_loop_load_what_it_reads_on_each():
    """``export_rows(Package.objects.all(), writer)``: the function of another module loops over the rows and
    reads ``package.category`` on each (``tags`` only when another parameter says so): reported at the call,
    the eager load on its query; a comprehension's reads of a collection (``p.tags.all()``) too. Rows that
    eager-load it, a slice the helper cuts (``packages[:5]``: not every row), ``values()`` rows or rows of
    unknown model are quiet."""
    found = lines("""
        from shop.models import Package
        from shop.resources import export_rows, first_rows, tag_cloud

        def export(writer, given):
            export_rows(Package.objects.filter(name__startswith="a"), writer)
            rows = Package.objects.all()
            cloud = tag_cloud(rows)
            export_rows(Package.objects.select_related("category"), writer)
            export_rows(Package.objects.values("name"), writer)
            export_rows(given, writer)
            return first_rows(Package.objects.all()), cloud
    """)
    assert [(line, message.split(" which ")[1].split(" (")[0]) for line, message in found] == [
        (5, "lazily loads Package.category"), (7, "queries Package.tags")]
    assert "once per row `export_rows()` (shop/resources.py) loops over" in found[0][1]
    assert 'add `.select_related("category")` to the query' in found[0][1]


def test_index_records_reads_on_each_element_of_a_parameter_looped_over():
    module = cst.parse_module(textwrap.dedent(RESOURCES))
    reads = {r.function: r.reads for r in extract_parameter_reads(module, "shop.resources", ImportTable({}))}
    each = [read for read in reads["shop.resources.export_rows"] if read[0] == "packages[]"]
    assert each == [("packages[]", "name", "attr"), ("packages[]", "category", "attr")]  # not tags: with_tags decides
    assert ("packages[]", "tags", "all") in reads["shop.resources.tag_cloud"]
    assert not any(param.endswith("[]") for param, _, _ in reads.get("shop.resources.first_rows", ()))
