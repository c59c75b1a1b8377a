#!/bin/sh
# The server is in the same pod: localhost.
while true; do
  valkey-cli -h localhost -p 6379 INCR counter
  sleep 5
done
