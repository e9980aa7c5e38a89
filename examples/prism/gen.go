// Package example holds the Notes catalog, written by hand from
// openapi.yaml, the Shop catalog, imported from shop.openapi.yaml, and the
// tests that run their generated clients against Prism serving each
// document as a validating mock.
package example

//go:generate go run github.com/clientgen/clientgen/cmd/clientgen -spec notes.yaml -out notesclient
//go:generate go run github.com/clientgen/clientgen/cmd/clientgen import -openapi shop.openapi.yaml -spec shop.yaml
//go:generate go run github.com/clientgen/clientgen/cmd/clientgen -spec shop.yaml -out shopclient
