sudo nginx -T | grep -n proxy_buffering
