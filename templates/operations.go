package templates

import (
	"github.com/dave/jennifer/jen"

	"github.com/clientgen/clientgen/spec"
)

// emitOperations renders operations_gen.go: for every endpoint that starts
// a long-running operation, a blocking adapter on Client (start, poll with
// progress, final result) and a handle-returning one on AsyncClient, plus
// the methods that attach to an operation by id. All of them run the one
// operation runner of the runtime.
func emitOperations(f *jen.File, m *spec.Model) bool {
	if m.Operations == nil {
		return false
	}
	result := operationResult(m)
	core := map[bool]*jen.Statement{false: jen.Id("c").Dot("core"), true: jen.Id("c").Dot("sync").Dot("core")}
	for _, ep := range m.Endpoints {
		if ep.Operation == nil {
			continue
		}
		runArgs := func(async bool) []jen.Code {
			return []jen.Code{jen.Id("ctx"), core[async].Clone(), jen.Id(requestBuilderName(ep)).Call(argNames(ep)...), startSpec(ep.Operation), jen.Id("opts")}
		}
		decl(f, syncOperationDoc(ep).Func().Params(jen.Id("c").Op("*").Id("Client")).Add(syncOperationSignature(ep, result)).Block(
			jen.Return(jen.Id("runOperation").Types(result).Call(runArgs(false)...)),
		))
		decl(f, asyncOperationDoc(ep).Func().Params(jen.Id("c").Op("*").Id("AsyncClient")).Add(asyncOperationSignature(ep, result)).Block(
			jen.Return(jen.Id("startOperation").Types(result).Call(runArgs(true)...)),
		))
	}
	decl(f, waitDoc().Func().Params(jen.Id("c").Op("*").Id("Client")).Add(waitSignature(result)).Block(
		jen.Return(jen.Id("waitOperation").Types(result).Call(jen.Id("ctx"), jen.Id("c").Dot("core"), jen.Id("id"), jen.Id("opts"))),
	))
	decl(f, resumeDoc().Func().Params(jen.Id("c").Op("*").Id("AsyncClient")).Add(resumeSignature(result)).Block(
		jen.Return(jen.Id("resumeOperation").Types(result).Call(jen.Id("ctx"), jen.Id("c").Dot("sync").Dot("core"), jen.Id("id"), jen.Id("opts"))),
	))
	return true
}

// operationResult is the type a finished operation returns: the catalog's
// status response type, or raw JSON.
func operationResult(m *spec.Model) *jen.Statement {
	if r := m.Operations.Response; isObject(r) {
		return jen.Id(r.Ref.GoName)
	}
	return jen.Qual("encoding/json", "RawMessage")
}

func startSpec(op *spec.StartOperation) jen.Code {
	vals := []jen.Code{field("idFields", stringSlice(op.IDFields))}
	if op.OnCancel == "detach" {
		vals = append(vals, field("detach", jen.True()))
	}
	return jen.Id("startSpec").Values(vals...)
}

func operationParams(ep *spec.Endpoint) []jen.Code {
	params := append([]jen.Code{jen.Id("ctx").Qual("context", "Context")}, args(ep)...)
	return append(params, jen.Id("opts").Op("...").Id("OperationOption"))
}

// syncOperationName and asyncOperationName are the names of an operation
// endpoint's adapters, as the validator reserves them.
func syncOperationName(ep *spec.Endpoint) string {
	wait, _ := spec.OperationMethodNames(ep.GoName)
	return wait
}

func asyncOperationName(ep *spec.Endpoint) string {
	_, handle := spec.OperationMethodNames(ep.GoName)
	return handle
}

func syncOperationSignature(ep *spec.Endpoint, result *jen.Statement) *jen.Statement {
	return jen.Id(syncOperationName(ep)).Params(operationParams(ep)...).Params(jen.Op("*").Add(result.Clone()), jen.Error())
}

func asyncOperationSignature(ep *spec.Endpoint, result *jen.Statement) *jen.Statement {
	return jen.Id(asyncOperationName(ep)).Params(operationParams(ep)...).Op("*").Id("Operation").Types(result.Clone())
}

func onCancelText(op *spec.StartOperation) string {
	if op.OnCancel == "detach" {
		return "When ctx is cancelled the operation is left running on the server and the returned *OperationError names it, to be resumed later."
	}
	return "When ctx is cancelled the server is asked, once, to cancel the operation."
}

func syncOperationDoc(ep *spec.Endpoint) *jen.Statement {
	return doc(syncOperationName(ep) + " starts the operation of " + ep.GoName + " (" + ep.Method + " " + ep.Path +
		"), polls it until it ends, reporting progress to WithProgress, and returns its final status. " +
		"A failed or cancelled operation is an *OperationError. " + onCancelText(ep.Operation))
}

func asyncOperationDoc(ep *spec.Endpoint) *jen.Statement {
	return doc(asyncOperationName(ep) + " starts the operation of " + ep.GoName + " (" + ep.Method + " " + ep.Path +
		") and returns its handle at once; the handle's Wait returns what " + syncOperationName(ep) + " returns. " + onCancelText(ep.Operation))
}

func waitSignature(result *jen.Statement) *jen.Statement {
	return jen.Id("WaitForOperation").Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("id").String(), jen.Id("opts").Op("...").Id("OperationOption")).
		Params(jen.Op("*").Add(result.Clone()), jen.Error())
}

func resumeSignature(result *jen.Statement) *jen.Statement {
	return jen.Id("ResumeOperation").Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("id").String(), jen.Id("opts").Op("...").Id("OperationOption")).
		Op("*").Id("Operation").Types(result.Clone())
}

func waitDoc() *jen.Statement {
	return doc("WaitForOperation attaches to the operation with the given id, started earlier by this or another process, and polls it until it ends, as the AndWait adapters do.")
}

func resumeDoc() *jen.Statement {
	return doc("ResumeOperation attaches to the operation with the given id and returns its handle at once.")
}

// operationMethods are the interface entries of the operation adapters, for
// API (async false) or AsyncAPI (async true).
func operationMethods(m *spec.Model, async bool) []jen.Code {
	if m.Operations == nil {
		return nil
	}
	result := operationResult(m)
	var out []jen.Code
	for _, ep := range m.Endpoints {
		if ep.Operation == nil {
			continue
		}
		if async {
			out = append(out, asyncOperationDoc(ep).Add(asyncOperationSignature(ep, result)))
		} else {
			out = append(out, syncOperationDoc(ep).Add(syncOperationSignature(ep, result)))
		}
	}
	if async {
		return append(out, resumeDoc().Add(resumeSignature(result)))
	}
	return append(out, waitDoc().Add(waitSignature(result)))
}
