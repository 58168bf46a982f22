"""The global picker: a small window over any program that pastes a checked reply into it."""

from importlib import import_module

# name -> module: imported on first use (PEP 562), so the desk pays for none of it before
# its window first shows
_EXPORTS = {"PickerController": "controller", "Target": "target", "active_window": "target",
            "attach": "desk", "run_standalone": "desk", "serve": "desk"}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
