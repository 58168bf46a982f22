"""The duty-log entry's fields, defined once: everything else that lists them is derived here.

`FIELDS` is in the entries table's column order (= `Entry`'s attributes, = the row tuple). From
it come the SELECT and INSERT column lists (rows.py, dutylog.py), what `DutyLog.add` takes and
`update` may change, the created event's record (seal.py), the export's columns and headers,
the CLI's `log add` / `log update` options, and the window's table columns and form rows. A
new field is one line here (plus a schema migration); tests/desk/test_fields.py walks every
consumer against this table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from agentdesk.i18n import N_

# The kinds a field can be; each consumer knows how to show, parse or store a kind.
KINDS = ("id", "time", "text", "long_text", "name", "phone", "title", "choice", "status")


@dataclass(frozen=True)
class Field:
    name: str                  # Entry's attribute and the entries table's column
    label: str                 # N_() message id: export header, form label, CLI help
    kind: str                  # one of KINDS
    vocabulary: str | None = None   # choice: the Vocabulary table (channels, categories ...)
    given: bool = False        # taken when an entry is added (DutyLog.add, log add)
    required: bool = False     # must be given, not blank
    editable: bool = False     # correctable later (DutyLog.update, log update)
    export: bool = True        # a column of `log export`
    masked: str | None = None  # "numbers" (mask_numbers) or "phone" (mask_phone) unless unmasked
    cli_flag: str | None = None     # the option's name when it is not --<name>
    cli_help: str | None = None     # N_() help when the label alone does not say enough
    short: str | None = None        # N_() header of the window's narrow table column
    column: int = 0            # position in the window's duty-log table (0: not shown)
    form_row: str | None = None     # N_() label of the entry form's row (shared row: same label)
    # the seal version from which the created event records this field: a log sealed under
    # an older version hashed its events without it (seal.py keeps the versions explicit)
    sealed_since: int | None = None

    @property
    def flag(self) -> str:
        return self.cli_flag or f"--{self.name.replace('_', '-')}"


FIELDS: tuple[Field, ...] = (
    Field("id", N_("编号"), "id", column=1),
    Field("created_at", N_("时间"), "time", column=2),
    Field("updated_at", N_("更新时间"), "time", export=False),
    Field("agent", N_("坐席"), "name", given=True, editable=True, column=10,
          cli_help=N_("坐席（默认 AGENTDESK_AGENT 或登录名）"), sealed_since=1),
    Field("customer", N_("客户姓名"), "text", given=True, required=True, editable=True,
          masked="numbers", short=N_("客户"), column=3, form_row=N_("客户姓名"),
          sealed_since=1),
    Field("title", N_("称呼"), "title", given=True, editable=True, form_row=N_("客户姓名"),
          sealed_since=1),
    Field("contact", N_("联系方式"), "phone", given=True, editable=True, masked="phone",
          column=4, form_row=N_("联系方式"), cli_help=N_("联系电话"), sealed_since=1),
    Field("channel", N_("渠道"), "choice", "channels", given=True, editable=True, column=5,
          form_row=N_("渠道/类别"), sealed_since=1),
    Field("category", N_("类别"), "choice", "categories", given=True, editable=True, column=6,
          form_row=N_("渠道/类别"), sealed_since=1),
    Field("priority", N_("优先级"), "choice", "priorities", given=True, editable=True,
          column=7, form_row=N_("渠道/类别"), sealed_since=1),
    Field("summary", N_("问题内容"), "long_text", given=True, required=True, editable=True,
          masked="numbers", column=11, form_row=N_("问题内容"), sealed_since=1),
    Field("status", N_("状态"), "status", editable=True, column=8, sealed_since=1),
    Field("transferred_to", N_("转交对象"), "name", editable=True, cli_flag="--to",
          cli_help=N_("转交给谁")),
    Field("callback_at", N_("回电时间"), "time", given=True, editable=True,
          cli_flag="--callback", short=N_("回电"), column=9, form_row=N_("承诺回电"),
          sealed_since=1),
    Field("resolution", N_("处理情况"), "long_text", editable=True, masked="numbers"),
)


def by_name(fields: Sequence[Field] = FIELDS) -> dict[str, Field]:
    return {f.name: f for f in fields}


def names(fields: Sequence[Field] = FIELDS) -> tuple[str, ...]:
    return tuple(f.name for f in fields)


def given(fields: Sequence[Field] = FIELDS) -> tuple[Field, ...]:
    """What an entry is added with, in column order."""
    return tuple(f for f in fields if f.given)


def editable(fields: Sequence[Field] = FIELDS) -> tuple[Field, ...]:
    return tuple(f for f in fields if f.editable)


def exported(fields: Sequence[Field] = FIELDS) -> tuple[Field, ...]:
    return tuple(f for f in fields if f.export)


def columns(fields: Sequence[Field] = FIELDS) -> tuple[Field, ...]:
    """The window's table columns, in their on-screen order."""
    return tuple(sorted((f for f in fields if f.column), key=lambda f: f.column))


def form_rows(fields: Sequence[Field] = FIELDS) -> list[tuple[str, tuple[Field, ...]]]:
    """The entry form's rows: (row label, its fields), in column order of each row's first."""
    rows: dict[str, list[Field]] = {}
    for f in fields:
        if f.form_row:
            rows.setdefault(f.form_row, []).append(f)
    return [(label, tuple(group)) for label, group in rows.items()]


def sealed(version: int, fields: Sequence[Field] = FIELDS) -> tuple[str, ...]:
    """The keys of a created event's record under seal `version`, sorted as its JSON is."""
    return tuple(sorted(f.name for f in fields
                        if f.sealed_since is not None and f.sealed_since <= version))


def export_headers(fields: Sequence[Field] = FIELDS) -> tuple[str, ...]:
    """The export's header row in the agent's language (translated when the file is written)."""
    from agentdesk.i18n import tr

    return tuple(tr(f.label) for f in exported(fields))


def time_positions(fields: Sequence[Field] = FIELDS) -> tuple[int, ...]:
    """Indexes of the time columns in a row (stored as UTC ISO text)."""
    return tuple(i for i, f in enumerate(fields) if f.kind == "time")
