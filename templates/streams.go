package templates

import (
	"github.com/dave/jennifer/jen"

	"github.com/clientgen/clientgen/spec"
)

// A streaming endpoint's method, on both clients, is an iterator over its
// events: the endpoint's request goes through the runtime's request path,
// and its body is read as it arrives (syncStream).

// streamerName is the function that builds an endpoint's streamer.
func streamerName(ep *spec.Endpoint) string { return "streamOf" + ep.GoName }

// eventType is the type of an event's data.
func eventType(ep *spec.Endpoint) *jen.Statement { return valueType(ep.Stream.Event) }

// streamResult is the result of a streaming endpoint's method.
func streamResult(ep *spec.Endpoint) *jen.Statement {
	return jen.Qual("iter", "Seq2").Types(jen.Id("StreamEvent").Types(eventType(ep)), jen.Error())
}

// streamSignature is a streaming endpoint's method, the same on both
// clients.
func streamSignature(ep *spec.Endpoint) *jen.Statement {
	params := append([]jen.Code{jen.Id("ctx").Qual("context", "Context")}, args(ep)...)
	params = append(params, jen.Id("opts").Op("...").Id("CallOption"))
	return jen.Id(ep.GoName).Params(params...).Add(streamResult(ep))
}

// streamBody renders return syncStream(ctx, core, streamOfX(args...), opts):
// the async client shares the sync iterator.
func streamBody(ep *spec.Endpoint, core *jen.Statement) jen.Code {
	return jen.Return(jen.Id("syncStream").Call(jen.Id("ctx"), core, jen.Id(streamerName(ep)).Call(argNames(ep)...), jen.Id("opts")))
}

// streamDoc is the part of a streaming endpoint's comment that says how
// its iterator behaves.
func streamDoc(ep *spec.Endpoint) string {
	s := ep.Stream
	text := "\n\nThe result iterates over the events of the response, read as they arrive"
	if s.Format == spec.StreamSSE {
		text += " (text/event-stream)"
	} else {
		text += " (newline-delimited JSON, one event a line)"
	}
	text += "; nothing is requested until the loop starts. An error is yielded once and ends the loop; leaving the loop, or the end of ctx, closes the connection."
	if s.Format == spec.StreamSSE {
		text += " A connection lost mid-stream"
		if s.Reconnect {
			text += ", or ended by the server,"
		}
		text += " is reconnected with the Last-Event-ID header after the server's retry delay (else the retry backoff), within the retry policy's max retries (in a row without an event) and the client's retry budget."
	}
	return text
}

// emitStreamer renders
//
//	func streamOfX(args...) *streamer[T] {
//		return &streamer[T]{format: ..., build: func() *request { return newXRequest(args...) }, decode: ...}
//	}
func emitStreamer(f *jen.File, ep *spec.Endpoint) {
	s := ep.Stream
	typ := jen.Id("streamer").Types(eventType(ep))
	format := map[string]string{spec.StreamSSE: "streamSSE", spec.StreamNDJSON: "streamNDJSON"}[s.Format]
	vals := []jen.Code{field("format", jen.Id(format))}
	if s.Reconnect {
		vals = append(vals, field("reconnect", jen.True()))
	}
	vals = append(vals,
		field("maxLine", jen.Lit(s.MaxLineBytes)),
		field("build", jen.Func().Params().Op("*").Id("request").Block(
			jen.Return(jen.Id(requestBuilderName(ep)).Call(argNames(ep)...)))))
	if s.TextEvents() {
		vals = append(vals, field("decode", jen.Id("decodeEventText")))
	} else {
		vals = append(vals, field("decode", jen.Id("decodeEventJSON").Types(eventType(ep))))
	}
	decl(f, doc(streamerName(ep)+" describes how the event stream of "+ep.GoName+" is read, for one call with these arguments.").
		Func().Id(streamerName(ep)).Params(args(ep)...).Op("*").Add(typ.Clone()).Block(
		jen.Return(jen.Op("&").Add(typ).ValuesFunc(func(g *jen.Group) {
			for _, v := range vals {
				g.Line().Add(v)
			}
			g.Line()
		}))))
}
