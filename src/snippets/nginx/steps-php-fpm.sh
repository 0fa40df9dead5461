#!/bin/sh
# As root, with these files saved:
#   /etc/nginx/sites-available/sse.example.com   the site
#   /etc/php/8.2/fpm/pool.d/sse.conf              the stream pool
#   /var/www/sse/public/sse/events.php            the script
set -e

# PHP-FPM reads pool.d only when it starts or reloads.
php-fpm8.2 -t
systemctl reload php8.2-fpm

# nginx loads only the sites linked from sites-enabled.
ln -sf /etc/nginx/sites-available/sse.example.com /etc/nginx/sites-enabled/

# Check the config, then load it; open connections stay up.
nginx -t
systemctl reload nginx

# One event a second, each as it is sent, then `done`.
# (-N: curl does not buffer.)
curl -N http://sse.example.com/sse/events.php
