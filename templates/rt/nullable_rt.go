package rt

import "encoding/json"

// Nullable is a field that can be absent, null or a value: the Go type of a
// catalog field marked nullable. A PATCH body leaves an unset field out,
// sends null for one set to null (to clear it), and the value otherwise; a
// decoded response tells the three apart the same way. The zero Nullable is
// unset.
//
//	body := PetPatch{Name: NullableValue("Rex"), Tag: NullableNull[string]()}
//	if name, ok := pet.Name.Get(); ok { ... }
type Nullable[T any] struct {
	value T
	state nullableState
}

// nullableState says what a Nullable holds.
type nullableState uint8

const (
	nullableUnset nullableState = iota
	nullableNull
	nullableSet
)

// NullableValue returns a Nullable holding v.
func NullableValue[T any](v T) Nullable[T] { return Nullable[T]{value: v, state: nullableSet} }

// NullableNull returns a Nullable holding null.
func NullableNull[T any]() Nullable[T] { return Nullable[T]{state: nullableNull} }

// Set makes n hold v.
func (n *Nullable[T]) Set(v T) { *n = NullableValue(v) }

// SetNull makes n hold null.
func (n *Nullable[T]) SetNull() { *n = Nullable[T]{state: nullableNull} }

// Unset makes n absent.
func (n *Nullable[T]) Unset() { *n = Nullable[T]{} }

// Get returns the value and true when n holds one; the zero T and false
// when it is null or unset.
func (n Nullable[T]) Get() (T, bool) { return n.value, n.state == nullableSet }

// IsNull reports whether n holds null.
func (n Nullable[T]) IsNull() bool { return n.state == nullableNull }

// IsSet reports whether n is present: null or a value.
func (n Nullable[T]) IsSet() bool { return n.state != nullableUnset }

// IsZero reports whether n is unset; encoding/json's omitzero option
// leaves such a field out.
func (n Nullable[T]) IsZero() bool { return n.state == nullableUnset }

// MarshalJSON writes the value, or null when n is null or unset.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if n.state != nullableSet {
		return []byte("null"), nil
	}
	return json.Marshal(n.value)
}

// UnmarshalJSON reads null, or a value decoded into a fresh T.
func (n *Nullable[T]) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		n.SetNull()
		return nil
	}
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	n.Set(v)
	return nil
}
