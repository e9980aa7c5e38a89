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
