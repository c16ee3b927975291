"""One logged-on connection to a share through Samba's own client library
(Debian python3-samba), as the test clients in this folder open it: the
user's name and password, never Kerberos. Run the clients with
/usr/bin/python3, which has those bindings.
"""
from samba.credentials import DONT_USE_KERBEROS, Credentials
from samba.samba3 import libsmb_samba_internal as libsmb
from samba.samba3 import param as s3param


def connect(conf, host, share, user, password):
    lp = s3param.get_context()  # libsmb wants the s3 loadparm, not samba.param
    lp.load(conf)
    creds = Credentials()
    creds.guess(lp)
    creds.set_username(user)
    creds.set_password(password)
    creds.set_kerberos_state(DONT_USE_KERBEROS)
    return libsmb.Conn(host, share, lp, creds)
