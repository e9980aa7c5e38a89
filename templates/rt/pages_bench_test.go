package rt

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	goruntime "runtime"
	"strconv"
	"testing"

	"github.com/clientgen/clientgen/internal/testkit"
)

// benchPages is the number of pages, and benchPerPage the items per page,
// of BenchmarkPageItems: 100,000 items.
const (
	benchPages   = 1000
	benchPerPage = 100
)

// numItem is an item without strings: decoding it allocates nothing of its
// own, so what the iteration allocates shows alone.
type numItem struct {
	N int `json:"n"`
	M int `json:"m"`
}

type numPage struct {
	Data []numItem `json:"data"`
}

// cannedPages answers page k (the offset query over benchPerPage) with a
// body encoded once, from memory.
type cannedPages struct{ bodies [][]byte }

func newCannedPages(item func(k int) string) *cannedPages {
	c := &cannedPages{}
	for p := 0; p <= benchPages; p++ {
		var b bytes.Buffer
		b.WriteString(`{"data":[`)
		for i := 0; p < benchPages && i < benchPerPage; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(item(p*benchPerPage + i))
		}
		b.WriteString(`]}`)
		c.bodies = append(c.bodies, b.Bytes())
	}
	return c
}

func (c *cannedPages) RoundTrip(r *http.Request) (*http.Response, error) {
	off, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	body := c.bodies[off/benchPerPage]
	return &http.Response{
		StatusCode:    200,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       r,
	}, nil
}

// BenchmarkPageItems iterates over 100,000 items on 1,000 pages served
// from memory, through the sync and async item iterators, and reports the
// allocations per item. Everything but the items is per page.
func BenchmarkPageItems(b *testing.B) {
	kinds := []struct {
		name string
		item func(k int) string
		run  func(b *testing.B, c *core, async bool) int
	}{
		{"ints", func(k int) string { return fmt.Sprintf(`{"n":%d,"m":%d}`, k, -k) }, func(b *testing.B, c *core, async bool) int {
			p := &pager[*numPage, numItem]{style: pageOffset, param: "offset",
				build: func() *request { return getReq("/items") }, fetch: fetchPage[numPage],
				items: func(p *numPage) []numItem { return p.Data }}
			seq := syncItems(context.Background(), c, p, nil)
			if async {
				seq = asyncItems(context.Background(), c, p, nil)
			}
			n := 0
			for it, err := range seq {
				if err != nil {
					b.Fatal(err)
				}
				n += it.N & 1
			}
			return n
		}},
		{"strings", func(k int) string { return fmt.Sprintf(`{"id":"op-%d","count":%d}`, k, k) }, func(b *testing.B, c *core, async bool) int {
			p := &pager[*testPage, item]{style: pageOffset, param: "offset",
				build: func() *request { return getReq("/items") }, fetch: fetchPage[testPage],
				items: func(p *testPage) []item { return p.Data }}
			seq := syncItems(context.Background(), c, p, nil)
			if async {
				seq = asyncItems(context.Background(), c, p, nil)
			}
			n := 0
			for it, err := range seq {
				if err != nil {
					b.Fatal(err)
				}
				n += len(it.ID) & 1
			}
			return n
		}},
	}
	for _, k := range kinds {
		canned := newCannedPages(k.item)
		for _, async := range []bool{false, true} {
			name := k.name + "/sync"
			if async {
				name = k.name + "/async"
			}
			b.Run(name, func(b *testing.B) {
				c, err := newClient(testSettings(), []Option{WithBaseURL(pagesBase), withLookupEnv(testkit.NoEnv), WithHTTPClient(&http.Client{Transport: canned})})
				if err != nil {
					b.Fatal(err)
				}
				defer c.Close()
				b.ReportAllocs()
				var before, after runtimeMem
				readMem(&before)
				for b.Loop() {
					k.run(b, c.core, async)
				}
				readMem(&after)
				items := float64(b.N) * benchPages * benchPerPage
				b.ReportMetric(float64(after.mallocs-before.mallocs)/items, "allocs/item")
				b.ReportMetric(float64(after.mallocs-before.mallocs)/float64(b.N)/(benchPages+1), "allocs/page")
			})
		}
	}
}

// runtimeMem is the allocation count of the process.
type runtimeMem struct{ mallocs uint64 }

func readMem(m *runtimeMem) {
	var s goruntime.MemStats
	goruntime.ReadMemStats(&s)
	m.mallocs = s.Mallocs
}
