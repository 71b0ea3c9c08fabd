// Messages per second through the Go binding, single calls and CheckMany in batches of 100, on the same
// corpus as bench/boundary.c (make bench-bindings).
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"time"

	chatguard "github.com/libchatguard/chatguard/bindings/go"
)

func main() {
	f, err := os.Open(os.Args[1])
	if err != nil {
		panic(err)
	}
	var msgs []chatguard.Message
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var m struct{ Text string }
		if json.Unmarshal(sc.Bytes(), &m) == nil {
			msgs = append(msgs, chatguard.Message{Text: m.Text})
		}
	}
	eng, err := chatguard.Load(chatguard.Options{Rules: os.Getenv("CHATGUARD_RULES_DIR"), Profile: "wb"})
	if err != nil {
		panic(err)
	}
	defer eng.Close()
	bestSingle, bestBatch := time.Hour, time.Hour
	for rep := 0; rep < 3; rep++ {
		t0 := time.Now()
		for _, m := range msgs {
			eng.Check(m)
		}
		t1 := time.Now()
		for i := 0; i < len(msgs); i += 100 {
			j := i + 100
			if j > len(msgs) {
				j = len(msgs)
			}
			eng.CheckMany(msgs[i:j])
		}
		t2 := time.Now()
		if d := t1.Sub(t0); d < bestSingle {
			bestSingle = d
		}
		if d := t2.Sub(t1); d < bestBatch {
			bestBatch = d
		}
	}
	n := float64(len(msgs))
	fmt.Printf("Go      single: %9.0f messages/s (%.2f us each)\n", n/bestSingle.Seconds(), bestSingle.Seconds()/n*1e6)
	fmt.Printf("Go      batch:  %9.0f messages/s (%.2f us each, batches of 100)\n", n/bestBatch.Seconds(), bestBatch.Seconds()/n*1e6)
}
