// Command libopenapifloor reads an OpenAPI 3 document as clientgen import
// does (pb33f/libopenapi, the same configuration), builds its model and
// each schema of the components and of the operations once, and prints
// how many. It writes nothing else: its time and memory are what
// any importer on libopenapi pays before mapping anything, the floor
// under `clientgen import` that peerbench's import step reports.
//
//	libopenapifloor DOC
package main

import (
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"

	"github.com/pb33f/libopenapi"
	"github.com/pb33f/libopenapi/datamodel"
	"github.com/pb33f/libopenapi/datamodel/high/base"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: libopenapifloor DOC")
		os.Exit(2)
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50) // as clientgen import sets it
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	n, err := schemas(data)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(n, "schemas")
}

func schemas(data []byte) (int, error) {
	doc, err := libopenapi.NewDocumentWithConfiguration(data, &datamodel.DocumentConfiguration{
		IgnorePolymorphicCircularReferences: true,
		IgnoreArrayCircularReferences:       true,
		SkipMetadataCollection:              true,
		Logger:                              slog.New(slog.DiscardHandler),
	})
	if err != nil {
		return 0, err
	}
	model, err := doc.BuildV3Model()
	if model == nil {
		return 0, err
	}
	w := walker{seen: map[*base.Schema]bool{}}
	m := &model.Model
	if m.Components != nil && m.Components.Schemas != nil {
		for _, sp := range m.Components.Schemas.FromOldest() {
			w.proxy(sp)
		}
	}
	if m.Paths != nil && m.Paths.PathItems != nil {
		for _, item := range m.Paths.PathItems.FromOldest() {
			for _, op := range item.GetOperations().FromOldest() {
				w.operation(op)
			}
		}
	}
	return len(w.seen), nil
}

type walker struct{ seen map[*base.Schema]bool }

func (w *walker) operation(op *v3.Operation) {
	for _, p := range op.Parameters {
		w.proxy(p.Schema)
	}
	if op.RequestBody != nil && op.RequestBody.Content != nil {
		for _, mt := range op.RequestBody.Content.FromOldest() {
			w.proxy(mt.Schema)
		}
	}
	if op.Responses != nil && op.Responses.Codes != nil {
		for _, r := range op.Responses.Codes.FromOldest() {
			if r.Content != nil {
				for _, mt := range r.Content.FromOldest() {
					w.proxy(mt.Schema)
				}
			}
		}
	}
}

// proxy builds the schema sp stands for and those inside it, once: a
// reference is not followed (its target is built where the components
// declare it), as an importer maps a named schema once.
func (w *walker) proxy(sp *base.SchemaProxy) {
	if sp == nil || sp.IsReference() {
		return
	}
	s := sp.Schema()
	if s == nil || w.seen[s] {
		return
	}
	w.seen[s] = true
	for _, l := range [][]*base.SchemaProxy{s.AllOf, s.OneOf, s.AnyOf} {
		for _, c := range l {
			w.proxy(c)
		}
	}
	if s.Properties != nil {
		for _, c := range s.Properties.FromOldest() {
			w.proxy(c)
		}
	}
	if s.Items != nil && s.Items.IsA() {
		w.proxy(s.Items.A)
	}
	if s.AdditionalProperties != nil && s.AdditionalProperties.IsA() {
		w.proxy(s.AdditionalProperties.A)
	}
}
