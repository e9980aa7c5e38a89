package spec

import (
	"net/http"
	"time"

	"gopkg.in/yaml.v3"
)

// A key is one key of a catalog mapping, declared in a table next to the
// walker of that mapping. The table is the one list of the mapping's keys:
// the loader derives the allowed keys and the "unknown key" message from
// it, reports the required keys that are missing, and reads the others, in
// table order, which is also the order of docs/catalog.md.
type key struct {
	name     string
	required bool
	// read parses the value v of the key into the model. It is nil when the
	// walker reads the key itself, because its meaning depends on other keys.
	read func(m *mapNode, name string, v *yaml.Node)
}

// keyNames returns the names of keys, in table order.
func keyNames(keys []key) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k.name
	}
	return out
}

// keyed checks that n is a mapping of the keys of the table (see mapping),
// reports each required key that is missing, and reads each key present
// that has a read function, in table order. atNode is where a missing key
// is reported. It returns nil when n is not a mapping.
func (l *loader) keyed(n, atNode *yaml.Node, ctx string, keys []key) *mapNode {
	m := l.mapping(n, atNode, ctx, "key", keyNames(keys))
	if m == nil {
		return nil
	}
	for _, k := range keys {
		switch v := m.get(k.name); {
		case v == nil && k.required:
			m.require(k.name)
		case v != nil && k.read != nil:
			k.read(m, k.name, v)
		}
	}
	return m
}

// keyTable is one kind of catalog mapping and its keys.
type keyTable struct {
	// doc is the heading of docs/catalog.md that documents the keys, and
	// prefix what the keys are written after there ("status." for
	// "status.path"), if anything.
	doc, prefix string
	keys        []key
}

// keyTables returns the key table of every mapping of the catalog, built
// on throwaway models, for the documentation test.
func keyTables() []keyTable {
	return []keyTable{
		{"## Top level", "", topKeys()},
		{"## `client`", "", clientKeys(new(Client))},
		{"### `client.env`", "", envKeys(new(Env), nil)},
		{"### `client.auth`", "", authKeys(new(Auth), Env{})},
		{"### `client.retry`", "", retryKeys(new(RetryPolicy))},
		{"### `client.retry`", "", budgetKeys(new(RetryBudget))},
		{"### `client.errors`", "", errorFormatKeys(new(ErrorFormat))},
		{"### `client.diagnostics`", "", diagnosticsKeys(new(Diagnostics), ErrorFormat{})},
		{"### `client.diagnostics`", "", ruleKeys(new(DiagnosticRule), nil)},
		{"### `client.health`", "", healthKeys(new(Client))},
		{"## `types`", "", typeKeys()},
		{"## `types`", "", fieldKeys()},
		{"### `one_of` and `any_of`", "discriminator.", discriminatorKeys()},
		{"## `endpoints`", "", endpointKeys()},
		{"### `path_params`", "", pathParamKeys()},
		{"### `query`", "", queryKeys()},
		{"### `headers` and `fixed_headers`", "", headerKeys()},
		{"### `operation`", "", startKeys(new(StartOperation))},
		{"### `pagination`", "", paginationKeys()},
		{"### `stream`", "", streamKeys()},
		{"### Bodies and responses that are not JSON", "", bodyKeys()},
		{"### Bodies and responses that are not JSON", "", responseKeys()},
		{"## `operations`", "", operationsKeys(new(Operations))},
		{"## `operations`", "status.", opStatusKeys(new(Operations))},
		{"## `operations`", "cancel.", opCancelKeys(new(Operations))},
		{"## `operations`", "fields.", opFieldsKeys(new(Operations))},
		{"## `operations`", "statuses.", opStatusesKeys(new(Operations), nil)},
		{"## `operations`", "poll.", opPollKeys(new(Operations))},
	}
}

// Read functions for the common kinds of values. Each leaves *dst as it
// is (the default) when the value is wrong, after reporting it.

// readLine reads a non-empty single-line string.
func readLine(dst *string) func(*mapNode, string, *yaml.Node) {
	return func(m *mapNode, name string, v *yaml.Node) {
		if s, ok := m.l.line(v, m.ctx, name); ok {
			*dst = s
		}
	}
}

// readDuration reads a duration; zero is refused when positive is set.
func readDuration(dst *time.Duration, positive bool) func(*mapNode, string, *yaml.Node) {
	return func(m *mapNode, name string, v *yaml.Node) {
		if d, ok := m.l.duration(v, m.ctx, name, positive); ok {
			*dst = d
		}
	}
}

// readInt reads a non-negative int.
func readInt(dst *int) func(*mapNode, string, *yaml.Node) {
	return func(m *mapNode, name string, v *yaml.Node) {
		if n, ok := m.l.smallInt(v, m.ctx, name); ok {
			*dst = n
		}
	}
}

// readPath reads one dotted JSON path.
func readPath(dst *string) func(*mapNode, string, *yaml.Node) {
	return func(m *mapNode, name string, v *yaml.Node) {
		if s, ok := m.l.nonEmpty(v, m.ctx, name); ok && m.l.dottedPath(v, m.ctx, name, s) {
			*dst = s
		}
	}
}

// readPaths reads a list of dotted JSON paths; an empty list is allowed.
func readPaths(dst *[]string) func(*mapNode, string, *yaml.Node) {
	return func(m *mapNode, name string, v *yaml.Node) {
		if list := m.l.pathList(v, m.ctx, name, false); list != nil {
			*dst = list
		}
	}
}

// readHeader reads an HTTP header name, canonicalised (x-request-id →
// X-Request-Id).
func readHeader(dst *string) func(*mapNode, string, *yaml.Node) {
	return func(m *mapNode, name string, v *yaml.Node) {
		if s, ok := m.l.nonEmpty(v, m.ctx, name); ok && m.l.headerName(v, m.ctx, name, s) {
			*dst = http.CanonicalHeaderKey(s)
		}
	}
}
