package templates

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestTypeDocsSayOnlyWhatTheCatalogSays pins the type comments: a
// description is kept as the catalog wrote it (joined to the name when it
// starts with an article), and a type without one gets no comment rather
// than a sentence that repeats its name.
func TestTypeDocsSayOnlyWhatTheCatalogSays(t *testing.T) {
	m := loadCatalog(t, `client:
  name: Docs
  package: docs
  base_url: http://localhost:1
types:
  Plain:
    fields:
      id: {type: string, required: true}
  Model:
    description: Request model for POST /x.
    fields:
      id: {type: string, required: true}
  Pet:
    description: A pet in the store.
    fields:
      id: {type: string, required: true}
  Kind:
    enum: [a, b]
endpoints:
  get_plain:
    method: GET
    path: /plain
    response: Plain
  post_model:
    method: POST
    path: /model
    body: Model
    response: Pet
  get_kind:
    method: GET
    path: /kind
    response: Kind
`)
	src := renderFile(t, m, "types_gen.go")
	assert.NotContains(t, src, "is the catalog's")
	assert.Contains(t, src, "}\n\ntype Plain struct")
	assert.Contains(t, src, "\n// Request model for POST /x.\ntype Model struct")
	assert.Contains(t, src, "\n// Pet is a pet in the store.\ntype Pet struct")
	assert.Contains(t, src, "\ntype Kind string")
	assert.NotContains(t, src, "// Kind is")
}
