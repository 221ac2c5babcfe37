import pytest
from sqlalchemy import create_engine


@pytest.fixture
def engine():
    engine = create_engine("sqlite://")
    yield engine
    engine.dispose()
