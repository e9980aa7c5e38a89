// Package openapi turns an OpenAPI document (Swagger 2.0, OpenAPI 3.0 or
// 3.1, JSON or YAML) into the text of a clientgen catalog. It owns the
// mapping from OpenAPI constructs to catalog constructs, the names it
// derives for inline schemas, the resolution of name collisions, and the
// warnings for what the catalog cannot express. It reads and writes no file
// of its own: the caller hands it the document's bytes (and the directory
// that relative $refs are resolved against) and writes the catalog.
//
// The document is parsed with github.com/pb33f/libopenapi, which keeps the
// line and column of every node, so warnings and errors are positioned.
// This package is the only one of the module that imports it; generated
// clients import only the standard library.
package openapi
