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
