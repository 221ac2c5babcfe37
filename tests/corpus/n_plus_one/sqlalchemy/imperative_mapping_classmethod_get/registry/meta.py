from sqlalchemy import MetaData
from sqlalchemy.orm import registry, scoped_session, sessionmaker

metadata = MetaData()
mapper_registry = registry(metadata=metadata)
Session = scoped_session(sessionmaker())
