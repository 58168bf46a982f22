"""lint core (no Qt)."""
