package spec

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pageTypes declares the response types of the pagination cases, on lines
// 2 to 9.
var pageTypes = []string{
	"types:",
	"  Item: {fields: {id: {type: string, required: true}}}",
	"  Meta: {fields: {next: {type: string}, total: {type: integer}, count: {type: number}, big: {type: int64}}}",
	"  Page:",
	"    fields:",
	"      data: {type: '[]Item', required: true}",
	"      meta: {type: Meta}",
	"      tags: {type: 'map[string]string'}",
}

// pageCatalog is a catalog with one endpoint "a" whose pagination is the
// given flow mapping, on line 12.
func pageCatalog(query, response, pagination string) string {
	lines := append([]string{cl}, pageTypes...)
	return y(append(lines,
		"endpoints:",
		"  a: {method: GET, path: /a, query: "+query+", response: "+response+",",
		"      pagination: "+pagination+"}")...)
}

const pageQuery = "{offset: {type: integer}, limit: {type: integer}, page: {type: integer}, per: {type: integer}, cursor: {type: string}, after: {type: string}}"

func TestPaginationStyles(t *testing.T) {
	tests := []struct {
		name, response, pagination string
		want                       Pagination
	}{
		{"offset defaults", "Page", "{style: offset, items: data}",
			Pagination{Style: PageOffset, Param: "offset", Items: "data"}},
		{"offset with limit and total", "Page", "{style: offset, items: data, limit: limit, total: meta.total}",
			Pagination{Style: PageOffset, Param: "offset", SizeParam: "limit", Items: "data", Total: "meta.total"}},
		{"page", "'[]Item'", "{style: page, size: per, first_page: 0}",
			Pagination{Style: PageNumber, Param: "page", SizeParam: "per"}},
		{"page default first", "'[]Item'", "{style: page}",
			Pagination{Style: PageNumber, Param: "page", FirstPage: 1}},
		{"cursor", "Page", "{style: cursor, items: data, cursor: meta.next, cursor_param: after}",
			Pagination{Style: PageCursor, Param: "after", Items: "data", Cursor: "meta.next"}},
		{"link", "'[]Item'", "{style: link}",
			Pagination{Style: PageLink}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Parse("t.yaml", []byte(pageCatalog(pageQuery, tt.response, tt.pagination)))
			require.NoError(t, err)
			p := m.Endpoints[0].Pagination
			require.NotNil(t, p)
			assert.Equal(t, tt.want.Style, p.Style)
			assert.Equal(t, tt.want.Param, p.Param)
			assert.Equal(t, tt.want.SizeParam, p.SizeParam)
			assert.Equal(t, tt.want.Items, p.Items)
			assert.Equal(t, tt.want.Cursor, p.Cursor)
			assert.Equal(t, tt.want.Total, p.Total)
			if tt.want.Style == PageNumber {
				assert.Equal(t, tt.want.FirstPage, p.FirstPage)
			}
			require.NotNil(t, p.Item)
			assert.Equal(t, "Item", p.Item.Ref.Name, "the item type is the element of the list")
			assert.Len(t, p.ItemsFields, len(splitPath(tt.want.Items)))
			assert.Len(t, p.CursorFields, len(splitPath(tt.want.Cursor)))
			assert.Len(t, p.TotalFields, len(splitPath(tt.want.Total)))
		})
	}
}

func splitPath(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '.' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

// The offset, limit, page and size parameters may be of any integer
// format: the pager reads and writes them as query text.
func TestPaginationIntegerFormats(t *testing.T) {
	for _, tt := range []struct{ query, pagination, param, size string }{
		{"{offset: {type: int64}, limit: {type: int32}}", "{style: offset, items: data, limit: limit}", "offset", "limit"},
		{"{page: {type: int32}, per: {type: int64}}", "{style: page, items: data, size: per}", "page", "per"},
	} {
		m, err := Parse("t.yaml", []byte(pageCatalog(tt.query, "Page", tt.pagination)))
		require.NoError(t, err, tt.query)
		p := m.Endpoints[0].Pagination
		require.NotNil(t, p, tt.query)
		assert.Equal(t, tt.param, p.Param)
		assert.Equal(t, tt.size, p.SizeParam)
	}
}

func TestPaginationErrors(t *testing.T) {
	tests := []struct {
		name, query, response, pagination, want string
	}{
		{"unknown style", pageQuery, "Page", "{style: ofset, items: data}",
			`t.yaml:12:27: endpoint "a" pagination: unknown style "ofset" (want one of offset, page, cursor, link) (did you mean offset?)`},
		{"missing style", pageQuery, "Page", "{items: data}",
			`t.yaml:12:7: endpoint "a" pagination: missing required key "style"`},
		{"unknown key", pageQuery, "Page", "{style: offset, items: data, next: x}",
			`t.yaml:12:48: endpoint "a" pagination: unknown key "next" (want one of style, items, offset, limit, page, size, first_page, cursor, cursor_param, total)`},
		{"key of another style", pageQuery, "Page", "{style: offset, items: data, cursor: meta.next}",
			`t.yaml:12:48: endpoint "a" pagination: cursor does not apply to the offset style (it applies to cursor); remove it`},
		{"items missing for an object", pageQuery, "Page", "{style: offset}",
			`t.yaml:12:7: endpoint "a" pagination: the response is the object Page, so items must name the dotted path of the list of items in it`},
		{"items path to no field", pageQuery, "Page", "{style: offset, items: date}",
			`t.yaml:12:42: endpoint "a" pagination: items path "date": Page has no field "date" (did you mean data?)`},
		{"items path not a list", pageQuery, "Page", "{style: offset, items: meta}",
			`t.yaml:12:42: endpoint "a" pagination: items path "meta" leads to the object Meta, want a list`},
		{"items path through a map", pageQuery, "Page", "{style: offset, items: tags.x}",
			`t.yaml:12:42: endpoint "a" pagination: items path "tags.x": a map has no fields, so no "x" (a pagination path goes through object fields only)`},
		{"items path through a list", pageQuery, "Page", "{style: offset, items: data.id}",
			`t.yaml:12:42: endpoint "a" pagination: items path "data.id": a list has no fields, so no "id" (a pagination path goes through object fields only)`},
		{"bad items path", pageQuery, "Page", "{style: offset, items: data..x}",
			`t.yaml:12:42: endpoint "a" pagination: bad items path "data..x" (want dot-separated JSON keys such as data.operation_id)`},
		{"offset param not declared", "{limit: {type: integer}}", "Page", "{style: offset, items: data}",
			`t.yaml:12:20: endpoint "a" pagination: offset parameter "offset" is not a query parameter of the endpoint; declare it under query, or name another with offset:`},
		{"offset param of another type", "{offset: {type: string}}", "Page", "{style: offset, items: data}",
			`t.yaml:12:20: endpoint "a" pagination: offset parameter "offset" is a string, want an integer`},
		{"limit param not declared", pageQuery, "Page", "{style: offset, items: data, limit: size}",
			`t.yaml:12:55: endpoint "a" pagination: limit parameter "size" is not a query parameter of the endpoint; declare it under query, or name another with limit:`},
		{"cursor missing", pageQuery, "Page", "{style: cursor, items: data}",
			`t.yaml:12:7: endpoint "a" pagination: missing required key "cursor"`},
		{"cursor not a string", pageQuery, "Page", "{style: cursor, items: data, cursor: meta.total}",
			`t.yaml:12:56: endpoint "a" pagination: cursor path "meta.total" leads to an integer, want a string`},
		{"cursor param of another type", pageQuery, "Page", "{style: cursor, items: data, cursor: meta.next, cursor_param: page}",
			`t.yaml:12:81: endpoint "a" pagination: cursor_param parameter "page" is an integer, want a string`},
		{"total not an integer", pageQuery, "Page", "{style: offset, items: data, total: meta.count}",
			`t.yaml:12:55: endpoint "a" pagination: total path "meta.count" leads to a number, want an integer`},
		{"total of another integer format", pageQuery, "Page", "{style: offset, items: data, total: meta.big}",
			`t.yaml:12:55: endpoint "a" pagination: total path "meta.big" leads to an int64, want an integer`},
		{"first page negative", pageQuery, "'[]Item'", "{style: page, first_page: -1}",
			`t.yaml:12:45: endpoint "a" pagination: first_page must not be negative, got -1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, []string{tt.want}, parseErrors(t, pageCatalog(tt.query, tt.response, tt.pagination)))
		})
	}
}

func TestPaginationNeedsAResponseOnEveryPage(t *testing.T) {
	src := y(cl, "endpoints:",
		"  a: {method: GET, path: /a, pagination: {style: link}}",
		"  b: {method: GET, path: /b, response: '[]string', response_optional: true, pagination: {style: link}}")
	assert.Equal(t, []string{
		`t.yaml:3:30: endpoint "a" pagination: a paginated endpoint needs a response (its items are read from it)`,
		`t.yaml:4:52: endpoint "b" pagination: a paginated endpoint needs a response on every page; remove response_optional`,
	}, parseErrors(t, src))
}

func TestPageMethodNamesClash(t *testing.T) {
	src := y(cl, "endpoints:",
		"  list: {method: GET, path: /a, response: '[]string', pagination: {style: link}}",
		"  list_all: {method: GET, path: /b, response: '[]string'}")
	assert.Equal(t, []string{
		`t.yaml:4:3: endpoint "list_all": Go name "ListAll" is also the page method of endpoint "list" (line 3); set go_name on one of them`,
	}, parseErrors(t, src))
}
