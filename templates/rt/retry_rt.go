package rt

import (
	"sync"
)

// retryBudget is a token bucket shared by all calls of one client: a retry
// spends tokens, a success returns some, and an empty bucket stops retries.
type retryBudget struct {
	cfg    retryBudgetSettings
	mu     sync.Mutex
	tokens int
}
