package spec

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Defaults of the client section; docs/catalog.md explains each choice.
const (
	defaultTimeout          = 30 * time.Second
	defaultMaxResponseBytes = 32 << 20
	defaultMaxRetries       = 3
	defaultBaseDelay        = time.Second
	defaultMaxDelay         = 30 * time.Second
	defaultJitter           = time.Second
	defaultMaxRetryAfter    = 60 * time.Second
	defaultBudgetCapacity   = 500
	defaultBudgetRetryCost  = 5
	defaultBudgetTimeout    = 10
	defaultBudgetRefill     = 1
	defaultHealthPath       = "/health"
	defaultHealthTimeout    = 5 * time.Second
	defaultDiagnosticsKey   = "diagnosis"
)

// defaultRetryStatuses are the statuses retried when the catalog names none.
func defaultRetryStatuses() []int { return []int{500, 502, 503, 504} }

// alwaysSecret are header names whose values never appear in errors,
// whatever the catalog says.
func alwaysSecret() []string {
	return []string{"Authorization", "Cookie", "Proxy-Authorization", "Set-Cookie"}
}

// defaultErrorFormat is used for each part of client.errors left out.
func defaultErrorFormat() ErrorFormat {
	return ErrorFormat{
		Message:   []string{"detail", "message", "error.message"},
		Code:      []string{"error.code"},
		Details:   []string{"error.details"},
		Retryable: []string{"retryable"},
	}
}

// client walks the client section.
func (l *loader) client(n, keyN *yaml.Node) Client {
	c := Client{
		Timeout:          defaultTimeout,
		MaxResponseBytes: defaultMaxResponseBytes,
		SecretHeaders:    alwaysSecret(),
		Retry:            defaultRetry(),
		ErrorFormat:      defaultErrorFormat(),
		Diagnostics:      Diagnostics{Key: defaultDiagnosticsKey},
		HealthPath:       defaultHealthPath,
		HealthTimeout:    defaultHealthTimeout,
	}
	m := l.keyed(n, keyN, "client", clientKeys(&c))
	if m == nil {
		return c
	}
	if m.get("diagnostics") == nil {
		c.Diagnostics.MessageFrom = envelopeMessagePaths(c.ErrorFormat)
	}
	if c.Description == "" && c.Package != "" {
		c.Description = fmt.Sprintf("Package %s is a client for the %s API.", c.Package, c.Name)
	}
	if c.UserAgent == "" {
		c.UserAgent = c.Package + "-go-client"
	}
	return c
}

// clientKeys are the keys of the client section; they read into c.
func clientKeys(c *Client) []key {
	return []key{
		{name: "name", required: true, read: readLine(&c.Name)},
		{name: "package", required: true, read: func(m *mapNode, name string, v *yaml.Node) {
			if s, ok := m.l.nonEmpty(v, m.ctx, name); ok {
				if err := ValidatePackageName(s); err != nil {
					m.l.errorf(v, "%spackage %q %v", at(m.ctx), s, err)
				} else {
					c.Package = s
				}
			}
		}},
		{name: "description", read: func(m *mapNode, _ string, _ *yaml.Node) { c.Description = m.description() }},
		{name: "base_url", required: true, read: func(m *mapNode, _ string, v *yaml.Node) { c.BaseURL = m.l.baseURL(v, m.ctx) }},
		{name: "api_prefix", read: func(m *mapNode, name string, v *yaml.Node) {
			if s, ok := m.l.line(v, m.ctx, name); ok {
				if !strings.HasPrefix(s, "/") || strings.ContainsAny(s, "?# ") {
					m.l.errorf(v, "%sapi_prefix must be a URL path starting with /, such as /api/v1, got %q", at(m.ctx), s)
				} else if problem := segmentsProblem(s); problem != "" {
					m.l.errorf(v, "%sapi_prefix %q %s", at(m.ctx), s, problem)
				} else {
					c.APIPrefix = strings.TrimRight(s, "/")
				}
			}
		}},
		{name: "user_agent", read: readLine(&c.UserAgent)},
		{name: "timeout", read: readDuration(&c.Timeout, true)},
		{name: "max_response_bytes", read: func(m *mapNode, name string, v *yaml.Node) {
			if n, ok := m.l.integer(v, m.ctx, name); ok {
				if n == 0 {
					m.l.errorf(v, "%smax_response_bytes must be positive, got 0 (leave it out for the default of %d)", at(m.ctx), defaultMaxResponseBytes)
				} else {
					c.MaxResponseBytes = n
				}
			}
		}},
		{name: "secret_headers", read: func(m *mapNode, _ string, v *yaml.Node) { c.SecretHeaders = m.l.secretHeaders(v, m.ctx) }},
		{name: "idempotency_header", read: readHeader(&c.IdempotencyHeader)},
		{name: "request_id_header", read: readHeader(&c.RequestIDHeader)},
		{name: "env", read: func(m *mapNode, name string, v *yaml.Node) { c.Env = m.l.env(v, m.keyNode(name)) }},
		{name: "auth", read: func(m *mapNode, name string, v *yaml.Node) { c.Auth = m.l.auth(v, m.keyNode(name), c.Env) }},
		{name: "retry", read: func(m *mapNode, name string, v *yaml.Node) { c.Retry = m.l.retry(v, m.keyNode(name)) }},
		{name: "errors", read: func(m *mapNode, name string, v *yaml.Node) { c.ErrorFormat = m.l.errorFormat(v, m.keyNode(name)) }},
		{name: "diagnostics", read: func(m *mapNode, name string, v *yaml.Node) {
			c.Diagnostics = m.l.diagnostics(v, m.keyNode(name), c.ErrorFormat)
		}},
		{name: "health", read: func(m *mapNode, name string, v *yaml.Node) {
			m.l.keyed(v, m.keyNode(name), "client.health", healthKeys(c))
		}},
	}
}

// healthKeys are the keys of client.health; they read into c.
func healthKeys(c *Client) []key {
	return []key{
		{name: "path", read: func(m *mapNode, name string, v *yaml.Node) {
			if s, ok := m.l.line(v, m.ctx, name); ok {
				if !strings.HasPrefix(s, "/") || strings.ContainsAny(s, "{}# ") {
					m.l.errorf(v, "client.health: path must start with / and hold no {parameters}, got %q", s)
				} else if _, problem := parsePath(s); problem != "" {
					m.l.errorf(v, "client.health: path %q %s", s, problem)
				} else {
					c.HealthPath = s
				}
			}
		}},
		{name: "url", read: func(m *mapNode, name string, v *yaml.Node) {
			s, ok := m.l.line(v, m.ctx, name)
			if !ok {
				return
			}
			if m.has("path") {
				m.l.errorf(v, "client.health: set path (relative to the base URL) or url (outside it), not both")
				return
			}
			if strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//") {
				if _, problem := parsePath(s); problem != "" || strings.ContainsAny(s, "{}") {
					if problem == "" {
						problem = "must hold no {parameters}"
					}
					m.l.errorf(v, "client.health: url %q %s", s, problem)
					return
				}
				c.HealthURL = s
				return
			}
			u, err := url.Parse(s)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.Fragment != "" {
				m.l.errorf(v, "client.health: url must be an absolute path such as /healthz (on the base URL's host) or an absolute http or https URL without credentials or fragment, got %q", s)
				return
			}
			c.HealthURL = s
		}},
		{name: "timeout", read: readDuration(&c.HealthTimeout, true)},
	}
}

// baseURL checks an absolute http(s) URL and strips its trailing slash.
func (l *loader) baseURL(n *yaml.Node, ctx string) string {
	s, ok := l.line(n, ctx, "base_url")
	if !ok {
		return ""
	}
	u, err := url.Parse(s)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "":
		l.errorf(n, "%sbase_url must be an absolute http or https URL such as http://localhost:8000/api/v1, got %q", at(ctx), s)
	case u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		l.errorf(n, "%sbase_url must not hold credentials, a query or a fragment, got %q", at(ctx), s)
	default:
		return strings.TrimRight(s, "/")
	}
	return ""
}

// headerName checks an HTTP header field name (an RFC 9110 token).
func (l *loader) headerName(n *yaml.Node, ctx, key, s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("!#$%&'*+-.^_`|~", r)) {
			l.errorf(n, "%s%s %q is not a valid HTTP header name (want letters, digits and !#$%%&'*+-.^_`|~)", at(ctx), key, s)
			return false
		}
	}
	return true
}

// secretHeaders returns the canonical secret header names, with the
// always-secret ones added, sorted.
func (l *loader) secretHeaders(n *yaml.Node, ctx string) []string {
	set := map[string]bool{}
	for _, h := range alwaysSecret() {
		set[h] = true
	}
	nodes, list, _ := l.strList(n, ctx, "secret_headers", false)
	seen := map[string]*yaml.Node{}
	for i, s := range list {
		if !l.headerName(nodes[i], ctx, "secret_headers item", s) {
			continue
		}
		canon := http.CanonicalHeaderKey(s)
		if first, dup := seen[canon]; dup {
			l.errorf(nodes[i], "%ssecret_headers lists %s twice (first at line %d; header names ignore case)", at(ctx), canon, first.Line)
			continue
		}
		seen[canon] = nodes[i]
		set[canon] = true
	}
	out := make([]string, 0, len(set))
	for h := range set {
		out = append(out, h)
	}
	sort.Strings(out)
	return out
}

// env walks client.env.
func (l *loader) env(n, keyN *yaml.Node) Env {
	var e Env
	l.keyed(n, keyN, "client.env", envKeys(&e, map[string]string{}))
	return e
}

// envKeys are the keys of client.env; they read into e. used maps each
// variable already named to its setting.
func envKeys(e *Env, used map[string]string) []key {
	names := func(dst *[]string) func(*mapNode, string, *yaml.Node) {
		return func(m *mapNode, key string, v *yaml.Node) {
			nodes, list, ok := m.l.strList(v, m.ctx, key, false)
			if !ok {
				return
			}
			for i, s := range list {
				if !validEnvName(s) {
					m.l.errorf(nodes[i], "%s%s: bad environment variable name %q (want letters, digits and _, not starting with a digit)", at(m.ctx), key, s)
					continue
				}
				if other, dup := used[s]; dup {
					m.l.errorf(nodes[i], "%s%s: %s is already the variable of %s (one variable sets one setting)", at(m.ctx), key, s, other)
					continue
				}
				used[s] = key
			}
			*dst = list
		}
	}
	return []key{
		{name: "base_url", read: names(&e.BaseURL)},
		{name: "timeout", read: names(&e.Timeout)},
		{name: "max_retries", read: names(&e.MaxRetries)},
		{name: "retry_delay", read: names(&e.RetryDelay)},
	}
}

// auth walks client.auth; env is client.env, whose variables the
// credential may not reuse.
func (l *loader) auth(n, keyN *yaml.Node, env Env) Auth {
	var a Auth
	m := l.keyed(n, keyN, "client.auth", authKeys(&a, env))
	if m == nil || a.Scheme == "" {
		return Auth{}
	}
	switch {
	case a.Scheme == "api_key" && (a.In == "" || a.Name == ""):
		for _, k := range []string{"in", "name"} {
			if !m.has(k) {
				l.errorf(m.at, "client.auth: an api_key needs %s (in: header, query or cookie; name: the header, parameter or cookie name)", k)
			}
		}
		return Auth{}
	case a.Scheme != "api_key" && (m.has("in") || m.has("name")):
		l.errorf(m.at, "client.auth: in and name apply to scheme api_key only; scheme %s has a fixed place (the Authorization header)", a.Scheme)
		return Auth{}
	}
	if a.In == "header" {
		if !l.headerName(m.get("name"), "client.auth", "name", a.Name) {
			return Auth{}
		}
		a.Name = http.CanonicalHeaderKey(a.Name)
	}
	return a
}

// authKeys are the keys of client.auth; they read into a. env is
// client.env, whose variables the credential may not reuse.
func authKeys(a *Auth, env Env) []key {
	used := map[string]string{}
	for _, list := range [][]string{env.BaseURL, env.Timeout, env.MaxRetries, env.RetryDelay} {
		for _, s := range list {
			used[s] = "client.env"
		}
	}
	var envs Env
	ek := envKeys(&envs, used)
	return []key{
		{name: "scheme", required: true, read: func(m *mapNode, name string, v *yaml.Node) {
			if s, ok := m.l.nonEmpty(v, m.ctx, name); ok {
				if s != "bearer" && s != "basic" && s != "api_key" {
					m.l.errorf(v, "client.auth: unknown scheme %q (want bearer, basic or api_key)", s)
				} else {
					a.Scheme = s
				}
			}
		}},
		{name: "in", read: func(m *mapNode, name string, v *yaml.Node) {
			if s, ok := m.l.nonEmpty(v, m.ctx, name); ok {
				if s != "header" && s != "query" && s != "cookie" {
					m.l.errorf(v, "client.auth: unknown in %q (want header, query or cookie)", s)
				} else {
					a.In = s
				}
			}
		}},
		{name: "name", read: readLine(&a.Name)},
		{name: "env", read: func(m *mapNode, _ string, v *yaml.Node) {
			ek[0].read(m, "env", v) // checks the names as client.env does
			a.Env = envs.BaseURL
		}},
	}
}

// validEnvName reports whether s is a portable environment variable name.
func validEnvName(s string) bool {
	for i, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return s != ""
}

// defaultRetry is the retry policy of a catalog without client.retry.
func defaultRetry() RetryPolicy {
	return RetryPolicy{
		MaxRetries:    defaultMaxRetries,
		BaseDelay:     defaultBaseDelay,
		MaxDelay:      defaultMaxDelay,
		Jitter:        defaultJitter,
		Statuses:      defaultRetryStatuses(),
		MaxRetryAfter: defaultMaxRetryAfter,
		Budget: RetryBudget{
			Capacity:    defaultBudgetCapacity,
			RetryCost:   defaultBudgetRetryCost,
			TimeoutCost: defaultBudgetTimeout,
			Refill:      defaultBudgetRefill,
		},
	}
}

// retry walks client.retry; every key left out keeps its default.
func (l *loader) retry(n, keyN *yaml.Node) RetryPolicy {
	r := defaultRetry()
	m := l.keyed(n, keyN, "client.retry", retryKeys(&r))
	if m != nil && r.MaxDelay > 0 && r.MaxDelay < r.BaseDelay {
		l.errorf(m.get("max_delay"), "%smax_delay %s is shorter than base_delay %s (want max_delay >= base_delay, or 0s for no cap)", at(m.ctx), r.MaxDelay, r.BaseDelay)
	}
	return r
}

// retryKeys are the keys of client.retry; they read into r.
func retryKeys(r *RetryPolicy) []key {
	return []key{
		{name: "max_retries", read: readInt(&r.MaxRetries)},
		{name: "base_delay", read: readDuration(&r.BaseDelay, false)},
		{name: "max_delay", read: readDuration(&r.MaxDelay, false)},
		{name: "jitter", read: readDuration(&r.Jitter, false)},
		{name: "statuses", read: func(m *mapNode, name string, v *yaml.Node) { r.Statuses = m.l.statuses(v, m.ctx, name) }},
		{name: "max_retry_after", read: readDuration(&r.MaxRetryAfter, true)},
		{name: "budget", read: func(m *mapNode, name string, v *yaml.Node) {
			m.l.keyed(v, m.keyNode(name), "client.retry.budget", budgetKeys(&r.Budget))
		}},
	}
}

// budgetKeys are the keys of client.retry.budget; they read into b.
func budgetKeys(b *RetryBudget) []key {
	return []key{
		{name: "capacity", read: readInt(&b.Capacity)},
		{name: "retry_cost", read: readInt(&b.RetryCost)},
		{name: "timeout_cost", read: readInt(&b.TimeoutCost)},
		{name: "refill", read: readInt(&b.Refill)},
	}
}

// statuses returns a list of unique HTTP status codes, sorted.
func (l *loader) statuses(n *yaml.Node, ctx, key string) []int {
	d := deref(n)
	if d == nil || d.Kind != yaml.SequenceNode {
		l.errorf(n, "%s%s must be a list of HTTP status codes, got %s", at(ctx), key, describe(n))
		return nil
	}
	out := []int{}
	seen := map[int64]*yaml.Node{}
	for _, item := range d.Content {
		v, ok := l.integer(item, ctx, key+" item")
		if !ok {
			continue
		}
		if v < 100 || v > 599 {
			l.errorf(item, "%s%s: invalid HTTP status %d (want 100 to 599)", at(ctx), key, v)
			continue
		}
		if first, dup := seen[v]; dup {
			l.errorf(item, "%s%s lists %d twice (first at line %d)", at(ctx), key, v, first.Line)
			continue
		}
		seen[v] = item
		out = append(out, int(v))
	}
	sort.Ints(out)
	return out
}

// errorFormat walks client.errors; every part left out keeps its default.
func (l *loader) errorFormat(n, keyN *yaml.Node) ErrorFormat {
	f := defaultErrorFormat()
	l.keyed(n, keyN, "client.errors", errorFormatKeys(&f))
	return f
}

// errorFormatKeys are the keys of client.errors; they read into f.
func errorFormatKeys(f *ErrorFormat) []key {
	return []key{
		{name: "message", read: readPaths(&f.Message)},
		{name: "code", read: readPaths(&f.Code)},
		{name: "details", read: readPaths(&f.Details)},
		{name: "retryable", read: readPaths(&f.Retryable)},
	}
}

// diagnostics walks client.diagnostics.
// diagnostics walks client.diagnostics; f is the error format, read before.
func (l *loader) diagnostics(n, keyN *yaml.Node, f ErrorFormat) Diagnostics {
	d := Diagnostics{Key: defaultDiagnosticsKey, MessageFrom: envelopeMessagePaths(f)}
	l.keyed(n, keyN, "client.diagnostics", diagnosticsKeys(&d, f))
	return d
}

// diagnosticsKeys are the keys of client.diagnostics; they read into d.
// message_from is read before rules, which are checked against it.
func diagnosticsKeys(d *Diagnostics, f ErrorFormat) []key {
	explicit := false
	return []key{
		{name: "key", read: readLine(&d.Key)},
		{name: "message_from", read: func(m *mapNode, name string, v *yaml.Node) {
			explicit = true
			if list := m.l.pathList(v, m.ctx, name, false); list != nil {
				d.MessageFrom = list
			}
		}},
		{name: "rules", read: func(m *mapNode, _ string, v *yaml.Node) {
			list := deref(v)
			if list.Kind != yaml.SequenceNode {
				m.l.errorf(v, "%srules must be a list of rules, got %s", at(m.ctx), describe(v))
				return
			}
			names := map[string]*yaml.Node{}
			for i, item := range list.Content {
				if r, ok := m.l.rule(item, i, names, f, d.MessageFrom, explicit); ok {
					d.Rules = append(d.Rules, r)
				}
			}
		}},
	}
}

// envelopeMessagePaths derives diagnostics.message_from from the error
// format: the message paths that lie in an object holding a code path
// (error.message next to error.code). A message at the top level of a body
// (FastAPI's detail, a proxy's text) is not part of such an envelope, so
// rules never match it unless the catalog says so.
func envelopeMessagePaths(f ErrorFormat) []string {
	parents := map[string]bool{}
	for _, c := range f.Code {
		if i := strings.LastIndexByte(c, '.'); i > 0 {
			parents[c[:i]] = true
		}
	}
	out := []string{}
	for _, p := range f.Message {
		if i := strings.LastIndexByte(p, '.'); i > 0 && parents[p[:i]] {
			out = append(out, p)
		}
	}
	return out
}

// rule walks one diagnostics rule.
func (l *loader) rule(n *yaml.Node, i int, names map[string]*yaml.Node, f ErrorFormat, messageFrom []string, explicit bool) (DiagnosticRule, bool) {
	var r DiagnosticRule
	ctx := fmt.Sprintf("client.diagnostics rule %d", i+1)
	if name := peekName(n); name != "" {
		ctx = fmt.Sprintf("client.diagnostics rule %q", name)
	}
	errs := len(l.errs)
	m := l.keyed(n, nil, ctx, ruleKeys(&r, names))
	if m == nil {
		return r, false
	}
	if len(r.CodeContains) == 0 && len(r.MessageContains) == 0 {
		l.errorf(deref(n), "%smatches nothing (want code_contains or message_contains with at least one substring)", at(ctx))
	}
	if len(r.CodeContains) > 0 && len(f.Code) == 0 {
		l.errorf(m.keyNode("code_contains"), "%scode_contains can never match: client.errors.code is empty, so no error has a code; list where the error code is in client.errors.code", at(ctx))
	}
	if len(r.MessageContains) > 0 && len(messageFrom) == 0 {
		if explicit {
			l.errorf(m.keyNode("message_contains"), "%smessage_contains can never match: client.diagnostics.message_from is empty; list where diagnosable errors keep their message", at(ctx))
		} else {
			l.errorf(m.keyNode("message_contains"), "%smessage_contains can never match: no client.errors.message path lies next to a client.errors.code path (such as error.message next to error.code); set client.diagnostics.message_from to where diagnosable errors keep their message", at(ctx))
		}
	}
	pt, ptFrom, pts := m.get("problem_type"), m.get("problem_type_from"), m.get("problem_types")
	switch {
	case pt != nil && ptFrom != nil:
		l.errorf(m.keyNode("problem_type_from"), "%sset problem_type or problem_type_from, not both", at(ctx))
	case pt != nil:
		r.ProblemType, _ = l.line(pt, ctx, "problem_type")
		if pts != nil {
			l.errorf(m.keyNode("problem_types"), "%sproblem_types only applies with problem_type_from", at(ctx))
		}
	case ptFrom != nil:
		if s, ok := l.nonEmpty(ptFrom, ctx, "problem_type_from"); ok && l.dottedPath(ptFrom, ctx, "problem_type_from", s) {
			r.ProblemTypeFrom = s
		}
		if pts == nil {
			l.errorf(m.keyNode("problem_type_from"), "%sproblem_type_from needs problem_types, the values accepted from the details (others become \"unknown\")", at(ctx))
		} else {
			_, r.ProblemTypes, _ = l.strList(pts, ctx, "problem_types", true)
		}
	default:
		l.errorf(m.at, "%sneeds problem_type (a fixed problem type) or problem_type_from (a path in the error details)", at(ctx))
	}
	return r, len(l.errs) == errs
}

// ruleKeys are the keys of a diagnostics rule; they read into r, and names
// holds the rule names taken. The problem_type keys depend on each other,
// so rule reads them.
func ruleKeys(r *DiagnosticRule, names map[string]*yaml.Node) []key {
	lower := func(dst *[]string) func(*mapNode, string, *yaml.Node) {
		return func(m *mapNode, name string, v *yaml.Node) {
			_, list, _ := m.l.strList(v, m.ctx, name, false)
			for j := range list {
				list[j] = strings.ToLower(list[j])
			}
			*dst = list
		}
	}
	return []key{
		{name: "name", required: true, read: func(m *mapNode, name string, v *yaml.Node) {
			if s, ok := m.l.line(v, m.ctx, name); ok {
				r.Name = s
				if first, dup := names[s]; dup {
					m.l.errorf(v, "%sduplicate rule name (first at line %d)", at(m.ctx), first.Line)
				}
				names[s] = v
			}
		}},
		{name: "code_contains", read: lower(&r.CodeContains)},
		{name: "message_contains", read: lower(&r.MessageContains)},
		{name: "problem_type"},
		{name: "problem_type_from"},
		{name: "problem_types"},
		{name: "message", required: true, read: func(m *mapNode, name string, v *yaml.Node) {
			r.Message, _ = m.l.nonEmpty(v, m.ctx, name)
		}},
		{name: "details_from", read: readPath(&r.DetailsFrom)},
	}
}

// peekName returns the string under the key "name" of a mapping, or "".
func peekName(n *yaml.Node) string {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k, v := deref(n.Content[i]), deref(n.Content[i+1]); k.Value == "name" && v.Kind == yaml.ScalarNode {
			return strings.TrimSpace(v.Value)
		}
	}
	return ""
}
