import json
import os
import sys

from sqlalchemy import create_engine

from ledger.writer import PostingWriter


def main() -> None:
    writer = PostingWriter(create_engine(os.environ["LEDGER_URL"]))
    try:
        for line in sys.stdin:
            if not writer.post_batch(json.loads(line)):
                print("skipped batch with a zero posting", file=sys.stderr)
    finally:
        writer.close()
