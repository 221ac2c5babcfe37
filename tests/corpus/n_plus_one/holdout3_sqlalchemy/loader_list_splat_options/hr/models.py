import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Department(Base):
    __tablename__ = "departments"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(80))


class Employee(Base):
    __tablename__ = "employees"
    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str]
    department_id: Mapped[int] = mapped_column(sa.ForeignKey("departments.id"))
    manager_id: Mapped[int | None] = mapped_column(sa.ForeignKey("employees.id"))

    department: Mapped[Department] = relationship()
    manager: Mapped["Employee | None"] = relationship(remote_side=[id])
    skills: Mapped[list["Skill"]] = relationship(back_populates="employee")


class Skill(Base):
    __tablename__ = "skills"
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(sa.ForeignKey("employees.id"))
    label: Mapped[str]
    employee: Mapped[Employee] = relationship(back_populates="skills")
