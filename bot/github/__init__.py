"""GitHub I/O: the review gateway (``gateway``) and the digest's issue helper."""
