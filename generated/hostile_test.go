package ktrdr

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/clientgen/clientgen/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hostileBehaviours are rows of the shared behaviour table (see
// TestBothFlavoursBehaveTheSame) for input that is the caller's or the
// server's mistake: it is refused, unsent or unretried, with one clear
// error, by both flavours.
func hostileBehaviours() []behaviour {
	const getOp = "GET /api/v1/operations/op-1"
	isOp := func(t *testing.T, res any, err error) {
		require.NoError(t, err)
		op, ok := res.(*OperationStatusResponse)
		require.True(t, ok, "%T", res)
		require.NotNil(t, op)
		assert.Equal(t, "op-1", op.Data.OperationID)
	}
	// Retry-After values RFC 9110 does not allow are ignored: the backoff
	// applies.
	retryAfterIgnored := func(value string) behaviour {
		return behaviour{
			name: "Retry-After " + value + " falls back to the backoff", call: getOperation,
			steps:    []testkit.Step{testkit.Reply(503, `{"detail":"busy"}`, "Retry-After", value), testkit.Reply(200, opBody)},
			requests: repeat(getOp, 2), sleeps: catalogBackoff[:1], check: isOp,
		}
	}
	// closedByServer: the server is running, so the error must not ask
	// whether it is.
	closedByServer := func(text string) func(*testing.T, any, error) {
		return func(t *testing.T, res any, err error) {
			requirePackageError(t, err)
			var ce *ConnectionError
			require.ErrorAs(t, err, &ce)
			assert.Contains(t, ce.Message, "GET "+"http://")
			assert.Contains(t, ce.Message, text)
			assert.NotContains(t, ce.Message, "is the server running")
		}
	}
	// refused: one *ClientError (neither a connection nor an API error)
	// that says what is wrong.
	refused := func(text string) func(*testing.T, any, error) {
		return func(t *testing.T, res any, err error) {
			requirePackageError(t, err)
			assert.Equal(t, "*ktrdr.ClientError", fmt.Sprintf("%T", err), "%v", err)
			assert.Contains(t, err.Error(), text)
			assert.NotErrorIs(t, err, ErrConnection)
			assert.NotContains(t, err.Error(), "secret", "header values are never shown")
		}
	}
	badHeaderEditor := WithRequestEditor(func(ctx context.Context, req *http.Request) error {
		req.Header.Set("X-Trace", "secret\x01value")
		return nil
	})
	startTrainingNil := invocation{
		name: "StartTraining(nil)",
		sync: func(ctx context.Context, c *Client, opts ...CallOption) (any, error) {
			return c.StartTraining(ctx, nil, opts...)
		},
		async: func(ctx context.Context, a *AsyncClient, opts ...CallOption) (any, error) {
			return a.StartTraining(ctx, nil, opts...).Wait(ctx)
		},
	}
	getDataRangeNil := invocation{
		name: "GetDataRange(nil)",
		sync: func(ctx context.Context, c *Client, opts ...CallOption) (any, error) {
			return c.GetDataRange(ctx, nil, opts...)
		},
		async: func(ctx context.Context, a *AsyncClient, opts ...CallOption) (any, error) {
			return a.GetDataRange(ctx, nil, opts...).Wait(ctx)
		},
	}
	triggerAgentNil := invocation{
		name: "TriggerAgent(nil)",
		sync: func(ctx context.Context, c *Client, opts ...CallOption) (any, error) {
			return c.TriggerAgent(ctx, nil, opts...)
		},
		async: func(ctx context.Context, a *AsyncClient, opts ...CallOption) (any, error) {
			return a.TriggerAgent(ctx, nil, opts...).Wait(ctx)
		},
	}
	return []behaviour{
		{
			name: "nil required body is refused unsent", call: startTrainingNil,
			steps: []testkit.Step{testkit.Reply(200, `{"success":true,"task_id":"t-1"}`)}, unsent: true,
			check: refused("start_training: the request body is nil, but the endpoint requires one; pass a body"),
		},
		{
			name: "nil required body of an idempotent POST is refused unsent", call: getDataRangeNil,
			steps: []testkit.Step{testkit.Reply(200, `{"success":true}`)}, unsent: true,
			check: refused("get_data_range: the request body is nil, but the endpoint requires one"),
		},
		{
			name: "nil optional body sends no body", call: triggerAgentNil,
			steps:    []testkit.Step{testkit.Reply(202, `{"triggered":true}`)},
			requests: []string{"POST /api/v1/agent/trigger"}, bodies: nil,
			check: func(t *testing.T, res any, err error) {
				require.NoError(t, err)
				assert.Equal(t, map[string]any{"triggered": true}, res)
			},
		},
		{
			name: "closed by the server: not asked whether it runs", call: getOperation,
			steps:    []testkit.Step{testkit.Drop()},
			requests: repeat(getOp, 4), sleeps: catalogBackoff,
			check: closedByServer("the server closed the connection before sending a response"),
		},
		{
			name: "call header with a control character is refused unsent", call: getOperation,
			opts:  []CallOption{WithCallHeader("X-Trace", "secret\x01value")},
			steps: []testkit.Step{testkit.Reply(200, opBody)}, unsent: true,
			check: refused("header X-Trace: value contains a control character (0x01)"),
		},
		{
			name: "call header with DEL is refused unsent", call: startTraining,
			opts:  []CallOption{WithCallHeader("X-Trace", "secret\x7f")},
			steps: []testkit.Step{testkit.Reply(200, `{"success":true,"task_id":"t-1"}`)}, unsent: true,
			check: refused("control character (DEL)"),
		},
		{
			name: "editor's header with a control character is not retried", call: getOperation,
			clients: []Option{badHeaderEditor},
			steps:   []testkit.Step{testkit.Reply(200, opBody)},
			check:   refused("request editor made an invalid request: header X-Trace: value contains a control character (0x01)"),
		},
		{
			name: "header with a tab and non-ASCII text is sent", call: getOperation,
			opts:     []CallOption{WithCallHeader("X-Trace", "a\tcaf\xc3\xa9")},
			steps:    []testkit.Step{testkit.Reply(200, opBody)},
			requests: repeat(getOp, 1), check: isOp,
		},
		{
			name: "redirect to ftp is the server's mistake, not retried", call: getOperation,
			steps:    []testkit.Step{testkit.Redirect(http.StatusFound, "ftp://files.example.com/op-1")},
			requests: repeat(getOp, 1),
			check: func(t *testing.T, res any, err error) {
				apiError(http.StatusFound, `the server redirected to a "ftp" URL; only http and https redirects are followed`, false)(t, res, err)
				assert.NotErrorIs(t, err, ErrConnection)
			},
		},
		retryAfterIgnored("NaN"),
		retryAfterIgnored("0x1p3"),
		retryAfterIgnored("-1"),
		retryAfterIgnored("1e3"),
		retryAfterIgnored("Tue, 03 Mar 2026 05:06:07 GMT"), // the day before the fake clock
	}
}

// Input refused as the caller's or the server's mistake spends none of the
// retry budget, in both flavours.
func TestRefusedInputSpendsNoRetryBudget(t *testing.T) {
	badHeaderEditor := WithRequestEditor(func(ctx context.Context, req *http.Request) error {
		req.Header.Set("X-Trace", "a\x01b")
		return nil
	})
	tests := []struct {
		name    string
		steps   []testkit.Step
		clients []Option
		opts    []CallOption
	}{
		{"call header with a control character", []testkit.Step{testkit.Reply(200, opBody)}, nil, []CallOption{WithCallHeader("X-Trace", "a\x01b")}},
		{"editor's header with a control character", []testkit.Step{testkit.Reply(200, opBody)}, []Option{badHeaderEditor}, nil},
		{"redirect to ftp", []testkit.Step{testkit.Redirect(http.StatusFound, "ftp://files.example.com/op-1")}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := testkit.NewStepServer(t, tt.steps...)
			clk := testkit.NewClock()
			c := newTestClient(t, apiBase(srv), clk, tt.clients...)
			a := newTestAsyncClient(t, apiBase(srv), clk, tt.clients...)
			full := c.core.budget.tokens.Load()
			require.Positive(t, full)

			_, err := getOperation.sync(context.Background(), c, tt.opts...)
			requirePackageError(t, err)
			_, err = getOperation.async(context.Background(), a, tt.opts...)
			requirePackageError(t, err)

			assert.Equal(t, full, c.core.budget.tokens.Load(), "sync: budget spent")
			assert.Equal(t, full, a.sync.core.budget.tokens.Load(), "async: budget spent")
			assert.Empty(t, clk.Sleeps(), "no retry")
		})
	}
}

// The operation adapters build their start request as the plain methods
// do: a nil required body is refused before anything is sent.
func TestNilRequiredBodyOfAnOperationIsRefusedUnsent(t *testing.T) {
	srv := testkit.NewStepServer(t, testkit.Reply(200, `{"success":true,"task_id":"t-1"}`))
	c := newTestClient(t, apiBase(srv), testkit.NewClock())
	ctx := context.Background()
	_, err := c.StartTrainingAndWait(ctx, nil)
	requirePackageError(t, err)
	assert.Contains(t, err.Error(), "start_training: the request body is nil, but the endpoint requires one")
	_, asyncErr := c.Async().StartTrainingOperation(ctx, nil).Wait(ctx)
	requirePackageError(t, asyncErr)
	assert.Equal(t, err.Error(), asyncErr.Error())
	assert.Empty(t, srv.Paths(), "nothing is sent")
}
