package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"time"

	"github.com/gofiber/fiber/v2"
)

// serveBare is the bare Fiber handler the ratios are taken against: its own process (this
// binary run with -serve-bare ADDR), no middleware, the same body as /bench/constant.
func serveBare(addr string) error {
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/", func(c *fiber.Ctx) error { return c.SendString("ok") })
	return app.Listen(addr)
}

// startBare runs this binary with -serve-bare on a free loopback port.
func startBare(ctx context.Context) (string, func(), error) {
	self, err := os.Executable()
	if err != nil {
		return "", nil, err
	}
	port, err := freePort()
	if err != nil {
		return "", nil, err
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	cmd := exec.Command(self, "-serve-bare", addr)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() { _ = cmd.Process.Signal(syscall.SIGTERM); _ = cmd.Wait() }
	if err := waitTCP(ctx, addr, 10*time.Second); err != nil {
		stop()
		return "", nil, fmt.Errorf("bare Fiber server: %w", err)
	}
	return "http://" + addr, stop, nil
}
