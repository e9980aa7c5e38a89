package example

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/clientgen/clientgen/examples/httpbin/apikey"
	"github.com/clientgen/clientgen/examples/httpbin/basicauth"
)

// flavours runs f with a call made through the sync client and through the
// async client, which must agree.
func flavours[C any](t *testing.T, sync func(ctx context.Context) (C, error), async func(ctx context.Context) (C, error), f func(t *testing.T, got C, err error)) {
	t.Helper()
	t.Run("sync", func(t *testing.T) { got, err := sync(t.Context()); f(t, got, err) })
	t.Run("async", func(t *testing.T) { got, err := async(t.Context()); f(t, got, err) })
}

// HTTP basic from client.auth against go-httpbin's /basic-auth and
// /hidden-basic-auth: the right pair authenticates; a wrong password is a
// 401 (or a 404 from the hidden variant) whose error never shows it.
func TestBasicAuthAgainstTheRealServer(t *testing.T) {
	srv := newServer(t)
	for _, tc := range []struct {
		name   string
		opt    basicauth.Option
		status int
	}{
		{"WithBasicAuth", basicauth.WithBasicAuth("alice", "open-sesame"), 200},
		{"WithAuth user:password", basicauth.WithAuth("alice:open-sesame"), 200},
		{"wrong password", basicauth.WithBasicAuth("alice", "wrong-pass-77"), 401},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := basicauth.NewClient(basicauth.WithBaseURL(srv.URL), tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			flavours(t, func(ctx context.Context) (*basicauth.BasicAuth, error) {
				return c.BasicAuth(ctx, "alice", "open-sesame")
			}, func(ctx context.Context) (*basicauth.BasicAuth, error) {
				return c.Async().BasicAuth(ctx, "alice", "open-sesame").Wait(ctx)
			}, func(t *testing.T, got *basicauth.BasicAuth, err error) {
				if tc.status == 200 {
					if err != nil || !got.Authenticated || got.User != "alice" {
						t.Fatalf("got %+v, %v", got, err)
					}
					return
				}
				var ae *basicauth.APIError
				if !errors.As(err, &ae) || ae.StatusCode != tc.status {
					t.Fatalf("err = %v, want a %d APIError", err, tc.status)
				}
				for _, shown := range []string{ae.Error(), ae.Verbose(), ae.URL, strings.Join(ae.Header.Values("Authorization"), ",")} {
					if strings.Contains(shown, "wrong-pass-77") {
						t.Errorf("the password leaks: %q", shown)
					}
				}
			})
		})
	}
	c, err := basicauth.NewClient(basicauth.WithBaseURL(srv.URL), basicauth.WithBasicAuth("alice", "wrong-pass-77"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	flavours(t, func(ctx context.Context) (*basicauth.BasicAuth, error) {
		return c.HiddenBasicAuth(ctx, "alice", "open-sesame")
	}, func(ctx context.Context) (*basicauth.BasicAuth, error) {
		return c.Async().HiddenBasicAuth(ctx, "alice", "open-sesame").Wait(ctx)
	}, func(t *testing.T, _ *basicauth.BasicAuth, err error) {
		var ae *basicauth.APIError
		if !errors.As(err, &ae) || ae.StatusCode != 404 {
			t.Fatalf("err = %v, want the hidden variant's 404", err)
		}
	})
}

// An API key in the query: go-httpbin's /anything echoes the query it
// received, so the key is seen arriving; an error's URL and texts never
// show it.
func TestQueryAPIKeyAgainstTheRealServer(t *testing.T) {
	srv := newServer(t)
	const key = "key-5f3a9c2e"
	c, err := apikey.NewClient(apikey.WithBaseURL(srv.URL), apikey.WithAuth(key))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	flavours(t, func(ctx context.Context) (*apikey.Echo, error) {
		return c.Anything(ctx, "x")
	}, func(ctx context.Context) (*apikey.Echo, error) {
		return c.Async().Anything(ctx, "x").Wait(ctx)
	}, func(t *testing.T, got *apikey.Echo, err error) {
		if err != nil {
			t.Fatal(err)
		}
		if v := got.Args["api_key"]; len(v) != 1 || v[0] != key {
			t.Errorf("the server received api_key=%v, want the key", v)
		}
	})
	flavours(t, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, c.Status(ctx, 404)
	}, func(ctx context.Context) (struct{}, error) {
		return c.Async().Status(ctx, 404).Wait(ctx)
	}, func(t *testing.T, _ struct{}, err error) {
		var ae *apikey.APIError
		if !errors.As(err, &ae) || ae.StatusCode != 404 {
			t.Fatalf("err = %v, want a 404 APIError", err)
		}
		for _, shown := range []string{ae.Error(), ae.Verbose(), ae.URL} {
			if strings.Contains(shown, key) {
				t.Errorf("the key leaks: %q", shown)
			}
		}
	})
}
