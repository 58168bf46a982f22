"""desk core (no Qt)."""
