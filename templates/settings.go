package templates

import (
	"github.com/dave/jennifer/jen"

	"github.com/clientgen/clientgen/spec"
)

// emitSettings renders settings_gen.go: the catalog's client settings as
// one settings value for the runtime, and the two constructors that use it.
func emitSettings(f *jen.File, m *spec.Model) bool {
	c := m.Client
	name := c.Name

	decl(f, doc("NewClient returns a client of the "+name+" API whose methods block until the call ends. "+
		"Options override the catalog's defaults and the environment; see Option.").
		Func().Id("NewClient").Params(jen.Id("opts").Op("...").Id("Option")).Params(jen.Op("*").Id("Client"), jen.Error()).Block(
		jen.Return(jen.Id("newClient").Call(jen.Id("catalogSettings").Call(), jen.Id("opts"))),
	))
	decl(f, doc("NewAsyncClient returns a client of the "+name+" API whose methods start the call and return a handle at once. "+
		"It shares the runtime, and so every behaviour, with the Client.").
		Func().Id("NewAsyncClient").Params(jen.Id("opts").Op("...").Id("Option")).Params(jen.Op("*").Id("AsyncClient"), jen.Error()).Block(
		jen.Return(jen.Id("newAsyncClient").Call(jen.Id("catalogSettings").Call(), jen.Id("opts"))),
	))

	fields := []jen.Code{
		field("name", jen.Lit(c.Name)),
		field("baseURL", jen.Lit(c.BaseURL)),
		field("apiPrefix", jen.Lit(c.APIPrefix)),
		field("userAgent", jen.Lit(c.UserAgent)),
		field("timeout", duration(c.Timeout)),
		field("maxResponseBytes", jen.Lit(int(c.MaxResponseBytes))),
		field("secretHeaders", stringSlice(c.SecretHeaders)),
		field("idempotencyHeader", jen.Lit(c.IdempotencyHeader)),
		field("env", jen.Id("envNames").Values(
			field("baseURL", stringSlice(c.Env.BaseURL)),
			field("timeout", stringSlice(c.Env.Timeout)),
			field("maxRetries", stringSlice(c.Env.MaxRetries)),
			field("retryDelay", stringSlice(c.Env.RetryDelay)),
		)),
		field("retry", retryPolicy(c.Retry)),
		field("errorFormat", jen.Id("errorFormat").Values(
			field("message", stringSlice(c.ErrorFormat.Message)),
			field("code", stringSlice(c.ErrorFormat.Code)),
			field("details", stringSlice(c.ErrorFormat.Details)),
			field("retryable", stringSlice(c.ErrorFormat.Retryable)),
		)),
		field("diagnostics", diagnostics(c.Diagnostics)),
		field("healthPath", jen.Lit(c.HealthPath)),
		field("healthTimeout", duration(c.HealthTimeout)),
	}
	if m.Operations != nil {
		fields = append(fields, field("operations", operationProtocol(m.Operations)))
	}
	decl(f, doc("catalogSettings returns the settings of "+oneLine(m.Source)+".").
		Func().Id("catalogSettings").Params().Id("settings").Block(
		jen.Return(jen.Id("settings").Values(multiline(fields)...)),
	))
	return true
}

func retryPolicy(r spec.RetryPolicy) jen.Code {
	statuses := make([]jen.Code, len(r.Statuses))
	for i, s := range r.Statuses {
		statuses[i] = jen.Lit(s)
	}
	return jen.Id("retryPolicy").Values(multiline([]jen.Code{
		field("maxRetries", jen.Lit(r.MaxRetries)),
		field("baseDelay", duration(r.BaseDelay)),
		field("maxDelay", duration(r.MaxDelay)),
		field("jitter", duration(r.Jitter)),
		field("statuses", jen.Index().Int().Values(statuses...)),
		field("maxRetryAfter", duration(r.MaxRetryAfter)),
		field("budget", jen.Id("retryBudgetSettings").Values(
			field("capacity", jen.Lit(r.Budget.Capacity)),
			field("retryCost", jen.Lit(r.Budget.RetryCost)),
			field("timeoutCost", jen.Lit(r.Budget.TimeoutCost)),
			field("refill", jen.Lit(r.Budget.Refill)),
		)),
	})...)
}

func diagnostics(d spec.Diagnostics) jen.Code {
	rules := make([]jen.Code, len(d.Rules))
	for i, r := range d.Rules {
		rules[i] = jen.Values(multiline([]jen.Code{
			field("name", jen.Lit(r.Name)),
			field("codeContains", stringSlice(r.CodeContains)),
			field("messageContains", stringSlice(r.MessageContains)),
			field("problemType", jen.Lit(r.ProblemType)),
			field("problemTypeFrom", jen.Lit(r.ProblemTypeFrom)),
			field("problemTypes", stringSlice(r.ProblemTypes)),
			field("message", jen.Lit(r.Message)),
			field("detailsFrom", jen.Lit(r.DetailsFrom)),
		})...)
	}
	rulesCode := jen.Nil()
	if len(rules) > 0 {
		rulesCode = jen.Index().Id("diagnosticRule").Values(multiline(rules)...)
	}
	return jen.Id("diagnostics").Values(
		field("key", jen.Lit(d.Key)),
		field("messageFrom", stringSlice(d.MessageFrom)),
		field("rules", rulesCode),
	)
}

func operationProtocol(o *spec.Operations) jen.Code {
	return jen.Op("&").Id("operationProtocol").Values(multiline([]jen.Code{
		field("statusPath", jen.Lit(o.StatusPath)),
		field("cancelMethod", jen.Lit(o.CancelMethod)),
		field("cancelPath", jen.Lit(o.CancelPath)),
		field("cancelBody", jen.Lit(o.CancelBody)),
		field("cancelTimeout", duration(o.CancelTimeout)),
		field("successField", jen.Lit(o.SuccessField)),
		field("statusField", jen.Lit(o.StatusField)),
		field("progressField", jen.Lit(o.ProgressField)),
		field("stepField", jen.Lit(o.StepField)),
		field("errorField", jen.Lit(o.ErrorField)),
		field("resultField", jen.Lit(o.ResultField)),
		field("inProgress", stringSlice(o.InProgress)),
		field("succeeded", stringSlice(o.Succeeded)),
		field("failed", stringSlice(o.Failed)),
		field("cancelled", stringSlice(o.Cancelled)),
		field("pollInterval", duration(o.PollInterval)),
		field("pollMaxInterval", duration(o.PollMaxInterval)),
		field("pollGrowth", jen.Lit(o.PollGrowth)),
		field("maxUnexpected", jen.Lit(o.MaxUnexpected)),
	})...)
}

// multiline puts each element of a composite literal on its own line.
func multiline(elems []jen.Code) []jen.Code {
	out := make([]jen.Code, 0, len(elems)+1)
	for _, e := range elems {
		out = append(out, jen.Line().Add(e))
	}
	return append(out, jen.Line())
}
