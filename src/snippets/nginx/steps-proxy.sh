#!/bin/sh
# As root, with the backend running and the site saved as
# /etc/nginx/sites-available/sse.example.com.
set -e

# nginx loads only the sites linked from sites-enabled.
ln -sf /etc/nginx/sites-available/sse.example.com /etc/nginx/sites-enabled/

# Check the config, then load it; open connections stay up.
nginx -t
systemctl reload nginx

# One event a second, each as it is sent.
# (-N: curl does not buffer.)
curl -N http://sse.example.com/events
