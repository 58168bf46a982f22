"""List the phrasebook data strings that have no translation yet, as TOML lines to paste.

    python scripts/untranslated_data.py en               # shipped phrasebook and profiles
    python scripts/untranslated_data.py en ~/team-book   # a team layer's own rules and words

Exit status 1 when something is missing (usable in a publishing check), 0 when complete.
"""

import sys

from agentdesk.data_strings import main

if __name__ == "__main__":
    sys.exit(main())
