"""PL6xx: house conventions learned from the list's own majority."""
