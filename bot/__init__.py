"""The paperlist GitHub bot: PR review (``bot.review``) and weekly arXiv digest (``bot.digest``).

It uses ``lint_rules`` through its public API and is never imported by it.
"""
