from sqlalchemy import Boolean, ForeignKey, and_
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Task(Base):
    __tablename__ = "tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    title: Mapped[str]
    done: Mapped[bool] = mapped_column(Boolean, default=False)


class Project(Base):
    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    archived: Mapped[bool] = mapped_column(default=False)

    tasks: Mapped[list[Task]] = relationship()
    open_tasks: Mapped[list[Task]] = relationship(
        primaryjoin=lambda: and_(Task.project_id == Project.id, Task.done.is_(False)),
        viewonly=True,
    )
