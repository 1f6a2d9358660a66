"""The catalogue snapshot: the semantic IDs of marketing objects in delivery, and a thread that reloads it on change.

Format (the same file the Java local server reads with --catalogue): UTF-8 text, one rendered semantic ID per line
(`<a_12><b_201><c_7><d_3>`, a collision-extended ID adds `<e_N>`), blank lines and lines starting with `#` ignored, except a
header naming the semantic-ID codebook version the IDs come from: `# semantic-ids version=N ...` (the header of
semantic-ids' ids-vN.tsv; version "ids-vN", as prompts and training samples name it) or `# semantic-id-version=V`.
A line that is not exactly one ID, or repeats an earlier ID, makes the whole file invalid: the error names the line,
and a watcher keeps serving the snapshot it had. Publish a new snapshot by writing a temporary file and renaming it
over the old one (or by a Kubernetes ConfigMap/volume update, which swaps a symlink): readers never see half a file.
"""

import logging
import os
import re
import threading
from dataclasses import dataclass

from . import semantic_ids
from .trie_beam_search import SemanticIdTrie

LOG = logging.getLogger(__name__)
VERSION_HEADERS = (re.compile(r"#\s*semantic-ids\s+version=(\d+)\b"), re.compile(r"#\s*semantic-id-version=(\S+)"))


class CatalogueError(ValueError):
    """A catalogue file that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class CatalogueSnapshot:
    """One loaded file: its trie and what identifies the file version it came from."""

    trie: SemanticIdTrie
    source: str
    stamp: tuple
    version: str = None  # the codebook version the header names, None when the file has no header


def parse_version(text):
    """The semantic-ID version a catalogue's header names ("ids-v3"), or None."""
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            break
        for number, pattern in enumerate(VERSION_HEADERS):
            match = pattern.match(line)
            if match:
                return "ids-v" + match.group(1) if number == 0 else match.group(1)
    return None


def parse(text, source="<text>"):
    """The trie of the IDs in `text`; CatalogueError naming `source` and the line of the first bad line."""
    ids = []
    seen = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            codes = semantic_ids.parse_one(line)
        except ValueError as error:
            raise CatalogueError("%s line %d: %s" % (source, number, error)) from None
        if codes in seen:
            raise CatalogueError("%s line %d: %s repeats line %d" % (source, number, line, seen[codes]))
        seen[codes] = number
        ids.append(codes)
    if not ids:
        raise CatalogueError("%s: no semantic IDs (an empty catalogue would recall nothing)" % source)
    return SemanticIdTrie(ids)


def _stamp(path):
    status = os.stat(path)
    return (status.st_ino, status.st_mtime_ns, status.st_size)


def load(path, validate=None, expected_version=None):
    """The snapshot in `path`; `validate(trie)` may refuse it by raising ValueError (e.g. codes a model cannot spell).

    With `expected_version` (the codebook a model was trained on) a file naming another version, or none, is refused:
    the same codes mean other objects under another codebook, so the model would recall the wrong ones.
    """
    stamp = _stamp(path)
    with open(path, encoding="utf-8") as file:
        text = file.read()
    trie = parse(text, path)
    version = parse_version(text)
    if expected_version is not None and version != expected_version:
        raise CatalogueError("%s: catalogue holds semantic IDs %s but the model was trained on codebook %s; serve a"
                             " model trained on this codebook (or a catalogue of its IDs)"
                             % (path, version or "of no declared version (no '# semantic-ids version=N' header)",
                                expected_version))
    if validate is not None:
        try:
            validate(trie)
        except ValueError as error:
            raise CatalogueError("%s: %s" % (path, error)) from None
    return CatalogueSnapshot(trie, path, stamp, version)


class CatalogueWatcher:
    """Serves the latest valid snapshot of a file and reloads it when the file changes.

    `current()` is lock-free (one attribute read); a request should read it once and keep that snapshot for its whole
    search, so a reload in the middle of a search cannot strand its beams.
    """

    def __init__(self, path, poll_seconds=10.0, validate=None, expected_version=None):
        self.path = path
        self.poll_seconds = poll_seconds
        self.validate = validate
        self.expected_version = expected_version
        self.rejected = 0
        self.last_error = None
        self._snapshot = load(path, validate, expected_version)
        self._stop = threading.Event()
        self._thread = None

    def current(self):
        return self._snapshot

    def check_now(self):
        """Reloads when the file changed; True when a new snapshot is now served. Bad files are logged and counted."""
        try:
            if _stamp(self.path) == self._snapshot.stamp:
                return False
            snapshot = load(self.path, self.validate, self.expected_version)
        except (OSError, CatalogueError) as error:
            self.rejected += 1
            self.last_error = str(error)
            LOG.error("catalogue not reloaded, still serving %d IDs: %s", len(self._snapshot.trie), error)
            return False
        self._snapshot = snapshot
        LOG.info("catalogue reloaded from %s: %d IDs in delivery", self.path, len(snapshot.trie))
        return True

    def start(self):
        if self.poll_seconds > 0 and self._thread is None:
            self._thread = threading.Thread(target=self._run, name="catalogue-watcher", daemon=True)
            self._thread.start()
        return self

    def _run(self):
        while not self._stop.wait(self.poll_seconds):
            self.check_now()

    def stop(self):
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
