package ktrdr_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"

	ktrdr "github.com/clientgen/clientgen/generated"
)

// The README's example of calling the client, kept compiling here.
func ExampleClient() {
	urlFlag := "" // the CLI's --url; empty falls through to the environment
	c, err := ktrdr.NewClient(ktrdr.WithFlagURL(urlFlag))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()

	ctx := context.Background()
	ops, err := c.ListOperations(ctx, &ktrdr.ListOperationsParams{ActiveOnly: ktrdr.Ptr(true)})
	var apiErr *ktrdr.APIError
	switch {
	case errors.As(err, &apiErr):
		fmt.Println(apiErr.Verbose()) // message (status), suggestion, IB diagnosis
	case errors.Is(err, ktrdr.ErrConnection):
		fmt.Println("is the KTRDR server running?")
	case err == nil:
		fmt.Println(ops.TotalCount, "operations")
	}

	// The async flavour has the same methods and returns a *Call.
	call := c.Async().ListSymbols(ctx)
	symbols, err := call.Wait(ctx)
	fmt.Println(symbols, err)
}

// The README's example of a long-running operation: start a training,
// print its progress, cancel it with Ctrl-C.
func ExampleClient_StartTrainingAndWait() {
	c, err := ktrdr.NewClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	res, err := c.StartTrainingAndWait(ctx, &ktrdr.TrainingRequest{StrategyName: "mean_reversion"},
		ktrdr.WithProgress(func(pct float64, msg string) {
			fmt.Printf("\r%5.1f%% %s", pct, msg)
		}))
	var opErr *ktrdr.OperationError
	switch {
	case errors.As(err, &opErr) && errors.Is(err, ktrdr.ErrOperationCancelled):
		// Ctrl-C: the server was asked, once, to cancel the operation.
		fmt.Println("\ncancelled", opErr.OperationID)
	case err != nil:
		fmt.Println(err)
	default:
		fmt.Println("\ndone:", res.Data.Status)
	}
}

// The same Ctrl-C idiom with the async flavour: one signal context for the
// start and for Wait. Wait returns once the server has been asked to
// cancel, with the error StartTrainingAndWait gives.
func ExampleAsyncClient_StartTrainingOperation() {
	a, err := ktrdr.NewAsyncClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer a.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	op := a.StartTrainingOperation(ctx, &ktrdr.TrainingRequest{StrategyName: "mean_reversion"},
		ktrdr.WithProgress(func(pct float64, msg string) {
			fmt.Printf("\r%5.1f%% %s", pct, msg)
		}))
	// ... other work; op.State() has the latest progress ...
	res, err := op.Wait(ctx)
	var opErr *ktrdr.OperationError
	switch {
	case errors.As(err, &opErr) && errors.Is(err, ktrdr.ErrOperationCancelled):
		// Ctrl-C: the server was asked, once, to cancel the operation.
		fmt.Println("\ncancelled", opErr.OperationID)
	case err != nil:
		fmt.Println(err)
	default:
		fmt.Println("\ndone:", res.Data.Status)
	}
}

// The README's example of the page iterators, kept compiling here.
func ExampleClient_ListOperationsAll() {
	c, err := ktrdr.NewClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()

	ctx := context.Background()
	for op, err := range c.ListOperationsAll(ctx, &ktrdr.ListOperationsParams{Limit: ktrdr.Ptr(50)},
		ktrdr.WithPageLimit(20)) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(op.OperationID, op.Status)
	}
}
