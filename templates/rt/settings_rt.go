package rt

import "time"

// settings is everything the catalog says about the client. The generated
// settings_gen.go returns one from catalogSettings(); the runtime reads it
// and never changes it.
type settings struct {
	name              string // human name, e.g. "KTRDR"
	baseURL           string // default base URL, no trailing slash
	apiPrefix         string // appended to a flag URL without an /api/ path
	userAgent         string
	timeout           time.Duration
	maxResponseBytes  int64
	secretHeaders     []string // canonical header names
	idempotencyHeader string   // "" when none
	requestIDHeader   string   // response header of the server's request id; "" when none
	auth              authSettings
	env               envNames
	retry             retryPolicy
	errorFormat       errorFormat
	diagnostics       diagnostics
	healthPath        string
	healthURL         string // replaces healthPath: "/healthz" on the base URL's host, or a full URL
	healthTimeout     time.Duration
	// operations is the long-running operation protocol (operation_rt.go);
	// nil when the catalog declares none.
	operations *operationProtocol
}

// authSettings says how requests authenticate (auth_rt.go); a zero
// scheme means none.
type authSettings struct {
	scheme string // "bearer", "basic" or "api_key"
	in     string // api_key: "header", "query" or "cookie"
	name   string // api_key: the header (canonical), parameter or cookie name
	env    []string
}

// envNames lists the environment variables of each setting, highest
// priority first.
type envNames struct {
	baseURL    []string
	timeout    []string
	maxRetries []string
	retryDelay []string
}

// retryPolicy is the catalog's retry policy; see docs/catalog.md.
type retryPolicy struct {
	maxRetries    int
	baseDelay     time.Duration
	maxDelay      time.Duration
	jitter        time.Duration
	statuses      []int
	maxRetryAfter time.Duration
	budget        retryBudgetSettings
}

// retryBudgetSettings configures the per-client retry token bucket.
type retryBudgetSettings struct {
	capacity    int
	retryCost   int
	timeoutCost int
	refill      int
}

// errorFormat lists, per part of an error body, the dotted JSON paths tried
// in order.
type errorFormat struct {
	message   []string
	code      []string
	details   []string
	retryable []string
}

// diagnostics are the catalog's ordered domain rules.
type diagnostics struct {
	key string
	// messageFrom are the dotted paths of the message the rules match,
	// tried in order; a message found elsewhere in an error body is never
	// matched.
	messageFrom []string
	rules       []diagnosticRule
}

// diagnosticRule matches when the lower-cased error code contains one of
// codeContains or the lower-cased message (read at diagnostics.messageFrom)
// contains one of messageContains.
type diagnosticRule struct {
	name            string
	codeContains    []string
	messageContains []string
	problemType     string
	problemTypeFrom string
	problemTypes    []string
	message         string
	detailsFrom     string
}
