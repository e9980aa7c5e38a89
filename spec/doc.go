// Package spec owns the catalog: it reads the YAML file that describes an
// HTTP API (format: docs/catalog.md), validates all of it strictly, and
// resolves it into a Model, the only input of the emitters.
//
// Validation collects every problem rather than stopping at the first; each
// is an *Error positioned at the offending YAML node, and Parse returns them
// as an ErrorList sorted by position. The Model it returns on success has
// every default filled in, every Go name computed (GoName, GoArgName), every
// name checked against Go's rules, the runtime's reserved names and the other
// generated names, and its slices sorted so that emitting is deterministic.
// Emitters never re-validate a Model.
package spec
