#!/bin/sh
# As root, with the site saved as /etc/nginx/sites-available/sse.example.com,
# the pool as /etc/php/8.2/fpm/pool.d/sse.conf and the script as
# /var/www/sse/public/sse/events.php.
set -e

# PHP-FPM reads its pools only when it starts or reloads: load the sse pool.
php-fpm8.2 -t
systemctl reload php8.2-fpm

# nginx loads only the sites linked from sites-enabled.
ln -sf /etc/nginx/sites-available/sse.example.com /etc/nginx/sites-enabled/

# Check the config, then load it; open connections stay up.
nginx -t
systemctl reload nginx

# One event per second, each as it is sent (-N: curl does not buffer), then `done`.
curl -N http://sse.example.com/sse/events.php
