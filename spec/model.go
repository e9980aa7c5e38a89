package spec

import "time"

// Model is the resolved, validated catalog: everything an emitter needs, with
// Go names computed once. Slices are sorted (types and endpoints by Go name)
// so that emitting in slice order is deterministic. Emitters read a Model and
// never re-validate it.
type Model struct {
	// Source is the catalog path as given to Load, for the "// Source:" line.
	Source string
	Client Client
	// Types are the named JSON types, sorted by GoName.
	Types []*Type
	// Endpoints are sorted by GoName.
	Endpoints []*Endpoint
	// Operations is nil when the catalog declares no operation protocol.
	Operations *Operations
}

// Client holds the catalog's client-wide settings. The generated runtime
// holds the same settings under the same names in lower camel case
// (templates/rt/settings_rt.go), but for the fields tagged rt:"-", which
// only the generator reads.
type Client struct {
	Name        string // human name, e.g. "KTRDR"
	Package     string `rt:"-"` // Go package name of the generated code
	Description string `rt:"-"` // package documentation, may hold several lines

	BaseURL string // default base URL, without trailing slash
	// Env lists the environment variables read for each setting, highest
	// priority first (aliases follow the primary name).
	Env Env

	Timeout   time.Duration // default per-request timeout
	UserAgent string        // default User-Agent; empty means "<name>-go-client"
	// APIPrefix is appended to a flag URL that has no "/api/" path, e.g. "/api/v1".
	APIPrefix string
	// MaxResponseBytes bounds a response body; 0 means the runtime default.
	MaxResponseBytes int64
	// SecretHeaders are header names whose values never appear in errors.
	SecretHeaders []string
	// IdempotencyHeader, when set, is sent with the same generated key on
	// every attempt of a POST/PATCH, which makes those retryable.
	IdempotencyHeader string
	// RequestIDHeader, when set, is the response header that carries the
	// server's request id, kept on API errors (e.g. X-Request-Id).
	RequestIDHeader string
	// Auth is how requests authenticate; a zero Scheme means none.
	Auth Auth

	Retry       RetryPolicy
	ErrorFormat ErrorFormat
	Diagnostics Diagnostics
	// HealthPath is the health endpoint's path relative to the base URL.
	HealthPath string
	// HealthURL, when set, replaces HealthPath: an absolute path resolved
	// against the base URL's scheme and host ("/healthz"), or a full URL.
	HealthURL     string
	HealthTimeout time.Duration
}

// Auth says how the client authenticates every request (but those of
// endpoints with auth: none).
type Auth struct {
	// Scheme is "bearer" (Authorization: Bearer <token>), "basic" (HTTP
	// basic, the credential is user:password) or "api_key"; "" means none.
	Scheme string
	// In is where an api_key goes: "header", "query" or "cookie".
	In string
	// Name is the header, query parameter or cookie name of an api_key.
	Name string
	// Env lists the environment variables read for the credential when no
	// option gives one, highest priority first.
	Env []string
}

// Env names the environment variables of each setting; each list may be
// empty and is ordered by priority.
type Env struct {
	BaseURL    []string
	Timeout    []string
	MaxRetries []string
	RetryDelay []string
}

// RetryPolicy is the catalog's default retry policy.
type RetryPolicy struct {
	MaxRetries int           // retries after the first attempt
	BaseDelay  time.Duration // delay before retry n is BaseDelay·2^n + jitter
	MaxDelay   time.Duration // cap on one delay (0: no cap)
	Jitter     time.Duration // upper bound of the uniform random addition
	// Statuses are the HTTP statuses retried, sorted ascending.
	Statuses []int
	// MaxRetryAfter caps a server's Retry-After; a longer wait is not retried.
	MaxRetryAfter time.Duration
	// Budget is the per-client retry token bucket; zero Capacity disables it.
	Budget RetryBudget
}

// RetryBudget is a token bucket shared by all calls of one client.
type RetryBudget struct {
	Capacity    int // tokens in a full bucket
	RetryCost   int // tokens a retry spends
	TimeoutCost int // tokens a retry after a timeout spends
	Refill      int // tokens a success returns
}

// ErrorFormat says where an error body keeps its message, code and details.
// Each list holds dotted JSON paths tried in order; the first present wins.
type ErrorFormat struct {
	Message   []string // e.g. "detail", "message", "error.message"
	Code      []string // e.g. "error.code"
	Details   []string // e.g. "error.details"
	Retryable []string // explicit boolean, e.g. "retryable"
}

// Diagnostics are the catalog's ordered domain diagnostics rules.
type Diagnostics struct {
	// Key is the details key the diagnosis is stored under, e.g. "ib_diagnosis".
	Key string
	// MessageFrom are the dotted paths, tried in order, of the message that
	// rules match: only an error that keeps its message there can match
	// by message. Default: the ErrorFormat.Message paths in the object
	// that holds an ErrorFormat.Code path (error.message for error.code).
	MessageFrom []string
	Rules       []DiagnosticRule
}

// DiagnosticRule matches an API error whose code (at ErrorFormat.Code) or
// message (at Diagnostics.MessageFrom) contains one of the given substrings
// (case-insensitively). The first matching rule wins.
type DiagnosticRule struct {
	Name            string
	CodeContains    []string // lower-cased
	MessageContains []string // lower-cased
	// ProblemType is the fixed problem type; when ProblemTypeFrom is set, the
	// value at that dotted path of the error details is used if it is one of
	// ProblemTypes, else "unknown".
	ProblemType     string
	ProblemTypeFrom string
	ProblemTypes    []string
	Message         string
	// DetailsFrom is the dotted path in the error details whose value becomes
	// the diagnosis details; empty means none.
	DetailsFrom string
}

// Type is a named JSON type: an object with fields, an enum, a named
// alias or a union.
type Type struct {
	Name        string // catalog name
	GoName      string
	Description string
	Fields      []*Field // objects only, in catalog order
	Enum        []EnumValue
	// EnumBase is the kind of an enum's values: KindString for a string
	// enum; KindInteger, KindInt32 or KindInt64 for an integer enum,
	// whose Go type is int, int32 or int64.
	EnumBase Kind
	// Alias is the type expression a named alias stands for (a map, an
	// array or a scalar: "LabelSet: {type: map[string]string}"), or nil.
	Alias *TypeRef
	// AllOf lists the object types whose fields come first in Fields, in
	// order, when the type is declared with all_of.
	AllOf []*Type
	// Union is set for a type declared with one_of or any_of.
	Union *Union
	// Form is set when the type is a form or multipart body: it gets a
	// method that lists its fields as form values.
	Form bool
}

// Union is a value of one of several types.
type Union struct {
	// AnyOf is true for any_of (the value may match several members),
	// false for one_of; both generate the same Go code.
	AnyOf   bool
	Members []*UnionMember // in catalog order
	// Discriminator is the JSON property whose value names the member
	// ("kind"), or "" for a union told apart by the caller.
	Discriminator string
}

// UnionMember is one type of a union.
type UnionMember struct {
	Type *TypeRef
	// Name is the member's part of Go names: AsCircle, FromCircle.
	Name string
	// Value is the discriminator value of the member ("circle"), or "".
	Value string
}

// IsUnion reports whether the type is a one_of or any_of.
func (t *Type) IsUnion() bool { return t.Union != nil }

// IsEnum reports whether the type is an enum, of strings or integers.
func (t *Type) IsEnum() bool { return len(t.Enum) > 0 }

// IsIntEnum reports whether the type is an enum of integers.
func (t *Type) IsIntEnum() bool { return t.IsEnum() && t.EnumBase != KindString }

// IsAlias reports whether the type names a type expression.
func (t *Type) IsAlias() bool { return t.Alias != nil }

// IsObject reports whether the type is an object with fields.
func (t *Type) IsObject() bool { return !t.IsEnum() && !t.IsAlias() && !t.IsUnion() }

// EnumValue is one value of an enum with its Go constant name.
type EnumValue struct {
	Value  string // the string; an integer's decimal form
	Int    int64  // an integer enum's value
	GoName string // e.g. OperationStatusRunning, LevelMinus1
}

// Field is one field of an object type.
type Field struct {
	JSONName    string
	GoName      string
	Description string
	Type        *TypeRef
	Required    bool
	// Nullable fields take null as a value of its own: Nullable[T] in Go,
	// absent, null or a value.
	Nullable bool
	// Default is the catalog's default as JSON text ("10", "\"asc\""), or
	// "": documented on the field, not applied by the client.
	Default string
}

// Kind is the kind of a type reference.
type Kind int

// Kinds of type references.
const (
	KindString Kind = iota
	KindInteger
	KindNumber
	KindBoolean
	KindDateTime
	KindAny // free-form JSON
	KindArray
	KindMap // map[string]Elem
	KindRef // a named type
	// Formats: scalars with a Go type of their own.
	KindInt32   // int32
	KindInt64   // int64
	KindFloat32 // float32 ("float")
	KindDate    // CivilDate, "2024-02-29"
	KindBytes   // []byte, a base64 string
)

// TypeRef is a use of a type: a scalar, a container of Elem, or a named Type.
type TypeRef struct {
	Kind Kind
	Elem *TypeRef // arrays and maps
	Ref  *Type    // KindRef
}

// Endpoint is one HTTP endpoint of the catalog.
type Endpoint struct {
	Name        string // catalog name
	GoName      string // exported method name, e.g. GetOperation
	Description string
	Method      string   // upper case
	Path        string   // relative to the base URL, with {params}
	PathParams  []*Param // in path order
	Query       []*Param // in catalog order
	// Headers are the typed header parameters (Name canonical), in catalog
	// order; they are fields of the ParamsGoName struct, as the query.
	Headers []*Param
	// FixedHeaders are sent on every call, sorted by name.
	FixedHeaders []Header
	// ParamsGoName names the generated struct of query and header
	// parameters, e.g. ListOperationsParams; empty when it has none.
	ParamsGoName string
	Body         *TypeRef // nil when there is no JSON body
	BodyRequired bool
	// BodyMedia, BodyContentType and FormType describe a body that is not
	// JSON (body: {content_type: …}); FormType holds the fields of a form
	// or multipart body (nil for a multipart body of files only).
	BodyMedia       BodyMedia
	BodyContentType string
	FormType        *Type
	Response        *TypeRef // nil when the endpoint answers with no JSON content
	// ResponseMedia and ResponseContentType describe a response that is
	// not JSON (response: {content_type: …}).
	ResponseMedia       ResponseMedia
	ResponseContentType string
	// Responses, sorted by status, give a type per success status
	// (responses: {200: A, 202: B}); the method returns the struct
	// ResponsesGoName (<GoName>Response) with the status and one field
	// per status.
	Responses       []*StatusResponse
	ResponsesGoName string
	// ResponseOptional: a 2xx without a body is a valid answer (the method
	// returns a nil or zero result); otherwise it is an error.
	ResponseOptional bool
	Timeout          time.Duration // 0: client default
	// Retry is false when the endpoint must never be retried.
	Retry bool
	// Idempotent marks a POST/PATCH as safe to retry; always true for GET,
	// HEAD, PUT, DELETE and OPTIONS.
	Idempotent bool
	// MaxRetries overrides the client default when not nil.
	MaxRetries *int
	// NoAuth: the endpoint is public (auth: none); no credential is sent.
	NoAuth bool
	// Operation is set when the endpoint starts a long-running operation.
	Operation *StartOperation
	// Pagination is set when the endpoint's results come in pages; the
	// clients then also get its page and item iterators.
	Pagination *Pagination
	// Stream is set when the endpoint answers with a stream of events:
	// its method on both clients is then an iterator over them.
	Stream *Stream
}

// Header is one fixed header of an endpoint.
type Header struct {
	Name  string // canonical
	Value string
}

// Param is a path, query or header parameter.
type Param struct {
	Name        string // as in the path or query string
	GoName      string // exported field name (query) or argument name (path)
	Description string
	// Type is a scalar kind; for a query parameter also a list of
	// scalars, or with QueryDeepObject an object type or map of scalars.
	Type     *TypeRef
	Required bool
	// Greedy marks a path parameter written {name...}: its slashes are
	// kept, and each of its segments is escaped on its own.
	Greedy bool
	// Style is how a query parameter is written in the query string:
	// QueryForm, QueryComma, QuerySpace, QueryPipe or QueryDeepObject;
	// "" for path and header parameters.
	Style string
}

// Styles of query parameters: how a value is written in the query string.
// Each is one shape on the wire; the names and values in the query are
// escaped as url.Values.Encode escapes them, delimiters included.
const (
	// QueryForm writes name=value, and a list as the name repeated for
	// each element: ids=1&ids=2. The default.
	QueryForm = "form"
	// QueryComma writes a list as one value, its elements joined by
	// commas: ids=1,2 (OpenAPI form without explode, Swagger csv).
	QueryComma = "comma"
	// QuerySpace joins the elements of a list by spaces: ids=1 2
	// (spaceDelimited, ssv).
	QuerySpace = "space"
	// QueryPipe joins the elements of a list by pipes: ids=1|2
	// (pipeDelimited, pipes).
	QueryPipe = "pipe"
	// QueryDeepObject writes each set field of an object, or each entry
	// of a map, as name[key]=value (deepObject).
	QueryDeepObject = "deep_object"
)

// QueryDelimiter is the delimiter that joins a list's elements in style,
// and "" for the styles that join nothing (form, deep_object).
func QueryDelimiter(style string) string {
	switch style {
	case QueryComma:
		return ","
	case QuerySpace:
		return " "
	case QueryPipe:
		return "|"
	}
	return ""
}

// queryStyles lists the query parameter styles, in the order of the
// documentation.
func queryStyles() []string {
	return []string{QueryForm, QueryComma, QuerySpace, QueryPipe, QueryDeepObject}
}

// Operations is the server's long-running operation protocol.
type Operations struct {
	StatusPath   string // e.g. /operations/{operation_id}; one path parameter
	CancelMethod string
	CancelPath   string
	CancelBody   string // JSON body of the cancel request; empty for none
	// Dotted paths into the status response.
	StatusField   string // e.g. data.status
	ProgressField string // e.g. data.progress.percentage
	StepField     string // e.g. data.progress.current_step
	ErrorField    string // e.g. data.error_message
	ResultField   string // e.g. data; "" means the whole body
	// SuccessField names a boolean; false means "not ready, poll again".
	SuccessField    string
	InProgress      []string
	Succeeded       []string
	Failed          []string
	Cancelled       []string
	PollInterval    time.Duration
	PollMaxInterval time.Duration
	PollGrowth      float64 // multiplier per poll, 1 for a fixed interval
	CancelTimeout   time.Duration
	MaxUnexpected   int
	// Response is the typed status response, nil for free-form JSON.
	Response *TypeRef `rt:"-"`
}

// StartOperation says how an endpoint's response names its operation.
type StartOperation struct {
	// IDFields are dotted paths tried in order, e.g. task_id, data.operation_id.
	IDFields []string
	// OnCancel is "cancel" (the caller's cancel reaches the server) or
	// "detach" (the operation keeps running and can be resumed).
	OnCancel string
}
