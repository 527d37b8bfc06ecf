"""Search: embeddings, BM25, reading a question, ranking, and the verdict on what is shown."""
