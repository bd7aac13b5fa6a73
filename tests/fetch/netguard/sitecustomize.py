"""Started with every Python process of a fetch test (this folder is put on PYTHONPATH): the
network guard of :mod:`netguard`, when ``MEDBIB_NETGUARD`` names its report file."""

import os

if os.environ.get("MEDBIB_NETGUARD"):
    import netguard

    netguard.install(os.environ["MEDBIB_NETGUARD"])
