// Package openapi describes a clientgen catalog as an OpenAPI 3.0 document,
// so that the peers (oapi-codegen, ogen) generate clients of the same API:
// the same paths, parameters, fields and bodies.
//
// Each endpoint becomes one operation whose operationId is the catalog
// name; a response type becomes a 200 application/json response, no
// response a 204. Each named type becomes a component schema; required
// fields are listed as required. The operation protocol's status path (and
// its cancel path, if any) becomes one more operation, since clientgen
// generates the call that polls it.
package openapi

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/clientgen/clientgen/spec"
)

type obj = map[string]any

// FromModel returns the OpenAPI 3.0 document of m, as indented JSON.
// encoding/json sorts the keys of maps, so the document is deterministic.
func FromModel(m *spec.Model) ([]byte, error) {
	schemas := obj{}
	for _, t := range m.Types {
		schemas[t.Name] = typeSchema(t)
	}
	paths := obj{}
	add := func(path, method string, op obj) error {
		item, _ := paths[path].(obj)
		if item == nil {
			item = obj{}
			paths[path] = item
		}
		key := lower(method)
		if _, dup := item[key]; dup {
			return fmt.Errorf("openapi: two operations %s %s", method, path)
		}
		item[key] = op
		return nil
	}
	for _, e := range m.Endpoints {
		if err := add(e.Path, e.Method, operation(e)); err != nil {
			return nil, err
		}
	}
	if o := m.Operations; o != nil {
		status := &spec.Endpoint{
			Name: "get_operation_status", Description: "Returns the state of a long-running operation.",
			Method: "GET", Path: o.StatusPath, PathParams: pathParams(o.StatusPath), Response: o.Response,
		}
		if status.Response == nil {
			status.Response = &spec.TypeRef{Kind: spec.KindAny}
		}
		if err := add(status.Path, status.Method, operation(status)); err != nil {
			return nil, err
		}
		if o.CancelPath != "" {
			cancel := &spec.Endpoint{Name: "cancel_operation", Method: o.CancelMethod, Path: o.CancelPath,
				PathParams: pathParams(o.CancelPath)}
			if err := add(cancel.Path, cancel.Method, operation(cancel)); err != nil {
				return nil, err
			}
		}
	}
	doc := obj{
		"openapi": "3.0.3",
		"info":    obj{"title": m.Client.Name, "version": "1.0.0"},
		"servers": []obj{{"url": m.Client.BaseURL}},
		"paths":   paths,
		"components": obj{
			"schemas": schemas,
		},
	}
	return json.MarshalIndent(doc, "", "  ")
}

func operation(e *spec.Endpoint) obj {
	op := obj{"operationId": e.Name}
	if e.Description != "" {
		op["description"] = e.Description
	}
	var params []obj
	for _, p := range e.PathParams {
		params = append(params, param(p, "path", true))
	}
	for _, p := range e.Query {
		params = append(params, param(p, "query", p.Required))
	}
	if len(params) > 0 {
		op["parameters"] = params
	}
	if e.Body != nil {
		op["requestBody"] = obj{
			"required": e.BodyRequired || e.Body.Kind == spec.KindRef,
			"content":  obj{"application/json": obj{"schema": schema(e.Body)}},
		}
	}
	if e.Response != nil {
		op["responses"] = obj{"200": obj{
			"description": "OK",
			"content":     obj{"application/json": obj{"schema": schema(e.Response)}},
		}}
	} else {
		op["responses"] = obj{"204": obj{"description": "No Content"}}
	}
	return op
}

func param(p *spec.Param, in string, required bool) obj {
	o := obj{"name": p.Name, "in": in, "required": required, "schema": schema(p.Type)}
	if p.Description != "" {
		o["description"] = p.Description
	}
	return o
}

// pathParams lists the {params} of a path as string parameters.
func pathParams(path string) []*spec.Param {
	var ps []*spec.Param
	for i := 0; i < len(path); i++ {
		if path[i] != '{' {
			continue
		}
		j := i + 1
		for j < len(path) && path[j] != '}' {
			j++
		}
		ps = append(ps, &spec.Param{Name: path[i+1 : j], Type: &spec.TypeRef{Kind: spec.KindString}, Required: true})
		i = j
	}
	return ps
}

func typeSchema(t *spec.Type) obj {
	s := obj{}
	if t.Description != "" {
		s["description"] = t.Description
	}
	if t.IsEnum() {
		values := make([]string, len(t.Enum))
		for i, v := range t.Enum {
			values[i] = v.Value
		}
		s["type"] = "string"
		s["enum"] = values
		return s
	}
	s["type"] = "object"
	props := obj{}
	var required []string
	for _, f := range t.Fields {
		fs := schema(f.Type)
		if f.Description != "" && f.Type.Kind != spec.KindRef {
			fs["description"] = f.Description
		}
		props[f.JSONName] = fs
		if f.Required {
			required = append(required, f.JSONName)
		}
	}
	s["properties"] = props
	if len(required) > 0 {
		sort.Strings(required)
		s["required"] = required
	}
	return s
}

func schema(r *spec.TypeRef) obj {
	switch r.Kind {
	case spec.KindString:
		return obj{"type": "string"}
	case spec.KindInteger:
		return obj{"type": "integer"}
	case spec.KindNumber:
		return obj{"type": "number", "format": "double"}
	case spec.KindBoolean:
		return obj{"type": "boolean"}
	case spec.KindDateTime:
		return obj{"type": "string", "format": "date-time"}
	case spec.KindArray:
		return obj{"type": "array", "items": schema(r.Elem)}
	case spec.KindMap:
		return obj{"type": "object", "additionalProperties": schema(r.Elem)}
	case spec.KindRef:
		return obj{"$ref": "#/components/schemas/" + r.Ref.Name}
	default: // KindAny: free-form JSON
		return obj{}
	}
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
