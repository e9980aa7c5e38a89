package example

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// The Prometheus server every test of this package talks to: started once by
// TestMain from the binary of the Debian package (or $PROMETHEUS_BIN), on a
// free loopback port with a temporary data directory, and stopped by its
// process id when the tests end.
var prom struct {
	url     string // "" when no server runs
	dataDir string
	skip    string // why, when no server runs
}

func TestMain(m *testing.M) {
	stop, err := startPrometheus()
	if err != nil {
		fmt.Fprintln(os.Stderr, "prometheus:", err)
		os.Exit(1)
	}
	code := m.Run()
	stop()
	os.Exit(code)
}

// needPrometheus skips the test, saying why, when no server could start.
func needPrometheus(t *testing.T) string {
	t.Helper()
	if prom.url == "" {
		t.Skip(prom.skip)
	}
	return prom.url
}

func startPrometheus() (stop func(), err error) {
	bin := os.Getenv("PROMETHEUS_BIN")
	if bin == "" {
		bin, err = exec.LookPath("prometheus")
		if err != nil {
			prom.skip = "prometheus is not installed: `apt-get install prometheus` (or set PROMETHEUS_BIN), or run `make test-real`"
			return func() {}, nil
		}
	}
	dir, err := os.MkdirTemp("", "clientgen-prometheus-")
	if err != nil {
		return nil, err
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	config := fmt.Sprintf("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: prometheus\n    static_configs:\n      - targets: [%q]\n", addr)
	if err := os.WriteFile(filepath.Join(dir, "prometheus.yml"), []byte(config), 0o644); err != nil {
		return nil, err
	}
	prom.dataDir = filepath.Join(dir, "data")
	var logs bytes.Buffer
	cmd := exec.Command(bin,
		"--config.file="+filepath.Join(dir, "prometheus.yml"),
		"--storage.tsdb.path="+prom.dataDir,
		"--web.listen-address="+addr,
		"--web.enable-admin-api",
	)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	stop = func() {
		_ = cmd.Process.Kill() // by pid: the process this test started
		<-exited
		os.RemoveAll(dir)
	}
	url := "http://" + addr
	if err := waitReady(url+"/-/ready", exited, 30*time.Second); err != nil {
		stop()
		return nil, fmt.Errorf("%s did not become ready: %v\n%s", bin, err, logs.String())
	}
	prom.url = url
	return stop, nil
}

// waitReady polls url until it answers 200, the process exits, or the limit
// passes: a bounded loop, since an external process gives no other signal.
func waitReady(url string, exited <-chan struct{}, limit time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-exited:
			return fmt.Errorf("the process exited")
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}
