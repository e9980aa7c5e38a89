// Package example holds the Prometheus catalog and the tests that run its
// generated client against a real Prometheus server.
package example

//go:generate go run github.com/clientgen/clientgen/cmd/clientgen -spec prometheus.yaml -out prometheusclient
