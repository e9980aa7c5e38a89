package openapi

import (
	"strings"
	"testing"
)

// importWarnings imports doc and returns its catalog and the messages of
// its warnings.
func importWarnings(t *testing.T, doc string) (string, []string) {
	t.Helper()
	r, err := Import([]byte(doc), Options{Doc: "u.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, w := range r.Warnings {
		msgs = append(msgs, w.Msg)
	}
	return string(r.Catalog), msgs
}

// wantIn fails for each text that cat lacks.
func wantIn(t *testing.T, cat string, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if !strings.Contains(cat, s) {
			t.Errorf("the catalog lacks %q:\n%s", s, cat)
		}
	}
}

// notIn fails for each text that cat has.
func notIn(t *testing.T, cat string, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if strings.Contains(cat, s) {
			t.Errorf("the catalog has %q:\n%s", s, cat)
		}
	}
}

// A oneOf or anyOf whose members all map to one type is that type, not
// free-form: $refs to one schema, one inline schema twice, a type and its
// nullable variant, a type and the union itself; a null member or a
// nullable variant makes it nullable. Each such collapse is said.
func TestUnionOfOneTypeCollapses(t *testing.T) {
	const doc = `openapi: 3.1.0
info: {title: U, version: "1"}
servers: [{url: "http://localhost"}]
paths:
  /h:
    get:
      operationId: getHolder
      parameters:
        - {name: q, in: query, schema: {anyOf: [{type: string}, {type: string}]}}
        - {name: n, in: query, schema: {oneOf: [{type: integer, format: int64}, {type: [integer, "null"], format: int64}]}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Holder"}}}}
  /a:
    get:
      operationId: getA
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/TwoRefs"}}}}
components:
  schemas:
    A: {type: object, properties: {x: {type: string}}}
    TwoRefs: {oneOf: [{$ref: "#/components/schemas/A"}, {$ref: "#/components/schemas/A"}]}
    TwoInline:
      description: Two of one.
      oneOf:
        - {type: object, properties: {y: {type: integer}, kind: {type: string, enum: [p, q]}}}
        - {type: object, properties: {y: {type: integer}, kind: {type: string, enum: [p, q]}}}
    TwoScalars: {anyOf: [{type: string}, {type: string}]}
    NullAndTwice: {oneOf: [{type: "null"}, {$ref: "#/components/schemas/A"}, {$ref: "#/components/schemas/A"}]}
    StrAndNullStr: {anyOf: [{type: string}, {type: [string, "null"]}]}
    SelfAndA: {oneOf: [{$ref: "#/components/schemas/A"}, {$ref: "#/components/schemas/SelfAndA"}]}
    Holder:
      type: object
      properties:
        twoRefs: {$ref: "#/components/schemas/TwoRefs"}
        inlineTwoRefs: {oneOf: [{$ref: "#/components/schemas/A"}, {$ref: "#/components/schemas/A"}]}
        twoInline: {$ref: "#/components/schemas/TwoInline"}
        twoScalars: {$ref: "#/components/schemas/TwoScalars"}
        inlineTwoScalars: {anyOf: [{type: integer}, {type: integer}]}
        nullAndTwice: {$ref: "#/components/schemas/NullAndTwice"}
        strAndNullStr: {$ref: "#/components/schemas/StrAndNullStr"}
        selfAndA: {$ref: "#/components/schemas/SelfAndA"}
        listTwice: {oneOf: [{type: array, items: {type: string}}, {type: array, items: {type: string}}]}
        inlineObjects: {anyOf: [{type: object, properties: {z: {type: string}}}, {type: object, properties: {z: {type: string}}}]}
        nullableInline: {anyOf: [{$ref: "#/components/schemas/A"}, {type: [object, "null"], properties: {x: {type: string}}}]}
        oneMember: {oneOf: [{$ref: "#/components/schemas/A"}]}
        oneScalar: {oneOf: [{type: integer}]}
        nullOr: {oneOf: [{type: "null"}, {type: boolean}]}
`
	cat, warnings := importWarnings(t, doc)
	wantIn(t, cat,
		"      twoRefs: {type: A}\n",
		"      inlineTwoRefs: {type: A}\n",
		"      twoInline: {type: TwoInline}\n",
		"  TwoInline:\n    description: Two of one.\n    fields:\n      y: {type: integer}\n      kind: {type: TwoInlineOption1Kind}\n",
		"      twoScalars: {type: string}\n",
		"      inlineTwoScalars: {type: integer}\n",
		"      nullAndTwice: {type: A, nullable: true}\n",
		"      strAndNullStr: {type: string, nullable: true}\n",
		"      selfAndA: {type: A}\n",
		"      listTwice: {type: '[]string'}\n",
		"      inlineObjects: {type: HolderInlineObjects}\n",
		"  HolderInlineObjects:\n    fields:\n      z: {type: string}\n",
		"      nullableInline: {type: A, nullable: true}\n",
		"      oneMember: {type: A}\n",
		"      oneScalar: {type: integer}\n",
		"      nullOr: {type: boolean, nullable: true}\n",
		"    query:\n      q: {type: string}\n      n: {type: integer}\n",
		"    response: A\n",
	)
	notIn(t, cat, "\n  TwoRefs:", "\n  TwoScalars:", "\n  NullAndTwice:", "\n  StrAndNullStr:", "\n  SelfAndA:", "Option2", "type: any", "HolderInlineTwoRefs", "HolderListTwice", "HolderNullableInline")
	want := []string{
		"schema TwoRefs: every member of its oneOf is A; mapped to A instead of a union",
		"every member of a oneOf is A; mapped to A instead of a union",
		"type TwoInline: every member of its oneOf is the same schema; TwoInline is that schema instead of a union",
		"schema TwoScalars: every member of its anyOf is string; mapped to string instead of a union",
		"every member of an anyOf is integer; mapped to integer instead of a union",
		"schema NullAndTwice: every member of its oneOf is A or null; mapped to A, nullable, instead of a union",
		"schema StrAndNullStr: every member of its anyOf is string or null; mapped to string, nullable, instead of a union",
		"schema SelfAndA: every member of its oneOf is A; mapped to A instead of a union",
		"every member of a oneOf is []string; mapped to []string instead of a union",
		"type HolderInlineObjects: every member of its anyOf is the same schema; HolderInlineObjects is that schema instead of a union",
		"every member of an anyOf is A or null; mapped to A, nullable, instead of a union",
		"every member of an anyOf is string; mapped to string instead of a union",
		"every member of a oneOf is int64 or null; mapped to int64, nullable, instead of a union",
	}
	for _, w := range want {
		if n := count(warnings, w); n == 0 {
			t.Errorf("no warning %q in\n%s", w, strings.Join(warnings, "\n"))
		}
	}
	buildAndVet(t, "u.yaml", []byte(cat))
	for _, w := range warnings {
		if strings.Contains(w, "repeats") || strings.Contains(w, "free-form") || strings.Contains(w, "union itself") {
			t.Errorf("a collapsed union warns of its members: %s", w)
		}
	}
}

func count(list []string, s string) int {
	n := 0
	for _, x := range list {
		if x == s {
			n++
		}
	}
	return n
}

// A union whose repeated members leave two or more stays a union of the
// distinct ones: a repeated inline schema leaves no type behind; a list
// member is compared by its type, not its alias. A free-form member makes
// a union of one other member free-form (it accepts any value).
func TestUnionRepeatsLeftOut(t *testing.T) {
	const doc = `openapi: 3.0.3
info: {title: U, version: "1"}
servers: [{url: "http://localhost"}]
paths:
  /h:
    get:
      operationId: getHolder
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Holder"}}}}
components:
  schemas:
    A: {type: object, properties: {x: {type: string}}}
    B: {type: object, properties: {y: {type: string}}}
    ABA: {oneOf: [{$ref: "#/components/schemas/A"}, {$ref: "#/components/schemas/B"}, {$ref: "#/components/schemas/A"}]}
    Lists: {anyOf: [{type: array, items: {type: string}}, {$ref: "#/components/schemas/B"}, {type: array, items: {type: string}}]}
    Inline: {oneOf: [{type: object, properties: {z: {type: string}}}, {$ref: "#/components/schemas/B"}, {type: object, properties: {z: {type: string}}}]}
    NullableRef: {oneOf: [{$ref: "#/components/schemas/A"}, {allOf: [{$ref: "#/components/schemas/A"}], nullable: true}]}
    FreeForm: {oneOf: [{$ref: "#/components/schemas/A"}, {}]}
    Holder:
      type: object
      properties:
        aba: {$ref: "#/components/schemas/ABA"}
        lists: {$ref: "#/components/schemas/Lists"}
        inline: {$ref: "#/components/schemas/Inline"}
        nullableRef: {$ref: "#/components/schemas/NullableRef"}
        freeForm: {$ref: "#/components/schemas/FreeForm"}
`
	cat, warnings := importWarnings(t, doc)
	wantIn(t, cat,
		"  ABA:\n    one_of: [A, B]\n",
		"  Lists:\n    any_of: [ListsOption1, B]\n",
		"  Inline:\n    one_of: [InlineOption1, B]\n",
		"      nullableRef: {type: A, nullable: true}\n",
		"  FreeForm:\n    type: any\n",
	)
	notIn(t, cat, "ListsOption3", "InlineOption3", "\n  NullableRef:")
	for _, w := range []string{
		"type ABA: member 3 repeats member 1 (A); left out of the union",
		"type Lists: member 3 repeats member 1 ([]string); left out of the union",
		"type Inline: member 3 repeats member 1 (the same schema); left out of the union",
		"schema NullableRef: every member of its oneOf is A or null; mapped to A, nullable, instead of a union",
		"type FreeForm: member 2 is free-form (any value), so the union is; mapped to any",
	} {
		if count(warnings, w) == 0 {
			t.Errorf("no warning %q in\n%s", w, strings.Join(warnings, "\n"))
		}
	}
}

// A union that collapses to a schema that refers back to it (R has a
// property of U, U is oneOf R, R) takes R's place in R, whichever of the
// two the document declares first; one that collapses to a list of
// itself stays a named alias of the list, whose inner occurrence is any
// (as for a $ref list that contains itself).
func TestUnionCollapseThroughRecursion(t *testing.T) {
	for _, order := range []string{"U first", "R first"} {
		u := `    U: {oneOf: [{$ref: "#/components/schemas/R"}, {$ref: "#/components/schemas/R"}]}
`
		r := `    R: {type: object, properties: {u: {$ref: "#/components/schemas/U"}, name: {type: string}}}
`
		schemas := u + r
		if order == "R first" {
			schemas = r + u
		}
		doc := `openapi: 3.0.3
info: {title: U, version: "1"}
servers: [{url: "http://localhost"}]
paths:
  /u:
    get:
      operationId: getU
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/U"}}}}
  /l:
    get:
      operationId: getL
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/L"}}}}
components:
  schemas:
` + schemas + `    L: {anyOf: [{type: array, items: {$ref: "#/components/schemas/L"}}, {type: array, items: {$ref: "#/components/schemas/L"}}]}
`
		cat, _ := importWarnings(t, doc)
		wantIn(t, cat,
			"      u: {type: R}\n      name: {type: string}\n",
			"    response: R\n",
			"  L:\n    type: '[]any'\n",
			"    response: L\n",
		)
		notIn(t, cat, "  U:", "type: U")
		buildAndVet(t, "u.yaml", []byte(cat))
	}
}

// A union that allows null (a null member, or a nullable one) makes the
// field of it nullable, through a $ref as written inline.
func TestUnionNullThroughRef(t *testing.T) {
	const doc = `openapi: 3.1.0
info: {title: U, version: "1"}
servers: [{url: "http://localhost"}]
paths:
  /a:
    get:
      operationId: getA
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Holder"}}}}
components:
  schemas:
    A: {type: object, properties: {x: {type: string}}}
    B: {type: object, properties: {y: {type: string}}}
    ABNull: {oneOf: [{$ref: "#/components/schemas/A"}, {$ref: "#/components/schemas/B"}, {type: "null"}]}
    AOrNullString: {oneOf: [{$ref: "#/components/schemas/A"}, {type: [string, "null"]}]}
    AB: {oneOf: [{$ref: "#/components/schemas/A"}, {$ref: "#/components/schemas/B"}]}
    Holder:
      type: object
      properties:
        abNull: {$ref: "#/components/schemas/ABNull"}
        aOrNullString: {$ref: "#/components/schemas/AOrNullString"}
        inline: {oneOf: [{$ref: "#/components/schemas/A"}, {type: [string, "null"]}]}
        ab: {$ref: "#/components/schemas/AB"}
`
	cat, _ := importWarnings(t, doc)
	wantIn(t, cat,
		"      abNull: {type: ABNull, nullable: true}\n",
		"      aOrNullString: {type: AOrNullString, nullable: true}\n",
		"      inline: {type: HolderInline, nullable: true}\n",
		"      ab: {type: AB}\n",
		"  ABNull:\n    one_of: [A, B]\n",
		"  AOrNullString:\n    one_of: [A, string]\n",
	)
}

// TestNullableSchemaThroughRef: an object or enum schema that allows null
// itself (3.1 type [object, "null"], 3.0 nullable: true) is nullable
// where a $ref uses it, required or not; the package builds.
func TestNullableSchemaThroughRef(t *testing.T) {
	const doc = `openapi: 3.1.0
info: {title: N, version: "1"}
servers: [{url: "http://localhost"}]
paths:
  /a:
    get:
      operationId: getA
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Holder"}}}}
components:
  schemas:
    Inner: {type: [object, "null"], properties: {x: {type: string}}}
    Inner30: {type: object, nullable: true, properties: {x: {type: string}}}
    Level: {type: [string, "null"], enum: [low, high, null]}
    Plain: {type: object, properties: {x: {type: string}}}
    Holder:
      type: object
      required: [inner, inner30, level, plain]
      properties:
        inner: {$ref: "#/components/schemas/Inner"}
        inner30: {$ref: "#/components/schemas/Inner30"}
        level: {$ref: "#/components/schemas/Level"}
        plain: {$ref: "#/components/schemas/Plain"}
        optional: {$ref: "#/components/schemas/Inner"}
        list: {type: array, items: {$ref: "#/components/schemas/Plain"}}
`
	cat, _ := importWarnings(t, doc)
	wantIn(t, cat,
		"      inner: {type: Inner, required: true, nullable: true}\n",
		"      inner30: {type: Inner30, required: true, nullable: true}\n",
		"      level: {type: Level, required: true, nullable: true}\n",
		"      plain: {type: Plain, required: true}\n",
		"      optional: {type: Inner, nullable: true}\n",
		"      list: {type: '[]Plain'}\n",
	)
	buildAndVet(t, "nullref", []byte(cat))
}
