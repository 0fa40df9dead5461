#!/bin/sh
# Apache 2.4 as a reverse proxy for an SSE backend, as root,
# on Debian 12 or Ubuntu. First save the site as
# /etc/apache2/sites-available/sse-proxy.conf.
set -e

# mod_proxy_http (a2enmod adds mod_proxy), TLS, HTTP/2 and
# RequestHeader.
a2enmod proxy_http ssl http2 headers
a2ensite sse-proxy

apachectl configtest
systemctl restart apache2

# Watch the stream: one event per second, as the backend
# sends them (Ctrl+C ends it).
curl -N https://sse.example.com/events
