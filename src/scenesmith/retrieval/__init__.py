"""Retrieval over the verified libraries (BM25 today; embeddings can plug in behind the same call)."""
