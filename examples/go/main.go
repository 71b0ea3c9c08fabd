// A moderation step in Go: goroutines check chat messages (JSONL) against one shared engine, deliver the
// masked text or hold/block the message, and print each sanction with its evidence.
//
//	go run . ../messages.jsonl [profile]
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"

	chatguard "github.com/libchatguard/chatguard/bindings/go"
)

type line struct {
	ID              string `json:"id"`
	Text            string `json:"text"`
	Role            string `json:"role"`
	Channel         string `json:"channel"`
	PriorViolations int    `json:"prior_violations"`
}

func main() {
	path, profile := "../messages.jsonl", "wb"
	if len(os.Args) > 1 {
		path = os.Args[1]
	}
	if len(os.Args) > 2 {
		profile = os.Args[2]
	}
	eng, err := chatguard.Load(chatguard.Options{Rules: os.Getenv("CHATGUARD_RULES_DIR"), Profile: profile})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer eng.Close()
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var msgs []line
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var l line
		if json.Unmarshal(sc.Bytes(), &l) == nil {
			msgs = append(msgs, l)
		}
	}
	f.Close()

	// Four workers share the engine, as request handlers of a backend would.
	results := make([]chatguard.Result, len(msgs))
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(msgs); i += 4 {
				m := msgs[i]
				r, err := eng.Check(chatguard.Message{Text: m.Text, Role: m.Role, Channel: m.Channel,
					PriorViolations: m.PriorViolations})
				if err != nil {
					r = chatguard.Result{Action: "review", Err: err}
				}
				results[i] = r
			}
		}(w)
	}
	wg.Wait()

	fines := 0
	for i, m := range msgs {
		r := results[i]
		out := "(not delivered)"
		switch r.Action {
		case "allow":
			out = fmt.Sprintf("%q", m.Text)
		case "mask":
			out = fmt.Sprintf("%q", r.Masked)
		}
		fmt.Printf("%4s %-6s %-6s -> %s\n", m.ID, m.Role, r.Action, out)
		if r.Sanction != "none" {
			var ev []string
			for _, h := range r.Hits {
				if h.Sanction == r.Sanction {
					ev = append(ev, fmt.Sprintf("%s %q", h.Rule, h.Text))
				}
			}
			amount := ""
			if r.Sanction == "fine" {
				amount = fmt.Sprintf(" %d RUB", r.FineRub)
				fines++
			}
			fmt.Printf("       sanction: %s%s; evidence: %s\n", r.Sanction, amount, strings.Join(ev, "; "))
		}
	}
	fmt.Printf("%d messages, %d fines\n", len(msgs), fines)
}
