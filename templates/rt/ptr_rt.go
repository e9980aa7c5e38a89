package rt

// Ptr returns a pointer to v, for the optional fields of request types and
// query parameters: &ListOperationsParams{Limit: Ptr(10)}.
func Ptr[T any](v T) *T { return &v }
