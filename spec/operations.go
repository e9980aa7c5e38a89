package spec

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Defaults of the operations section; docs/catalog.md explains each choice.
const (
	defaultPollInterval  = 300 * time.Millisecond
	defaultPollGrowth    = 1.0
	defaultCancelTimeout = 5 * time.Second
	defaultMaxUnexpected = 10
	defaultCancelMethod  = "DELETE"
)

// operations walks the operations section.
func (l *loader) operations(n, keyN *yaml.Node) *Operations {
	op := &Operations{
		CancelMethod:  defaultCancelMethod,
		CancelTimeout: defaultCancelTimeout,
		PollInterval:  defaultPollInterval,
		PollGrowth:    defaultPollGrowth,
		MaxUnexpected: defaultMaxUnexpected,
	}
	l.keyed(n, keyN, "operations", operationsKeys(op))
	if op.CancelPath == "" {
		op.CancelPath = op.StatusPath
	}
	if op.PollMaxInterval == 0 {
		op.PollMaxInterval = op.PollInterval
	}
	return op
}

// operationsKeys are the keys of the operations section; they read into op.
func operationsKeys(op *Operations) []key {
	sub := func(ctx string, keys func(*Operations) []key) func(*mapNode, string, *yaml.Node) {
		return func(m *mapNode, name string, v *yaml.Node) { m.l.keyed(v, m.keyNode(name), ctx, keys(op)) }
	}
	return []key{
		{name: "status", required: true, read: sub("operations.status", opStatusKeys)},
		{name: "cancel", read: sub("operations.cancel", opCancelKeys)},
		{name: "fields", required: true, read: func(m *mapNode, name string, v *yaml.Node) {
			if fm := m.l.keyed(v, m.keyNode(name), "operations.fields", opFieldsKeys(op)); fm != nil {
				m.l.checkStatusFields(fm, op)
			}
		}},
		{name: "statuses", required: true, read: func(m *mapNode, name string, v *yaml.Node) {
			m.l.operationStatuses(v, m.keyNode(name), op)
		}},
		{name: "poll", read: sub("operations.poll", opPollKeys)},
	}
}

// opStatusKeys are the keys of operations.status.
func opStatusKeys(op *Operations) []key {
	return []key{
		{name: "path", required: true, read: func(m *mapNode, _ string, v *yaml.Node) { op.StatusPath = m.l.operationPath(v, m.ctx) }},
		{name: "response", read: func(m *mapNode, name string, v *yaml.Node) { op.Response = m.l.typeExpr(v, m.ctx, name) }},
	}
}

// opCancelKeys are the keys of operations.cancel.
func opCancelKeys(op *Operations) []key {
	return []key{
		{name: "method", read: func(m *mapNode, name string, v *yaml.Node) {
			if s, ok := m.l.nonEmpty(v, m.ctx, name); ok {
				if contains(httpMethods(), s) {
					op.CancelMethod = s
				} else {
					m.l.errorf(v, "%sunknown method %q (want one of %s)", at(m.ctx), s, strings.Join(httpMethods(), ", "))
				}
			}
		}},
		{name: "path", read: func(m *mapNode, _ string, v *yaml.Node) { op.CancelPath = m.l.operationPath(v, m.ctx) }},
		{name: "body", read: func(m *mapNode, name string, v *yaml.Node) {
			if s, ok := m.l.nonEmpty(v, m.ctx, name); ok {
				var x any
				if err := json.Unmarshal([]byte(s), &x); err != nil {
					m.l.errorf(v, "%sbody is not valid JSON: %v (want raw JSON such as '{\"reason\": \"cancelled\"}')", at(m.ctx), err)
				} else {
					op.CancelBody = s
				}
			}
		}},
		{name: "timeout", read: readDuration(&op.CancelTimeout, true)},
	}
}

// opFieldsKeys are the keys of operations.fields.
func opFieldsKeys(op *Operations) []key {
	return []key{
		{name: "success", read: readPath(&op.SuccessField)},
		{name: "status", required: true, read: readPath(&op.StatusField)},
		{name: "progress", read: readPath(&op.ProgressField)},
		{name: "step", read: readPath(&op.StepField)},
		{name: "error", read: readPath(&op.ErrorField)},
		{name: "result", read: readPath(&op.ResultField)},
	}
}

// opPollKeys are the keys of operations.poll.
func opPollKeys(op *Operations) []key {
	return []key{
		{name: "interval", read: readDuration(&op.PollInterval, true)},
		{name: "max_interval", read: func(m *mapNode, name string, v *yaml.Node) {
			d, ok := m.l.duration(v, m.ctx, name, true)
			switch {
			case !ok:
			case d < op.PollInterval:
				m.l.errorf(v, "%smax_interval %s is shorter than interval %s", at(m.ctx), d, op.PollInterval)
			default:
				op.PollMaxInterval = d
			}
		}},
		{name: "growth", read: func(m *mapNode, name string, v *yaml.Node) {
			f, ok := m.l.number(v, m.ctx, name)
			switch {
			case !ok:
			case f < 1:
				m.l.errorf(v, "%sgrowth must be at least 1, got %v (1 keeps the interval fixed)", at(m.ctx), f)
			case f > 1 && op.PollMaxInterval <= op.PollInterval:
				m.l.errorf(v, "%sgrowth %v has no effect unless max_interval is longer than interval (%s)", at(m.ctx), f, op.PollInterval)
			default:
				op.PollGrowth = f
			}
		}},
		{name: "max_unexpected", read: func(m *mapNode, name string, v *yaml.Node) {
			if k, ok := m.l.smallInt(v, m.ctx, name); ok {
				if k == 0 {
					m.l.errorf(v, "%smax_unexpected must be at least 1, got 0", at(m.ctx))
				} else {
					op.MaxUnexpected = k
				}
			}
		}},
	}
}

// operationPath checks a status or cancel path: exactly one {parameter},
// the operation id.
func (l *loader) operationPath(n *yaml.Node, ctx string) string {
	s, ok := l.nonEmpty(n, ctx, "path")
	if !ok {
		return ""
	}
	params, problem := parsePath(s)
	switch {
	case problem != "":
		l.errorf(n, "%spath %q %s", at(ctx), s, problem)
	case len(params) != 1:
		l.errorf(n, "%spath %q must have exactly one {parameter}, the operation id, such as /operations/{operation_id}", at(ctx), s)
	default:
		return s
	}
	return ""
}

// operationStatuses walks operations.statuses: non-empty lists, each
// status in one list only.
func (l *loader) operationStatuses(n, keyN *yaml.Node, op *Operations) {
	l.keyed(n, keyN, "operations.statuses", opStatusesKeys(op, map[string]string{}))
}

// opStatusesKeys are the keys of operations.statuses; owner maps each
// status already listed to its list.
func opStatusesKeys(op *Operations, owner map[string]string) []key {
	list := func(dst *[]string) func(*mapNode, string, *yaml.Node) {
		return func(m *mapNode, key string, v *yaml.Node) {
			nodes, list, _ := m.l.strList(v, m.ctx, key, true)
			var out []string
			for i, s := range list {
				if other, dup := owner[s]; dup {
					m.l.errorf(nodes[i], "%sstatus %q is in both %s and %s (a status belongs to one list)", at(m.ctx), s, other, key)
					continue
				}
				if !m.l.singleLine(nodes[i], m.ctx, key+" item", s) {
					continue
				}
				owner[s] = key
				out = append(out, s)
			}
			*dst = out
		}
	}
	return []key{
		{name: "in_progress", required: true, read: list(&op.InProgress)},
		{name: "succeeded", required: true, read: list(&op.Succeeded)},
		{name: "failed", required: true, read: list(&op.Failed)},
		{name: "cancelled", read: list(&op.Cancelled)},
	}
}

// checkStatusFields checks the operations.fields paths against the typed
// status response, when there is one: each path must lead somewhere, and to
// a value of the right kind. Paths that pass through any or a map are not
// checked beyond that point.
func (l *loader) checkStatusFields(fm *mapNode, op *Operations) {
	if op.Response == nil {
		return
	}
	checks := []struct {
		key, path string
		want      string
		ok        func(*TypeRef) bool
	}{
		{"success", op.SuccessField, "boolean", func(r *TypeRef) bool { return r.Kind == KindBoolean }},
		{"status", op.StatusField, "string or a string enum", func(r *TypeRef) bool {
			return r.Kind == KindString || r.Kind == KindRef && r.Ref.IsEnum() && !r.Ref.IsIntEnum()
		}},
		{"progress", op.ProgressField, "number or integer", func(r *TypeRef) bool { return r.Kind == KindNumber || r.Kind == KindInteger }},
		{"step", op.StepField, "string", func(r *TypeRef) bool { return r.Kind == KindString }},
		{"error", op.ErrorField, "string", func(r *TypeRef) bool { return r.Kind == KindString }},
		{"result", op.ResultField, "any type", func(*TypeRef) bool { return true }},
	}
	for _, c := range checks {
		if c.path == "" {
			continue
		}
		n := fm.get(c.key)
		leaf, problem := followPath(op.Response, c.path)
		switch {
		case problem != "":
			l.errorf(n, "%s%s path %q: %s", at(fm.ctx), c.key, c.path, problem)
		case leaf != nil && !c.ok(leaf):
			l.errorf(n, "%s%s path %q leads to %s, want %s", at(fm.ctx), c.key, c.path, describeRef(leaf), c.want)
		}
	}
}

// followPath walks a dotted path through a type. It returns the type at its
// end (nil when the path enters free-form JSON, a list or an unchecked
// type), or what is wrong with it.
func followPath(ref *TypeRef, path string) (*TypeRef, string) {
	cur := ref
	for _, seg := range strings.Split(path, ".") {
		for cur != nil && cur.Kind == KindRef && cur.Ref.IsAlias() {
			cur = cur.Ref.Alias
		}
		switch {
		case cur == nil || cur.Kind == KindAny || cur.Kind == KindArray:
			return nil, ""
		case cur.Kind == KindMap:
			cur = cur.Elem
		case cur.Kind == KindRef && !cur.Ref.IsEnum():
			var next *TypeRef
			found := false
			for _, f := range cur.Ref.Fields {
				if f.JSONName == seg {
					next, found = f.Type, true
					break
				}
			}
			if !found {
				names := make([]string, len(cur.Ref.Fields))
				for i, f := range cur.Ref.Fields {
					names[i] = f.JSONName
				}
				return nil, fmt.Sprintf("%s has no field %q%s", cur.Ref.Name, seg, suggest(seg, names))
			}
			cur = next
		default:
			return nil, fmt.Sprintf("%s has no fields, so no %q", describeRef(cur), seg)
		}
	}
	return cur, ""
}

// describeRef names a type reference in messages.
func describeRef(r *TypeRef) string {
	switch r.Kind {
	case KindString:
		return "a string"
	case KindInteger:
		return "an integer"
	case KindNumber:
		return "a number"
	case KindBoolean:
		return "a boolean"
	case KindDateTime:
		return "a date-time"
	case KindInt32:
		return "an int32"
	case KindInt64:
		return "an int64"
	case KindFloat32:
		return "a float"
	case KindDate:
		return "a date"
	case KindBytes:
		return "base64 bytes"
	case KindAny:
		return "free-form JSON"
	case KindArray:
		return "a list"
	case KindMap:
		return "a map"
	}
	if r.Ref.IsIntEnum() {
		return "the integer enum " + r.Ref.Name
	}
	if r.Ref.IsEnum() {
		return "the enum " + r.Ref.Name
	}
	if r.Ref.IsAlias() {
		return describeRef(r.Ref.Alias)
	}
	return "the object " + r.Ref.Name
}
