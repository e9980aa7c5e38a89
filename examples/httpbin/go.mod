module github.com/clientgen/clientgen/examples/httpbin

go 1.26.8

require github.com/clientgen/clientgen v0.0.0 // indirect

require github.com/mccutchen/go-httpbin/v2 v2.26.0

require (
	github.com/dave/jennifer v1.7.1 // indirect
	golang.org/x/sync v0.23.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)

replace github.com/clientgen/clientgen => ../..

tool github.com/clientgen/clientgen/cmd/clientgen
