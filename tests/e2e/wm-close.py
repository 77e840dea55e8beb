#!/usr/bin/env python3
"""Closes a process's windows the way a window manager's close button does.

Usage: wm-close.py PID. Sends WM_DELETE_WINDOW to every top-level window whose _NET_WM_PID is
PID and that takes it (the e2e suite has no window manager, and WebDriver's "close" kills the
app instead, so this is the one way a test exits the app as a user does). Prints how many
windows it reached; exits 1 if none. Needs python3-xlib (scripts/setup.sh --test).
"""
import sys

from Xlib import X, display, error, protocol


def main() -> int:
    pid = int(sys.argv[1])
    d = display.Display()
    net_wm_pid = d.intern_atom("_NET_WM_PID")
    wm_protocols = d.intern_atom("WM_PROTOCOLS")
    wm_delete = d.intern_atom("WM_DELETE_WINDOW")
    reached = 0
    # Without a window manager the top-level windows are the root's own children. Another
    # client's window can go away while it is looked at (xclip's, say): skipped.
    for window in d.screen().root.query_tree().children:
        try:
            owner = window.get_full_property(net_wm_pid, X.AnyPropertyType)
            if not owner or owner.value[0] != pid or wm_delete not in (window.get_wm_protocols() or []):
                continue
            event = protocol.event.ClientMessage(
                window=window, client_type=wm_protocols, data=(32, [wm_delete, X.CurrentTime, 0, 0, 0])
            )
            window.send_event(event)
            reached += 1
        except (error.BadWindow, IndexError):
            continue
    d.flush()
    print(f"closed {reached} window(s)")
    return 0 if reached else 1


if __name__ == "__main__":
    sys.exit(main())
