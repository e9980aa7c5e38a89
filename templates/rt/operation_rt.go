package rt

import "time"

// operationProtocol is the server's long-running operation protocol, as
// declared in the catalog's operations section.
type operationProtocol struct {
	statusPath      string // with one {param}, e.g. /operations/{operation_id}
	cancelMethod    string
	cancelPath      string
	cancelBody      string // raw JSON; "" for none
	cancelTimeout   time.Duration
	successField    string // dotted paths into the status response
	statusField     string
	progressField   string
	stepField       string
	errorField      string
	resultField     string
	inProgress      []string
	succeeded       []string
	failed          []string
	cancelled       []string
	pollInterval    time.Duration
	pollMaxInterval time.Duration
	pollGrowth      float64
	maxUnexpected   int
}

// startSpec says where a start endpoint's response keeps its operation id.
type startSpec struct {
	idFields []string // dotted paths tried in order
	detach   bool     // the caller's cancel leaves the operation running
}

// Defaults used when the catalog leaves a poll setting unset.
const (
	defaultPollInterval  = 300 * time.Millisecond
	defaultCancelTimeout = 5 * time.Second
	defaultMaxUnexpected = 10
)

// OperationState is a snapshot of an operation as last reported by the
// server.
type OperationState struct {
	// ID is the operation id, "" until the start request has returned.
	ID string
	// Status is the last status the server reported, "" before the first.
	Status string
	// Percentage is the last reported progress, 0 to 100, as ProgressFunc
	// receives it.
	Percentage float64
	// Step is the last reported current step.
	Step string
}
