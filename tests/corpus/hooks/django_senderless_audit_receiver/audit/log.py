import logging

log = logging.getLogger("audit")


def record(label: str, pk, action: str) -> None:
    log.info("%s %s %s", label, pk, action)
