package openapi

import (
	"slices"
	"strings"
	"testing"

	"github.com/clientgen/clientgen/spec"
)

// collidingEnum30 uses string enums whose values share a Go name
// (a-b, a_b and a.b; Foo, foo and FOO; "1" and "_1"; values, which the
// <Type>Values function already names) everywhere a type can be used:
// path, query (form, list, deepObject field) and header parameters, a
// JSON and a form body, a response, fields (one with a default), list
// items and map values.
const collidingEnum30 = `openapi: 3.0.3
info: {title: Colliding, version: "1"}
servers: [{url: "http://localhost/v1"}]
paths:
  /things/{kind}:
    post:
      operationId: putThing
      parameters:
        - {name: kind, in: path, required: true, schema: {$ref: "#/components/schemas/Dash"}}
        - {name: case, in: query, schema: {$ref: "#/components/schemas/Case"}}
        - {name: cases, in: query, schema: {type: array, items: {$ref: "#/components/schemas/Case"}}}
        - {name: filter, in: query, style: deepObject, schema: {$ref: "#/components/schemas/Filter"}}
        - {name: inline, in: query, schema: {type: string, enum: [x-y, x_y]}}
        - {name: X-Digit, in: header, schema: {$ref: "#/components/schemas/Digit"}}
      requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/Dash"}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}
  /forms:
    post:
      operationId: sendForm
      requestBody: {content: {application/x-www-form-urlencoded: {schema: {$ref: "#/components/schemas/Filter"}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Case"}}}}
components:
  schemas:
    Dash: {type: string, enum: [a-b, a_b, a.b]}
    Case: {type: string, enum: [Foo, foo, FOO]}
    Digit: {type: string, enum: ["1", "_1"]}
    Filter:
      type: object
      properties:
        case: {$ref: "#/components/schemas/Case"}
        digit: {$ref: "#/components/schemas/Digit"}
    Thing:
      type: object
      properties:
        dash: {$ref: "#/components/schemas/Dash"}
        cases: {type: array, items: {$ref: "#/components/schemas/Case"}}
        digits: {type: object, additionalProperties: {$ref: "#/components/schemas/Digit"}}
        mode: {type: string, enum: [p-q, p_q, values], default: p_q}
        sign: {$ref: "#/components/schemas/Sign"}
    Sign: {type: string, enum: ["+", "-", "<=", "", "a+", "☃"]}
`

// collidingEnum2 is collidingEnum30 in Swagger 2.0, whose parameters
// declare their enums inline.
const collidingEnum2 = `swagger: "2.0"
info: {title: Colliding, version: "1"}
host: localhost
basePath: /v1
consumes: [application/json]
produces: [application/json]
paths:
  /things/{kind}:
    post:
      operationId: putThing
      parameters:
        - {name: kind, in: path, required: true, type: string, enum: [a-b, a_b, a.b]}
        - {name: case, in: query, type: string, enum: [Foo, foo, FOO]}
        - {name: cases, in: query, type: array, items: {type: string, enum: [Foo, foo, FOO]}, collectionFormat: multi}
        - {name: X-Digit, in: header, type: string, enum: ["1", "_1"]}
        - {name: sign, in: query, type: string, enum: ["+", "-"]}
        - {name: body, in: body, required: true, schema: {$ref: "#/definitions/Dash"}}
      responses:
        "200": {description: ok, schema: {$ref: "#/definitions/Thing"}}
  /forms:
    post:
      operationId: sendForm
      consumes: [application/x-www-form-urlencoded]
      parameters:
        - {name: case, in: formData, type: string, enum: [Foo, foo, FOO]}
        - {name: digit, in: formData, type: string, enum: ["1", "_1"]}
      responses:
        "200": {description: ok, schema: {$ref: "#/definitions/Case"}}
definitions:
  Dash: {type: string, enum: [a-b, a_b, a.b]}
  Case: {type: string, enum: [Foo, foo, FOO]}
  Digit: {type: string, enum: ["1", "_1"]}
  Thing:
    type: object
    properties:
      dash: {$ref: "#/definitions/Dash"}
      cases: {type: array, items: {$ref: "#/definitions/Case"}}
      digits: {type: object, additionalProperties: {$ref: "#/definitions/Digit"}}
      mode: {type: string, enum: [p-q, p_q, values], default: p_q}
`

// TestCollidingEnumValues imports enums whose values share a Go name, in
// OpenAPI 3.0 and Swagger 2.0: each stays an enum, the values after the
// first get the constants <Type><Word>_2, _3 (enum_go_names), and the
// catalog loads, and generates a package that vets, with the type used as
// every kind of parameter, body, response, field and item.
func TestCollidingEnumValues(t *testing.T) {
	// the constants of each type, by value, in catalog order
	want := map[string]map[string][]string{
		"v30": {
			"Dash":           {"a-b DashAB", "a_b DashAB_2", "a.b DashAB_3"},
			"Case":           {"Foo CaseFoo", "foo CaseFoo_2", "FOO CaseFoo_3"},
			"Digit":          {"1 Digit1", "_1 Digit1_2"},
			"PutThingInline": {"x-y PutThingInlineXY", "x_y PutThingInlineXY_2"},
			"ThingMode":      {"p-q ThingModePQ", "p_q ThingModePQ_2", "values ThingModeValues_2"},
			"Sign":           {"+ SignPlus", "- SignMinus", "<= SignLtEq", "a+ SignA", "☃ SignU2603"},
		},
		"v2": {
			"Dash":           {"a-b DashAB", "a_b DashAB_2", "a.b DashAB_3"},
			"Case":           {"Foo CaseFoo", "foo CaseFoo_2", "FOO CaseFoo_3"},
			"Digit":          {"1 Digit1", "_1 Digit1_2"},
			"PutThingKind":   {"a-b PutThingKindAB", "a_b PutThingKindAB_2", "a.b PutThingKindAB_3"},
			"PutThingXDigit": {"1 PutThingXDigit1", "_1 PutThingXDigit1_2"},
			"PutThingSign":   {"+ PutThingSignPlus", "- PutThingSignMinus"},
			"ThingMode":      {"p-q ThingModePQ", "p_q ThingModePQ_2", "values ThingModeValues_2"},
		},
	}
	for name, doc := range map[string]string{"v30": collidingEnum30, "v2": collidingEnum2} {
		t.Run(name, func(t *testing.T) {
			r, err := Import([]byte(doc), Options{Doc: name + ".yaml"})
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range r.Warnings {
				if strings.Contains(w.Msg, "enum") && !strings.Contains(w.Msg, `type Sign: the enum value "" has no constant`) {
					t.Errorf("warning: %s", w.Format(name+".yaml"))
				}
			}
			m, err := spec.Parse(name+".catalog.yaml", r.Catalog)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string][]string{}
			for _, ty := range m.Types {
				for _, v := range ty.Enum {
					got[ty.Name] = append(got[ty.Name], v.Value+" "+v.GoName)
				}
			}
			for typ, consts := range want[name] {
				if !slices.Equal(got[typ], consts) {
					t.Errorf("enum %s: constants %q, want %q", typ, got[typ], consts)
				}
			}
			if t.Failed() {
				t.Logf("catalog:\n%s", r.Catalog)
			}
			if testing.Short() {
				t.Skip("builds the generated package")
			}
			buildAndVet(t, name+".catalog.yaml", r.Catalog)
		})
	}
}

// TestSwaggerParameterEnumNotExpressed: a Swagger 2.0 parameter's enum that
// cannot be a catalog enum (booleans on a string, numbers) is mapped to its scalar type with a positioned warning and a
// comment on the endpoint, not silently.
func TestSwaggerParameterEnumNotExpressed(t *testing.T) {
	const doc = `swagger: "2.0"
info: {title: Signs, version: "1"}
host: localhost
paths:
  /a:
    get:
      operationId: getA
      parameters:
        - {name: sign, in: query, type: string, enum: [true, false]}
        - {name: ratio, in: query, type: number, enum: [0.5, 1.5]}
      responses:
        "204": {description: none}
`
	r, err := Import([]byte(doc), Options{Doc: "signs.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	var got []Warning
	for _, w := range r.Warnings {
		if strings.Contains(w.Msg, "cannot be a catalog enum") {
			got = append(got, w)
		}
	}
	if len(got) != 2 || got[0].Line != 9 || got[1].Line != 10 {
		t.Fatalf("warnings %+v, want one on line 9 and one on line 10", r.Warnings)
	}
	if !strings.Contains(string(r.Catalog), "sign: {type: string}") || !strings.Contains(string(r.Catalog), "ratio: {type: number}") {
		t.Errorf("catalog:\n%s", r.Catalog)
	}
	// and next to the endpoint in the catalog
	if n := strings.Count(string(r.Catalog), "# import: parameter GetA"); n != 2 {
		t.Errorf("%d comments on the endpoint, want 2:\n%s", n, r.Catalog)
	}
}

// intEnum30 has integer enums everywhere a type can be used: a component
// (path parameter, field, map value, allOf with a default), inline in a
// property (int64 and nullable in 3.1's way), in query items (int32) and a
// header; a value beyond int32 makes an int64 enum. The enums it cannot
// keep are next to them: numbers, booleans, integers mixed with strings,
// null alone and an integer enum of a number schema.
const intEnum30 = `openapi: 3.1.0
info: {title: Levels, version: "1"}
servers: [{url: "http://localhost/v1"}]
paths:
  /logs/{level}:
    put:
      operationId: putLogs
      parameters:
        - {name: level, in: path, required: true, schema: {$ref: "#/components/schemas/Level"}}
        - {name: codes, in: query, style: form, explode: false, schema: {type: array, items: {type: integer, format: int32, enum: [200, 404]}}}
        - {name: X-Version, in: header, schema: {type: integer, enum: [1, 2, 3]}}
        - {name: ratio, in: query, schema: {type: number, enum: [0.5, 1.5]}}
        - {name: flag, in: query, schema: {type: boolean, enum: [true]}}
        - {name: mixed, in: query, schema: {enum: [1, a]}}
        - {name: nothing, in: query, schema: {type: integer, enum: [null]}}
        - {name: whole, in: query, schema: {type: number, enum: [1, 2]}}
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Entry"}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Entry"}}}}
components:
  schemas:
    Level: {type: integer, enum: [0, 1, 2, -1, 1]}
    Big: {type: integer, enum: [1, 5000000000]}
    Entry:
      type: object
      required: [level]
      properties:
        level: {$ref: "#/components/schemas/Level"}
        priority: {type: [integer, "null"], format: int64, enum: [1, 2, null], default: 2}
        sizes: {type: object, additionalProperties: {$ref: "#/components/schemas/Big"}}
        fallback: {allOf: [{$ref: "#/components/schemas/Level"}], default: -1}
`

// intEnum2 is intEnum30 in Swagger 2.0, whose parameters declare their
// enums inline (path, query items, header and form parameters).
const intEnum2 = `swagger: "2.0"
info: {title: Levels, version: "1"}
host: localhost
basePath: /v1
consumes: [application/json]
produces: [application/json]
paths:
  /logs/{level}:
    put:
      operationId: putLogs
      parameters:
        - {name: level, in: path, required: true, type: integer, enum: [0, 1, 2, -1]}
        - {name: codes, in: query, type: array, items: {type: integer, format: int32, enum: [200, 404]}}
        - {name: X-Version, in: header, type: integer, enum: [1, 2, 3]}
        - {name: ratio, in: query, type: number, enum: [0.5, 1.5]}
        - {name: body, in: body, schema: {$ref: "#/definitions/Entry"}}
      responses:
        "200": {description: ok, schema: {$ref: "#/definitions/Entry"}}
  /forms:
    post:
      operationId: sendForm
      consumes: [application/x-www-form-urlencoded]
      parameters:
        - {name: level, in: formData, type: integer, format: int64, enum: [7, 8]}
      responses:
        "204": {description: none}
definitions:
  Level: {type: integer, enum: [0, 1, 2, -1]}
  Big: {type: integer, enum: [1, 5000000000]}
  Entry:
    type: object
    required: [level]
    properties:
      level: {$ref: "#/definitions/Level"}
      priority: {type: integer, format: int64, enum: [1, 2], default: 2}
      sizes: {type: object, additionalProperties: {$ref: "#/definitions/Big"}}
`

// TestIntegerEnums imports integer enums, in OpenAPI 3.1 and Swagger 2.0:
// each becomes an integer enum of the catalog, of the Go type its format
// and values need, with its constants; the enums the catalog cannot keep
// are warned about at their positions; the catalog loads and generates a
// package that vets.
func TestIntegerEnums(t *testing.T) {
	// the Go type and the constants of each type, in catalog order
	want := map[string]map[string]string{
		"v31": {
			"Level":            "int: 0 Level0, 1 Level1, 2 Level2, -1 LevelMinus1",
			"Big":              "int64: 1 Big1, 5000000000 Big5000000000",
			"EntryPriority":    "int64: 1 EntryPriority1, 2 EntryPriority2",
			"PutLogsCodesItem": "int32: 200 PutLogsCodesItem200, 404 PutLogsCodesItem404",
			"PutLogsXVersion":  "int: 1 PutLogsXVersion1, 2 PutLogsXVersion2, 3 PutLogsXVersion3",
		},
		"v2": {
			"Level":             "int: 0 Level0, 1 Level1, 2 Level2, -1 LevelMinus1",
			"Big":               "int64: 1 Big1, 5000000000 Big5000000000",
			"EntryPriority":     "int64: 1 EntryPriority1, 2 EntryPriority2",
			"PutLogsLevel":      "int: 0 PutLogsLevel0, 1 PutLogsLevel1, 2 PutLogsLevel2, -1 PutLogsLevelMinus1",
			"PutLogsCodesItem":  "int32: 200 PutLogsCodesItem200, 404 PutLogsCodesItem404",
			"PutLogsXVersion":   "int: 1 PutLogsXVersion1, 2 PutLogsXVersion2, 3 PutLogsXVersion3",
			"SendFormFormLevel": "int64: 7 SendFormFormLevel7, 8 SendFormFormLevel8",
		},
	}
	// the lines of the enums that are warned about
	lost := map[string][]int{"v31": {12, 13, 14, 15, 16}, "v2": {15}}
	goTypes := map[spec.Kind]string{spec.KindInteger: "int", spec.KindInt32: "int32", spec.KindInt64: "int64"}
	for name, doc := range map[string]string{"v31": intEnum30, "v2": intEnum2} {
		t.Run(name, func(t *testing.T) {
			r, err := Import([]byte(doc), Options{Doc: name + ".yaml"})
			if err != nil {
				t.Fatal(err)
			}
			var lines []int
			for _, w := range r.Warnings {
				if strings.Contains(w.Msg, "cannot be a catalog enum") {
					lines = append(lines, w.Line)
				}
			}
			if name == "v31" && !strings.Contains(string(r.Catalog), "enum of integer values of type number cannot be a catalog enum (an integer enum's type is integer); mapped to number") {
				t.Error("the integer enum of a number schema is not warned about as such")
			}
			if !slices.Equal(lines, lost[name]) {
				t.Errorf("enum warnings on lines %v, want %v: %v", lines, lost[name], r.Warnings)
			}
			m, err := spec.Parse(name+".catalog.yaml", r.Catalog)
			if err != nil {
				t.Fatalf("%v\n%s", err, r.Catalog)
			}
			got := map[string]string{}
			for _, ty := range m.Types {
				if !ty.IsIntEnum() {
					continue
				}
				var consts []string
				for _, v := range ty.Enum {
					consts = append(consts, v.Value+" "+v.GoName)
				}
				got[ty.Name] = goTypes[ty.EnumBase] + ": " + strings.Join(consts, ", ")
			}
			for typ, consts := range want[name] {
				if got[typ] != consts {
					t.Errorf("enum %s: %q, want %q", typ, got[typ], consts)
				}
			}
			for _, ty := range m.Types {
				for _, f := range ty.Fields {
					if f.JSONName == "priority" && f.Default != "2" || f.JSONName == "fallback" && f.Default != "-1" {
						t.Errorf("%s.%s: default %q", ty.Name, f.JSONName, f.Default)
					}
				}
			}
			if t.Failed() {
				t.Logf("catalog:\n%s", r.Catalog)
			}
			if testing.Short() {
				t.Skip("builds the generated package")
			}
			buildAndVet(t, name+".catalog.yaml", r.Catalog)
		})
	}
}

// TestMergeKeyLookalike imports "<<" as an enum value, a property and a
// parameter name: yaml.v3 reads a plain << as a merge key (which the
// catalog refuses), so the catalog writes it in quotes, and loads from
// its text as from its tree (TestMain checks the tree).
func TestMergeKeyLookalike(t *testing.T) {
	doc := docHead + `  /x:
    get:
      operationId: getX
      parameters:
        - {name: op, in: query, schema: {type: string, enum: ["<<", ">>"], default: "<<"}}
        - {name: "<<", in: query, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Obj'}
components:
  schemas:
    Obj:
      type: object
      properties:
        "<<": {type: string, enum: ["<<"]}
`
	r, err := Import([]byte(doc), Options{Doc: "d.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := spec.Parse("d.catalog.yaml", r.Catalog)
	if err != nil {
		t.Fatalf("%v\n%s", err, r.Catalog)
	}
	var values []string
	for _, ty := range m.Types {
		for _, v := range ty.Enum {
			values = append(values, ty.Name+" "+v.Value+" "+v.GoName)
		}
	}
	if want := []string{"GetXOp << GetXOpLtLt", "GetXOp >> GetXOpGtGt", "ObjX << ObjXLtLt"}; !slices.Equal(values, want) {
		t.Errorf("enum values %q, want %q\n%s", values, want, r.Catalog)
	}
}

// TestEnumValueBlankAround imports string enums with values that have
// blank space around them, which the catalog reads without (and then
// finds the enum's default no value of it): they are left out with a
// warning, as the empty string is, instead of a catalog that does not
// load; an enum of none but such values is a string.
func TestEnumValueBlankAround(t *testing.T) {
	doc := docHead + `  /x:
    get:
      operationId: getX
      parameters:
        - {name: op, in: query, schema: {type: string, enum: [" a", "b ", "c"], default: "b "}}
        - {name: only, in: query, schema: {type: string, enum: ["\t", "d"]}}
        - {name: blank, in: query, schema: {type: string, enum: [" "]}}
      responses:
        "204": {description: ok}
`
	r, err := Import([]byte(doc), Options{Doc: "d.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := spec.Parse("d.catalog.yaml", r.Catalog)
	if err != nil {
		t.Fatalf("%v\n%s", err, r.Catalog)
	}
	var values []string
	for _, ty := range m.Types {
		for _, v := range ty.Enum {
			values = append(values, ty.Name+" "+v.Value)
		}
	}
	if want := []string{"GetXOnly d", "GetXOp c"}; !slices.Equal(values, want) {
		t.Errorf("enum values %q, want %q\n%s", values, want, r.Catalog)
	}
	var warned []string
	for _, w := range r.Warnings {
		if strings.Contains(w.Msg, "blank space") {
			warned = append(warned, w.Msg)
		}
	}
	if len(warned) != 3 {
		t.Errorf("warnings about blank space: %q, want 3", warned)
	}
}

// TestDefaultLeadingZeros imports integer and number defaults written
// with leading zeros, which the document reads in decimal and the
// catalog's YAML as octal (0012 is 10): the catalog has them in decimal.
func TestDefaultLeadingZeros(t *testing.T) {
	doc := docHead + `  /x:
    get:
      operationId: getX
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  i: {type: integer, default: 0012}
                  n: {type: number, default: -012}
                  f: {type: number, default: 012.5}
`
	r, err := Import([]byte(doc), Options{Doc: "d.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := spec.Parse("d.catalog.yaml", r.Catalog)
	if err != nil {
		t.Fatalf("%v\n%s", err, r.Catalog)
	}
	var got []string
	for _, ty := range m.Types {
		for _, f := range ty.Fields {
			got = append(got, f.JSONName+"="+f.Default)
		}
	}
	if want := []string{"i=12", "n=-12", "f=12.5"}; !slices.Equal(got, want) {
		t.Errorf("defaults %q, want %q\n%s", got, want, r.Catalog)
	}
}
