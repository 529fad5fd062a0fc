from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "ssb"
PROJECTION_FILE = DATA / "14746_oslo_2026_projection.jsonstat2.json"
REGISTERED_FILE = DATA / "07459_raw.jsonstat2.json"


def projection_text() -> str:
    return PROJECTION_FILE.read_text(encoding="utf-8")


def registered_text() -> str:
    return REGISTERED_FILE.read_text(encoding="utf-8")
