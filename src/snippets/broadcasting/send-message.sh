curl -d 'Hi' http://localhost:3000/messages
