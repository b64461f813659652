"""Command tests reach only the loopback stand-ins they start: the bot tests' guard applies."""

from tests.bot.conftest import _loopback_only  # noqa: F401 - autouse fixture, re-exported
