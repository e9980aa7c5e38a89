package example

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"
)

// The Prism mock every test of this package talks to: started once by
// TestMain, serving openapi.yaml on a free loopback port with request
// validation (`prism mock --errors`), and stopped by its process id when the
// tests end. Prism answers a request that breaks the document with 422 (or
// with the 400 the document declares), so every call that succeeds was
// checked against the document.
var prism prismServer

// shopPrism serves shop.openapi.yaml, the document shop.yaml is imported
// from, the same way.
var shopPrism prismServer

type prismServer struct {
	url  string // "" when no mock runs
	skip string // why, when no mock runs
	logs *lockedBuffer
}

func TestMain(m *testing.M) {
	stop, err := startPrism(&prism, "openapi.yaml")
	if err != nil {
		fmt.Fprintln(os.Stderr, "prism:", err)
		os.Exit(1)
	}
	stopShop, err := startPrism(&shopPrism, "shop.openapi.yaml")
	if err != nil {
		stop()
		fmt.Fprintln(os.Stderr, "prism:", err)
		os.Exit(1)
	}
	code := m.Run()
	stopShop()
	stop()
	os.Exit(code)
}

func needPrism(t *testing.T) string {
	t.Helper()
	if prism.url == "" {
		t.Skip(prism.skip)
	}
	return prism.url
}

// prismBinary finds Prism: $PRISM_BIN, then node_modules/.bin/prism (what
// `make test-real` installs), then prism on the PATH.
func prismBinary() (string, bool) {
	if bin := os.Getenv("PRISM_BIN"); bin != "" {
		return bin, true
	}
	if _, err := os.Stat("node_modules/.bin/prism"); err == nil {
		return "node_modules/.bin/prism", true
	}
	bin, err := exec.LookPath("prism")
	return bin, err == nil
}

func startPrism(prism *prismServer, doc string) (stop func(), err error) {
	bin, ok := prismBinary()
	if !ok {
		prism.skip = "prism is not installed: `npm install --prefix examples/prism @stoplight/prism-cli@5.16.0` (or set PRISM_BIN), or run `make test-real`"
		return func() {}, nil
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	host, port, _ := net.SplitHostPort(addr)
	prism.logs = &lockedBuffer{}
	cmd := exec.Command(bin, "mock", "--host", host, "--port", port, "--errors", doc)
	cmd.Stdout, cmd.Stderr = prism.logs, prism.logs
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
	}
	url := "http://" + addr
	if err := waitReady(url+"/health", exited, 60*time.Second); err != nil {
		stop()
		return nil, fmt.Errorf("%s did not become ready: %v\n%s", bin, err, prism.logs.String())
	}
	prism.url = url
	return stop, nil
}

// waitReady polls url until it answers 200, the process exits, or the limit
// passes: a bounded loop, since an external process gives no other signal.
func waitReady(url string, exited <-chan struct{}, limit time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	tick := time.NewTicker(100 * time.Millisecond)
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

// lockedBuffer collects the process's output, written by os/exec's copying
// goroutines and read by the tests.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
