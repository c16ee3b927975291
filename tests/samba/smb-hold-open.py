#!/usr/bin/python3
"""Holds a file open over SMB the way a Windows client does, with a share mode.

    smb-hold-open.py CLIENT_CONF HOST SHARE USER PASSWORD FILE SHARE_ACCESS

SHARE_ACCESS is the NT share access: 1 = FILE_SHARE_READ (deny-write),
0 = none (deny-all). Prints "ready" once the file is open, then keeps it open
until stdin reaches EOF. Then it reads a byte through the same handle: that
works only while the server still has the open (and with it the share mode),
so it exits 0 when its hold was intact, 3 (printing "lost") when not. Uses
Samba's own client library (Debian python3-samba); run it with
/usr/bin/python3, which has those bindings.
"""
import sys

from samba_client import connect

FILE_READ_WRITE_DATA = 0x3
FILE_OPEN = 1
EXIT_LOST = 3


def main():
    conf, host, share, user, password, name, share_access = sys.argv[1:8]
    conn = connect(conf, host, share, user, password)
    fnum = conn.create(name, DesiredAccess=FILE_READ_WRITE_DATA,
                       ShareAccess=int(share_access), CreateDisposition=FILE_OPEN)
    print("ready", flush=True)
    sys.stdin.read()
    try:
        conn.read(fnum, 0, 1)
    except Exception as e:  # any failure means the open is gone
        print("lost: %s" % e, file=sys.stderr)
        sys.exit(EXIT_LOST)


if __name__ == "__main__":
    main()
