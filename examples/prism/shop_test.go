package example

// These tests run the client generated from shop.yaml, a catalog imported
// from shop.openapi.yaml (`clientgen import`), against Prism serving that
// document with request validation (`prism mock --errors`): path, query
// and header parameters, the API key of client.auth, JSON, text, raw and
// form bodies, and JSON and text responses. Every operation is called on
// both clients, and Prism must accept every request.

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"strings"
	"testing"

	shop "github.com/clientgen/clientgen/examples/prism/shopclient"
	"github.com/clientgen/clientgen/openapi"
)

// shopOp is one call of the generated client; check looks at its result.
type shopOp struct {
	name string
	call func(ctx context.Context) (any, error)
}

func shopSyncOps(c *shop.Client) []shopOp {
	return []shopOp{
		{"Health", func(ctx context.Context) (any, error) { return c.Health(ctx) }},
		{"ListItems", func(ctx context.Context) (any, error) {
			return c.ListItems(ctx, &shop.ListItemsParams{Tag: []string{"home", "with space"}, Limit: shop.Ptr(10), Kind: shop.Ptr(shop.KindTool), XRequestID: "req-1"})
		}},
		{"CreateItem", func(ctx context.Context) (any, error) {
			return c.CreateItem(ctx, &shop.NewItem{Name: "Chair", Kind: shop.KindFurniture, Price: 40, Tags: []string{"office"}}, &shop.CreateItemParams{IdempotencyKey: shop.Ptr("key-12345678")})
		}},
		{"GetItem", func(ctx context.Context) (any, error) { return c.GetItem(ctx, 1) }},
		{"DeleteItem", func(ctx context.Context) (any, error) { return nil, c.DeleteItem(ctx, 1) }},
		{"SetItemNote", func(ctx context.Context) (any, error) { return c.SetItemNote(ctx, 1, "fragile") }},
		{"PutItemImage", func(ctx context.Context) (any, error) {
			return nil, c.PutItemImage(ctx, 1, bytes.NewReader([]byte{0x89, 'P', 'N', 'G'}))
		}},
		{"Contact", func(ctx context.Context) (any, error) {
			return nil, c.Contact(ctx, &shop.ContactForm{Email: "a@example.com", Message: "hello there", Topics: []string{"orders", "returns"}})
		}},
		{"ExportItems", func(ctx context.Context) (any, error) { return c.ExportItems(ctx) }},
	}
}

func shopAsyncOps(ac *shop.AsyncClient) []shopOp {
	return []shopOp{
		{"Health", func(ctx context.Context) (any, error) { return ac.Health(ctx).Wait(ctx) }},
		{"ListItems", func(ctx context.Context) (any, error) {
			return ac.ListItems(ctx, &shop.ListItemsParams{Tag: []string{"home", "with space"}, Limit: shop.Ptr(10), Kind: shop.Ptr(shop.KindTool), XRequestID: "req-1"}).Wait(ctx)
		}},
		{"CreateItem", func(ctx context.Context) (any, error) {
			return ac.CreateItem(ctx, &shop.NewItem{Name: "Chair", Kind: shop.KindFurniture, Price: 40, Tags: []string{"office"}}, &shop.CreateItemParams{IdempotencyKey: shop.Ptr("key-12345678")}).Wait(ctx)
		}},
		{"GetItem", func(ctx context.Context) (any, error) { return ac.GetItem(ctx, 1).Wait(ctx) }},
		{"DeleteItem", func(ctx context.Context) (any, error) { _, err := ac.DeleteItem(ctx, 1).Wait(ctx); return nil, err }},
		{"SetItemNote", func(ctx context.Context) (any, error) { return ac.SetItemNote(ctx, 1, "fragile").Wait(ctx) }},
		{"PutItemImage", func(ctx context.Context) (any, error) {
			_, err := ac.PutItemImage(ctx, 1, bytes.NewReader([]byte{0x89, 'P', 'N', 'G'})).Wait(ctx)
			return nil, err
		}},
		{"Contact", func(ctx context.Context) (any, error) {
			_, err := ac.Contact(ctx, &shop.ContactForm{Email: "a@example.com", Message: "hello there", Topics: []string{"orders", "returns"}}).Wait(ctx)
			return nil, err
		}},
		{"ExportItems", func(ctx context.Context) (any, error) { return ac.ExportItems(ctx).Wait(ctx) }},
	}
}

// shopBoth runs fn with the operations of each flavour, on clients
// built with opts.
func shopBoth(t *testing.T, fn func(t *testing.T, ops []shopOp), opts ...shop.Option) {
	t.Helper()
	if shopPrism.url == "" {
		t.Skip(shopPrism.skip)
	}
	opts = append([]shop.Option{shop.WithBaseURL(shopPrism.url), shop.WithMaxRetries(0)}, opts...)
	t.Run("sync", func(t *testing.T) {
		c, err := shop.NewClient(opts...)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fn(t, shopSyncOps(c))
	})
	t.Run("async", func(t *testing.T) {
		ac, err := shop.NewAsyncClient(opts...)
		if err != nil {
			t.Fatal(err)
		}
		defer ac.Close()
		fn(t, shopAsyncOps(ac))
	})
}

func shopViolations() int { return strings.Count(shopPrism.logs.String(), "[VALIDATOR] ✖") }

// TestShopEveryOperationPassesValidation calls every operation of the
// imported catalog; Prism validates each request against the document.
func TestShopEveryOperationPassesValidation(t *testing.T) {
	shopBoth(t, func(t *testing.T, ops []shopOp) {
		if len(ops) != 9 {
			t.Fatalf("%d operations, the document has 9", len(ops))
		}
		before := shopViolations()
		for _, op := range ops {
			got, err := op.call(t.Context())
			if err != nil {
				t.Errorf("%s: %v", op.name, err)
				continue
			}
			switch v := got.(type) {
			case *shop.HealthResponse:
				if v.Status != "ok" {
					t.Errorf("%s = %+v", op.name, v)
				}
			case []shop.Item:
				if len(v) != 1 || v[0].ID != 1 || v[0].Name != "Lamp" || v[0].Kind != shop.KindTool {
					t.Errorf("%s = %+v", op.name, v)
				}
			case *shop.Item:
				if v.ID == 0 || v.Name == "" {
					t.Errorf("%s = %+v", op.name, v)
				}
			case string:
				if v == "" {
					t.Errorf("%s returned an empty text", op.name)
				}
			}
		}
		if n := shopViolations() - before; n != 0 {
			t.Errorf("Prism logged %d request violations:\n%s", n, shopPrism.logs.String())
		}
	}, shop.WithAuth("k-12345"))
}

// TestShopPrismRefusesWhatTheDocumentForbids shows that the validation is
// on: a header breaking its pattern is refused (422), and so is a call
// without the API key the document requires (401), while the public
// operations (auth: none) pass without it.
func TestShopPrismRefusesWhatTheDocumentForbids(t *testing.T) {
	shopBoth(t, func(t *testing.T, ops []shopOp) {
		ctx := t.Context()
		for _, op := range ops {
			_, err := op.call(ctx)
			switch op.name {
			case "Health", "Contact":
				if err != nil {
					t.Errorf("%s is public (auth: none) but failed: %v", op.name, err)
				}
			default:
				var ae *shop.APIError
				if !errors.As(err, &ae) || ae.StatusCode != http.StatusUnauthorized {
					t.Errorf("%s without the API key: %v, want a 401 APIError", op.name, err)
				}
			}
		}
	})
	c, err := shop.NewClient(shop.WithBaseURL(shopPrism.url), shop.WithAuth("k-1"), shop.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, err = c.ListItems(t.Context(), &shop.ListItemsParams{XRequestID: "not-a-request-id"})
	var ae *shop.APIError
	if !errors.As(err, &ae) || ae.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a header breaking its pattern: %v, want a 422 APIError", err)
	}
}

// TestShopCatalogIsTheImport: shop.yaml is exactly what `clientgen import`
// writes from shop.openapi.yaml today, with nothing left out.
func TestShopCatalogIsTheImport(t *testing.T) {
	doc, err := os.ReadFile("shop.openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("shop.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r, err := openapi.Import(doc, openapi.Options{Doc: "shop.openapi.yaml", BaseDir: "."})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(r.Catalog, want) {
		t.Errorf("shop.yaml is not the import of shop.openapi.yaml (go generate ./...):\n%s", r.Catalog)
	}
	for _, w := range r.Warnings {
		t.Errorf("warning: %s", w.Format("shop.openapi.yaml"))
	}
}
