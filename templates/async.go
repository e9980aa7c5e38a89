package templates

import (
	"github.com/dave/jennifer/jen"

	"github.com/clientgen/clientgen/spec"
)

// emitAsync renders async_gen.go: for every endpoint an AsyncClient method
// with the same parameters as the Client method, which starts that very
// method on its own goroutine and returns the Call at once, and the AsyncAPI
// interface. The async flavour has no request path of its own: it cannot
// drift from the blocking one.
func emitAsync(f *jen.File, m *spec.Model) bool {
	emitAsyncEndpoints(f, m.Endpoints)
	return emitAsyncAPI(f, m)
}

// emitAsyncEndpoints renders the AsyncClient methods of the given
// endpoints.
func emitAsyncEndpoints(f *jen.File, eps []*spec.Endpoint) bool {
	for _, ep := range eps {
		decl(f, endpointDoc(ep).Func().Params(jen.Id("c").Op("*").Id("AsyncClient")).Add(asyncSignature(ep)).Block(asyncBody(ep)))
	}
	return len(eps) > 0
}

// emitAsyncAPI renders the AsyncAPI interface.
func emitAsyncAPI(f *jen.File, m *spec.Model) bool {
	return emitInterface(f, m, true)
}

// asyncResult is the type parameter of an async method's Call.
func asyncResult(ep *spec.Endpoint) *jen.Statement {
	if rt := resultType(ep); rt != nil {
		return rt
	}
	return jen.Struct()
}

func asyncSignature(ep *spec.Endpoint) *jen.Statement {
	if ep.Stream != nil {
		return streamSignature(ep)
	}
	params := append([]jen.Code{jen.Id("ctx").Qual("context", "Context")}, args(ep)...)
	params = append(params, jen.Id("opts").Op("...").Id("CallOption"))
	return jen.Id(ep.GoName).Params(params...).Op("*").Id("Call").Types(asyncResult(ep))
}

// asyncBody renders
//
//	return goCall(ctx, func(ctx context.Context) (T, error) {
//		return c.sync.Method(ctx, args..., opts...)
//	})
func asyncBody(ep *spec.Endpoint) jen.Code {
	if ep.Stream != nil {
		return streamBody(ep, jen.Id("c").Dot("sync").Dot("core"))
	}
	callArgs := append([]jen.Code{jen.Id("ctx")}, argNames(ep)...)
	callArgs = append(callArgs, jen.Id("opts").Op("..."))
	syncCall := jen.Id("c").Dot("sync").Dot(ep.GoName).Call(callArgs...)
	var inner jen.Code
	if !ep.HasResponse() {
		inner = jen.Return(jen.Struct().Values(), syncCall)
	} else {
		inner = jen.Return(syncCall)
	}
	fn := jen.Func().Params(jen.Id("ctx").Qual("context", "Context")).Params(asyncResult(ep), jen.Error()).Block(inner)
	return jen.Return(jen.Id("goCall").Call(jen.Id("ctx"), fn))
}
