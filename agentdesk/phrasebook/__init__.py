"""phrasebook core (no Qt)."""
