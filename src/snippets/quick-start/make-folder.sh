mkdir sse-quick-start
cd sse-quick-start
