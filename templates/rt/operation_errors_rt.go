package rt

import "errors"

// Sentinel errors of operations, for errors.Is. An *OperationError matches
// the one of its Status: "failed" matches ErrOperationFailed, "cancelled"
// ErrOperationCancelled, "detached" ErrOperationDetached and "deadline"
// ErrTimeout. When the caller's context ended the run, the error also
// matches the context's error (context.Canceled or
// context.DeadlineExceeded).
var (
	ErrOperationFailed    = errors.New("operation failed")
	ErrOperationCancelled = errors.New("operation cancelled")
	ErrOperationDetached  = errors.New("operation detached")
)

// Values of OperationError.Status.
const (
	opFailed    = "failed"
	opCancelled = "cancelled"
	opDetached  = "detached"
	opDeadline  = "deadline"
	opError     = "error"
)

// OperationError reports that a long-running operation did not complete
// successfully, or that the runner stopped following it. It always carries
// the operation id, so the operation can be resumed or inspected later.
//
// Status is one of:
//   - "failed": the server reported the operation failed (Message carries
//     the server's error message), or it reported too many missing or
//     unknown statuses in a row;
//   - "cancelled": the server reported the operation cancelled, or the
//     caller's context ended and the runner sent the cancel request;
//   - "detached": the caller's context ended in detach mode; nothing was
//     sent and the operation keeps running;
//   - "deadline": the overall deadline (WithOperationDeadline) ran out; the
//     cancel request was sent unless the run was detached;
//   - "error": the runner could not follow the operation (a status request
//     failed after its retries, or a status body could not be decoded); Err
//     holds the cause and the operation's own state is unknown.
type OperationError struct {
	ClientError
	// OperationID is the id of the operation.
	OperationID string
	// Status is the outcome, see above.
	Status string
	// ServerStatus is the last valid status the server reported, "" for
	// none.
	ServerStatus string
	// CancelErr is the error of the cancel request, when one was sent and
	// failed. It never replaces the main error.
	CancelErr error
}

// As lets errors.As fill a **ClientError.
func (e *OperationError) As(target any) bool { return asClientError(&e.ClientError, target) }

// Is reports whether target is the sentinel of the error's Status.
func (e *OperationError) Is(target error) bool {
	switch e.Status {
	case opFailed:
		return target == ErrOperationFailed
	case opCancelled:
		return target == ErrOperationCancelled
	case opDetached:
		return target == ErrOperationDetached
	case opDeadline:
		return target == ErrTimeout
	}
	return false
}
