package rt

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"testing"
)

// sseBenchBody is 1,000 server-sent events of the usual shape: a type, an
// id and one line of JSON data.
func sseBenchBody() []byte {
	var b bytes.Buffer
	for i := range 1000 {
		fmt.Fprintf(&b, "event: tick\nid: %d\ndata: {\"n\":%d,\"name\":\"instrument-%d\",\"price\":123.45}\n\n", i, i, i)
	}
	return b.Bytes()
}

// scanSSE is the hand-written loop the reader is measured against: a
// bufio.Scanner over lines (LF or CRLF only, unlike the reader) and the
// same fields, dispatching on a blank line.
func scanSSE(r io.Reader, use func(typ, id, data []byte)) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), defaultMaxStreamLine)
	var typ, id, data []byte
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) == 0 {
			if len(data) > 0 {
				use(typ, id, data[:len(data)-1])
			}
			typ, data = typ[:0], data[:0]
			continue
		}
		if line[0] == ':' {
			continue
		}
		field, value, _ := bytes.Cut(line, []byte(":"))
		value = bytes.TrimPrefix(value, []byte(" "))
		switch string(field) {
		case "event":
			typ = append(typ[:0], value...)
		case "data":
			data = append(append(data, value...), '\n')
		case "id":
			id = append(id[:0], value...)
		}
	}
	return sc.Err()
}

// BenchmarkSSE reads 1,000 events per op with the stream reader and with
// the hand-written bufio.Scanner loop, in one function so that -count
// interleaves them. It reports events per second and allocations per
// event (allocs/op over 1,000 events).
func BenchmarkSSE(b *testing.B) {
	body := sseBenchBody()
	const events = 1000
	report := func(b *testing.B, got int) {
		if got != events {
			b.Fatalf("%d events, want %d", got, events)
		}
		b.ReportMetric(float64(events)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	}
	b.Run("reader", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		got := 0
		for b.Loop() {
			got = 0
			s := newSSEReader(bytes.NewReader(body), defaultMaxStreamLine)
			for {
				e, err := s.next()
				if err != nil {
					break
				}
				if len(e.data) > 0 && len(e.id) > 0 {
					got++
				}
			}
		}
		report(b, got)
	})
	b.Run("scanner", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		got := 0
		for b.Loop() {
			got = 0
			_ = scanSSE(bytes.NewReader(body), func(_, id, data []byte) {
				if len(data) > 0 && len(id) > 0 {
					got++
				}
			})
		}
		report(b, got)
	})
}
