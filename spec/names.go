package spec

import (
	"errors"
	"fmt"
	"go/token"
	"strings"
	"unicode"
	"unicode/utf8"
)

// GoName converts a catalog name to an exported Go identifier in
// PascalCase: "operation_id" → "OperationID", "base-url" → "BaseURL",
// "ibStatus" → "IBStatus", "in progress" → "InProgress".
//
// Words are separated by any character that is neither a letter nor a digit,
// and by case changes ("userName", "HTTPServer"). Known initialisms (ID, URL,
// HTTP, HTTPS, JSON, API, IB, UUID, CPU, IP, TCP, SQL, UI, TLS) are written
// in upper case, and so are their plurals ("ids" → "IDs"). A name written
// entirely in upper case ("IN_PROGRESS") is read as SCREAMING_SNAKE_CASE
// ("InProgress"); otherwise an upper-case run inside a mixed-case name is
// kept ("XMLData" → "XMLData").
//
// The result is empty when s has no letters or digits, and may start with a
// digit ("1d" → "1d"); callers check it with token.IsIdentifier.
func GoName(s string) string {
	var b strings.Builder
	for _, w := range goWords(s) {
		b.WriteString(w)
	}
	return b.String()
}

// GoArgName converts a catalog name to an unexported Go identifier in
// lowerCamelCase, as used for path parameter arguments: "operation_id" →
// "operationID", "ID" → "id", "url_path" → "urlPath".
func GoArgName(s string) string {
	words := goWords(s)
	if len(words) == 0 {
		return ""
	}
	words[0] = strings.ToLower(words[0])
	return strings.Join(words, "")
}

// goWords splits s into words and writes each as it appears in a PascalCase
// Go name.
func goWords(s string) []string {
	screaming := !strings.ContainsFunc(s, unicode.IsLower)
	var words []string
	for _, w := range splitWords(s) {
		words = append(words, goWord(w, screaming))
	}
	return words
}

// goWord writes one word as it appears in a PascalCase name.
func goWord(w string, screaming bool) string {
	lower := strings.ToLower(w)
	if up, ok := initialism(lower); ok {
		return up
	}
	if len(lower) > 2 && strings.HasSuffix(lower, "s") {
		if up, ok := initialism(strings.TrimSuffix(lower, "s")); ok {
			return up + "s"
		}
	}
	r, size := utf8.DecodeRuneInString(w)
	rest := w[size:]
	if screaming {
		rest = strings.ToLower(rest)
	}
	return string(unicode.ToUpper(r)) + rest
}

// initialism returns the upper-case form of a known initialism given in
// lower case.
func initialism(lower string) (string, bool) {
	switch lower {
	case "id", "url", "http", "https", "json", "api", "ib", "uuid",
		"cpu", "ip", "tcp", "sql", "ui", "tls":
		return strings.ToUpper(lower), true
	}
	return "", false
}

// splitWords splits s at every character that is neither a letter nor a
// digit and at case changes: before an upper-case letter that follows a
// lower-case letter or a digit ("userName", "v2Beta"), and before the last
// upper-case letter of a run that is followed by a lower-case one
// ("HTTPServer" → "HTTP", "Server").
func splitWords(s string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, string(cur))
			cur = cur[:0]
		}
	}
	runes := []rune(s)
	for i, r := range runes {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush()
			continue
		}
		if len(cur) > 0 && unicode.IsUpper(r) {
			prev := cur[len(cur)-1]
			nextLower := i+1 < len(runes) && unicode.IsLower(runes[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return words
}

// ReservedNames returns, sorted, the exported identifiers of the generated
// runtime that no catalog type, enum constant or query parameter struct may
// take. Names starting with "With" or "Err" followed by an upper-case letter
// or a digit (functional options and sentinel errors) are reserved too; see
// IsReservedName.
func ReservedNames() []string {
	return []string{
		"API",
		"APIError",
		"AsyncAPI",
		"AsyncClient",
		"AuthFunc",
		"Call",
		"CallOption",
		"CivilDate",
		"Client",
		"ClientError",
		"ConnectionError",
		"Diagnosis",
		"File",
		"NewAsyncClient",
		"NewClient",
		"Nullable",
		"NullableNull",
		"NullableValue",
		"Operation",
		"OperationError",
		"OperationOption",
		"OperationState",
		"Option",
		"ProgressFunc",
		"Ptr",
		"RequestEditor",
		"ResponseInfo",
		"StreamEvent",
		"TimeoutError",
	}
}

// IsReservedName reports whether a package-level generated name (a type, an
// enum constant, a query parameter struct) would clash with the runtime: it
// is one of ReservedNames, or starts with "With" or "Err" followed by an
// upper-case letter, a digit or nothing.
func IsReservedName(name string) bool {
	for _, r := range ReservedNames() {
		if r == name {
			return true
		}
	}
	for _, prefix := range []string{"With", "Err"} {
		if rest, ok := strings.CutPrefix(name, prefix); ok {
			if rest == "" {
				return true
			}
			r, _ := utf8.DecodeRuneInString(rest)
			if unicode.IsUpper(r) || unicode.IsDigit(r) {
				return true
			}
		}
	}
	return false
}

// ReservedMethodNames returns, sorted, the method names of the generated
// clients that no endpoint's Go name, nor the operation methods derived
// from it (OperationMethodNames), may take.
func ReservedMethodNames() []string {
	return []string{
		"Async",
		"BaseURL",
		"Close",
		"Do",
		"HealthCheck",
		"MaxRetries",
		"ResumeOperation",
		"RetryDelay",
		"StartOperation",
		"Sync",
		"Timeout",
		"WaitForOperation",
	}
}

// PageMethodNames returns the names of the two iterators generated for a
// paginated endpoint, from the endpoint's Go name: the one over items
// (ListOperationsAll) and the one over pages (ListOperationsPages).
func PageMethodNames(goName string) (all, pages string) {
	return goName + "All", goName + "Pages"
}

// ReservedArgNames returns, sorted, the identifiers that a path parameter's
// argument name (GoArgName) may not take, because the generated endpoint
// methods and request builders already use them in the same scope: their
// receiver and locals, the runtime functions they call, and the
// standard-library packages generated code may import. Go keywords and
// predeclared identifiers are refused as well.
func ReservedArgNames() []string {
	return []string{
		"asyncItems",
		"asyncPages",
		"body",
		"bytes",
		"c",
		"call",
		"callBytes",
		"callNoContent",
		"callOptional",
		"callStatus",
		"callStream",
		"callText",
		"callValue",
		"callValueOptional",
		"context",
		"ctx",
		"decodeEventJSON",
		"decodeEventText",
		"dotSegmentParam",
		"emptyParam",
		"err",
		"errors",
		"fetchPage",
		"fetchPageValue",
		"files",
		"fmt",
		"goCall",
		"http",
		"io",
		"iter",
		"json",
		"math",
		"mediaBody",
		"net",
		"opts",
		"pageCursor",
		"pageLink",
		"pageNumber",
		"pageOffset",
		"pager",
		"params",
		"pathEscape",
		"pathEscapeGreedy",
		"r",
		"rand",
		"request",
		"respBytes",
		"respStream",
		"respText",
		"runOperation",
		"startOperation",
		"startSpec",
		"strconv",
		"streamNDJSON",
		"streamSSE",
		"streamer",
		"strings",
		"sync",
		"syncItems",
		"syncPages",
		"syncStream",
		"time",
		"url",
	}
}

// isPredeclared reports whether name is one of Go's predeclared identifiers.
func isPredeclared(name string) bool {
	switch name {
	case "any", "bool", "byte", "comparable", "complex64", "complex128",
		"error", "float32", "float64", "int", "int8", "int16", "int32",
		"int64", "rune", "string", "uint", "uint8", "uint16", "uint32",
		"uint64", "uintptr",
		"true", "false", "iota", "nil",
		"append", "cap", "clear", "close", "complex", "copy", "delete",
		"imag", "len", "make", "max", "min", "new", "panic", "print",
		"println", "real", "recover":
		return true
	}
	return false
}

// checkExported returns why name cannot be an exported Go identifier, or "".
func checkExported(name string) string {
	switch {
	case name == "":
		return "has no letters or digits"
	case !token.IsIdentifier(name):
		r, _ := utf8.DecodeRuneInString(name)
		if unicode.IsDigit(r) {
			return "starts with a digit"
		}
		return "is not a valid Go identifier"
	case !token.IsExported(name):
		return "does not start with an upper-case letter"
	}
	return ""
}

// ValidatePackageName reports why name cannot be the generated package's
// name, or nil when it can: it must be a lower-case Go identifier (a-z, 0-9
// and _, starting with a letter) that is not a keyword, a predeclared
// identifier or "main". The error text completes "package NAME ...".
func ValidatePackageName(name string) error {
	if name == "" {
		return errors.New("is empty")
	}
	for i, r := range name {
		if !(r >= 'a' && r <= 'z' || r == '_' && i > 0 || i > 0 && r >= '0' && r <= '9') {
			return errors.New("is not a lower-case Go identifier (want a-z, 0-9 and _, starting with a letter)")
		}
	}
	switch {
	case token.IsKeyword(name):
		return errors.New("is a Go keyword")
	case isPredeclared(name):
		return errors.New("is a predeclared Go identifier")
	case name == "main":
		return errors.New("cannot be main (the client must be importable)")
	}
	return nil
}

// reservedWhat says which part of the generated runtime already declares
// the reserved name, for error messages.
func reservedWhat(name string) string {
	switch name {
	case "Client":
		return "the synchronous client"
	case "AsyncClient":
		return "the asynchronous client"
	case "API", "AsyncAPI":
		return "the interface of a client's endpoint methods"
	case "NewClient", "NewAsyncClient":
		return "a client constructor"
	case "Call":
		return "the handle of an asynchronous call"
	case "Operation":
		return "the handle of a long-running operation"
	case "Option", "CallOption", "OperationOption", "RequestEditor", "ProgressFunc":
		return "a type of the client's options"
	case "APIError", "ClientError", "ConnectionError", "OperationError", "TimeoutError":
		return "one of the client's error types"
	case "Nullable":
		return "the three-state type of nullable fields"
	case "CivilDate":
		return "the Go type of the date type expression"
	}
	switch {
	case strings.HasPrefix(name, "With"):
		return "names starting with With are its options"
	case strings.HasPrefix(name, "Err"):
		return "names starting with Err are its sentinel errors"
	}
	return "an exported name of the runtime"
}

// reservedFix says how to resolve a clash of n with the runtime: a type
// gets a go_name to suggest.
func reservedFix(n pkgName) string {
	if n.goNameSet || !strings.HasPrefix(n.what, "type ") {
		return n.fix
	}
	for _, s := range []string{n.goName + "Model", "Model" + n.goName} {
		if !IsReservedName(s) {
			return fmt.Sprintf("set go_name on the type (e.g. go_name: %s) or rename it", s)
		}
	}
	return n.fix
}
