#!/usr/bin/python3
"""Holds an SMB2 byte-range lock on a file, as a Windows mail client does.

    smb-range-lock.py HOST SHARE USER PASSWORD FILE OFFSET LENGTH

Opens FILE (read/write, deny-none) and sends an SMB2 LOCK for an exclusive
range; prints "ready" once granted, then holds it until stdin reaches EOF.
Then it reads the first locked byte through the same handle, which works only
while the server still has the open: exits 0 when the hold was intact, 3
(printing "lost") when not.
Uses impacket (Debian python3-impacket). Its SMB3.lock() joins the lock
elements with str(), which is broken on Python 3, so the LOCK request is
built here from impacket's own structures.
"""
import sys

from impacket import smb3structs as smb2
from impacket.smbconnection import SMBConnection

SHARE_READ_WRITE = 0x3
FILE_READ_WRITE_DATA = 0x3
FILE_OPEN = 1
EXIT_LOST = 3


def lock_range(conn, tree, fid, offset, length):
    server = conn.getSMBServer()
    element = smb2.SMB2_LOCK_ELEMENT()
    element["Offset"] = offset
    element["Length"] = length
    element["Flags"] = (smb2.SMB2_LOCKFLAG_EXCLUSIVE_LOCK
                        | smb2.SMB2_LOCKFLAG_FAIL_IMMEDIATELY)
    request = smb2.SMB2Lock()
    request["FileID"] = fid
    request["LockCount"] = 1
    request["LockSequence"] = 0
    request["Locks"] = element.getData()
    packet = server.SMB_PACKET()
    packet["Command"] = smb2.SMB2_LOCK
    packet["TreeID"] = tree
    packet["Data"] = request
    answer = server.recvSMB(server.sendSMB(packet))
    answer.isValidAnswer(0)  # raises SessionError unless STATUS_SUCCESS


def main():
    host, share, user, password, name, offset, length = sys.argv[1:8]
    conn = SMBConnection(host, host, sess_port=445)
    conn.login(user, password)
    tree = conn.connectTree(share)
    fid = conn.openFile(tree, name, desiredAccess=FILE_READ_WRITE_DATA,
                        shareMode=SHARE_READ_WRITE, creationDisposition=FILE_OPEN)
    lock_range(conn, tree, fid, int(offset), int(length))
    print("ready", flush=True)
    sys.stdin.read()
    try:
        conn.readFile(tree, fid, int(offset), 1)
    except Exception as e:  # any failure means the open is gone
        print("lost: %s" % e, file=sys.stderr)
        sys.exit(EXIT_LOST)


if __name__ == "__main__":
    main()
