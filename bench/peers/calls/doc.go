// Package calls holds the per-call benchmarks of bench/peers: the same GET
// and POST of the things API (bench/catalog.yaml) made by a hand-written
// net/http + encoding/json client, by the clients oapi-codegen and ogen
// generate from the same API described in OpenAPI (generated into
// bench/peers/gen/things by peerbench, not checked in), and by clientgen's
// benchmark client (bench/client), sync and async.
package calls
