package openapi

import (
	"fmt"
	"path/filepath"
	"strings"

	pbyaml "github.com/pb33f/go-yaml"

	"gopkg.in/yaml.v3"
)

// Warning is a construct of the document that the catalog cannot express,
// and what was done instead.
type Warning struct {
	// File is the file the position is in, when a $ref took the mapping
	// to another than the document: its path from the document's
	// directory. "" for the document itself.
	File      string
	Line, Col int    // 1-based position in the document (or File); 0 when unknown
	Pointer   string // JSON pointer, when no position is known
	Msg       string

	node *pbyaml.Node // until the mapper finds the node's File
}

// Format writes the warning as doc:LINE:COL: msg (or doc#POINTER: msg);
// a position in another file names that file, next to doc.
func (w Warning) Format(doc string) string {
	if w.File != "" {
		doc = filepath.Join(filepath.Dir(doc), w.File)
	}
	if w.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", doc, w.Line, w.Col, w.Msg)
	}
	return fmt.Sprintf("%s%s: %s", doc, w.Pointer, w.Msg)
}

// Error is one positioned problem that stops the import.
type Error = Warning

// ErrorList is every problem that stopped an import.
type ErrorList struct {
	Doc  string
	List []Error
}

func (l *ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l.List {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Format(l.Doc))
	}
	return b.String()
}

// catalog is the catalog being built, in output order.
type catalog struct {
	name, pkg, baseURL      string
	errorMessage, errorCode []string
	errorsFrom              string
	auth                    *authSpec
	notes                   []Warning
	types                   []*ctype
	endpoints               []*endpoint
}

type typeKind int

const (
	kindObject typeKind = iota
	kindEnum
	kindAlias
	kindUnion
)

type ctype struct {
	name, goName, description string
	kind                      typeKind
	fields                    []*field
	allOf                     []string
	enum                      []string    // an integer enum's in decimal
	enumBase                  string      // the type of an integer enum's values (integer, int32, int64); "" for strings
	enumGoNames               [][2]string // value, constant name after the type's, where not the one the catalog derives
	alias                     string
	unionKey                  string // one_of or any_of
	members                   []string
	discProp                  string
	discMap                   [][2]string
	pos                       Warning // where the document declares it (or first refers to it), for warnings
	notes                     []Warning
}

// isObject says whether t is a catalog object type (fields and/or all_of).
func (t *ctype) isObject() bool { return t.kind == kindObject }

type field struct {
	json, typ, goName, description string
	required, nullable             bool
	def                            *yaml.Node
	pos                            Warning // where the document declares it, for warnings
	notes                          []Warning
}

type param struct {
	name, typ, goName, description string
	style                          string // a catalog query style; "" for form
	required                       bool
	from                           string // the object query parameter (form) whose property it is
}

type endpoint struct {
	name, goName, description, method, path string
	pathParams, query, headers              []*param
	authNone                                bool
	body                                    string // JSON type expression, or the form/multipart/text type
	bodyContentType                         string // set for a body that is not JSON
	bodyRequired                            bool
	response                                string
	responseContentType                     string // set for a response that is not JSON
	responseOptional                        bool
	responses                               []statusType // set instead of response: a type per 2xx status
	notes                                   []Warning
}

// statusType is one status of an endpoint's responses: its JSON type
// expression, or "" for a status without a body.
type statusType struct {
	status int
	typ    string
}

// authSpec is client.auth.
type authSpec struct {
	scheme, in, name string
}
