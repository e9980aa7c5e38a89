package openapi

import (
	"strings"
	"testing"
)

// Shapes of public API documents (OpenAI, Plaid, Box, Twilio,
// DigitalOcean, Jupyter Server) that the importer once got wrong, each
// reduced to a few lines.

// A member of a discriminated union that refines a field of its allOf
// base (OpenAI's ComputerToolCallOutputResource: allOf its base, which
// has the discriminator "type", and a part that redeclares "id") is
// written out as fields; the discriminator must still leave it, or the
// catalog does not load.
func TestDiscriminatorOfARefiningMember(t *testing.T) {
	const doc = docHead + `  /items:
    get:
      operationId: listItems
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Item"}}}}
components:
  schemas:
    Item:
      oneOf: [{$ref: "#/components/schemas/Output"}, {$ref: "#/components/schemas/Message"}]
      discriminator: {propertyName: type}
    Base:
      type: object
      required: [type]
      properties:
        type: {type: string}
        id: {type: string}
    Output:
      allOf:
        - $ref: "#/components/schemas/Base"
        - type: object
          required: [id]
          properties:
            id: {type: string, description: The output's ID.}
    Message:
      type: object
      properties:
        type: {type: string}
        text: {type: string}
`
	r, err := Import([]byte(doc), Options{Doc: "d.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	out := string(r.Catalog)
	_, output, _ := strings.Cut(out, "\n  Output:\n")
	output, _, _ = strings.Cut(output, "\n  # import: from the document\n")
	if strings.Contains(output, "\n      type:") {
		t.Errorf("Output keeps the discriminator:\n%s", output)
	}
	var ws []string
	for _, w := range r.Warnings {
		ws = append(ws, w.Format("d.yaml"))
		if w.Line == 0 {
			t.Errorf("warning without a position: %s", w.Format("d.yaml"))
		}
	}
	if !strings.Contains(strings.Join(ws, "\n"), `type Output: property "type"`) {
		t.Errorf("no warning that Output loses its property type:\n%s", strings.Join(ws, "\n"))
	}
}
