package synth

import (
	"bytes"
	"fmt"
	"strings"
)

// AllOfDepth is the length of the allOf chain behind each resource's
// record type in OpenAPI's documents: RxL1 extends RxBase, RxL2 extends
// RxL1, and so on; the record extends the last level.
const AllOfDepth = 6

// OpenAPIShape gives the operations and schemas of OpenAPI(resources).
func OpenAPIShape(resources int) (operations, schemas int) {
	return 5 * resources, (AllOfDepth + 6) * resources
}

// OpenAPI returns an OpenAPI 3.0 document (JSON) as large as the largest
// public APIs, for the import benchmarks: per resource rNNNN, five
// operations (list with limit and offset, get, create, delete answered
// with 204, and a recursive tree) and 12 schemas (a base object, an allOf
// chain of AllOfDepth levels each adding two properties, the record
// extending the chain's last level, a reference object, a recursive node
// whose children and parent are nodes, the create body and the page), each
// property and operation described in prose of a few hundred bytes as real
// documents are. 250 resources make 1,250 operations, 3,000 schemas and
// about 11 MB.
func OpenAPI(resources int) []byte {
	var b bytes.Buffer
	b.Grow(resources * 46 << 10)
	b.WriteString(`{"openapi":"3.0.3","info":{"title":"Synthetic large API","version":"1.0.0","description":` + q(prose("the API", 6)) + `},`)
	b.WriteString(`"servers":[{"url":"https://api.example.com/v1"}],"paths":{`)
	for i := range resources {
		if i > 0 {
			b.WriteByte(',')
		}
		paths(&b, fmt.Sprintf("r%04d", i+1))
	}
	b.WriteString(`},"components":{"schemas":{`)
	for i := range resources {
		if i > 0 {
			b.WriteByte(',')
		}
		schemas(&b, fmt.Sprintf("r%04d", i+1))
	}
	b.WriteString(`}}}`)
	b.WriteByte('\n')
	return b.Bytes()
}

func q(s string) string { return `"` + s + `"` }

// prose is n sentences about what, enough to give the document the weight
// of a real one's descriptions.
func prose(what string, n int) string {
	var s strings.Builder
	for i := range n {
		if i > 0 {
			s.WriteByte(' ')
		}
		fmt.Fprintf(&s, sentences[i%len(sentences)], what)
	}
	return s.String()
}

var sentences = []string{
	"Describes %s as the service stores it; fields may be added in later versions without notice, so clients must ignore what they do not know.",
	"The value of %s is set by the server when the object is created and never changes afterwards, even when the object is updated.",
	"Requests that use %s are rate limited per account: a client that exceeds the limit gets 429 Too Many Requests with a Retry-After header.",
	"See the guide for the lifecycle of %s, the permissions it needs, and the webhooks the service sends when it changes state.",
	"When %s is absent the service applies the account default, which administrators set in the dashboard under Settings, then Defaults.",
	"Values of %s are compared case-sensitively; leading and trailing white space is removed before the value is stored or compared.",
}

func ref(name string) string { return `{"$ref":"#/components/schemas/` + name + `"}` }

func prop(name, schema string) string { return q(name) + `:` + schema }

func str(desc string) string {
	return `{"type":"string","description":` + q(prose(desc, 4)) + `}`
}

func paths(b *bytes.Buffer, r string) {
	R := strings.ToUpper(r[:1]) + r[1:]
	errs := `"default":{"description":` + q(prose("an error", 2)) + `,"content":{"application/json":{"schema":` + ref("Error") + `}}}`
	ok := func(schema string) string {
		return `"200":{"description":"OK","content":{"application/json":{"schema":` + ref(schema) + `}}},` + errs
	}
	idParam := `{"name":"id","in":"path","required":true,"description":` + q(prose("the identifier", 2)) + `,"schema":{"type":"string"}}`
	fmt.Fprintf(b, `"/%s":{"get":{"operationId":"list%s","summary":"Lists %s records.","description":%s,`+
		`"parameters":[{"name":"limit","in":"query","description":%s,"schema":{"type":"integer","minimum":1,"maximum":100}},`+
		`{"name":"offset","in":"query","description":%s,"schema":{"type":"integer","minimum":0}}],"responses":{%s}},`,
		r, R, r, q(prose("the list", 4)), q(prose("the page size", 2)), q(prose("the offset", 2)), ok(R+"List"))
	fmt.Fprintf(b, `"post":{"operationId":"create%s","summary":"Creates a %s record.","description":%s,`+
		`"requestBody":{"required":true,"content":{"application/json":{"schema":%s}}},"responses":{%s}}},`,
		R, r, q(prose("the new record", 4)), ref(R+"Create"), ok(R))
	fmt.Fprintf(b, `"/%s/{id}":{"get":{"operationId":"get%s","summary":"Gets a %s record.","description":%s,`+
		`"parameters":[%s],"responses":{%s}},`, r, R, r, q(prose("the record", 4)), idParam, ok(R))
	fmt.Fprintf(b, `"delete":{"operationId":"delete%s","summary":"Deletes a %s record.","description":%s,`+
		`"parameters":[%s],"responses":{"204":{"description":"Deleted."},%s}}},`, R, r, q(prose("the deletion", 4)), idParam, errs)
	fmt.Fprintf(b, `"/%s/{id}/tree":{"get":{"operationId":"tree%s","summary":"Gets the tree of a %s record.","description":%s,`+
		`"parameters":[%s],"responses":{%s}}}`, r, R, r, q(prose("the tree", 4)), idParam, ok(R+"Node"))
}

func schemas(b *bytes.Buffer, r string) {
	R := strings.ToUpper(r[:1]) + r[1:]
	if r == "r0001" {
		fmt.Fprintf(b, `"Error":{"type":"object","description":%s,"required":["code","message"],"properties":{%s,%s}},`,
			q(prose("an error", 3)), prop("code", str("the error code")), prop("message", str("the error message")))
	}
	obj := func(name, desc string, required []string, props ...string) {
		req := ""
		if len(required) > 0 {
			req = `"required":["` + strings.Join(required, `","`) + `"],`
		}
		fmt.Fprintf(b, `%s:{"type":"object","description":%s,%s"properties":{%s}}`, q(name), q(prose(desc, 3)), req, strings.Join(props, ","))
	}
	obj(R+"Base", "the base of a record", []string{"id"},
		prop("id", str("the identifier")),
		prop("created_at", `{"type":"string","format":"date-time","description":`+q(prose("the creation time", 2))+`}`),
		prop("etag", str("the entity tag")))
	prev := R + "Base"
	for l := 1; l <= AllOfDepth; l++ {
		name := fmt.Sprintf("%sL%d", R, l)
		fmt.Fprintf(b, `,%s:{"description":%s,"allOf":[%s,{"type":"object","properties":{%s,%s}}]}`, q(name),
			q(prose(fmt.Sprintf("level %d of a record", l), 2)), ref(prev),
			prop(fmt.Sprintf("l%d_name", l), str(fmt.Sprintf("the level %d name", l))),
			prop(fmt.Sprintf("l%d_count", l), `{"type":"integer","description":`+q(prose(fmt.Sprintf("the level %d count", l), 2))+`}`))
		prev = name
	}
	fmt.Fprintf(b, `,%s:{"description":%s,"allOf":[%s,{"type":"object","required":["active"],"properties":{%s,%s,%s,%s,%s,%s}}]}`, q(R),
		q(prose("a record", 4)), ref(prev),
		prop("active", `{"type":"boolean","description":`+q(prose("whether the record is active", 2))+`}`),
		prop("score", `{"type":"number","description":`+q(prose("the score", 2))+`}`),
		prop("status", `{"type":"string","enum":["pending","active","archived"],"description":`+q(prose("the status", 2))+`}`),
		prop("owner", ref(R+"Ref")),
		prop("tags", `{"type":"array","items":{"type":"string"},"description":`+q(prose("the tags", 2))+`}`),
		prop("parts", `{"type":"array","items":`+ref(R+"Ref")+`,"description":`+q(prose("the parts", 2))+`}`))
	b.WriteByte(',')
	obj(R+"Ref", "a reference to a record", []string{"id"},
		prop("id", str("the referenced identifier")), prop("name", str("the referenced name")), prop("kind", str("the kind")))
	b.WriteByte(',')
	obj(R+"Node", "a node of a record's tree", []string{"id"},
		prop("id", str("the node identifier")),
		prop("label", str("the node label")),
		prop("parent", ref(R+"Node")),
		prop("children", `{"type":"array","items":`+ref(R+"Node")+`,"description":`+q(prose("the children", 2))+`}`))
	b.WriteByte(',')
	obj(R+"Create", "the body that creates a record", []string{"name"},
		prop("name", str("the name")),
		prop("count", `{"type":"integer","description":`+q(prose("the count", 2))+`}`),
		prop("score", `{"type":"number","description":`+q(prose("the score", 2))+`}`),
		prop("tags", `{"type":"array","items":{"type":"string"}}`),
		prop("owner", ref(R+"Ref")))
	b.WriteByte(',')
	obj(R+"List", "a page of records", []string{"data", "total_count"},
		prop("data", `{"type":"array","items":`+ref(R)+`}`),
		prop("total_count", `{"type":"integer","description":`+q(prose("the total", 2))+`}`))
}
