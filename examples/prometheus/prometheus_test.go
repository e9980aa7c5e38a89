package example

// These tests run the generated client against a real Prometheus. Once the
// catalog can say more (issue "Any real JSON-over-HTTP API"), this file is
// where these go:
//   - bodies: POST /api/v1/query with an application/x-www-form-urlencoded
//     body (long queries), and the remote-read/-write endpoints' bytes;
//   - responses: /metrics and /-/healthy as text, /federate as text;
//   - types: QueryData.result as a one_of on resultType (vector, matrix,
//     scalar, string) instead of json.RawMessage; [time, "value"] pairs as
//     a named alias; nullable fields of /api/v1/targets (globalUrl);
//   - auth: basic auth with --web.config.file.

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	prometheus "github.com/clientgen/clientgen/examples/prometheus/prometheusclient"
)

// api is the part of the generated client these tests call; asyncAPI gives
// the AsyncClient the same shape, so each scenario runs on both flavours.
type api interface {
	Query(ctx context.Context, params *prometheus.QueryParams, opts ...prometheus.CallOption) (*prometheus.QueryResponse, error)
	QueryRange(ctx context.Context, params *prometheus.QueryRangeParams, opts ...prometheus.CallOption) (*prometheus.QueryResponse, error)
	Labels(ctx context.Context, params *prometheus.LabelsParams, opts ...prometheus.CallOption) (*prometheus.StringsResponse, error)
	LabelValues(ctx context.Context, name string, params *prometheus.LabelValuesParams, opts ...prometheus.CallOption) (*prometheus.StringsResponse, error)
	Series(ctx context.Context, params *prometheus.SeriesParams, opts ...prometheus.CallOption) (*prometheus.SeriesResponse, error)
	Targets(ctx context.Context, params *prometheus.TargetsParams, opts ...prometheus.CallOption) (*prometheus.TargetsResponse, error)
	BuildInfo(ctx context.Context, opts ...prometheus.CallOption) (*prometheus.BuildInfoResponse, error)
	RuntimeInfo(ctx context.Context, opts ...prometheus.CallOption) (*prometheus.RuntimeInfoResponse, error)
	Flags(ctx context.Context, opts ...prometheus.CallOption) (*prometheus.FlagsResponse, error)
	Config(ctx context.Context, opts ...prometheus.CallOption) (*prometheus.ConfigResponse, error)
	Snapshot(ctx context.Context, params *prometheus.SnapshotParams, opts ...prometheus.CallOption) (*prometheus.SnapshotResponse, error)
	Reload(ctx context.Context, opts ...prometheus.CallOption) error
	HealthCheck(ctx context.Context) bool
}

type asyncAPI struct{ ac *prometheus.AsyncClient }

func wait[T any](ctx context.Context, c *prometheus.Call[T]) (T, error) { return c.Wait(ctx) }

func (a asyncAPI) Query(ctx context.Context, p *prometheus.QueryParams, o ...prometheus.CallOption) (*prometheus.QueryResponse, error) {
	return wait(ctx, a.ac.Query(ctx, p, o...))
}
func (a asyncAPI) QueryRange(ctx context.Context, p *prometheus.QueryRangeParams, o ...prometheus.CallOption) (*prometheus.QueryResponse, error) {
	return wait(ctx, a.ac.QueryRange(ctx, p, o...))
}
func (a asyncAPI) Labels(ctx context.Context, p *prometheus.LabelsParams, o ...prometheus.CallOption) (*prometheus.StringsResponse, error) {
	return wait(ctx, a.ac.Labels(ctx, p, o...))
}
func (a asyncAPI) LabelValues(ctx context.Context, name string, p *prometheus.LabelValuesParams, o ...prometheus.CallOption) (*prometheus.StringsResponse, error) {
	return wait(ctx, a.ac.LabelValues(ctx, name, p, o...))
}
func (a asyncAPI) Series(ctx context.Context, p *prometheus.SeriesParams, o ...prometheus.CallOption) (*prometheus.SeriesResponse, error) {
	return wait(ctx, a.ac.Series(ctx, p, o...))
}
func (a asyncAPI) Targets(ctx context.Context, p *prometheus.TargetsParams, o ...prometheus.CallOption) (*prometheus.TargetsResponse, error) {
	return wait(ctx, a.ac.Targets(ctx, p, o...))
}
func (a asyncAPI) BuildInfo(ctx context.Context, o ...prometheus.CallOption) (*prometheus.BuildInfoResponse, error) {
	return wait(ctx, a.ac.BuildInfo(ctx, o...))
}
func (a asyncAPI) RuntimeInfo(ctx context.Context, o ...prometheus.CallOption) (*prometheus.RuntimeInfoResponse, error) {
	return wait(ctx, a.ac.RuntimeInfo(ctx, o...))
}
func (a asyncAPI) Flags(ctx context.Context, o ...prometheus.CallOption) (*prometheus.FlagsResponse, error) {
	return wait(ctx, a.ac.Flags(ctx, o...))
}
func (a asyncAPI) Config(ctx context.Context, o ...prometheus.CallOption) (*prometheus.ConfigResponse, error) {
	return wait(ctx, a.ac.Config(ctx, o...))
}
func (a asyncAPI) Snapshot(ctx context.Context, p *prometheus.SnapshotParams, o ...prometheus.CallOption) (*prometheus.SnapshotResponse, error) {
	return wait(ctx, a.ac.Snapshot(ctx, p, o...))
}
func (a asyncAPI) Reload(ctx context.Context, o ...prometheus.CallOption) error {
	_, err := a.ac.Reload(ctx, o...).Wait(ctx)
	return err
}
func (a asyncAPI) HealthCheck(ctx context.Context) bool {
	ok, _ := a.ac.HealthCheck(ctx).Wait(ctx)
	return ok
}

// both runs fn with a sync Client and with an AsyncClient of the server.
func both(t *testing.T, fn func(t *testing.T, c api)) {
	t.Helper()
	url := needPrometheus(t)
	t.Run("sync", func(t *testing.T) {
		c, err := prometheus.NewClient(prometheus.WithBaseURL(url))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fn(t, c)
	})
	t.Run("async", func(t *testing.T) {
		ac, err := prometheus.NewAsyncClient(prometheus.WithBaseURL(url))
		if err != nil {
			t.Fatal(err)
		}
		defer ac.Close()
		fn(t, asyncAPI{ac})
	})
}

// sample is one element of a vector result; point is a [time, "value"] pair.
type sample struct {
	Metric map[string]string `json:"metric"`
	Value  point             `json:"value"`
}

type series struct {
	Metric map[string]string `json:"metric"`
	Values []point           `json:"values"`
}

type point [2]any

func (p point) String() string { v, _ := p[1].(string); return v }
func (p point) Time() time.Time {
	f, _ := p[0].(float64)
	return time.UnixMilli(int64(f * 1000)).UTC()
}

func decode[T any](t *testing.T, raw json.RawMessage) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("result %s: %v", raw, err)
	}
	return v
}

func TestServerInformation(t *testing.T) {
	both(t, func(t *testing.T, c api) {
		ctx := t.Context()
		if !c.HealthCheck(ctx) {
			t.Error("HealthCheck = false")
		}
		bi, err := c.BuildInfo(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if bi.Status != "success" || bi.Data.Version == "" || !strings.HasPrefix(bi.Data.GoVersion, "go") {
			t.Errorf("buildinfo = %+v", bi)
		}
		ri, err := c.RuntimeInfo(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !ri.Data.ReloadConfigSuccess || ri.Data.StartTime.IsZero() || ri.Data.StartTime.After(time.Now()) || ri.Data.GoroutineCount <= 0 {
			t.Errorf("runtimeinfo = %+v", ri.Data)
		}
		flags, err := c.Flags(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := flags.Data["storage.tsdb.path"]; got != prom.dataDir {
			t.Errorf("storage.tsdb.path = %q, want %q", got, prom.dataDir)
		}
		cfg, err := c.Config(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(cfg.Data.Yaml, "job_name: prometheus") {
			t.Errorf("config = %q", cfg.Data.Yaml)
		}
	})
}

func TestQueries(t *testing.T) {
	at := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	both(t, func(t *testing.T, c api) {
		ctx := t.Context()
		res, err := c.Query(ctx, &prometheus.QueryParams{Query: `vector(1) * 2`, Time: &at})
		if err != nil {
			t.Fatal(err)
		}
		if res.Data.ResultType != prometheus.ResultTypeVector {
			t.Fatalf("resultType = %q", res.Data.ResultType)
		}
		v := decode[[]sample](t, res.Data.Result)
		if len(v) != 1 || v[0].Value.String() != "2" || !v[0].Value.Time().Equal(at) {
			t.Errorf("vector = %+v, want one sample 2 at %v", v, at)
		}

		res, err = c.Query(ctx, &prometheus.QueryParams{Query: `scalar(vector(3))`, Time: &at})
		if err != nil {
			t.Fatal(err)
		}
		if p := decode[point](t, res.Data.Result); res.Data.ResultType != prometheus.ResultTypeScalar || p.String() != "3" {
			t.Errorf("scalar = %s %s", res.Data.ResultType, res.Data.Result)
		}
		res, err = c.Query(ctx, &prometheus.QueryParams{Query: `"a string with spaces & signs"`})
		if err != nil {
			t.Fatal(err)
		}
		if p := decode[point](t, res.Data.Result); res.Data.ResultType != prometheus.ResultTypeString || p.String() != "a string with spaces & signs" {
			t.Errorf("string = %s %s", res.Data.ResultType, res.Data.Result)
		}

		rng, err := c.QueryRange(ctx, &prometheus.QueryRangeParams{
			Query: `vector(1)`, Start: at, End: at.Add(2 * time.Minute), Step: "1m",
		})
		if err != nil {
			t.Fatal(err)
		}
		m := decode[[]series](t, rng.Data.Result)
		if rng.Data.ResultType != prometheus.ResultTypeMatrix || len(m) != 1 || len(m[0].Values) != 3 ||
			!m[0].Values[2].Time().Equal(at.Add(2*time.Minute)) {
			t.Errorf("matrix = %s", rng.Data.Result)
		}
	})
}

func TestErrorEnvelope(t *testing.T) {
	both(t, func(t *testing.T, c api) {
		ctx := t.Context()
		for _, tc := range []struct {
			name, query, step string
			status            int
			code, message     string
		}{
			{"parse error", `sum(`, "", 400, "bad_data", `invalid parameter "query": 1:5: parse error`},
			{"execution error", `label_replace(vector(1), "a", "$1", "b", "(")`, "", 422, "execution", "invalid regular expression"},
			{"bad step", `vector(1)`, "0", 400, "bad_data", `invalid parameter "step"`},
		} {
			var err error
			if tc.step == "" {
				_, err = c.Query(ctx, &prometheus.QueryParams{Query: tc.query})
			} else {
				now := time.Now()
				_, err = c.QueryRange(ctx, &prometheus.QueryRangeParams{Query: tc.query, Start: now, End: now, Step: tc.step})
			}
			var ae *prometheus.APIError
			if !errors.As(err, &ae) || !errors.Is(err, prometheus.ErrAPI) {
				t.Fatalf("%s: err = %T %v, want *APIError", tc.name, err, err)
			}
			if ae.StatusCode != tc.status || ae.Code != tc.code || !strings.HasPrefix(ae.Message, tc.message) {
				t.Errorf("%s: status %d code %q message %q, want %d %q %q…", tc.name, ae.StatusCode, ae.Code, ae.Message, tc.status, tc.code, tc.message)
			}
			if ae.Retryable() {
				t.Errorf("%s: Retryable() = true", tc.name)
			}
		}

		// A plain-text error: /-/reload without --web.enable-lifecycle. A
		// short text body is the message.
		var ae *prometheus.APIError
		if err := c.Reload(ctx); !errors.As(err, &ae) || ae.StatusCode != http.StatusForbidden {
			t.Errorf("reload: err = %v, want a 403 *APIError", err)
		} else if ae.Message != "Lifecycle API is not enabled." {
			t.Errorf("reload: message %q, want the server's text", ae.Message)
		}
	})
}

// scraped waits, with a bounded poll, until Prometheus has scraped itself,
// so the series, labels and targets below are real data.
func scraped(t *testing.T, c api) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		res, err := c.Query(ctx, &prometheus.QueryParams{Query: `up{job="prometheus"} == 1`})
		if err == nil && string(res.Data.Result) != "[]" {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("no scrape of itself within 30s (last: %v)", err)
		case <-tick.C:
		}
	}
}

func TestScrapedData(t *testing.T) {
	both(t, func(t *testing.T, c api) {
		ctx := t.Context()
		scraped(t, c)
		ser, err := c.Series(ctx, &prometheus.SeriesParams{Match: []string{`up`, `prometheus_build_info`}})
		if err != nil {
			t.Fatal(err)
		}
		names := map[string]bool{}
		for _, s := range ser.Data {
			names[s["__name__"]] = true
			if s["job"] != "prometheus" {
				t.Errorf("series %v has no job label", s)
			}
		}
		if !names["up"] || !names["prometheus_build_info"] || len(names) != 2 {
			t.Errorf("series names = %v, want up and prometheus_build_info (two match[] sent)", names)
		}
		labels, err := c.Labels(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(labels.Data, "job") || !slices.Contains(labels.Data, "__name__") {
			t.Errorf("labels = %v", labels.Data)
		}
		jobs, err := c.LabelValues(ctx, "job", &prometheus.LabelValuesParams{Match: []string{`up`}})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(jobs.Data, []string{"prometheus"}) {
			t.Errorf("job values = %v", jobs.Data)
		}
		targets, err := c.Targets(ctx, &prometheus.TargetsParams{State: prometheus.Ptr("active")})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(targets.Data.ActiveTargets); n != 1 {
			t.Fatalf("%d active targets", n)
		}
		tg := targets.Data.ActiveTargets[0]
		if tg.Health != prometheus.TargetHealthUp || tg.Labels["job"] != "prometheus" || tg.LastScrape.IsZero() {
			t.Errorf("target = %+v", tg)
		}
	})
}

func TestSnapshot(t *testing.T) {
	both(t, func(t *testing.T, c api) {
		snap, err := c.Snapshot(t.Context(), &prometheus.SnapshotParams{SkipHead: prometheus.Ptr(true)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(prom.dataDir, "snapshots", snap.Data.Name)); err != nil {
			t.Errorf("snapshot %q: %v", snap.Data.Name, err)
		}
	})
}
