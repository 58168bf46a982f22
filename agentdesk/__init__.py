"""AgentDesk 坐席助手: approved replies, reply linter, duty log and shift handover."""

__version__ = "0.1.0"
