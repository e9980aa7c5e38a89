package ktrdr

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/clientgen/clientgen/internal/testkit"
)

// opsPage is a page of ListOperations: the operations named ids, of total.
func opsPage(total int, ids ...string) testkit.Step {
	items := make([]string, len(ids))
	for i, id := range ids {
		items[i] = fmt.Sprintf(`{"operation_id":%q,"operation_type":"training","status":"running","created_at":"2024-12-01T12:34:56Z"}`, id)
	}
	return testkit.Reply(200, fmt.Sprintf(`{"success":true,"data":[%s],"total_count":%d,"active_count":0}`, strings.Join(items, ","), total))
}

// collectIDs runs an item iterator to its end and returns the ids of the
// items and the error it yielded; more than one error is an error too.
func collectIDs(seq iter.Seq2[OperationSummary, error]) (any, error) {
	ids := []string{}
	var errs []error
	for op, err := range seq {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, op.OperationID)
	}
	switch len(errs) {
	case 0:
		return ids, nil
	case 1:
		return ids, errs[0]
	}
	return ids, fmt.Errorf("%d errors, want at most one: %v", len(errs), errs)
}

// listOperationsAll iterates over every operation, two a page, through
// either flavour's ListOperationsAll.
var listOperationsAll = invocation{
	name: "ListOperationsAll",
	sync: func(ctx context.Context, c *Client, opts ...CallOption) (any, error) {
		return collectIDs(c.ListOperationsAll(ctx, &ListOperationsParams{Limit: ptr(2)}, opts...))
	},
	async: func(ctx context.Context, a *AsyncClient, opts ...CallOption) (any, error) {
		return collectIDs(a.ListOperationsAll(ctx, &ListOperationsParams{Limit: ptr(2)}, opts...))
	},
}

// pageBehaviours are the rows of the shared behaviour table (see
// TestBothFlavoursBehaveTheSame) for the page iterators: every page goes
// through the endpoint's request path, so retries, sleeps and errors are
// the endpoint's, on both flavours.
func pageBehaviours() []behaviour {
	const list = "GET /api/v1/operations"
	ids := func(want ...string) func(*testing.T, any, error) {
		return func(t *testing.T, res any, err error) {
			require.NoError(t, err)
			assert.Equal(t, want, res)
		}
	}
	return []behaviour{
		{
			name: "ListOperationsAll pages by offset until total_count", call: listOperationsAll,
			steps:    []testkit.Step{opsPage(5, "a", "b"), opsPage(5, "c", "d"), opsPage(5, "e")},
			requests: []string{list, list, list}, attempts: ptr(3), check: ids("a", "b", "c", "d", "e"),
		},
		{
			name: "ListOperationsAll stops at an empty page", call: listOperationsAll,
			steps:    []testkit.Step{opsPage(9, "a", "b"), opsPage(9)},
			requests: []string{list, list}, attempts: ptr(2), check: ids("a", "b"),
		},
		{
			name: "ListOperationsAll retries a page", call: listOperationsAll,
			steps:    []testkit.Step{opsPage(3, "a", "b"), testkit.Reply(503, `{"detail":"busy"}`), opsPage(3, "c")},
			requests: []string{list, list, list}, attempts: ptr(3), sleeps: catalogBackoff[:1], check: ids("a", "b", "c"),
		},
		{
			name: "ListOperationsAll yields a page's error once and stops", call: listOperationsAll,
			steps:    []testkit.Step{opsPage(9, "a", "b"), testkit.Reply(400, `{"detail":"bad offset"}`)},
			requests: []string{list, list}, attempts: ptr(2),
			check: func(t *testing.T, res any, err error) {
				requirePackageError(t, err)
				var apiErr *APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, 400, apiErr.StatusCode)
				assert.Equal(t, "bad offset", apiErr.Message)
				assert.Equal(t, []string{"a", "b"}, res, "the first page's items came before the error")
			},
		},
		{
			name: "ListOperationsAll with a page limit", call: listOperationsAll, opts: []CallOption{WithPageLimit(2)},
			steps:    []testkit.Step{opsPage(9, "a", "b"), opsPage(9, "c", "d"), opsPage(9, "e", "f")},
			requests: []string{list, list}, attempts: ptr(2), check: ids("a", "b", "c", "d"),
		},
		{
			name: "ListOperationsAll with the caller's context ended", call: listOperationsAll, dead: true,
			unsent: true,
			check: func(t *testing.T, res any, err error) {
				requirePackageError(t, err)
				assert.ErrorIs(t, err, context.Canceled)
				assert.Equal(t, []string{}, res)
			},
		},
		{
			name: "WithPageLimit on a call that does not page", call: getOperation, opts: []CallOption{WithPageLimit(2)},
			unsent: true,
			check: func(t *testing.T, res any, err error) {
				requirePackageError(t, err)
				assert.Contains(t, err.Error(), "WithPageLimit(2) applies only to the page iterators")
			},
		},
	}
}

// TestListOperationsPagesQueries: the first page is the caller's query,
// each next page sets offset from the items received.
func TestListOperationsPagesQueries(t *testing.T) {
	for _, async := range []bool{false, true} {
		t.Run(fmt.Sprint("async=", async), func(t *testing.T) {
			srv := testkit.NewStepServer(t, opsPage(5, "a", "b"), opsPage(5, "c", "d"), opsPage(5, "e"))
			params := &ListOperationsParams{Limit: ptr(2), ActiveOnly: ptr(true)}
			var pages iter.Seq2[*OperationListResponse, error]
			if async {
				pages = newTestAsyncClient(t, apiBase(srv), testkit.NewClock()).ListOperationsPages(context.Background(), params)
			} else {
				pages = newTestClient(t, apiBase(srv), testkit.NewClock()).ListOperationsPages(context.Background(), params)
			}
			var sizes []int
			for p, err := range pages {
				require.NoError(t, err)
				sizes = append(sizes, len(p.Data))
			}
			assert.Equal(t, []int{2, 2, 1}, sizes)
			var queries []string
			for _, r := range srv.Requests() {
				queries = append(queries, r.Query)
			}
			assert.Equal(t, []string{"active_only=true&limit=2", "active_only=true&limit=2&offset=2", "active_only=true&limit=2&offset=4"}, queries)
		})
	}
}

// TestListOperationsAllBreakEarly: leaving the loop stops all fetching,
// on both flavours; the async one has fetched at most one page ahead,
// and no goroutine is left behind.
func TestListOperationsAllBreakEarly(t *testing.T) {
	for _, async := range []bool{false, true} {
		t.Run(fmt.Sprint("async=", async), func(t *testing.T) {
			defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
			srv := testkit.NewStepServer(t, func(w http.ResponseWriter, r *http.Request) {
				off := r.URL.Query().Get("offset")
				opsPage(100, "x"+off, "y"+off)(w, r)
			})
			var seq iter.Seq2[OperationSummary, error]
			var closeClient func() error
			if async {
				a := newTestAsyncClient(t, apiBase(srv), testkit.NewClock())
				seq, closeClient = a.ListOperationsAll(context.Background(), &ListOperationsParams{Limit: ptr(2)}), a.Close
			} else {
				c := newTestClient(t, apiBase(srv), testkit.NewClock())
				seq, closeClient = c.ListOperationsAll(context.Background(), &ListOperationsParams{Limit: ptr(2)}), c.Close
			}
			var got []string
			for op, err := range seq {
				require.NoError(t, err)
				if got = append(got, op.OperationID); len(got) == 3 {
					break
				}
			}
			assert.Equal(t, []string{"x", "y", "x2"}, got)
			want := 2
			if async {
				want = 3 // the page after the one the loop left
			}
			assert.LessOrEqual(t, srv.Count(), want)
			require.NoError(t, closeClient())
			srv.Close()
		})
	}
}
