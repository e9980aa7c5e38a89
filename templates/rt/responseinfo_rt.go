package rt

import "net/http"

// ResponseInfo is what a call learned about the response it ended with,
// filled by WithResponseInto for successes and failures alike.
type ResponseInfo struct {
	// StatusCode is the status of the last response, 0 when the last
	// attempt got none (a connection failure, a timeout).
	StatusCode int
	// Header holds the last response's headers; the values of secret
	// headers (Set-Cookie, the catalog's secret_headers) are masked.
	Header http.Header
	// RequestID is the server's id of the request, from the header the
	// catalog names in client.request_id_header; "" when there is none.
	RequestID string
	// Attempts is the number of requests sent (1 when not retried); 0 when
	// the call was refused before anything was sent.
	Attempts int
}

// WithResponseInto fills *info when the call ends, whether it succeeded or
// failed: the last response's status, headers and request id, and the
// number of attempts. A call refused before sending leaves it zero.
func WithResponseInto(info *ResponseInfo) CallOption {
	return func(o *callOptions) { o.info = info }
}

// fillInfo fills the call's ResponseInfo from the last attempt.
func (x *exchange) fillInfo(attempts int) {
	r := &x.resp
	*x.info = ResponseInfo{StatusCode: r.status, Attempts: attempts}
	if r.status == 0 {
		return
	}
	secrets := secretValues(x.c.secretHeaders, x.c.secretQuery, r.sent)
	x.info.Header = maskHeader(r.header, x.c.secretHeaders, secrets)
	if h := x.c.settings.requestIDHeader; h != "" {
		x.info.RequestID = redactText(r.header.Get(h), secrets)
	}
}

// maskHeader returns a copy of h with the values of secret headers
// replaced by [REDACTED], and the secrets the request carried masked in
// the other values (a server may echo them in WWW-Authenticate or a
// header of its own).
func maskHeader(h http.Header, secret map[string]bool, secrets []string) http.Header {
	if h == nil {
		return nil
	}
	out := h.Clone()
	for k, vs := range out {
		if secret[http.CanonicalHeaderKey(k)] {
			for i := range vs {
				vs[i] = redacted
			}
			continue
		}
		for i, v := range vs {
			vs[i] = redactText(v, secrets)
		}
	}
	return out
}
