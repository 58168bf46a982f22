"""Pages by key when the duty log offers it, by offset until then: the same rows either way."""

from __future__ import annotations

from agentdesk.gui.duty_log_model import PAGE, fetch_page


class _Rows:
    """A duty log of ids 1..n, newest first; `keyset` says whether it knows before_id."""

    def __init__(self, n: int, keyset: bool) -> None:
        self.ids, self.keyset = list(range(n, 0, -1)), keyset

    def query(self, f=None, *, offset: int = 0, limit: int = 100, before_id=None):
        if before_id is not None:
            if not self.keyset:
                raise TypeError("query() got an unexpected keyword argument 'before_id'")
            return [i for i in self.ids if i < before_id][:limit]
        return self.ids[offset:offset + limit]




def walk(log) -> list[int]:
    rows, before = [], None
    for page in range(5):
        got = fetch_page(log, None, before, page * PAGE)
        rows += got
        if got:
            before = got[-1]
    return rows


def test_keyset_and_offset_paging_give_the_same_rows():
    n = PAGE * 4 + 17
    assert walk(_Rows(n, keyset=True)) == walk(_Rows(n, keyset=False)) == list(range(n, 0, -1))
