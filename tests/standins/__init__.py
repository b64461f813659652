"""Loopback stand-ins for the services paperlist talks to (tests only)."""
