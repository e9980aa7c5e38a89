package spec

import (
	"fmt"
	"strings"
)

// discriminatorKeys are the keys of a union's discriminator; defineUnion
// reads them.
func discriminatorKeys() []key {
	return []key{{name: "property", required: true}, {name: "mapping", required: true}}
}

// defineUnion reads a type declared with one_of or any_of (keyName): its
// members, and its discriminator when it has one. Members are checked once
// every type is defined, since they may be declared later.
func (l *loader) defineUnion(t *Type, m *mapNode, keyName string) {
	ctx := fmt.Sprintf("type %q", t.Name)
	u := &Union{AnyOf: keyName == "any_of"}
	t.Union = u
	nodes, names, _ := l.strList(m.get(keyName), ctx, keyName, true)
	var dm *mapNode
	if dn := m.get("discriminator"); dn != nil {
		dm = l.keyed(dn, m.keyNode("discriminator"), ctx+" discriminator", discriminatorKeys())
		if dm != nil {
			if v := dm.get("property"); v != nil {
				if s, ok := l.nonEmpty(v, dm.ctx, "property"); ok {
					if validJSONName(s) {
						u.Discriminator = s
					} else {
						l.errorf(v, "%sproperty %q cannot be a JSON field name of the catalog (want letters, digits, space and !#$%%&()*+-./:;<=>?@[]^_{|}~)", at(dm.ctx), s)
					}
				}
			}
		}
	}
	if t.GoName != "" && u.Discriminator != "" {
		l.pkgNames = append(l.pkgNames, pkgName{
			goName: t.GoName + "Value",
			what:   fmt.Sprintf("member interface of union type %q", t.Name),
			node:   m.keyNode(keyName),
			fix:    "rename one of the types or set go_name",
		})
	}
	l.afterTypes = append(l.afterTypes, func() {
		byName := map[string]*UnionMember{}
		names2 := map[string]string{}
		for i, name := range names {
			ref := l.typeExpr(nodes[i], ctx, keyName+" item")
			if ref == nil {
				continue
			}
			mb := &UnionMember{Type: ref}
			switch {
			case ref.Kind == KindRef && ref.Ref == t:
				l.errorf(nodes[i], "%s%s: a union cannot be one of its own members", at(ctx), keyName)
				continue
			case ref.Kind == KindRef:
				mb.Name = ref.Ref.GoName
			case ref.Kind == KindArray || ref.Kind == KindMap || ref.Kind == KindAny:
				l.errorf(nodes[i], "%s%s: %q needs a name: declare it under types (e.g. %sItem: {type: %q}) and list that name", at(ctx), keyName, name, t.GoName, name)
				continue
			default:
				mb.Name = GoName(name)
			}
			if u.Discriminator != "" && !(ref.Kind == KindRef && ref.Ref.IsObject()) {
				l.errorf(nodes[i], "%s%s: %q is not an object type; with a discriminator every member is an object that the property tells apart", at(ctx), keyName, name)
				continue
			}
			if first, dup := names2[mb.Name]; dup {
				l.errorf(nodes[i], "%s%s: %q and %q both make the accessor names As%s and From%s; name one of them differently", at(ctx), keyName, first, name, mb.Name, mb.Name)
				continue
			}
			names2[mb.Name] = name
			byName[name] = mb
			u.Members = append(u.Members, mb)
		}
		if dm != nil && u.Discriminator != "" {
			l.unionMapping(t, dm, byName, names)
		}
	})
}

// unionMapping reads a discriminator's mapping, value → member type: each
// member once, so that encoding can write the value of the member it holds.
// A member may not declare the property itself: the union reads and
// writes it.
func (l *loader) unionMapping(t *Type, dm *mapNode, byName map[string]*UnionMember, names []string) {
	u := t.Union
	mn := dm.get("mapping")
	if mn == nil {
		return
	}
	mm := l.mapping(mn, dm.keyNode("mapping"), dm.ctx+" mapping", "value", nil)
	if mm == nil {
		return
	}
	seen := map[string]entry{}
	for _, e := range mm.entries {
		target, ok := l.nonEmpty(e.val, mm.ctx, e.name)
		if !ok {
			continue
		}
		mb, member := byName[target]
		switch {
		case !member && contains(names, target):
			continue // a member already reported
		case !member:
			l.errorf(e.val, "%s%q maps to %q, which is not a member (want one of %s)", at(mm.ctx), e.name, target, strings.Join(names, ", "))
			continue
		case seen[target].key != nil:
			l.errorf(e.key, "%s%q and %q both map to %s (line %d); give each member one value, so that the client knows which to write", at(mm.ctx), seen[target].name, e.name, target, seen[target].key.Line)
			continue
		}
		seen[target] = e
		mb.Value = e.name
	}
	for _, mb := range u.Members {
		if mb.Value == "" {
			l.errorf(mn, "%smember %s has no value in the mapping; map one value to each member", at(mm.ctx), mb.Type.Ref.Name)
			continue
		}
		for _, f := range mb.Type.Ref.Fields {
			if f.JSONName == u.Discriminator {
				l.errorf(l.fieldKeys[f], "type %q field %q: it is the discriminator of union %s, which reads and writes it; drop the field from %s", mb.Type.Ref.Name, f.JSONName, t.Name, mb.Type.Ref.Name)
			}
		}
	}
}
