package rt

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// AuthFunc returns the credential of one attempt: a bearer token, an API
// key, or user:password for HTTP basic. It is called before every attempt,
// so that it can refresh an expiring token; an error stops the call before
// anything is sent, as a *ClientError that is not retried.
type AuthFunc func(ctx context.Context) (string, error)

// authConfig is the client's resolved authentication: the catalog's
// scheme and where the credential goes, and the credential itself.
type authConfig struct {
	scheme, in, name string
	value            string   // static credential; "" when fn or nothing gives it
	fn               AuthFunc // called per attempt when value is ""
}

// WithAuth sets the credential of the catalog's client.auth scheme: the
// token of a bearer scheme, the key of an api_key scheme, user:password for
// basic. It wins over the catalog's environment variables. The constructor
// fails when the catalog declares no auth, or when the value holds a
// control character.
func WithAuth(credential string) Option {
	return func(o *options) { o.auth, o.authSet = credential, true }
}

// WithBasicAuth sets the user and password of a basic scheme; it is
// WithAuth(user + ":" + password). A user holding ":" makes the
// constructor fail: the server would split the pair at it (RFC 7617).
func WithBasicAuth(user, password string) Option {
	return func(o *options) {
		if strings.Contains(user, ":") {
			o.errs = append(o.errs, errors.New(`WithBasicAuth: the user contains ":", which a basic user id cannot hold (the server would take the rest as the password)`))
			return
		}
		o.auth, o.authSet = user+":"+password, true
	}
}

// WithAuthFunc sets a function that returns the credential before every
// attempt (a refreshable token); it wins over WithAuth and the environment.
func WithAuthFunc(fn AuthFunc) Option {
	return func(o *options) { o.authFunc = fn }
}

// WithCallAuth sets the credential of this call only, instead of the
// client's; an invalid value, or a catalog without client.auth, makes the
// call fail before anything is sent.
func WithCallAuth(credential string) CallOption {
	return func(o *callOptions) {
		if err := checkCredential(credential); err != nil {
			o.errs = append(o.errs, err)
			return
		}
		o.auth, o.authSet = credential, true
	}
}

// checkCredential refuses a credential that cannot be sent; the value is
// never part of the error.
func checkCredential(v string) error {
	for i := 0; i < len(v); i++ {
		if b := v[i]; (b < ' ' && b != '\t') || b == 0x7f {
			return fmt.Errorf("the credential contains a control character (%s)", controlName(b))
		}
	}
	return nil
}

// checkFor is checkCredential, and for a cookie it also refuses what
// would end the cookie's value and start another one (";") or break its
// quoting ('"', "\\"); the value is never part of the error.
func (a *authConfig) checkFor(v string) error {
	if err := checkCredential(v); err != nil {
		return err
	}
	if a.in == "cookie" {
		if i := strings.IndexAny(v, ";\"\\"); i >= 0 {
			return fmt.Errorf("the cookie credential contains %q, which a cookie value cannot hold", v[i:i+1])
		}
	}
	return nil
}

// resolveAuth builds the client's authentication from the catalog and the
// options: WithAuthFunc > WithAuth > the catalog's environment variables.
// It returns nil when the catalog declares no scheme.
func resolveAuth(s settings, o *options) (*authConfig, error) {
	a := s.auth
	if a.scheme == "" {
		if o.authSet || o.authFunc != nil {
			return nil, errors.New("WithAuth and WithAuthFunc need the catalog's client.auth (how the credential is sent); use WithHeader or WithRequestEditor instead")
		}
		return nil, nil
	}
	cfg := &authConfig{scheme: a.scheme, in: a.in, name: a.name, fn: o.authFunc}
	switch {
	case o.authFunc != nil:
	case o.authSet:
		if err := cfg.checkFor(o.auth); err != nil {
			return nil, fmt.Errorf("WithAuth: %w", err)
		}
		cfg.value = o.auth
	default:
		for _, name := range a.env {
			if v, ok := o.lookupEnv(name); ok && strings.TrimSpace(v) != "" {
				v = strings.TrimSpace(v)
				if err := cfg.checkFor(v); err != nil {
					return nil, fmt.Errorf("environment variable %s: %w", name, err)
				}
				cfg.value = v
				break
			}
		}
	}
	return cfg, nil
}

// authorize adds the credential of one attempt to hreq: the value, or
// what the function returns. Nothing is added when there is no credential.
func (a *authConfig) authorize(ctx context.Context, hreq *http.Request) error {
	cred := a.value
	if a.fn != nil {
		v, err := a.fn(ctx)
		if err != nil {
			return err
		}
		if err := a.checkFor(v); err != nil {
			return err
		}
		cred = v
	}
	if cred == "" {
		return nil
	}
	switch {
	case a.scheme == "bearer":
		hreq.Header["Authorization"] = []string{"Bearer " + cred}
	case a.scheme == "basic":
		hreq.Header["Authorization"] = []string{"Basic " + base64.StdEncoding.EncodeToString([]byte(cred))}
	case a.in == "header":
		hreq.Header[a.name] = []string{cred}
	case a.in == "cookie":
		// The Cookie values may be the client's shared slice: append to
		// a copy, never into its spare capacity (another call's request).
		vs := hreq.Header["Cookie"]
		hreq.Header["Cookie"] = append(vs[:len(vs):len(vs)], a.name+"="+cookieValue(cred))
	case a.in == "query":
		u := *hreq.URL // the exchange's URL is shared by the attempts
		param := url.QueryEscape(a.name) + "=" + url.QueryEscape(cred)
		if u.RawQuery == "" {
			u.RawQuery = param
		} else {
			u.RawQuery += "&" + param
		}
		u.ForceQuery = false
		hreq.URL = &u
	}
	return nil
}

// cookieValue quotes a cookie value that holds a space or a comma, as
// net/http does.
func cookieValue(v string) string {
	if strings.ContainsAny(v, " ,") {
		return `"` + v + `"`
	}
	return v
}
