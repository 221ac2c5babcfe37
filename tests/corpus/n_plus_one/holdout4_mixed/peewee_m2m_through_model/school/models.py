from peewee import (CharField, DeferredThroughModel, ForeignKeyField, ManyToManyField,
                    Model, PostgresqlDatabase)

db = PostgresqlDatabase("school")
EnrollmentThrough = DeferredThroughModel()


class Base(Model):
    class Meta:
        database = db


class Course(Base):
    code = CharField(unique=True)
    title = CharField()


class Student(Base):
    name = CharField()
    courses = ManyToManyField(Course, backref="students", through_model=EnrollmentThrough)


class Enrollment(Base):
    student = ForeignKeyField(Student, backref="enrollments")
    course = ForeignKeyField(Course, backref="enrollments")
    grade = CharField(null=True)


EnrollmentThrough.set_model(Enrollment)
