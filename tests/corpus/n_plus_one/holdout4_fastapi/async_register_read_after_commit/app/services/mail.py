import logging

logger = logging.getLogger(__name__)


async def send_welcome(address: str) -> None:
    logger.info("welcome mail queued for %s", address)
