"""arXiv query API: the search query builder (pure) and the paced, retrying client (I/O)."""
