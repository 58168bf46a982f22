"""`python -m agentdesk` runs the same entry point as the `agentdesk` command."""

from agentdesk.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
