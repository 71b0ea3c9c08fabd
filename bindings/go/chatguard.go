// Package chatguard checks Russian marketplace chat messages with libchatguard.
//
//	eng, err := chatguard.Load(chatguard.Options{Profile: "wb"})
//	res, err := eng.Check(chatguard.Message{Text: "Звоните +7 916 123-45-67", Role: "seller"})
//	res.Action, res.Sanction, res.FineRub, res.Hits
//
// An Engine is safe for concurrent use by any number of goroutines: each check borrows a scanner (the
// library's per-thread state) from a sync.Pool. CheckMany checks a slice with one cgo call.
//
// Conversation mode: a Conversation per chat, fed every message in order, reports contacts split across a
// sender's messages (Hit.Parts) and repeated messages (category "spam"); Serialize/RestoreConversation keep
// it between messages in any store, for any replica:
//
//	conv, _ := eng.NewConversation(chatguard.ConversationOptions{})
//	res, _ := conv.Check(chatguard.Message{Text: "8916", Role: "seller"})
//	state, _ := conv.Serialize()      // <= StateMax bytes
//	conv, _ = eng.RestoreConversation(state)
//
// The package links libchatguard through pkg-config ("#cgo pkg-config: chatguard"); against a build
// tree, point PKG_CONFIG_PATH at build/pkgconfig-uninstalled (make does).
package chatguard

/*
#cgo pkg-config: chatguard
#include <stdlib.h>
#include <string.h>
#include <chatguard.h>

static const cg_hit *cg_go_hit(const cg_hit *hits, size_t i) { return &hits[i]; }
static const cg_part *cg_go_part(const cg_part *parts, size_t i) { return &parts[i]; }
static const cg_batch_item *cg_go_item(const cg_batch_item *items, size_t i) { return &items[i]; }
*/
import "C"

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"unsafe"
)

// Categories, actions, sanctions, roles and channels by the contract's names.
var (
	categories = []string{"phone", "email", "link", "messenger", "offplatform", "pii_request", "profanity",
		"insult", "disparagement", "ads", "one_word", "phishing", "extortion", "spam"}
	actions   = []string{"allow", "mask", "review", "block"}
	sanctions = []string{"none", "warning", "fine", "disconnect"}
	views     = []string{"text", "digits", "contact", "letters"}
)

// Options for Load. Zero values mean the library's defaults.
type Options struct {
	Rules           string // rules directory; "" = $CHATGUARD_RULES_DIR or the installed rules
	Profile         string // "wb" (default), "ozon", "yandex-market", "magnit-market", "avito"
	MaskText        string // replace masked spans with this text instead of '*' per character
	MaxMessageBytes int    // longer messages fail with ErrTooLong; 0 = 1 MiB
	StrictUTF8      bool   // invalid UTF-8 fails instead of being read as U+FFFD
	// CacheDir: a directory where the compiled Hyperscan databases are kept between loads ("" = none).
	// A load from it skips compiling them, over 90 % of a load; a damaged or stale file there is rebuilt.
	// Engine.Cache tells what happened.
	CacheDir string
}

// Message is one chat message and its context.
type Message struct {
	Text            string
	Role            string // "seller" (default) or "buyer"
	Channel         string // "chat" (default), "review_reply", "question_answer"
	PriorViolations int
}

// Part is, in conversation mode, the piece of a cross-message hit in one message of the conversation:
// byte offsets into that message.
type Part struct {
	Message int
	Start   int
	End     int
}

// Hit is one finding: the rule, and the span of the original text as byte offsets.
type Hit struct {
	Category string
	Rule     string
	Severity int
	Start    int
	End      int
	Text     string
	View     string
	Action   string
	Sanction string
	FineRub  int64
	Parts    []Part // conversation mode: one per contributing message, this one included
}

// Result is the verdict on one message.
type Result struct {
	Action     string
	Sanction   string
	FineRub    int64
	Categories []string
	Hits       []Hit
	Masked     string
	Warnings   []string
	Err        error // CheckMany only: why this message could not be checked
	Message    int   // conversation mode: the index of this message in its conversation
}

// Diagnostic is one problem of a rule set, with its place.
type Diagnostic struct {
	File    string
	Line    int
	Column  int
	Rule    string
	Message string
}

func (d Diagnostic) String() string {
	s := fmt.Sprintf("%s:%d:%d: %s", d.File, d.Line, d.Column, d.Message)
	if d.Rule != "" {
		s += " [" + d.Rule + "]"
	}
	return s
}

// Error is a library error code, with the diagnostics of a rule set that failed to load.
type Error struct {
	Code        int
	Diagnostics []Diagnostic
}

func (e *Error) Error() string {
	msg := C.GoString(C.cg_strerror(C.int(e.Code)))
	for _, d := range e.Diagnostics {
		msg += "\n" + d.String()
	}
	return msg
}

// ErrTooLong is returned for a message longer than Options.MaxMessageBytes.
var ErrTooLong = &Error{Code: int(C.CG_E_TOO_LONG)}

func codeError(rc C.int) error {
	if rc == C.CG_OK {
		return nil
	}
	if rc == C.CG_E_TOO_LONG {
		return ErrTooLong
	}
	return &Error{Code: int(rc)}
}

// Engine is a compiled rule set and profile, shared by all goroutines.
type Engine struct {
	mu     sync.RWMutex
	handle *C.cg_engine
	pool   sync.Pool
	rules  sync.Map // C rule id pointer (owned by the engine, stable) -> Go string: no allocation per hit
}

// ruleName is the Go string of a rule id, made once per rule.
func (e *Engine) ruleName(p *C.char) string {
	if v, ok := e.rules.Load(uintptr(unsafe.Pointer(p))); ok {
		return v.(string)
	}
	s := C.GoString(p)
	e.rules.Store(uintptr(unsafe.Pointer(p)), s)
	return s
}

// masked is the masked text of a result: the message itself when nothing was masked or replaced.
func masked(text string, p *C.char, n C.size_t, hits C.size_t, flags C.uint32_t) string {
	if hits == 0 && flags == 0 {
		return text
	}
	return C.GoStringN(p, C.int(n))
}

type scanner struct{ s *C.cg_scanner }

func freeScanner(sc *scanner) { C.cg_scanner_free(sc.s) }

// Load compiles the rules and the profile.
func Load(o Options) (*Engine, error) {
	copts := C.cg_options{struct_size: C.size_t(unsafe.Sizeof(C.cg_options{}))}
	copts.max_message_bytes = C.size_t(o.MaxMessageBytes)
	if o.StrictUTF8 {
		copts.strict_utf8 = 1
	}
	var cstrs []*C.char
	defer func() {
		for _, p := range cstrs {
			C.free(unsafe.Pointer(p))
		}
	}()
	cstr := func(s string) *C.char {
		if s == "" {
			return nil
		}
		p := C.CString(s)
		cstrs = append(cstrs, p)
		return p
	}
	copts.mask_text = cstr(o.MaskText)
	copts.cache_dir = cstr(o.CacheDir)
	var handle *C.cg_engine
	var diag *C.cg_diagnostics
	rc := C.cg_engine_load(cstr(o.Rules), cstr(o.Profile), &copts, &handle, &diag)
	if rc != C.CG_OK {
		err := &Error{Code: int(rc)}
		n := int(C.cg_diagnostics_count(diag))
		for i := 0; i < n; i++ {
			d := C.cg_diagnostics_get(diag, C.size_t(i))
			err.Diagnostics = append(err.Diagnostics, Diagnostic{C.GoString(d.file), int(d.line), int(d.column),
				C.GoString(d.rule), C.GoString(d.message)})
		}
		C.cg_diagnostics_free(diag)
		return nil, err
	}
	e := &Engine{handle: handle}
	e.pool.New = func() any {
		sc := &scanner{}
		if C.cg_scanner_new(&sc.s) != C.CG_OK {
			return nil
		}
		// A scanner the pool drops is freed by the collector; it holds its own reference to the engine.
		runtime.SetFinalizer(sc, freeScanner)
		return sc
	}
	return e, nil
}

// Cache tells what the compiled-database cache did when the engine was loaded: status "off" (no CacheDir),
// "hit" (read from the cache), "written" (compiled and written; detail says why no file was used) or
// "failed" (compiled; the file could not be written, detail says why).
func (e *Engine) Cache() (status, detail string) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	if e.handle == nil {
		return "off", ""
	}
	var d *C.char
	st := C.cg_engine_cache_status(e.handle, &d)
	statuses := []string{"off", "hit", "written", "failed"}
	if int(st) < 0 || int(st) >= len(statuses) {
		return "unknown", C.GoString(d)
	}
	return statuses[st], C.GoString(d)
}

// Close releases the engine. Checks in flight finish; later checks fail.
func (e *Engine) Close() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.handle != nil {
		C.cg_engine_unref(e.handle)
		e.handle = nil
	}
}

func context(m *Message) (C.cg_context, error) {
	var r C.cg_role
	switch m.Role {
	case "", "seller":
		r = C.CG_ROLE_SELLER
	case "buyer":
		r = C.CG_ROLE_BUYER
	default:
		return C.cg_context{}, fmt.Errorf("chatguard: unknown role %q", m.Role)
	}
	var c C.cg_channel
	switch m.Channel {
	case "", "chat":
		c = C.CG_CHANNEL_CHAT
	case "review_reply":
		c = C.CG_CHANNEL_REVIEW_REPLY
	case "question_answer":
		c = C.CG_CHANNEL_QUESTION_ANSWER
	default:
		return C.cg_context{}, fmt.Errorf("chatguard: unknown channel %q", m.Channel)
	}
	if m.PriorViolations < 0 {
		return C.cg_context{}, errors.New("chatguard: negative PriorViolations")
	}
	return C.cg_context{role: r, channel: c, prior_violations: C.uint(m.PriorViolations)}, nil
}

func names(mask C.uint32_t, list []string) []string {
	var out []string
	for i, n := range list {
		if mask&(1<<uint(i)) != 0 {
			out = append(out, n)
		}
	}
	return out
}

func warnings(flags C.uint32_t) []string {
	return names(flags, []string{"invalid_utf8", "nul_byte", "truncated"})
}

func (e *Engine) hits(raw *C.cg_hit, first, n int, text string) []Hit {
	if n == 0 {
		return nil
	}
	out := make([]Hit, 0, n)
	for i := first; i < first+n; i++ {
		h := C.cg_go_hit(raw, C.size_t(i))
		start, end := int(h.start), int(h.end)
		v := "?"
		if int(h.view) < len(views) {
			v = views[h.view]
		}
		out = append(out, Hit{categories[h.category], e.ruleName(h.rule), int(h.severity), start, end, text[start:end],
			v, actions[h.action], sanctions[h.sanction], int64(h.fine_rub), nil})
	}
	return out
}

func (e *Engine) borrow() (*scanner, error) {
	sc, _ := e.pool.Get().(*scanner)
	if sc == nil {
		return nil, &Error{Code: int(C.CG_E_NOMEM)}
	}
	return sc, nil
}

// Check checks one message.
func (e *Engine) Check(m Message) (Result, error) {
	return e.checkOne(m, func(h *C.cg_engine, s *C.cg_scanner, text *C.char, n C.size_t, ctx *C.cg_context, res *C.cg_result) C.int {
		return C.cg_check_message(h, s, text, n, ctx, res)
	})
}

// checkOne runs one C check of m on a pooled scanner under the engine's read lock and converts its result;
// call is cg_check_message or cg_check_in_conversation bound to its conversation.
func (e *Engine) checkOne(m Message, call func(*C.cg_engine, *C.cg_scanner, *C.char, C.size_t, *C.cg_context, *C.cg_result) C.int) (Result, error) {
	ctx, err := context(&m)
	if err != nil {
		return Result{}, err
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	if e.handle == nil {
		return Result{}, errors.New("chatguard: engine closed")
	}
	sc, err := e.borrow()
	if err != nil {
		return Result{}, err
	}
	defer e.pool.Put(sc)
	// The text goes to C as a copy in C memory: cgo may not keep Go pointers, and a Go string has none to lend.
	ctext := C.CString(m.Text)
	defer C.free(unsafe.Pointer(ctext))
	var res C.cg_result
	if rc := call(e.handle, sc.s, ctext, C.size_t(len(m.Text)), &ctx, &res); rc != C.CG_OK {
		return Result{}, codeError(rc)
	}
	hits := e.hits(res.hits, 0, int(res.n_hits), m.Text)
	// Parts exist only for cross-message hits of a conversation; a plain check has none.
	for k := 0; k < int(res.n_parts); k++ {
		p := C.cg_go_part(res.parts, C.size_t(k))
		hits[p.hit].Parts = append(hits[p.hit].Parts, Part{int(p.message), int(p.start), int(p.end)})
	}
	return Result{
		Action: actions[res.action], Sanction: sanctions[res.sanction], FineRub: int64(res.fine_rub),
		Categories: names(res.categories, categories), Hits: hits,
		Masked: masked(m.Text, res.masked, res.masked_len, res.n_hits, res.flags), Warnings: warnings(res.flags),
		Message: int(res.message),
	}, nil
}

// CheckMany checks the messages with one call into the library.
func (e *Engine) CheckMany(ms []Message) ([]Result, error) {
	if len(ms) == 0 {
		return nil, nil
	}
	// All texts in one C buffer, and the message array in C memory (it holds pointers).
	total := 0
	for i := range ms {
		total += len(ms[i].Text)
	}
	buf := (*C.char)(C.malloc(C.size_t(total + 1)))
	arr := (*C.cg_message)(C.malloc(C.size_t(len(ms)) * C.size_t(unsafe.Sizeof(C.cg_message{}))))
	defer C.free(unsafe.Pointer(buf))
	defer C.free(unsafe.Pointer(arr))
	bytes := unsafe.Slice((*byte)(unsafe.Pointer(buf)), total+1)
	msgs := unsafe.Slice(arr, len(ms))
	off := 0
	for i := range ms {
		ctx, err := context(&ms[i])
		if err != nil {
			return nil, err
		}
		copy(bytes[off:], ms[i].Text)
		msgs[i] = C.cg_message{text: (*C.char)(unsafe.Pointer(&bytes[off])), len: C.size_t(len(ms[i].Text)), ctx: ctx}
		off += len(ms[i].Text)
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	if e.handle == nil {
		return nil, errors.New("chatguard: engine closed")
	}
	sc, err := e.borrow()
	if err != nil {
		return nil, err
	}
	defer e.pool.Put(sc)
	var b C.cg_batch
	if rc := C.cg_check_batch(e.handle, sc.s, arr, C.size_t(len(ms)), &b); rc != C.CG_OK {
		return nil, codeError(rc)
	}
	out := make([]Result, len(ms))
	for i := range ms {
		it := C.cg_go_item(b.items, C.size_t(i))
		out[i] = Result{
			Action: actions[it.action], Sanction: sanctions[it.sanction], FineRub: int64(it.fine_rub),
			Categories: names(it.categories, categories),
			Hits:       e.hits(b.hits, int(it.first_hit), int(it.n_hits), ms[i].Text),
			Masked: masked(ms[i].Text, (*C.char)(unsafe.Add(unsafe.Pointer(b.masked), it.masked_offset)), it.masked_len,
				it.n_hits, it.flags),
			Warnings: warnings(it.flags), Err: codeError(C.int(it.error)),
		}
	}
	return out, nil
}

// Version is the version of the loaded library.
func Version() string { return C.GoString(C.cg_version_string()) }

// StateMax is the most bytes a serialized conversation ever takes (CG_CONVERSATION_STATE_MAX).
const StateMax = int(C.CG_CONVERSATION_STATE_MAX)

// ErrBadState is returned for serialized state that is corrupt, truncated or of another version.
var ErrBadState = &Error{Code: int(C.CG_E_BAD_STATE)}

// ConversationOptions for NewConversation; zero values mean the library's defaults (3 earlier messages
// of 96 bytes each, 8 messages back at most, the 5th identical message of at least 3 words is spam).
type ConversationOptions struct {
	MaxMessages     int
	TailBytes       int
	MaxDistance     int
	RepeatThreshold int
	RepeatMinWords  int
	NoRepeats       bool
}

// Conversation is one chat's state. It is not safe for concurrent use: a chat's messages come in order.
type Conversation struct {
	eng *Engine
	c   *C.cg_conversation
}

func (e *Engine) wrap(c *C.cg_conversation) *Conversation {
	conv := &Conversation{eng: e, c: c}
	runtime.SetFinalizer(conv, (*Conversation).Close)
	return conv
}

// NewConversation starts an empty conversation checked with this engine.
func (e *Engine) NewConversation(o ConversationOptions) (*Conversation, error) {
	if o.MaxMessages < 0 || o.TailBytes < 0 || o.MaxDistance < 0 || o.RepeatThreshold < 0 || o.RepeatMinWords < 0 {
		return nil, errors.New("chatguard: negative conversation option")
	}
	copts := C.cg_conversation_options{struct_size: C.size_t(unsafe.Sizeof(C.cg_conversation_options{})),
		max_messages: C.uint(o.MaxMessages), tail_bytes: C.uint(o.TailBytes), max_distance: C.uint(o.MaxDistance),
		repeat_threshold: C.uint(o.RepeatThreshold), repeat_min_words: C.uint(o.RepeatMinWords)}
	if o.NoRepeats {
		copts.no_repeats = 1
	}
	var c *C.cg_conversation
	if rc := C.cg_conversation_new(&copts, &c); rc != C.CG_OK {
		return nil, codeError(rc)
	}
	return e.wrap(c), nil
}

// RestoreConversation continues a conversation from Serialize bytes (written by any process).
func (e *Engine) RestoreConversation(state []byte) (*Conversation, error) {
	if len(state) == 0 || len(state) > StateMax {
		return nil, ErrBadState
	}
	buf := C.CBytes(state)
	defer C.free(buf)
	var c *C.cg_conversation
	if rc := C.cg_conversation_deserialize(buf, C.size_t(len(state)), &c); rc != C.CG_OK {
		if rc == C.CG_E_BAD_STATE {
			return nil, ErrBadState
		}
		return nil, codeError(rc)
	}
	return e.wrap(c), nil
}

// Messages is the number of messages checked so far (the index the next one gets).
func (c *Conversation) Messages() int { return int(C.cg_conversation_messages(c.c)) }

// Check checks the next message of the conversation.
func (c *Conversation) Check(m Message) (Result, error) {
	if c.c == nil {
		return Result{}, errors.New("chatguard: conversation closed")
	}
	return c.eng.checkOne(m, func(h *C.cg_engine, s *C.cg_scanner, text *C.char, n C.size_t, ctx *C.cg_context, res *C.cg_result) C.int {
		return C.cg_check_in_conversation(h, s, c.c, text, n, ctx, res)
	})
}

// Serialize returns the conversation's state: at most StateMax bytes, versioned and checksummed, the same
// on every platform.
func (c *Conversation) Serialize() ([]byte, error) {
	if c.c == nil {
		return nil, errors.New("chatguard: conversation closed")
	}
	cbuf := C.malloc(C.size_t(StateMax))
	defer C.free(cbuf)
	var n C.size_t
	if rc := C.cg_conversation_serialize(c.c, cbuf, C.size_t(StateMax), &n); rc != C.CG_OK {
		return nil, codeError(rc)
	}
	return C.GoBytes(cbuf, C.int(n)), nil
}

// Close frees the conversation (also done by the collector).
func (c *Conversation) Close() {
	if c.c != nil {
		C.cg_conversation_free(c.c)
		c.c = nil
	}
}
