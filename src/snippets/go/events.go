// Server-Sent Events from Go's net/http: a tick a second, each with an id,
// a heartbeat comment, a resume after Last-Event-ID, and cleanup when the
// client leaves. Standard library only.
//
// Run it next to logging.go (Debian 12: apt install golang-go):
//
//	go run events.go logging.go
//	curl -N http://127.0.0.1:8000/events
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"os"
	"strconv"
	"time"
)

// envDuration reads a number of milliseconds from the environment.
func envDuration(name string, fallback time.Duration) time.Duration {
	if ms, err := strconv.Atoi(os.Getenv(name)); err == nil && ms > 0 {
		return time.Duration(ms) * time.Millisecond
	}
	return fallback
}

var (
	tickEvery      = envDuration("TICK_MS", time.Second)
	heartbeatEvery = envDuration("HEARTBEAT_MS", 15*time.Second)
)

func events(w http.ResponseWriter, r *http.Request) {
	// Without a Flusher every write waits in the server's buffers (a few KiB).
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	// A reconnecting EventSource sends the id of the last event it got.
	i := 0
	if last := r.Header.Get("Last-Event-ID"); last != "" {
		n, err := strconv.Atoi(last)
		if err != nil || n < 0 {
			http.Error(w, "Last-Event-ID must be a number", http.StatusBadRequest)
			return
		}
		i = n
	}
	count, _ := strconv.Atoi(r.URL.Query().Get("n")) // ?n=5: five ticks, then `done`
	first := i

	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	flusher.Flush() // the headers now: EventSource opens before the first tick

	ticker := time.NewTicker(tickEvery)
	defer ticker.Stop()
	heartbeat := time.NewTicker(heartbeatEvery)
	defer heartbeat.Stop()
	for {
		select {
		case <-r.Context().Done():
			// The server cancels the request's context as soon as it
			// reads the end of the connection: the client is gone.
			log.Printf("client %s left after event %d", r.RemoteAddr, i)
			return
		case <-heartbeat.C:
			// A comment: EventSource ignores it, proxies see traffic.
			fmt.Fprint(w, ": heartbeat\n\n")
			flusher.Flush()
		case now := <-ticker.C:
			i++
			data, _ := json.Marshal(map[string]any{"i": i, "time": now.UTC().Format("2006-01-02T15:04:05.000Z07:00")})
			fmt.Fprintf(w, "id: %d\nevent: tick\ndata: %s\n\n", i, data)
			if count > 0 && i-first >= count {
				fmt.Fprint(w, "event: done\ndata: {}\n\n")
				return
			}
			flusher.Flush()
		}
	}
}

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8000"
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/events", events)
	server := &http.Server{
		Addr:              "127.0.0.1:" + port,
		Handler:           logRequests(mux),
		ReadHeaderTimeout: 10 * time.Second,
		// No WriteTimeout: it would cut every stream at that age.
	}
	log.Printf("SSE server: http://%s/events", server.Addr)
	log.Fatal(server.ListenAndServe())
}
