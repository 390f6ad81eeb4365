"""Where benchmark figures were measured: the machine and the database, printed with
every run so a figure never travels without them."""

import os
import platform
from pathlib import Path


def machine():
    """CPUs this process may use, the CPU model and the load average."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": cpu or platform.processor(),
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def database(connection):
    """(vendor, "SQLite 3.40.1" or "PostgreSQL 15.20 ...") of a connection."""
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            version = f"SQLite {cursor.fetchone()[0]}"
        elif vendor == "postgresql":
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            version = vendor
    return vendor, version
