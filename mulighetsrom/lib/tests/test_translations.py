"""The translation catalogues: bokmål is complete, and the committed .mo files match their .po files.

The .po files are read with a small parser of our own (no extra dependency). The .mo check compiles
each .po with GNU msgfmt into a temporary file and compares the messages it holds with the committed
.mo file. It compares the messages rather than the raw bytes, so a different msgfmt version (which
may lay out the hash table differently) does not give a false alarm, while any change to a message or
to the header (makemessages updates POT-Creation-Date) does. Without msgfmt the check is skipped
locally, but fails in CI, where msgfmt must be installed.

When a test here fails: run makemessages, translate what is new in locale/nb/LC_MESSAGES/django.po,
then run `manage.py compilemessages --ignore=.venv --ignore=node_modules` and commit the .mo files.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from unittest import SkipTest, TestCase

LOCALE_DIR = Path(__file__).resolve().parents[3] / "locale"
NB_PO = LOCALE_DIR / "nb" / "LC_MESSAGES" / "django.po"
CATALOGUES = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po"))

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_KEYWORD = re.compile(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(\".*\")\s*$")
_PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    def label(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


def _unquote(text: str, where: str) -> str:
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"{where}: expected a quoted string, got {text!r}")
    out, body, i = [], text[1:-1], 0
    while i < len(body):
        char = body[i]
        if char == "\\":
            i += 1
            if i >= len(body) or body[i] not in _ESCAPES:
                raise ValueError(f"{where}: unsupported escape in {text!r}")
            out.append(_ESCAPES[body[i]])
        elif char == '"':
            raise ValueError(f"{where}: unescaped quote in {text!r}")
        else:
            out.append(char)
        i += 1
    return "".join(out)


def parse_po(path: Path) -> list[Entry]:
    """Entries of a .po file in order, the header first; obsolete (#~) entries are left out."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None  # the field that continuation lines append to

    def finish() -> None:
        nonlocal current, target
        if current is not None:
            entries.append(current)
        current, target = None, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        where = f"{path.name}:{number}"
        if not line:
            finish()
        elif line.startswith("#~"):
            continue
        elif line.startswith("#"):
            if current is not None and target is not None:
                finish()  # a comment after the strings starts a new entry
            if current is None:
                current = Entry(line=number)
            if line.startswith("#,"):
                current.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
        elif line.startswith('"'):
            if current is None or target is None:
                raise ValueError(f"{where}: a continuation line outside an entry")
            value = _unquote(line, where)
            name, index = target
            if name == "msgstr":
                current.msgstr[index] += value
            else:
                setattr(current, name, getattr(current, name) + value)
        else:
            match = _KEYWORD.match(line)
            if not match:
                raise ValueError(f"{where}: cannot read {raw!r}")
            keyword, value = match.group(1), _unquote(match.group(2), where)
            starts_entry = keyword == "msgctxt" or (
                keyword == "msgid" and target is not None and target[0] != "msgctxt"
            )
            if starts_entry and current is not None and target is not None:
                finish()  # entries not separated by a blank line
            if current is None:
                current = Entry(line=number)
            if keyword.startswith("msgstr"):
                index = int(keyword[7:-1]) if "[" in keyword else 0
                current.msgstr[index] = value
                target = ("msgstr", index)
            else:
                setattr(current, keyword, value)
                target = (keyword, 0)
    finish()
    return entries


def header_fields(entry: Entry) -> dict[str, str]:
    fields = {}
    for line in entry.msgstr.get(0, "").splitlines():
        name, sep, value = line.partition(":")
        if sep:
            fields[name.strip()] = value.strip()
    return fields


def read_mo(data: bytes) -> dict[bytes, bytes]:
    """The messages of a GNU .mo file: original (context and plural joined as stored) -> translation."""
    if len(data) < 20:
        raise ValueError("not a .mo file")
    for order in ("<", ">"):
        magic, _revision, count, originals, translations = struct.unpack(order + "5I", data[:20])
        if magic == 0x950412DE:
            break
    else:
        raise ValueError("not a .mo file (bad magic number)")
    messages = {}
    for i in range(count):
        olen, ooff = struct.unpack(order + "2I", data[originals + 8 * i : originals + 8 * i + 8])
        tlen, toff = struct.unpack(order + "2I", data[translations + 8 * i : translations + 8 * i + 8])
        messages[data[ooff : ooff + olen]] = data[toff : toff + tlen]
    return messages


class BokmalCatalogueTestCase(TestCase):
    """Every message has a bokmål translation that keeps its placeholders."""

    entries: list[Entry]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.entries = parse_po(NB_PO)

    def test_the_header_declares_bokmal_utf8_and_plural_forms(self) -> None:
        header = self.entries[0]
        self.assertTrue(header.is_header, "the first entry of the .po file must be its header")
        self.assertNotIn("fuzzy", header.flags, "the header is marked fuzzy")
        fields = header_fields(header)
        self.assertEqual(fields.get("Language"), "nb")
        self.assertEqual(fields.get("Content-Type"), "text/plain; charset=UTF-8")
        self.assertEqual(fields.get("Plural-Forms"), "nplurals=2; plural=(n != 1);")

    def test_the_catalogue_has_messages(self) -> None:
        self.assertGreater(len(self.entries), 100)

    def test_no_message_is_untranslated(self) -> None:
        missing = []
        for entry in self.entries[1:]:
            forms = 2 if entry.msgid_plural is not None else 1
            if any(not entry.msgstr.get(i) for i in range(forms)):
                missing.append(entry.label())
        self.assertEqual(missing, [], f"{len(missing)} message(s) in {NB_PO.name} have no translation")

    def test_no_message_is_fuzzy(self) -> None:
        fuzzy = [entry.label() for entry in self.entries[1:] if "fuzzy" in entry.flags]
        self.assertEqual(fuzzy, [], "check these translations and remove the fuzzy flag")

    def test_translations_keep_the_named_placeholders(self) -> None:
        wrong = []
        for entry in self.entries[1:]:
            if "python-format" not in entry.flags:
                continue
            singular = set(_PLACEHOLDER.findall(entry.msgid))
            plural = set(_PLACEHOLDER.findall(entry.msgid_plural or "")) or singular
            for index, text in entry.msgstr.items():
                expected = singular if entry.msgid_plural is None or index == 0 else plural
                if set(_PLACEHOLDER.findall(text)) != expected:
                    wrong.append(f"{entry.label()} msgstr[{index}]")
        self.assertEqual(wrong, [], "these translations change the %(name)s placeholders")


class CompiledCataloguesTestCase(TestCase):
    """The committed .mo files are compiled from the current .po files."""

    def msgfmt(self) -> str:
        msgfmt = shutil.which("msgfmt")
        if msgfmt is None:
            if os.environ.get("CI"):
                self.fail("msgfmt (GNU gettext) is not installed; CI must install it")
            raise SkipTest("msgfmt (GNU gettext) is not installed")
        return msgfmt

    def test_every_mo_file_matches_its_po_file(self) -> None:
        self.assertTrue(CATALOGUES, f"no catalogues under {LOCALE_DIR}")
        msgfmt = self.msgfmt()
        for po in CATALOGUES:
            with self.subTest(catalogue=str(po.relative_to(LOCALE_DIR))), tempfile.TemporaryDirectory() as tmp:
                mo = po.with_suffix(".mo")
                self.assertTrue(mo.exists(), f"{mo} is missing: run compilemessages and commit it")
                fresh = Path(tmp) / "django.mo"
                result = subprocess.run(  # noqa: S603 - a fixed command on files in the repository
                    [msgfmt, "--check-format", "-o", str(fresh), str(po)],
                    capture_output=True,
                    text=True,
                    check=False,
                )
                self.assertEqual(result.returncode, 0, f"msgfmt rejects {po}:\n{result.stderr}")
                committed, compiled = mo.read_bytes(), fresh.read_bytes()
                if committed != compiled:
                    old, new = read_mo(committed), read_mo(compiled)
                    changed = sorted(key for key in old.keys() | new.keys() if old.get(key) != new.get(key))
                    shown = ", ".join(repr(key.decode("utf-8", "replace")[:60]) for key in changed[:10])
                    self.assertEqual(
                        changed,
                        [],
                        f"{mo} is out of date ({len(changed)} message(s) differ: {shown}); "
                        "run compilemessages and commit it",
                    )


class ParserTestCase(TestCase):
    """The small .po parser on a hand-written sample."""

    def test_it_reads_flags_contexts_plurals_and_continuations(self) -> None:
        sample = (
            'msgid ""\nmsgstr ""\n"Language: nb\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
            '#: a.py:1\n#, fuzzy, python-format\nmsgid "Hello %(name)s"\nmsgstr "Hei %(name)s"\n\n'
            'msgctxt "menu"\nmsgid ""\n"Long "\n"text"\nmsgstr ""\n\n'
            'msgid "%(n)s group"\nmsgid_plural "%(n)s groups"\nmsgstr[0] "%(n)s gruppe"\nmsgstr[1] "%(n)s grupper"\n\n'
            '#~ msgid "Old"\n#~ msgstr "Gammel"\n\n'
            'msgid "A \\"quote\\"\\n"\nmsgstr "Et \\"sitat\\"\\n"\n'
        )
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "sample.po"
            path.write_text(sample, encoding="utf-8")
            entries = parse_po(path)
        self.assertEqual(len(entries), 5)
        header, hello, long, plural, quote = entries
        self.assertTrue(header.is_header)
        self.assertEqual(header_fields(header)["Language"], "nb")
        self.assertEqual(hello.flags, {"fuzzy", "python-format"})
        self.assertEqual(hello.msgstr, {0: "Hei %(name)s"})
        self.assertEqual((long.msgctxt, long.msgid, long.msgstr), ("menu", "Long text", {0: ""}))
        self.assertFalse(long.is_header)
        self.assertEqual(plural.msgid_plural, "%(n)s groups")
        self.assertEqual(plural.msgstr, {0: "%(n)s gruppe", 1: "%(n)s grupper"})
        self.assertEqual((quote.msgid, quote.msgstr[0]), ('A "quote"\n', 'Et "sitat"\n'))
