// A Go reverse proxy in front of an SSE backend: net/http/httputil only.
// No FlushInterval needed: ReverseProxy passes each write on at once when
// the backend's response is text/event-stream or has no Content-Length.
//
// Run it next to logging.go:
//
//	BACKEND=http://127.0.0.1:8000 PORT=8080 go run proxy.go logging.go
//	curl -N http://127.0.0.1:8080/events
package main

import (
	"log"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"time"
)

func main() {
	backend, err := url.Parse(os.Getenv("BACKEND"))
	if err != nil || backend.Host == "" {
		log.Fatal("BACKEND must be a URL such as http://127.0.0.1:8000")
	}
	proxy := httputil.NewSingleHostReverseProxy(backend)
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	server := &http.Server{
		Addr:              "127.0.0.1:" + port,
		Handler:           logRequests(proxy),
		ReadHeaderTimeout: 10 * time.Second,
		// No WriteTimeout: it would cut every stream at that age.
	}
	log.Printf("proxy for %s on http://%s", backend, server.Addr)
	log.Fatal(server.ListenAndServe())
}
