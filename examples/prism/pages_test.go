package example

import (
	"context"
	"iter"
	"net/http"
	"slices"
	"sync"
	"testing"

	"github.com/clientgen/clientgen/examples/prism/notesclient"
)

// TestFeedPagesWithCursor iterates over the cursor-paginated /feed on both
// clients. Prism answers from the document's named examples: a request
// editor asks for the "last" page (Prefer: example=last) when the cursor
// of the first page, c2, comes back, so the iterator must read next_cursor,
// send it as ?cursor=, and stop on the page without one.
func TestFeedPagesWithCursor(t *testing.T) {
	url := needPrism(t)
	var mu sync.Mutex
	var queries []string
	editor := notes.WithRequestEditor(func(ctx context.Context, r *http.Request) error {
		mu.Lock()
		queries = append(queries, r.URL.RawQuery)
		mu.Unlock()
		example := "first"
		if r.URL.Query().Get("cursor") == "c2" {
			example = "last"
		}
		r.Header.Set("Prefer", "example="+example)
		return nil
	})
	flavours := map[string]func(t *testing.T) iter.Seq2[notes.Note, error]{
		"sync": func(t *testing.T) iter.Seq2[notes.Note, error] {
			c, err := notes.NewClient(notes.WithBaseURL(url), editor)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = c.Close() })
			return c.NoteFeedAll(t.Context(), &notes.NoteFeedParams{Limit: notes.Ptr(2)})
		},
		"async": func(t *testing.T) iter.Seq2[notes.Note, error] {
			c, err := notes.NewAsyncClient(notes.WithBaseURL(url), editor)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = c.Close() })
			return c.NoteFeedAll(t.Context(), &notes.NoteFeedParams{Limit: notes.Ptr(2)})
		},
	}
	for _, name := range []string{"sync", "async"} {
		t.Run(name, func(t *testing.T) {
			mu.Lock()
			queries = nil
			mu.Unlock()
			before := violations()
			var ids []string
			for n, err := range flavours[name](t) {
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, n.ID)
			}
			if want := []string{"n-1", "n-2", "n-3"}; !slices.Equal(ids, want) {
				t.Errorf("items %v, want %v", ids, want)
			}
			mu.Lock()
			got := slices.Clone(queries)
			mu.Unlock()
			if want := []string{"limit=2", "cursor=c2&limit=2"}; !slices.Equal(got, want) {
				t.Errorf("queries %q, want %q", got, want)
			}
			if n := violations() - before; n != 0 {
				t.Errorf("Prism logged %d request violations:\n%s", n, prism.logs.String())
			}
		})
	}
}
