#!/usr/bin/python3
"""Holds many files open over SMB on one connection, as a busy file server's
clients do together: what the file server lists when asked for its opens.

    smb-hold-many.py CLIENT_CONF HOST SHARE USER PASSWORD FOLDER FIRST COUNT

Opens COUNT files named FOLDER/%08X.MMF from FIRST on (hex ids, as
make-postoffice names them) for read, sharing read and write; prints "ready"
once all are open, then keeps them open until stdin reaches EOF. Uses
Samba's own client library (Debian python3-samba); run it with
/usr/bin/python3.
"""
import sys

from samba_client import connect

FILE_READ_DATA = 0x1
SHARE_READ_WRITE = 0x3
FILE_OPEN = 1


def main():
    conf, host, share, user, password, folder, first, count = sys.argv[1:9]
    conn = connect(conf, host, share, user, password)
    start = int(first, 16)
    for i in range(int(count)):
        conn.create("%s/%08X.MMF" % (folder, start + i), DesiredAccess=FILE_READ_DATA,
                    ShareAccess=SHARE_READ_WRITE, CreateDisposition=FILE_OPEN)
    print("ready", flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main()
