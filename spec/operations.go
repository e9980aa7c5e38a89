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
	const ctx = "operations"
	op := &Operations{
		CancelMethod:  defaultCancelMethod,
		CancelTimeout: defaultCancelTimeout,
		PollInterval:  defaultPollInterval,
		PollGrowth:    defaultPollGrowth,
		MaxUnexpected: defaultMaxUnexpected,
	}
	m := l.mapping(n, keyN, ctx, "key", allowedKeys("operations"))
	if m == nil {
		return op
	}
	if v := m.require("status"); v != nil {
		sm := l.mapping(v, m.keyNode("status"), "operations.status", "key", allowedKeys("opStatus"))
		if sm != nil {
			if p := sm.require("path"); p != nil {
				op.StatusPath = l.operationPath(p, "operations.status")
			}
			if r := sm.get("response"); r != nil {
				op.Response = l.typeExpr(r, "operations.status", "response")
			}
		}
	}
	op.CancelPath = op.StatusPath
	if v := m.get("cancel"); v != nil {
		const cctx = "operations.cancel"
		cm := l.mapping(v, m.keyNode("cancel"), cctx, "key", allowedKeys("opCancel"))
		if cm != nil {
			if mv := cm.get("method"); mv != nil {
				if s, ok := l.nonEmpty(mv, cctx, "method"); ok {
					if contains(httpMethods(), s) {
						op.CancelMethod = s
					} else {
						l.errorf(mv, "%sunknown method %q (want one of %s)", at(cctx), s, strings.Join(httpMethods(), ", "))
					}
				}
			}
			if p := cm.get("path"); p != nil {
				op.CancelPath = l.operationPath(p, cctx)
			}
			if b := cm.get("body"); b != nil {
				if s, ok := l.nonEmpty(b, cctx, "body"); ok {
					var x any
					if err := json.Unmarshal([]byte(s), &x); err != nil {
						l.errorf(b, "%sbody is not valid JSON: %v (want raw JSON such as '{\"reason\": \"cancelled\"}')", at(cctx), err)
					} else {
						op.CancelBody = s
					}
				}
			}
			op.CancelTimeout = cm.optDuration("timeout", defaultCancelTimeout, true)
		}
	}
	if v := m.require("fields"); v != nil {
		fm := l.mapping(v, m.keyNode("fields"), "operations.fields", "key", allowedKeys("opFields"))
		if fm != nil {
			op.SuccessField = fm.optPath("success")
			if fm.require("status") != nil {
				op.StatusField = fm.optPath("status")
			}
			op.ProgressField = fm.optPath("progress")
			op.StepField = fm.optPath("step")
			op.ErrorField = fm.optPath("error")
			op.ResultField = fm.optPath("result")
			l.checkStatusFields(fm, op)
		}
	}
	if v := m.require("statuses"); v != nil {
		l.operationStatuses(v, m.keyNode("statuses"), op)
	}
	if v := m.get("poll"); v != nil {
		const pctx = "operations.poll"
		pm := l.mapping(v, m.keyNode("poll"), pctx, "key", allowedKeys("opPoll"))
		if pm != nil {
			op.PollInterval = pm.optDuration("interval", defaultPollInterval, true)
			op.PollMaxInterval = pm.optDuration("max_interval", op.PollInterval, true)
			if op.PollMaxInterval < op.PollInterval {
				l.errorf(pm.get("max_interval"), "%smax_interval %s is shorter than interval %s", at(pctx), op.PollMaxInterval, op.PollInterval)
				op.PollMaxInterval = op.PollInterval
			}
			if g := pm.get("growth"); g != nil {
				if f, ok := l.number(g, pctx, "growth"); ok {
					switch {
					case f < 1:
						l.errorf(g, "%sgrowth must be at least 1, got %v (1 keeps the interval fixed)", at(pctx), f)
					case f > 1 && op.PollMaxInterval == op.PollInterval:
						l.errorf(g, "%sgrowth %v has no effect unless max_interval is longer than interval (%s)", at(pctx), f, op.PollInterval)
					default:
						op.PollGrowth = f
					}
				}
			}
			if u := pm.get("max_unexpected"); u != nil {
				if k, ok := l.smallInt(u, pctx, "max_unexpected"); ok {
					if k == 0 {
						l.errorf(u, "%smax_unexpected must be at least 1, got 0", at(pctx))
					} else {
						op.MaxUnexpected = k
					}
				}
			}
		}
	}
	if op.PollMaxInterval == 0 {
		op.PollMaxInterval = op.PollInterval
	}
	return op
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
	const ctx = "operations.statuses"
	m := l.mapping(n, keyN, ctx, "key", allowedKeys("opStatuses"))
	if m == nil {
		return
	}
	owner := map[string]string{}
	get := func(key string, required bool) []string {
		v := m.get(key)
		if v == nil {
			if required {
				m.require(key)
			}
			return nil
		}
		nodes, list, _ := l.strList(v, ctx, key, true)
		var out []string
		for i, s := range list {
			if other, dup := owner[s]; dup {
				l.errorf(nodes[i], "%sstatus %q is in both %s and %s (a status belongs to one list)", at(ctx), s, other, key)
				continue
			}
			if !l.singleLine(nodes[i], ctx, key+" item", s) {
				continue
			}
			owner[s] = key
			out = append(out, s)
		}
		return out
	}
	op.InProgress = get("in_progress", true)
	op.Succeeded = get("succeeded", true)
	op.Failed = get("failed", true)
	op.Cancelled = get("cancelled", false)
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
		{"status", op.StatusField, "string or a string enum", func(r *TypeRef) bool { return r.Kind == KindString || r.Kind == KindRef && r.Ref.IsEnum() }},
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
	case KindAny:
		return "free-form JSON"
	case KindArray:
		return "a list"
	case KindMap:
		return "a map"
	}
	if r.Ref.IsEnum() {
		return "the enum " + r.Ref.Name
	}
	return "the object " + r.Ref.Name
}
