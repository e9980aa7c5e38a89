package spec

import (
	"go/token"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestGoName(t *testing.T) {
	tests := []struct{ in, want, arg string }{
		{"operation_id", "OperationID", "operationID"},
		{"base_url", "BaseURL", "baseURL"},
		{"ib_status", "IBStatus", "ibStatus"},
		{"get-operation", "GetOperation", "getOperation"},
		{"list operations", "ListOperations", "listOperations"},
		{"getOperation", "GetOperation", "getOperation"},
		{"OperationInfo", "OperationInfo", "operationInfo"},
		{"IBStatus", "IBStatus", "ibStatus"},
		{"HTTPServer", "HTTPServer", "httpServer"},
		{"userId", "UserID", "userID"},
		{"user_ids", "UserIDs", "userIDs"},
		{"api_urls", "APIURLs", "apiURLs"},
		{"id", "ID", "id"},
		{"ID", "ID", "id"},
		{"https_proxy", "HTTPSProxy", "httpsProxy"},
		{"json_body", "JSONBody", "jsonBody"},
		{"uuid", "UUID", "uuid"},
		{"cpu_ip_tcp_sql_ui_tls", "CPUIPTCPSQLUITLS", "cpuIPTCPSQLUITLS"},
		{"in-progress", "InProgress", "inProgress"},
		{"IN_PROGRESS", "InProgress", "inProgress"},
		{"PENDING", "Pending", "pending"},
		{"XMLData", "XMLData", "xmlData"},
		{"v2Beta", "V2Beta", "v2Beta"},
		{"timeframe_1h", "Timeframe1h", "timeframe1h"},
		{"1d", "1d", "1d"},
		{"1D", "1D", "1D"},
		{"__private__", "Private", "private"},
		{"a.b/c", "ABC", "aBC"},
		{"café_au_lait", "CaféAuLait", "caféAuLait"},
		{"is", "Is", "is"},
		{"", "", ""},
		{"--", "", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, GoName(tt.in), "GoName(%q)", tt.in)
		assert.Equal(t, tt.arg, GoArgName(tt.in), "GoArgName(%q)", tt.in)
	}
}

func TestReservedNames(t *testing.T) {
	for _, list := range [][]string{ReservedNames(), ReservedMethodNames(), ReservedArgNames()} {
		assert.True(t, sort.StringsAreSorted(list), "%v is sorted", list)
		for _, name := range list {
			assert.True(t, token.IsIdentifier(name), name)
		}
	}
	a := ReservedNames()
	a[0] = "changed"
	assert.NotEqual(t, "changed", ReservedNames()[0], "each call returns a fresh slice")

	for name, want := range map[string]bool{
		"Client": true, "APIError": true, "ProgressFunc": true, "OperationState": true,
		"WithTimeout": true, "With": true, "With2": true, "ErrClosed": true, "Err": true,
		"ErrorResponse": false, "Without": false, "Withdrawal": false, "Errand": false,
		"OperationInfo": false, "ClientInfo": false, "Options": false,
	} {
		assert.Equal(t, want, IsReservedName(name), name)
	}
}

func TestValidatePackageName(t *testing.T) {
	for _, ok := range []string{"ktrdr", "shop2", "my_api"} {
		assert.NoError(t, ValidatePackageName(ok), ok)
	}
	for name, want := range map[string]string{
		"":       "is empty",
		"Ktrdr":  "is not a lower-case Go identifier (want a-z, 0-9 and _, starting with a letter)",
		"2fa":    "is not a lower-case Go identifier (want a-z, 0-9 and _, starting with a letter)",
		"_x":     "is not a lower-case Go identifier (want a-z, 0-9 and _, starting with a letter)",
		"my-api": "is not a lower-case Go identifier (want a-z, 0-9 and _, starting with a letter)",
		"type":   "is a Go keyword",
		"string": "is a predeclared Go identifier",
		"main":   "cannot be main (the client must be importable)",
	} {
		err := ValidatePackageName(name)
		if assert.Error(t, err, name) {
			assert.Equal(t, want, err.Error(), name)
		}
	}
}

func TestCloseNames(t *testing.T) {
	candidates := []string{"OperationInfo", "OperationStatus", "Order", "op_info"}
	assert.Equal(t, []string{"OperationInfo"}, closeNames("OperationInf", candidates))
	assert.Equal(t, []string{"op_info", "OperationInfo"}[:1], closeNames("OpInfo", candidates), "same Go name first")
	assert.Equal(t, []string{"Order"}, closeNames("order", candidates), "case differs")
	assert.Empty(t, closeNames("Zebra", candidates))
	assert.Equal(t, 3, editDistance("kitten", "sitting"))
	assert.Equal(t, 0, editDistance("", ""))
}
