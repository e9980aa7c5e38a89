package example

// These tests run the generated client against Prism serving openapi.yaml.
// Once the catalog can say more (issue "Any real JSON-over-HTTP API"), this
// document and this file are where these go:
//   - auth: a securitySchemes bearer and apiKey, which Prism enforces (401);
//   - headers: a required X-Request-Id header parameter, validated by Prism;
//   - responses: 201 vs 200 types per status, response headers (Location);
//   - types: allOf for Note = NewNote + id/created_at, nullable due, enums
//     with unknown values;
//   - the catalog imported from openapi.yaml instead of written by hand,
//     and `prism proxy` validating the responses of a real upstream too.

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	notes "github.com/clientgen/clientgen/examples/prism/notesclient"
)

type api interface {
	ListNotes(ctx context.Context, params *notes.ListNotesParams, opts ...notes.CallOption) (*notes.NoteList, error)
	CreateNote(ctx context.Context, body *notes.NewNote, opts ...notes.CallOption) (*notes.Note, error)
	GetNote(ctx context.Context, id string, opts ...notes.CallOption) (*notes.Note, error)
	ReplaceNote(ctx context.Context, id string, body *notes.NewNote, opts ...notes.CallOption) (*notes.Note, error)
	DeleteNote(ctx context.Context, id string, opts ...notes.CallOption) error
	HealthCheck(ctx context.Context) bool
}

type asyncAPI struct{ ac *notes.AsyncClient }

func wait[T any](ctx context.Context, c *notes.Call[T]) (T, error) { return c.Wait(ctx) }

func (a asyncAPI) ListNotes(ctx context.Context, p *notes.ListNotesParams, o ...notes.CallOption) (*notes.NoteList, error) {
	return wait(ctx, a.ac.ListNotes(ctx, p, o...))
}
func (a asyncAPI) CreateNote(ctx context.Context, b *notes.NewNote, o ...notes.CallOption) (*notes.Note, error) {
	return wait(ctx, a.ac.CreateNote(ctx, b, o...))
}
func (a asyncAPI) GetNote(ctx context.Context, id string, o ...notes.CallOption) (*notes.Note, error) {
	return wait(ctx, a.ac.GetNote(ctx, id, o...))
}
func (a asyncAPI) ReplaceNote(ctx context.Context, id string, b *notes.NewNote, o ...notes.CallOption) (*notes.Note, error) {
	return wait(ctx, a.ac.ReplaceNote(ctx, id, b, o...))
}
func (a asyncAPI) DeleteNote(ctx context.Context, id string, o ...notes.CallOption) error {
	_, err := a.ac.DeleteNote(ctx, id, o...).Wait(ctx)
	return err
}
func (a asyncAPI) HealthCheck(ctx context.Context) bool {
	ok, _ := a.ac.HealthCheck(ctx).Wait(ctx)
	return ok
}

func both(t *testing.T, fn func(t *testing.T, c api)) {
	t.Helper()
	url := needPrism(t)
	t.Run("sync", func(t *testing.T) {
		c, err := notes.NewClient(notes.WithBaseURL(url))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fn(t, c)
	})
	t.Run("async", func(t *testing.T) {
		ac, err := notes.NewAsyncClient(notes.WithBaseURL(url))
		if err != nil {
			t.Fatal(err)
		}
		defer ac.Close()
		fn(t, asyncAPI{ac})
	})
}

// violations counts the request violations Prism has logged so far.
func violations() int {
	return strings.Count(prism.logs.String(), "[VALIDATOR] ✖")
}

func TestEveryRequestPassesValidation(t *testing.T) {
	due := time.Date(2024, 6, 30, 17, 0, 0, 0, time.UTC)
	newNote := &notes.NewNote{
		Title: "Write report", Body: notes.Ptr("Q2 numbers"), Tags: []string{"work", "q2"},
		Priority: notes.Ptr(4), Done: notes.Ptr(false), Due: &due,
	}
	both(t, func(t *testing.T, c api) {
		ctx := t.Context()
		before := violations()
		if !c.HealthCheck(ctx) {
			t.Error("HealthCheck = false")
		}
		list, err := c.ListNotes(ctx, &notes.ListNotesParams{
			Tags: []string{"home", "with space"}, Limit: notes.Ptr(10), Done: notes.Ptr(false),
			Since: &due, Order: notes.Ptr(notes.OrderNewest),
		})
		if err != nil {
			t.Fatal(err)
		}
		if list.Total != 1 || len(list.Items) != 1 || list.Items[0].ID != "n-1" || list.Items[0].CreatedAt.IsZero() {
			t.Errorf("list = %+v", list)
		}
		if _, err := c.ListNotes(ctx, nil); err != nil {
			t.Errorf("list without parameters: %v", err)
		}
		created, err := c.CreateNote(ctx, newNote) // 201 Created
		if err != nil {
			t.Fatal(err)
		}
		if created.ID != "n-2" || created.Due == nil || !created.Due.Equal(due) {
			t.Errorf("created = %+v", created)
		}
		if _, err := c.CreateNote(ctx, &notes.NewNote{Title: "only the required field"}); err != nil {
			t.Errorf("minimal note: %v", err)
		}
		got, err := c.GetNote(ctx, "n-1")
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != "Buy milk" || got.Done {
			t.Errorf("note = %+v", got)
		}
		replaced, err := c.ReplaceNote(ctx, "n-1", &notes.NewNote{Title: "Buy oat milk", Done: notes.Ptr(true)})
		if err != nil {
			t.Fatal(err)
		}
		if !replaced.Done {
			t.Errorf("replaced = %+v", replaced)
		}
		if err := c.DeleteNote(ctx, "n-1"); err != nil { // 204
			t.Errorf("delete: %v", err)
		}
		if n := violations() - before; n != 0 {
			t.Errorf("Prism logged %d request violations:\n%s", n, prism.logs.String())
		}
	})
}

// What the catalog cannot say yet (minLength, maximum, pattern, minimum)
// reaches Prism, which refuses it: the client reports Prism's problem.
func TestPrismRefusesWhatTheDocumentForbids(t *testing.T) {
	both(t, func(t *testing.T, c api) {
		ctx := t.Context()
		for _, tc := range []struct {
			name       string
			call       func() error
			status     int
			validation string // the code Prism gives, in the details
		}{
			{"empty title", func() error { _, err := c.CreateNote(ctx, &notes.NewNote{Title: ""}); return err }, 422, "minLength"},
			{"priority 9", func() error {
				_, err := c.CreateNote(ctx, &notes.NewNote{Title: "x", Priority: notes.Ptr(9)})
				return err
			}, 422, "maximum"},
			{"bad id", func() error { _, err := c.GetNote(ctx, "not an id"); return err }, 422, "pattern"},
			{"limit 0 (the document's 400)", func() error { _, err := c.ListNotes(ctx, &notes.ListNotesParams{Limit: notes.Ptr(0)}); return err }, 400, ""},
		} {
			err := tc.call()
			var ae *notes.APIError
			if !errors.As(err, &ae) || !errors.Is(err, notes.ErrAPI) {
				t.Fatalf("%s: err = %T %v, want *APIError", tc.name, err, err)
			}
			if ae.StatusCode != tc.status {
				t.Errorf("%s: status %d, want %d", tc.name, ae.StatusCode, tc.status)
			}
			if ae.Message == "" || ae.Code == "" {
				t.Errorf("%s: message %q code %q, want the problem's detail and type", tc.name, ae.Message, ae.Code)
			}
			if tc.validation != "" {
				if !strings.HasSuffix(ae.Code, "#UNPROCESSABLE_ENTITY") {
					t.Errorf("%s: code = %q", tc.name, ae.Code)
				}
				v, _ := ae.Details["validation"].([]any)
				if len(v) != 1 || v[0].(map[string]any)["code"] != tc.validation {
					t.Errorf("%s: details = %v, want Prism's %s violation", tc.name, ae.Details, tc.validation)
				}
			}
		}
	})
}

func TestDeclaredErrorResponse(t *testing.T) {
	both(t, func(t *testing.T, c api) {
		// Prefer: code=404 asks Prism for the document's 404 example, whose
		// media type is application/problem+json. The client's Accept names
		// it beside application/json, so Prism can pick that response.
		_, err := c.GetNote(t.Context(), "n-9", notes.WithCallHeader("Prefer", "code=404"))
		var ae *notes.APIError
		if !errors.As(err, &ae) || ae.StatusCode != http.StatusNotFound {
			t.Fatalf("err = %T %v, want a 404 *APIError", err, err)
		}
		if ae.Message != "note n-9 does not exist" || ae.Code != "https://example.com/probs/not-found" {
			t.Errorf("message %q code %q, want the problem's detail and type", ae.Message, ae.Code)
		}
		err = c.DeleteNote(t.Context(), "n-9", notes.WithCallHeader("Prefer", "code=404"))
		if !errors.As(err, &ae) || ae.StatusCode != http.StatusNotFound || ae.Message != "note n-9 does not exist" {
			t.Errorf("delete: err = %v, want the 404 problem", err)
		}
	})
}
