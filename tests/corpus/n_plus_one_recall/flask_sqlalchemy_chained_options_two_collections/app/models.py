from app import db


class Project(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(120))
    members = db.relationship("Membership", back_populates="project")
    tasks = db.relationship("Task", back_populates="project")


class Membership(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    project_id = db.Column(db.Integer, db.ForeignKey("project.id"))
    username = db.Column(db.String(80))
    project = db.relationship("Project", back_populates="members")


class Task(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    project_id = db.Column(db.Integer, db.ForeignKey("project.id"))
    title = db.Column(db.String(200))
    project = db.relationship("Project", back_populates="tasks")
