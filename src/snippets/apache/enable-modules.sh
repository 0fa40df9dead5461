#!/bin/sh
# Apache 2.4 with PHP-FPM for Server-Sent Events on Debian 12 or Ubuntu, as root.
set -e

# The MPMs ship inside apache2-bin. mod_php would force prefork; PHP-FPM
# runs with event, which serves many slow clients with few threads.
if [ -e /etc/apache2/mods-enabled/php8.2.load ]; then a2dismod php8.2; fi
a2dismod mpm_prefork mpm_worker
a2enmod mpm_event

# PHP through FastCGI, TLS, HTTP/2, the security headers.
a2enmod proxy_fcgi setenvif ssl http2 headers

# The site from sse.conf replaces Debian's default page.
a2dissite 000-default
a2ensite sse

apachectl configtest
systemctl restart php8.2-fpm apache2
