"""The HSDS profile's ``translations`` of a service or a way to help: HSDS 3.0 has
no field for a second language, so the texts written in Spanish travel as
``{"es": {"summary": "…", …}}`` under our field names (see docs/import-format.md)."""

KEY = "translations"


def written(obj, names):
    """The translations of ``obj``: each of ``names`` whose ``<name>_es`` is
    written."""
    return {
        "es": {
            name: getattr(obj, f"{name}_es")
            for name in names
            if getattr(obj, f"{name}_es")
        }
    }


def read(value, names):
    """``translations`` read back as ``<name>_es`` values of those of ``names`` it
    gives (other languages and keys are not read), or None when it is not an
    object of objects."""
    spanish = value.get("es", {}) if isinstance(value, dict) else None
    if not isinstance(spanish, dict):
        return None
    return {f"{name}_es": spanish[name] for name in names if name in spanish}
