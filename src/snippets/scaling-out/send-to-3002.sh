curl -d 'Hi' http://127.0.0.1:3002/messages
