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
	const ctx = "client"
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
	m := l.mapping(n, keyN, ctx, "key", allowedKeys("client"))
	if m == nil {
		return c
	}
	if v := m.require("name"); v != nil {
		c.Name, _ = l.line(v, ctx, "name")
	}
	if v := m.require("package"); v != nil {
		if s, ok := l.nonEmpty(v, ctx, "package"); ok {
			if err := ValidatePackageName(s); err != nil {
				l.errorf(v, "%spackage %q %v", at(ctx), s, err)
			} else {
				c.Package = s
			}
		}
	}
	c.Description = m.description()
	if c.Description == "" && c.Package != "" {
		c.Description = fmt.Sprintf("Package %s is a client for the %s API.", c.Package, c.Name)
	}
	if v := m.require("base_url"); v != nil {
		c.BaseURL = l.baseURL(v, ctx)
	}
	if v := m.get("api_prefix"); v != nil {
		if s, ok := l.line(v, ctx, "api_prefix"); ok {
			if !strings.HasPrefix(s, "/") || strings.ContainsAny(s, "?# ") {
				l.errorf(v, "%sapi_prefix must be a URL path starting with /, such as /api/v1, got %q", at(ctx), s)
			} else {
				c.APIPrefix = strings.TrimRight(s, "/")
			}
		}
	}
	c.UserAgent = c.Package + "-go-client"
	if v := m.get("user_agent"); v != nil {
		c.UserAgent, _ = l.line(v, ctx, "user_agent")
	}
	c.Timeout = m.optDuration("timeout", defaultTimeout, true)
	if v := m.get("max_response_bytes"); v != nil {
		if n, ok := l.integer(v, ctx, "max_response_bytes"); ok {
			if n == 0 {
				l.errorf(v, "%smax_response_bytes must be positive, got 0 (leave it out for the default of %d)", at(ctx), defaultMaxResponseBytes)
			} else {
				c.MaxResponseBytes = n
			}
		}
	}
	if v := m.get("secret_headers"); v != nil {
		c.SecretHeaders = l.secretHeaders(v, ctx)
	}
	if v := m.get("idempotency_header"); v != nil {
		if s, ok := l.nonEmpty(v, ctx, "idempotency_header"); ok && l.headerName(v, ctx, "idempotency_header", s) {
			c.IdempotencyHeader = http.CanonicalHeaderKey(s)
		}
	}
	if v := m.get("env"); v != nil {
		c.Env = l.env(v, m.keyNode("env"))
	}
	if v := m.get("retry"); v != nil {
		c.Retry = l.retry(v, m.keyNode("retry"))
	}
	if v := m.get("errors"); v != nil {
		c.ErrorFormat = l.errorFormat(v, m.keyNode("errors"))
	}
	if v := m.get("diagnostics"); v != nil {
		c.Diagnostics = l.diagnostics(v, m.keyNode("diagnostics"), c.ErrorFormat)
	} else {
		c.Diagnostics.MessageFrom = envelopeMessagePaths(c.ErrorFormat)
	}
	if v := m.get("health"); v != nil {
		hm := l.mapping(v, m.keyNode("health"), "client.health", "key", allowedKeys("health"))
		if hm != nil {
			if p := hm.get("path"); p != nil {
				if s, ok := l.line(p, "client.health", "path"); ok {
					if !strings.HasPrefix(s, "/") || strings.ContainsAny(s, "{}# ") {
						l.errorf(p, "client.health: path must start with / and hold no {parameters}, got %q", s)
					} else {
						c.HealthPath = s
					}
				}
			}
			c.HealthTimeout = hm.optDuration("timeout", defaultHealthTimeout, true)
		}
	}
	return c
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
	const ctx = "client.env"
	var e Env
	m := l.mapping(n, keyN, ctx, "key", allowedKeys("env"))
	if m == nil {
		return e
	}
	used := map[string]string{} // variable → setting
	get := func(key string) []string {
		v := m.get(key)
		if v == nil {
			return nil
		}
		nodes, list, ok := l.strList(v, ctx, key, false)
		if !ok {
			return nil
		}
		for i, s := range list {
			if !validEnvName(s) {
				l.errorf(nodes[i], "%s%s: bad environment variable name %q (want letters, digits and _, not starting with a digit)", at(ctx), key, s)
				continue
			}
			if other, dup := used[s]; dup {
				l.errorf(nodes[i], "%s%s: %s is already the variable of %s (one variable sets one setting)", at(ctx), key, s, other)
				continue
			}
			used[s] = key
		}
		return list
	}
	e.BaseURL = get("base_url")
	e.Timeout = get("timeout")
	e.MaxRetries = get("max_retries")
	e.RetryDelay = get("retry_delay")
	return e
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
	const ctx = "client.retry"
	r := defaultRetry()
	m := l.mapping(n, keyN, ctx, "key", allowedKeys("retry"))
	if m == nil {
		return r
	}
	r.MaxRetries = m.optInt("max_retries", defaultMaxRetries)
	r.BaseDelay = m.optDuration("base_delay", defaultBaseDelay, false)
	r.MaxDelay = m.optDuration("max_delay", defaultMaxDelay, false)
	if r.MaxDelay > 0 && r.MaxDelay < r.BaseDelay {
		l.errorf(m.get("max_delay"), "%smax_delay %s is shorter than base_delay %s (want max_delay >= base_delay, or 0s for no cap)", at(ctx), r.MaxDelay, r.BaseDelay)
	}
	r.Jitter = m.optDuration("jitter", defaultJitter, false)
	r.MaxRetryAfter = m.optDuration("max_retry_after", defaultMaxRetryAfter, true)
	if v := m.get("statuses"); v != nil {
		r.Statuses = l.statuses(v, ctx, "statuses")
	}
	if v := m.get("budget"); v != nil {
		bm := l.mapping(v, m.keyNode("budget"), "client.retry.budget", "key", allowedKeys("budget"))
		if bm != nil {
			r.Budget.Capacity = bm.optInt("capacity", defaultBudgetCapacity)
			r.Budget.RetryCost = bm.optInt("retry_cost", defaultBudgetRetryCost)
			r.Budget.TimeoutCost = bm.optInt("timeout_cost", defaultBudgetTimeout)
			r.Budget.Refill = bm.optInt("refill", defaultBudgetRefill)
		}
	}
	return r
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
	const ctx = "client.errors"
	f := defaultErrorFormat()
	m := l.mapping(n, keyN, ctx, "key", allowedKeys("errors"))
	if m == nil {
		return f
	}
	set := func(key string, dst *[]string) {
		if v := m.get(key); v != nil {
			if list := l.pathList(v, ctx, key, false); list != nil {
				*dst = list
			}
		}
	}
	set("message", &f.Message)
	set("code", &f.Code)
	set("details", &f.Details)
	set("retryable", &f.Retryable)
	return f
}

// diagnostics walks client.diagnostics.
func (l *loader) diagnostics(n, keyN *yaml.Node, f ErrorFormat) Diagnostics {
	const ctx = "client.diagnostics"
	d := Diagnostics{Key: defaultDiagnosticsKey, MessageFrom: envelopeMessagePaths(f)}
	m := l.mapping(n, keyN, ctx, "key", allowedKeys("diag"))
	if m == nil {
		return d
	}
	if v := m.get("key"); v != nil {
		if s, ok := l.line(v, ctx, "key"); ok {
			d.Key = s
		}
	}
	explicit := m.get("message_from") != nil
	if v := m.get("message_from"); v != nil {
		if list := l.pathList(v, ctx, "message_from", false); list != nil {
			d.MessageFrom = list
		}
	}
	v := m.get("rules")
	if v == nil {
		return d
	}
	list := deref(v)
	if list.Kind != yaml.SequenceNode {
		l.errorf(v, "%srules must be a list of rules, got %s", at(ctx), describe(v))
		return d
	}
	names := map[string]*yaml.Node{}
	for i, item := range list.Content {
		if r, ok := l.rule(item, i, names, f, d.MessageFrom, explicit); ok {
			d.Rules = append(d.Rules, r)
		}
	}
	return d
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
	m := l.mapping(n, nil, ctx, "key", allowedKeys("rule"))
	if m == nil {
		return r, false
	}
	if v := m.get("name"); v != nil {
		if s, ok := l.line(v, ctx, "name"); ok {
			r.Name = s
			if first, dup := names[s]; dup {
				l.errorf(v, "%sduplicate rule name (first at line %d)", at(ctx), first.Line)
			}
			names[s] = v
		}
	} else {
		m.require("name")
	}
	lower := func(key string) []string {
		v := m.get(key)
		if v == nil {
			return nil
		}
		_, list, _ := l.strList(v, ctx, key, false)
		for j := range list {
			list[j] = strings.ToLower(list[j])
		}
		return list
	}
	r.CodeContains = lower("code_contains")
	r.MessageContains = lower("message_contains")
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
	if v := m.require("message"); v != nil {
		r.Message, _ = l.nonEmpty(v, ctx, "message")
	}
	r.DetailsFrom = m.optPath("details_from")
	return r, len(l.errs) == errs
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
