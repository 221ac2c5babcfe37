from dataclasses import dataclass

from .models import Flag


@dataclass
class QueueRow:
    reason: str
    label: str


class ModerationQueue:
    def __init__(self, limit: int = 100) -> None:
        self.limit = limit

    def rows(self) -> list[QueueRow]:
        flags = (
            Flag.objects.filter(resolved=False)
            .select_related("content_type")
            .prefetch_related("content_object")
        )
        return [
            QueueRow(reason=f.reason, label=f"{f.content_type.model}: {f.content_object}")
            for f in flags[: self.limit]
        ]
