package chatguard

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
)

func repo(t testing.TB) string {
	dir, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func load(t testing.TB, profile string) *Engine {
	e, err := Load(Options{Rules: filepath.Join(repo(t), "rules"), Profile: profile})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func corpus(t testing.TB) []string {
	var texts []string
	for _, name := range []string{"examples/messages.jsonl", "tests/corpus/core.jsonl"} {
		f, err := os.Open(filepath.Join(repo(t), name))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var m struct{ Text string }
			if json.Unmarshal(sc.Bytes(), &m) == nil {
				texts = append(texts, m.Text)
			}
		}
		f.Close()
	}
	return texts
}

func TestPhoneVerdictAndSpan(t *testing.T) {
	e := load(t, "wb")
	defer e.Close()
	text := "Привет! Звоните +7 916 123-45-67"
	r, err := e.Check(Message{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	if r.Action != "block" || r.Sanction != "fine" || r.FineRub != 25000 {
		t.Fatalf("verdict %+v", r)
	}
	h := r.Hits[0]
	if h.Category != "phone" || h.Rule != "phone.ru_mobile" || text[h.Start:h.End] != "+7 916 123-45-67" || h.Text != "+7 916 123-45-67" {
		t.Fatalf("hit %+v", h)
	}
}

func TestBuyerMaskedAndEscalation(t *testing.T) {
	e := load(t, "wb")
	defer e.Close()
	r, _ := e.Check(Message{Text: "мой номер 89161234567", Role: "buyer", PriorViolations: 4})
	if r.Action != "mask" || r.Sanction != "none" || r.Masked != "мой номер ***********" {
		t.Fatalf("buyer %+v", r)
	}
	r, _ = e.Check(Message{Text: "это пиздец", PriorViolations: 1})
	if r.Sanction != "disconnect" {
		t.Fatalf("escalation %+v", r)
	}
	if _, err := e.Check(Message{Text: "x", Role: "robot"}); err == nil {
		t.Fatal("unknown role accepted")
	}
}

func TestErrors(t *testing.T) {
	_, err := Load(Options{Rules: filepath.Join(repo(t), "rules"), Profile: "nosuch"})
	var ce *Error
	if !errors.As(err, &ce) || ce.Code != -5 || len(ce.Diagnostics) == 0 {
		t.Fatalf("missing profile: %v", err)
	}
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "profiles"), 0o755)
	os.WriteFile(filepath.Join(dir, "profiles", "t.profile"), []byte("[profile]\nname = t\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "a.rules"), []byte("[phone.x]\ncategory = phone\nseverity = 3\npattern = (\n"), 0o644)
	_, err = Load(Options{Rules: dir, Profile: "t"})
	if !errors.As(err, &ce) || len(ce.Diagnostics) != 1 || ce.Diagnostics[0].Line != 4 {
		t.Fatalf("bad rule: %v", err)
	}
	small, err := Load(Options{Rules: filepath.Join(repo(t), "rules"), MaxMessageBytes: 8})
	if err != nil {
		t.Fatal(err)
	}
	defer small.Close()
	if _, err := small.Check(Message{Text: "длинное сообщение"}); err != ErrTooLong {
		t.Fatalf("too long: %v", err)
	}
	e := load(t, "wb")
	e.Close()
	if _, err := e.Check(Message{Text: "x"}); err == nil {
		t.Fatal("check on a closed engine")
	}
}

func TestCheckManyEqualsCheck(t *testing.T) {
	e := load(t, "wb")
	defer e.Close()
	texts := corpus(t)[:200]
	ms := make([]Message, len(texts))
	for i, s := range texts {
		ms[i] = Message{Text: s, Role: []string{"seller", "buyer"}[i%2]}
	}
	many, err := e.CheckMany(ms)
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range ms {
		one, err := e.Check(m)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(one, many[i]) {
			t.Fatalf("message %d %q:\n one  %+v\n many %+v", i, m.Text, one, many[i])
		}
	}
}

// Eight goroutines share one engine, 10,000 checks each; every result equals the single-threaded one.
func TestConcurrentIdentical(t *testing.T) {
	e := load(t, "wb")
	defer e.Close()
	texts := corpus(t)
	want := make([]Result, len(texts))
	for i, s := range texts {
		r, err := e.Check(Message{Text: s})
		if err != nil {
			t.Fatal(err)
		}
		want[i] = r
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 10000; i++ {
				j := (i*7 + g) % len(texts)
				r, err := e.Check(Message{Text: texts[j]})
				if err != nil || !reflect.DeepEqual(r, want[j]) {
					errs <- texts[j]
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for s := range errs {
		t.Errorf("differs under concurrency: %q", s)
	}
}

func BenchmarkCheck(b *testing.B) {
	e := load(b, "wb")
	defer e.Close()
	texts := corpus(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e.Check(Message{Text: texts[i%len(texts)]})
	}
}

func TestConversationSplitPhone(t *testing.T) {
	e := load(t, "wb")
	defer e.Close()
	conv, err := e.NewConversation(ConversationOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer conv.Close()
	msgs := []Message{{Text: "Запишите 8916"}, {Text: "Секунду", Role: "buyer"}, {Text: "123"}, {Text: "45 67"}}
	var last Result
	for i, m := range msgs {
		r, err := conv.Check(m)
		if err != nil {
			t.Fatal(err)
		}
		if r.Message != i {
			t.Fatalf("message index %d, want %d", r.Message, i)
		}
		last = r
	}
	if last.Action != "block" || last.Sanction != "fine" {
		t.Fatalf("verdict %+v", last)
	}
	var parts []string
	for _, h := range last.Hits {
		for _, p := range h.Parts {
			parts = append(parts, msgs[p.Message].Text[p.Start:p.End])
		}
	}
	if !reflect.DeepEqual(parts, []string{"8916", "123", "45 67"}) {
		t.Fatalf("parts %q", parts)
	}
}

func TestConversationStateAcrossReplicas(t *testing.T) {
	a, b := load(t, "wb"), load(t, "wb") // two replicas' engines
	defer a.Close()
	defer b.Close()
	chat := []Message{{Text: "ivan.petrov"}, {Text: "Что?", Role: "buyer"}, {Text: "собака mail"}, {Text: "точка ru"}}
	one, _ := a.NewConversation(ConversationOptions{})
	var want []Result
	for _, m := range chat {
		r, err := one.Check(m)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, r)
	}
	var state []byte
	for i, m := range chat {
		eng := []*Engine{a, b}[i%2]
		var conv *Conversation
		var err error
		if state == nil {
			conv, err = eng.NewConversation(ConversationOptions{})
		} else {
			conv, err = eng.RestoreConversation(state)
		}
		if err != nil {
			t.Fatal(err)
		}
		r, err := conv.Check(m)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(r, want[i]) {
			t.Fatalf("message %d: %+v, want %+v", i, r, want[i])
		}
		if state, err = conv.Serialize(); err != nil || len(state) > StateMax {
			t.Fatalf("serialize: %v (%d bytes)", err, len(state))
		}
		conv.Close()
	}
	if len(want[3].Hits) == 0 || want[3].Hits[0].Category != "email" || len(want[3].Hits[0].Parts) != 3 {
		t.Fatalf("no split e-mail: %+v", want[3])
	}
	for _, bad := range [][]byte{nil, state[:len(state)-1], append([]byte("XGCV"), state[4:]...)} {
		if _, err := a.RestoreConversation(bad); !errors.Is(err, ErrBadState) {
			t.Fatalf("bad state accepted: %v", err)
		}
	}
}

func TestConversationRepeats(t *testing.T) {
	e := load(t, "wb")
	defer e.Close()
	conv, _ := e.NewConversation(ConversationOptions{RepeatThreshold: 3})
	defer conv.Close()
	var cats [][]string
	for i := 0; i < 3; i++ {
		r, _ := conv.Check(Message{Text: "Скидка 50% только сегодня!"})
		cats = append(cats, r.Categories)
	}
	if !reflect.DeepEqual(cats, [][]string{nil, nil, {"spam"}}) {
		t.Fatalf("categories %v", cats)
	}
	if _, err := e.NewConversation(ConversationOptions{MaxMessages: 8, TailBytes: 255}); err == nil {
		t.Fatal("options over 1 KiB of state accepted")
	}
}
