// Package example holds the Notes catalog, written by hand from
// openapi.yaml, and the tests that run its generated client against Prism
// serving that document as a validating mock.
package example

//go:generate go run github.com/clientgen/clientgen/cmd/clientgen -spec notes.yaml -out notesclient
