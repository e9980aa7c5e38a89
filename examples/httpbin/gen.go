// Package example holds the go-httpbin catalog and the tests that run its
// generated client against the real go-httpbin handler.
package example

//go:generate go run github.com/clientgen/clientgen/cmd/clientgen -spec httpbin.yaml -out httpbinclient
//go:generate go run github.com/clientgen/clientgen/cmd/clientgen -spec basicauth.yaml -out basicauth
//go:generate go run github.com/clientgen/clientgen/cmd/clientgen -spec apikey.yaml -out apikey
