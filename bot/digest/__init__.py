"""Weekly arXiv digest: dedupe, rank and render are pure; ``run`` wires them to arXiv and GitHub."""
