// Package synth builds synthetic endpoint catalogs of any size for the
// generator benchmarks. A catalog of n endpoints has about n/10 operation
// starters and, for each of the other endpoints' resources, four endpoints:
//
//   - list_rNNNN: GET /rNNNN with limit and offset query parameters,
//     returning a page of records;
//   - get_rNNNN: GET /rNNNN/{id}, returning an 8-field record (string,
//     integer, number, boolean, date-time, a nested object, []string and a
//     list of nested objects);
//   - create_rNNNN: POST /rNNNN with a 6-field body, returning the record;
//   - delete_rNNNN: DELETE /rNNNN/{id}, answered with 204 No Content.
//
// The starters (export_rNNNN: POST /rNNNN/{id}/export) start long-running
// operations, described by the catalog's operations section. Each resource
// has its own four object types, as real APIs do.
package synth

import (
	"bytes"
	"fmt"
)

// Shape gives the number of resources and operation starters of a
// catalog with n endpoints: 4*Resources + Starters == n.
func Shape(n int) (resources, starters int) {
	if n < 0 {
		n = 0
	}
	resources = (n - n/10) / 4
	return resources, n - 4*resources
}

// Catalog returns the YAML of a valid catalog with exactly n endpoints.
func Catalog(n int) []byte {
	resources, starters := Shape(n)
	var types, endpoints bytes.Buffer
	for i := range resources {
		resource(&types, &endpoints, fmt.Sprintf("r%04d", i+1), i < starters)
	}
	// More starters than resources happens only for tiny catalogs.
	for i := resources; i < starters; i++ {
		fmt.Fprintf(&endpoints, `  export_x%04d:
    description: Starts an export job.
    method: POST
    path: /x%04d/export
    body: ExportRequest
    response: JobStarted
    operation:
      id: [task_id, data.operation_id]
`, i+1, i+1)
	}

	var b bytes.Buffer
	b.Grow(types.Len() + endpoints.Len() + 2048)
	b.WriteString(header)
	b.WriteString("types:\n")
	b.WriteString(sharedTypes)
	b.Write(types.Bytes())
	if n == 0 {
		b.WriteString("endpoints: {}\n")
	} else {
		b.WriteString("endpoints:\n")
		b.Write(endpoints.Bytes())
	}
	b.WriteString(operations)
	return b.Bytes()
}

// resource writes the four types and four endpoints of one resource, and
// its export starter when starter is true.
func resource(types, endpoints *bytes.Buffer, r string, starter bool) {
	t := "R" + r[1:] // the Go name of r: r0001 -> R0001
	fmt.Fprintf(types, `  %[1]s:
    description: One %[2]s record.
    fields:
      id: {type: string, required: true, description: Unique identifier.}
      count: {type: integer, required: true, description: Number of units.}
      score: {type: number, description: Quality score between 0 and 1.}
      active: {type: boolean, required: true}
      created_at: {type: date-time, required: true, description: When the record was created.}
      owner: {type: %[1]sRef, description: Who owns the record.}
      tags: {type: "[]string"}
      parts: {type: "[]%[1]sRef", description: The records this one is made of.}
  %[1]sRef:
    description: A reference to another record.
    fields:
      id: {type: string, required: true}
      name: {type: string}
      kind: {type: string}
  %[1]sList:
    description: One page of %[2]s records.
    fields:
      data: {type: "[]%[1]s", required: true}
      total_count: {type: integer, required: true, description: Number of records on all pages.}
  %[1]sCreate:
    description: The fields of a new %[2]s record.
    fields:
      name: {type: string, required: true}
      count: {type: integer}
      score: {type: number}
      active: {type: boolean}
      tags: {type: "[]string"}
      owner: {type: %[1]sRef}
`, t, r)
	fmt.Fprintf(endpoints, `  list_%[2]s:
    description: Lists %[2]s records, one page at a time.
    method: GET
    path: /%[2]s
    query:
      limit: {type: integer, description: At most this many records.}
      offset: {type: integer, description: Skip this many records first.}
    response: %[1]sList
  get_%[2]s:
    description: Returns one %[2]s record.
    method: GET
    path: /%[2]s/{id}
    path_params:
      id: {type: string, description: The record's id.}
    response: %[1]s
  create_%[2]s:
    description: Creates a %[2]s record.
    method: POST
    path: /%[2]s
    body: %[1]sCreate
    response: %[1]s
  delete_%[2]s:
    description: Deletes a %[2]s record.
    method: DELETE
    path: /%[2]s/{id}
    path_params:
      id: {type: string}
`, t, r)
	if starter {
		fmt.Fprintf(endpoints, `  export_%[1]s:
    description: Starts exporting a %[1]s record as a long-running operation.
    method: POST
    path: /%[1]s/{id}/export
    path_params:
      id: {type: string}
    body: ExportRequest
    response: JobStarted
    operation:
      id: [task_id, data.operation_id]
`, r)
	}
}

const header = `# A synthetic catalog for the generator benchmarks (bench/synth).
client:
  name: Synthetic
  package: synthetic
  base_url: http://localhost:8080/api/v1
  timeout: 30s
  secret_headers: [X-API-Key]
`

const sharedTypes = `  OperationStatus:
    description: State of a long-running operation.
    enum: [pending, running, completed, failed, cancelled]
  OperationProgress:
    fields:
      percentage: {type: number}
      current_step: {type: string}
  OperationInfo:
    fields:
      operation_id: {type: string, required: true}
      status: {type: OperationStatus, required: true}
      progress: {type: OperationProgress}
      error_message: {type: string}
      result_summary: {type: any}
  OperationStatusResponse:
    fields:
      success: {type: boolean}
      data: {type: OperationInfo, required: true}
  ExportRequest:
    fields:
      format: {type: string, required: true}
      destination: {type: string}
  JobStarted:
    fields:
      task_id: {type: string, required: true}
`

const operations = `operations:
  status:
    path: /operations/{operation_id}
    response: OperationStatusResponse
  fields:
    success: success
    status: data.status
    progress: data.progress.percentage
    step: data.progress.current_step
    error: data.error_message
    result: data
  statuses:
    in_progress: [pending, running]
    succeeded: [completed]
    failed: [failed]
    cancelled: [cancelled]
`
