package spec

import "gopkg.in/yaml.v3"

// minAliasBudget is how many nodes aliases may add to any catalog; a
// larger catalog may grow by as many nodes as it holds. The loader follows
// aliases itself (yaml.v3's own guard only runs when decoding into Go
// values), so without a bound a small file of nested or repeated aliases
// (a "billion laughs") would make it walk, and the emitters write, an
// exponential or quadratic amount of catalog.
const minAliasBudget = 100_000

// checkAliases reports the alias at which the nodes that aliases add to
// the catalog, counted in document order, first exceed the budget, and an
// alias used inside the value it names (yaml.v3 accepts such a cycle in a
// node tree). It walks the tree once, without recursion, and reports
// whether the catalog may be walked.
func (l *loader) checkAliases(root *yaml.Node) bool {
	if !hasAlias(root) {
		return true
	}
	const (
		visiting = 1
		done     = 2
	)
	type frame struct {
		n    *yaml.Node
		next int // index of the next child to visit
	}
	type use struct {
		alias *yaml.Node
		added int // nodes added by aliases up to and including this one
	}
	state := map[*yaml.Node]int{root: visiting}
	size := map[*yaml.Node]int{} // nodes under n with aliases expanded, capped
	var uses []use
	literal, added := 0, 0
	// A post-order walk meets aliases in document order, and an alias
	// after the value it names (YAML defines an anchor before its uses),
	// unless the alias is inside that value.
	stack := []frame{{n: root}}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		n := top.n
		if top.next < len(n.Content) {
			c := n.Content[top.next]
			top.next++
			if c != nil && state[c] == 0 {
				state[c] = visiting
				stack = append(stack, frame{n: c})
			}
			continue
		}
		stack = stack[:len(stack)-1]
		literal++
		s := 1
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			if state[n.Alias] != done {
				l.errorf(n, "alias *%s is used inside the value it names; a value cannot contain itself", n.Value)
				return false
			}
			s = size[n.Alias]
			added = capAdd(added, s)
			uses = append(uses, use{n, added})
		}
		for _, c := range n.Content {
			if c != nil {
				s = capAdd(s, size[c])
			}
		}
		size[n] = s
		state[n] = done
	}
	budget := max(minAliasBudget, literal)
	for _, u := range uses {
		if u.added > budget {
			l.errorf(u.alias, "alias *%s: aliases expand the catalog by more than %d nodes (this one adds %d); write the repeated values out, or use fewer aliases of large values",
				u.alias.Value, budget, size[u.alias])
			return false
		}
	}
	return true
}

// capAdd adds b to a, capped far below overflow.
func capAdd(a, b int) int {
	const limit = 1 << 40
	return min(a+b, limit)
}

// hasAlias reports whether the tree under root holds an alias. Most
// catalogs have none, and a walk that keeps no state per node costs a
// tenth of checkAliases' (whose maps are a sixth of a large catalog's
// load).
func hasAlias(root *yaml.Node) bool {
	stack := []*yaml.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Kind == yaml.AliasNode {
			return true
		}
		for _, c := range n.Content {
			if c != nil {
				stack = append(stack, c)
			}
		}
	}
	return false
}
