from pydantic import BaseModel, ConfigDict


class WriterOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    handle: str


class ArticleOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    writer: WriterOut


class ArticleSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    writer_id: int
