#!/bin/sh
# Debian 12 or Ubuntu, as root: Apache, PHP-FPM and a certificate.
set -e

apt-get update
apt-get install -y apache2 php-fpm certbot python3-certbot-apache

# Point sse.example.com's DNS at this server first. certbot's Apache plugin
# answers the challenge through the running Apache and renews by itself
# (systemd timer); the hook makes Apache load each renewed certificate.
# --non-interactive --agree-tos --email: certbot asks nothing,
# so the script runs unattended; the address is the contact of
# your Let's Encrypt account.
certbot certonly --apache -d sse.example.com \
    --deploy-hook "systemctl reload apache2" \
    --non-interactive --agree-tos --email admin@example.com
