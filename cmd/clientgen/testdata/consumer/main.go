package main

import (
	"context"
	"fmt"
	"os"

	"example.com/consumer/echo"
)

func main() {
	c, err := echo.NewClient()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer c.Close()
	fmt.Println(c.HealthCheck(context.Background()))
}
