package rt

import (
	"context"
	"net/http"
	"testing"

	"github.com/clientgen/clientgen/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An API error keeps the server's request id from the header the catalog
// names, and only from that header.
func TestAPIErrorRequestID(t *testing.T) {
	tests := []struct {
		name, setting, sent, want string
	}{
		{"header set", "X-Request-Id", "X-Request-ID", "req-7"},
		{"no header in the response", "X-Request-Id", "", ""},
		{"no setting", "", "X-Request-ID", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
				if tt.sent != "" {
					w.Header().Set(tt.sent, "req-7")
				}
				writeJSON(w, 404, `{"detail":"no such bar"}`)
			})
			s := testSettings()
			s.requestIDHeader = tt.setting
			c := newTestClient(t, s, srv.URL)
			_, err := call(context.Background(), c.core, getReq("/data"), nil, new(item))
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tt.want, apiErr.RequestID)
			if tt.want != "" {
				assert.Contains(t, apiErr.Verbose(), "\nrequest id: "+tt.want)
			} else {
				assert.NotContains(t, apiErr.Verbose(), "request id")
			}
		})
	}
}
