"""PL5xx: live links. These rules only read the verdicts ``check --links`` put in the context."""
