"""chatguard — Python bindings to libchatguard (ctypes, standard library only).

    import chatguard
    engine = chatguard.Engine(profile="wb")
    r = engine.check("Звоните +7 916 123-45-67", role="seller")
    r.action, r.sanction, r.fine_rub, [(h.category, h.rule, h.text) for h in r.hits]
    engine.check_many(["...", "..."])          # one call into the library for the whole list

    conv = engine.conversation()               # conversation mode: one per chat, fed every message in order
    conv.check("8916", role="seller"); conv.check("123 45 67", role="seller").hits[0].parts
    data = conv.serialize()                    # bytes (<= 1 KiB) for the backend's store
    conv = chatguard.Conversation.deserialize(engine, data)   # continue it anywhere

An Engine is shared by all threads; each thread gets its own scanner on first use (ctypes releases the
GIL during the call, so threads check in parallel). The library is found through $CHATGUARD_LIBRARY, the
build tree this package sits in, the system's library path, or pkg-config.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import subprocess
import threading
import weakref
from dataclasses import dataclass, field
from typing import Iterable, List, Optional, Sequence, Union

__all__ = ["Engine", "Result", "Hit", "Part", "Conversation", "ChatguardError", "Diagnostic", "CATEGORIES",
           "STATE_MAX", "version"]

CATEGORIES = ["phone", "email", "link", "messenger", "offplatform", "pii_request", "profanity", "insult",
              "disparagement", "ads", "one_word", "phishing", "extortion", "spam"]
ACTIONS = ["allow", "mask", "review", "block"]
SANCTIONS = ["none", "warning", "fine", "disconnect"]
ROLES = {"seller": 0, "buyer": 1}
CHANNELS = {"chat": 0, "review_reply": 1, "question_answer": 2}
VIEWS = ["text", "digits", "contact", "letters"]
FLAGS = {1: "invalid_utf8", 2: "nul_byte", 4: "truncated"}

# ------------------------------------------------------------------------------------------ C types
class _Context(ctypes.Structure):
    _fields_ = [("role", ctypes.c_int), ("channel", ctypes.c_int), ("prior_violations", ctypes.c_uint)]

class _Hit(ctypes.Structure):
    _fields_ = [("category", ctypes.c_int), ("rule", ctypes.c_char_p), ("severity", ctypes.c_int),
                ("start", ctypes.c_size_t), ("end", ctypes.c_size_t), ("view", ctypes.c_uint),
                ("action", ctypes.c_int), ("sanction", ctypes.c_int), ("fine_rub", ctypes.c_long)]

class _Part(ctypes.Structure):
    _fields_ = [("hit", ctypes.c_size_t), ("message", ctypes.c_uint32), ("start", ctypes.c_size_t),
                ("end", ctypes.c_size_t)]

class _Result(ctypes.Structure):
    _fields_ = [("action", ctypes.c_int), ("sanction", ctypes.c_int), ("fine_rub", ctypes.c_long),
                ("categories", ctypes.c_uint32), ("hits", ctypes.POINTER(_Hit)), ("n_hits", ctypes.c_size_t),
                ("masked", ctypes.c_void_p), ("masked_len", ctypes.c_size_t), ("flags", ctypes.c_uint32),
                ("parts", ctypes.POINTER(_Part)), ("n_parts", ctypes.c_size_t), ("message", ctypes.c_uint32)]

class _ConversationOptions(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_size_t), ("max_messages", ctypes.c_uint), ("tail_bytes", ctypes.c_uint),
                ("max_distance", ctypes.c_uint), ("repeat_threshold", ctypes.c_uint),
                ("repeat_min_words", ctypes.c_uint), ("no_repeats", ctypes.c_int)]

class _Message(ctypes.Structure):
    _fields_ = [("text", ctypes.c_char_p), ("len", ctypes.c_size_t), ("ctx", _Context)]

class _BatchItem(ctypes.Structure):
    _fields_ = [("error", ctypes.c_int), ("action", ctypes.c_int), ("sanction", ctypes.c_int),
                ("fine_rub", ctypes.c_long), ("categories", ctypes.c_uint32), ("flags", ctypes.c_uint32),
                ("first_hit", ctypes.c_size_t), ("n_hits", ctypes.c_size_t),
                ("masked_offset", ctypes.c_size_t), ("masked_len", ctypes.c_size_t)]

class _Batch(ctypes.Structure):
    _fields_ = [("items", ctypes.POINTER(_BatchItem)), ("n_items", ctypes.c_size_t),
                ("hits", ctypes.POINTER(_Hit)), ("n_hits", ctypes.c_size_t),
                ("masked", ctypes.c_void_p), ("masked_len", ctypes.c_size_t)]

class _Options(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_size_t), ("max_message_bytes", ctypes.c_size_t),
                ("strict_utf8", ctypes.c_int), ("mask_text", ctypes.c_char_p), ("no_jit", ctypes.c_int),
                ("cache_dir", ctypes.c_char_p)]

class _Diagnostic(ctypes.Structure):
    _fields_ = [("file", ctypes.c_char_p), ("line", ctypes.c_uint), ("column", ctypes.c_uint),
                ("rule", ctypes.c_char_p), ("message", ctypes.c_char_p)]

# ------------------------------------------------------------------------------------------ the library
_HERE = os.path.dirname(os.path.abspath(__file__))
_REPO = os.path.normpath(os.path.join(_HERE, "..", "..", ".."))

def _pkg_config(var: str) -> Optional[str]:
    try:
        out = subprocess.run(["pkg-config", "--variable=" + var, "chatguard"], capture_output=True, text=True,
                             timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None

def _find_library():
    """(path, rules_dir_if_known) of libchatguard."""
    env = os.environ.get("CHATGUARD_LIBRARY")
    if env:
        return env, None
    tree = os.path.join(_REPO, "build", "libchatguard.so")
    if os.path.exists(tree):
        return tree, os.path.join(_REPO, "rules")
    found = ctypes.util.find_library("chatguard")
    if found:
        return found, _pkg_config("rulesdir")
    libdir = _pkg_config("libdir")
    if libdir and os.path.exists(os.path.join(libdir, "libchatguard.so")):
        return os.path.join(libdir, "libchatguard.so"), _pkg_config("rulesdir")
    raise OSError("libchatguard not found: set CHATGUARD_LIBRARY, build it (make), or install it (make install)")

_path, _default_rules = _find_library()
_lib = ctypes.CDLL(_path)

def _fn(name, restype, *argtypes):
    f = getattr(_lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f

_engine_load = _fn("cg_engine_load", ctypes.c_int, ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(_Options),
                   ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_void_p))
_engine_unref = _fn("cg_engine_unref", None, ctypes.c_void_p)
_engine_cache_status = _fn("cg_engine_cache_status", ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(ctypes.c_char_p))
CACHE_STATUSES = ["off", "hit", "written", "failed"]
_scanner_new = _fn("cg_scanner_new", ctypes.c_int, ctypes.POINTER(ctypes.c_void_p))
_scanner_free = _fn("cg_scanner_free", None, ctypes.c_void_p)
_check = _fn("cg_check_message", ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t,
             ctypes.POINTER(_Context), ctypes.POINTER(_Result))
_check_batch = _fn("cg_check_batch", ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(_Message),
                   ctypes.c_size_t, ctypes.POINTER(_Batch))
_conv_new = _fn("cg_conversation_new", ctypes.c_int, ctypes.POINTER(_ConversationOptions),
                 ctypes.POINTER(ctypes.c_void_p))
_conv_free = _fn("cg_conversation_free", None, ctypes.c_void_p)
_conv_messages = _fn("cg_conversation_messages", ctypes.c_uint32, ctypes.c_void_p)
_conv_check = _fn("cg_check_in_conversation", ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
                  ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(_Context), ctypes.POINTER(_Result))
_conv_serialize = _fn("cg_conversation_serialize", ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
                      ctypes.POINTER(ctypes.c_size_t))
_conv_deserialize = _fn("cg_conversation_deserialize", ctypes.c_int, ctypes.c_char_p, ctypes.c_size_t,
                        ctypes.POINTER(ctypes.c_void_p))
_strerror = _fn("cg_strerror", ctypes.c_char_p, ctypes.c_int)
_diag_count = _fn("cg_diagnostics_count", ctypes.c_size_t, ctypes.c_void_p)
_diag_get = _fn("cg_diagnostics_get", ctypes.POINTER(_Diagnostic), ctypes.c_void_p, ctypes.c_size_t)
_diag_free = _fn("cg_diagnostics_free", None, ctypes.c_void_p)
_version = _fn("cg_version_string", ctypes.c_char_p)

def version() -> str:
    return _version().decode()

# ------------------------------------------------------------------------------------------ results
@dataclass(frozen=True)
class Diagnostic:
    file: str
    line: int
    column: int
    rule: str
    message: str

    def __str__(self):
        return f"{self.file}:{self.line}:{self.column}: {self.message}" + (f" [{self.rule}]" if self.rule else "")

class ChatguardError(Exception):
    """A library error; `code` is the cg_error value, `diagnostics` the problems of a rule set."""
    def __init__(self, code: int, diagnostics: Sequence[Diagnostic] = ()):
        self.code = code
        self.diagnostics = list(diagnostics)
        text = _strerror(code).decode()
        if self.diagnostics:
            text += "\n" + "\n".join(str(d) for d in self.diagnostics)
        super().__init__(text)

STATE_MAX = 1024  # CG_CONVERSATION_STATE_MAX: a serialized conversation is never longer

@dataclass(frozen=True)
class Part:
    """Conversation mode: the piece of a cross-message hit in one message (byte offsets into that message)."""
    message: int
    start: int
    end: int

@dataclass
class Hit:
    category: str
    rule: str
    severity: int
    start: int           # byte offsets into the UTF-8 message
    end: int
    char_start: int      # the same span as indices of the Python string
    char_end: int
    text: str
    view: str
    action: str
    sanction: str
    fine_rub: int
    parts: List[Part] = field(default_factory=list)  # conversation mode: one per contributing message

@dataclass
class Result:
    action: str
    sanction: str
    fine_rub: int
    categories: List[str]
    hits: List[Hit]
    masked: str
    warnings: List[str] = field(default_factory=list)
    error: Optional[str] = None   # check_many only: why this message could not be checked
    message: int = 0              # conversation mode: the index of this message in its conversation

def _make_hits(raw, first, count, data: bytes) -> List[Hit]:
    hits = []
    for k in range(first, first + count):
        h = raw[k]
        cs = len(data[:h.start].decode("utf-8", "replace"))
        span = data[h.start:h.end].decode("utf-8", "replace")
        hits.append(Hit(CATEGORIES[h.category], h.rule.decode(), h.severity, h.start, h.end, cs, cs + len(span), span,
                        VIEWS[h.view] if h.view < len(VIEWS) else str(h.view), ACTIONS[h.action],
                        SANCTIONS[h.sanction], h.fine_rub))
    return hits

_CATS_CACHE = {0: ()}

def _cats(mask: int) -> List[str]:
    names = _CATS_CACHE.get(mask)
    if names is None:
        names = _CATS_CACHE[mask] = tuple(c for i, c in enumerate(CATEGORIES) if mask & (1 << i))
    return list(names)

def _warnings(flags: int) -> List[str]:
    return [name for bit, name in FLAGS.items() if flags & bit] if flags else []

def _context(role: str, channel: str, prior_violations: int) -> _Context:
    try:
        return _Context(ROLES[role], CHANNELS[channel], int(prior_violations))
    except KeyError as e:
        raise ValueError(f"unknown role or channel: {e}") from None

MessageLike = Union[str, bytes, dict]

# ------------------------------------------------------------------------------------------ the engine
class _Scanner:
    """One thread's scanner. Freed when its thread ends (the thread-local storage drops it) or when the
    engine is closed, whichever comes first."""
    __slots__ = ("ptr", "__weakref__")

    def __init__(self):
        self.ptr = ctypes.c_void_p()
        if _scanner_new(ctypes.byref(self.ptr)) != 0:
            raise MemoryError("cg_scanner_new")

    def free(self):
        if self.ptr:
            _scanner_free(self.ptr)
            self.ptr = None

    def __del__(self):
        self.free()


class _Closable:
    """A wrapper of a C object freed by close(): usable in `with`, closed when garbage-collected."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass


class Engine(_Closable):
    """A compiled rule set and profile. Thread-safe; each thread checks with its own scanner."""

    def __init__(self, rules: Optional[str] = None, profile: str = "wb", *, mask_text: Optional[str] = None,
                 max_message_bytes: int = 0, strict_utf8: bool = False, cache_dir: Optional[str] = None):
        """cache_dir: a directory where the compiled Hyperscan databases are kept between loads (a load
        from it skips compiling them, over 90 % of a load; a damaged or stale file there is rebuilt). The
        `cache` property tells what happened."""
        rules = rules or os.environ.get("CHATGUARD_RULES_DIR") or _default_rules
        opts = _Options(ctypes.sizeof(_Options), max_message_bytes, int(strict_utf8),
                        mask_text.encode() if mask_text is not None else None, 0,
                        os.fsencode(cache_dir) if cache_dir else None)
        handle, diag = ctypes.c_void_p(), ctypes.c_void_p()
        rc = _engine_load(rules.encode() if rules else None, profile.encode(), ctypes.byref(opts),
                          ctypes.byref(handle), ctypes.byref(diag))
        if rc != 0:
            diags = []
            for i in range(_diag_count(diag)):
                d = _diag_get(diag, i).contents
                diags.append(Diagnostic(d.file.decode(), d.line, d.column, d.rule.decode(), d.message.decode()))
            _diag_free(diag)
            raise ChatguardError(rc, diags)
        self._handle = handle
        self._local = threading.local()
        self._scanners = weakref.WeakSet()  # live scanners, freed with the engine
        self._lock = threading.Lock()
        self.profile = profile

    @property
    def cache(self) -> "tuple[str, str]":
        """(status, detail) of the compiled-database cache at load: status "off" (no cache_dir), "hit" (read
        from the cache), "written" (compiled and written; detail says why no file was used) or "failed"
        (compiled; the file could not be written, detail says why)."""
        detail = ctypes.c_char_p()
        st = _engine_cache_status(self._handle, ctypes.byref(detail))
        return CACHE_STATUSES[st], (detail.value or b"").decode("utf-8", "replace")

    def _scanner(self) -> ctypes.c_void_p:
        s = getattr(self._local, "scanner", None)
        if s is None or not s.ptr:
            s = _Scanner()
            self._local.scanner = s
            with self._lock:
                self._scanners.add(s)
        return s.ptr

    def check(self, text: Union[str, bytes], role: str = "seller", channel: str = "chat",
              prior_violations: int = 0) -> Result:
        data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else bytes(text)
        ctx = _context(role, channel, prior_violations)
        res = _Result()
        rc = _check(self._handle, self._scanner(), data, len(data), ctypes.byref(ctx), ctypes.byref(res))
        if rc != 0:
            raise ChatguardError(rc)
        masked = ctypes.string_at(res.masked, res.masked_len).decode("utf-8", "replace")
        return Result(ACTIONS[res.action], SANCTIONS[res.sanction], res.fine_rub, _cats(res.categories),
                      _make_hits(res.hits, 0, res.n_hits, data), masked, _warnings(res.flags))

    def check_many(self, messages: Iterable[MessageLike], role: str = "seller", channel: str = "chat",
                   prior_violations: int = 0) -> List[Result]:
        """Check many messages with one call into the library. Each item is a text, or a dict with "text"
        and optionally "role", "channel", "prior_violations" (the keyword arguments are the defaults)."""
        items = list(messages)
        datas, texts, arr = [], [], (_Message * len(items))()
        default_ctx = _context(role, channel, prior_violations)
        for i, m in enumerate(items):
            if isinstance(m, dict):
                t = m["text"]
                ctx = _context(m.get("role", role), m.get("channel", channel), m.get("prior_violations", prior_violations))
            else:
                t, ctx = m, default_ctx
            data = t.encode("utf-8", "surrogatepass") if isinstance(t, str) else bytes(t)
            datas.append(data)  # keeps the bytes alive during the call
            texts.append(t if isinstance(t, str) else None)
            msg = arr[i]
            msg.text, msg.len, msg.ctx = data, len(data), ctx
        batch = _Batch()
        rc = _check_batch(self._handle, self._scanner(), arr, len(items), ctypes.byref(batch))
        if rc != 0:
            raise ChatguardError(rc)
        masked_all = ctypes.string_at(batch.masked, batch.masked_len) if batch.masked_len else b""
        out = []
        for i in range(batch.n_items):
            it = batch.items[i]
            if not it.n_hits and not it.flags and texts[i] is not None:
                masked = texts[i]  # nothing masked: the masked text is the message itself
            else:
                masked = masked_all[it.masked_offset:it.masked_offset + it.masked_len].decode("utf-8", "replace")
            out.append(Result(ACTIONS[it.action], SANCTIONS[it.sanction], it.fine_rub, _cats(it.categories),
                              _make_hits(batch.hits, it.first_hit, it.n_hits, datas[i]), masked, _warnings(it.flags),
                              _strerror(it.error).decode() if it.error else None))
        return out

    def conversation(self, *, max_messages: int = 0, tail_bytes: int = 0, max_distance: int = 0,
                     repeat_threshold: int = 0, repeat_min_words: int = 0, no_repeats: bool = False) -> "Conversation":
        """A new conversation checked with this engine (0 = the library's defaults: 3 earlier messages of
        96 bytes, 8 messages back at most, the 5th identical message of at least 3 words is spam)."""
        opts = _ConversationOptions(ctypes.sizeof(_ConversationOptions), max_messages, tail_bytes, max_distance,
                                    repeat_threshold, repeat_min_words, int(no_repeats))
        handle = ctypes.c_void_p()
        rc = _conv_new(ctypes.byref(opts), ctypes.byref(handle))
        if rc != 0:
            raise ChatguardError(rc)
        return Conversation(self, handle)

    def close(self):
        """Free the engine and its scanners (also done when the Engine is garbage-collected)."""
        with self._lock:
            for s in list(self._scanners):
                s.free()
        if getattr(self, "_handle", None):
            _engine_unref(self._handle)
            self._handle = None


class Conversation(_Closable):
    """One chat's state for conversation mode: feed it every message of the chat, both sides, in order.
    Contacts split across a sender's messages are reported on the message that completes them, with
    `Hit.parts` in every contributing message; the n-th identical message of a sender gets a "spam" hit.
    Use it from one thread at a time; serialize() it to keep it between messages anywhere."""

    def __init__(self, engine: Engine, handle: ctypes.c_void_p):
        self.engine = engine
        self._handle = handle

    @classmethod
    def deserialize(cls, engine: Engine, data: bytes) -> "Conversation":
        """A conversation from serialize() bytes, checked with `engine`. Corrupt, truncated or foreign bytes
        raise ChatguardError with code -10 (CG_E_BAD_STATE)."""
        data = bytes(data)
        handle = ctypes.c_void_p()
        rc = _conv_deserialize(data, len(data), ctypes.byref(handle))
        if rc != 0:
            raise ChatguardError(rc)
        return cls(engine, handle)

    @property
    def messages(self) -> int:
        """Messages checked so far: the index the next one gets."""
        return _conv_messages(self._handle)

    def check(self, text: Union[str, bytes], role: str = "seller", channel: str = "chat",
              prior_violations: int = 0) -> Result:
        if not self._handle:
            raise ValueError("conversation closed")
        data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else bytes(text)
        ctx = _context(role, channel, prior_violations)
        res = _Result()
        rc = _conv_check(self.engine._handle, self.engine._scanner(), self._handle, data, len(data), ctypes.byref(ctx),
                         ctypes.byref(res))
        if rc != 0:
            raise ChatguardError(rc)
        hits = _make_hits(res.hits, 0, res.n_hits, data)
        for k in range(res.n_parts):
            p = res.parts[k]
            hits[p.hit].parts.append(Part(p.message, p.start, p.end))
        masked = ctypes.string_at(res.masked, res.masked_len).decode("utf-8", "replace")
        return Result(ACTIONS[res.action], SANCTIONS[res.sanction], res.fine_rub, _cats(res.categories), hits, masked,
                      _warnings(res.flags), message=res.message)

    def serialize(self) -> bytes:
        """The state as at most STATE_MAX bytes (versioned, checksummed, the same on every platform)."""
        buf = ctypes.create_string_buffer(STATE_MAX)
        n = ctypes.c_size_t()
        rc = _conv_serialize(self._handle, buf, STATE_MAX, ctypes.byref(n))
        if rc != 0:
            raise ChatguardError(rc)
        return buf.raw[:n.value]

    def close(self):
        if getattr(self, "_handle", None):
            _conv_free(self._handle)
            self._handle = None

