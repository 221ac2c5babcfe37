def reindex_thread(thread_id: int) -> None:
    print("reindex", thread_id)
